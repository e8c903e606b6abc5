"""The publication rule, one case at a time."""

from __future__ import annotations

import pytest

from gazette.site.collect import is_public
from tests.gazette.site.sitedata import SiteEnv


@pytest.mark.parametrize(
    ("kind", "disclosure", "structure", "historical", "public"),
    [
        ("公文", "此件公开发布", None, False, True),
        ("公文", "（此件公开发布）", {"disclosure": "（此件公开发布）"}, False, True),
        ("公文", "此件依申请公开", None, False, False),
        ("公文", "此件部分公开", None, False, False),
        ("公文", "此件不予公开", None, False, False),
        ("公文", None, None, False, False),
        ("公文", "此件公开发布", {"disclosure": "（此件不予公开）"}, False, False),
        ("政策解读", None, None, False, True),
        ("人事任免", None, None, False, True),
        ("公告", None, None, False, True),
        ("内部资料", None, None, False, False),
        ("公文", None, None, True, True),  # printed in a historical issue
    ],
)
def test_is_public(kind, disclosure, structure, historical, public) -> None:  # type: ignore[no-untyped-def]
    assert is_public(kind, disclosure, structure, historical) is public


def test_report_counts(site_env: SiteEnv) -> None:
    r = site_env.report
    assert r.issues == 10  # 9 synthetic + the mixed one; planning and cataloguing stay out
    assert r.docs == 9 * 8 + 2
    assert "sitemap.xml" in r.written and "feed.xml" in r.written
    assert not r.removed
