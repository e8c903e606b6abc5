"""One definition of the kinds public by nature: the issue rules, the desk and the site agree.

Each service is asked about every kind (and the older aliases, and a kind nobody defined) with
every disclosure; a service that kept its own list would answer differently somewhere.
"""

from __future__ import annotations

import pytest

from gazette import vocab
from gazette.issues.rules import is_public as rules_allow
from gazette.site import collect
from gazette.submissions.selection import selectable as desk_allows

DISCLOSURES = (
    None,
    "此件公开发布",
    "（此件公开发布）",
    "此件依申请公开",
    "此件部分公开",
    "此件不予公开",
)
KINDS = (*vocab.KINDS, *vocab.KIND_ALIASES, "内部资料")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("disclosure", DISCLOSURES)
def test_rules_desk_and_site_agree(kind: str, disclosure: str | None) -> None:
    expected = vocab.may_publish(kind, disclosure)[0]
    assert rules_allow(kind, disclosure)[0] is expected
    assert desk_allows(kind, disclosure)[0] is expected
    assert collect.is_public(kind, disclosure, None, historical_issue=False) is expected


def test_the_issue_names_the_kinds_public_by_nature() -> None:
    assert {"令", "人事任免", "政策解读", "决定", "公告"} == vocab.PUBLIC_BY_NATURE
    assert collect.PUBLIC_KINDS is vocab.PUBLIC_BY_NATURE
    for kind in vocab.PUBLIC_BY_NATURE:
        assert vocab.may_publish(kind, None) == (True, "")
    for kind in (vocab.GONGWEN, vocab.OTHER, "内部资料"):
        ok, why = vocab.may_publish(kind, None)
        assert not ok and kind in why and "此件公开发布" in why


@pytest.mark.parametrize(("old", "new"), [("通告", "公告"), ("公示", "公告"), ("勘误", "公告")])
def test_older_kinds_read_as_the_kind_they_stand_for(old: str, new: str) -> None:
    assert vocab.parse_kind(old) == new
    assert vocab.public_by_nature(old)


def test_an_unknown_kind_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="文件类型“通知书”无法识别，应为：公文、令"):
        vocab.parse_kind("通知书")


def test_the_desk_refuses_by_the_same_rule_with_its_own_words() -> None:
    ok, why = desk_allows("公文", "此件依申请公开")
    assert not ok and why == "公开属性为“此件依申请公开”，只有“此件公开发布”的文件可以选登"
    assert desk_allows("人事任免", None) == (True, "")
