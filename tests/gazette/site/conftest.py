"""The site's session fixture: the archive of ``sitedata`` built once into a folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import site_synth as synth
from gazette.context import open_context
from gazette.site.build import BuildReport, build
from tests.gazette.site.sitedata import BASE_URL, SiteEnv, add_secrets


@pytest.fixture(scope="session")
def site_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteEnv]:
    base = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
        mp.delenv("GAZETTE_DATABASE_URL", raising=False)
        ctx = open_context(None, base / "data")
        synth.fill(
            ctx,
            first_year=2016,
            years=3,
            issues_per_year=3,
            docs_per_issue=8,
            paragraphs=4,
            historical_before=2017,
        )
        env = SiteEnv(ctx, base / "out", BuildReport(base / "out"))
        add_secrets(env)
        env.report = build(ctx, env.out, base_url=BASE_URL)
        yield env
        ctx.close()
