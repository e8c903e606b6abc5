"""The same export from the office's shared PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import site_synth as synth
from gazette.site.build import build
from gazette.site.collect import collect
from tests.gazette.site.sitedata import SiteEnv, add_secrets


@pytest.mark.postgres
def test_export_from_postgres(pg_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    synth.fill(pg_ctx, first_year=2016, years=2, issues_per_year=2, docs_per_issue=4, paragraphs=2)
    env = SiteEnv(pg_ctx, tmp_path / "site", None)  # type: ignore[arg-type]
    add_secrets(env)
    report = build(pg_ctx, env.out)
    data = collect(pg_ctx)
    assert report.docs == len(data.docs) == 4 * 4 + 2
    exported = "".join(p.read_text("utf-8") for p in env.out.rglob("*.html"))
    exported += "".join(p.read_text("utf-8") for p in env.out.rglob("*.js"))
    for marker in env.secrets:
        assert marker not in exported
