"""One definition of the kinds public by nature: the issue rules, the desk and the site agree.

Each service is asked about every kind (and the older aliases, and a kind nobody defined) with
every disclosure; a service that kept its own list would answer differently somewhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gazette import vocab
from gazette.issues.planning import IssueRow
from gazette.issues.rules import is_public as rules_allow
from gazette.site import collect
from gazette.submissions import columns
from gazette.submissions.selection import selectable as desk_allows
from gazette.texts import disclosure

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


# --- one definition of each word, checked by reading every module --------------------------

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("gazette", "archive", "ui", "bench", "commands.py")
VOCAB = ROOT / "gazette" / "vocab.py"


def _modules() -> list[tuple[Path, ast.Module]]:
    found: list[Path] = []
    for name in PACKAGES:
        where = ROOT / name
        found.extend([where] if where.is_file() else sorted(where.rglob("*.py")))
    assert len(found) > 100, "the scan must see the whole product"
    return [(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in found if p != VOCAB]


def _strings(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and type(e.value) is str}
    return set()


def _builds_issue_label(node: ast.JoinedStr) -> bool:
    """An f-string with …{year}年第{number}期…: the label built by hand."""
    parts = node.values
    for before, _, after in zip(parts, parts[1:], parts[2:], strict=False):
        if (
            isinstance(before, ast.Constant)
            and str(before.value).endswith("年第")
            and isinstance(after, ast.Constant)
            and str(after.value).startswith("期")
        ):
            return True
    return any(
        isinstance(p, ast.Constant) and "年第" in str(p.value) and "}期" in str(p.value)
        for p in parts
    )


def _compares_to(node: ast.AST, words: set[str]) -> bool:
    return isinstance(node, ast.Compare) and any(
        isinstance(side, ast.Constant) and side.value in words
        for side in (node.left, *node.comparators)
    )


def test_the_disclosure_values_are_listed_only_in_vocab() -> None:
    values = set(vocab.DISCLOSURES)
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if len(_strings(node) & values) >= 2
    ]
    assert offenders == []


def test_the_issue_label_is_built_only_in_vocab() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr) and _builds_issue_label(node)
    ]
    assert offenders == []


def test_the_scan_would_catch_a_second_definition() -> None:
    """The checks above can fail: each spots the thing it forbids in a sample module."""
    sample = ast.parse(
        'A = ("此件公开发布", "此件不予公开")\nB = f"{y}年第{n}期"\nC = f"{y}年第{n}期{p}"'
    )
    nodes = list(ast.walk(sample))
    assert any(len(_strings(n) & set(vocab.DISCLOSURES)) >= 2 for n in nodes)
    assert sum(isinstance(n, ast.JoinedStr) and _builds_issue_label(n) for n in nodes) == 2
    compare = ast.parse('r.status == "逾期未报"')
    assert any(_compares_to(n, {"逾期未报"}) for n in ast.walk(compare))


@pytest.mark.parametrize(
    ("year", "number", "supplement", "label"),
    [(2026, 11, 0, "2026年第11期"), (2001, 0, 1, "2001年增刊"), (2001, 0, 2, "2001年增刊2")],
)
def test_an_issue_is_named_one_way(year: int, number: int, supplement: int, label: str) -> None:
    assert vocab.issue_label(year, number, supplement) == label
    site = collect.SiteIssue(1, year, number, supplement, None, None, False, "")
    plan = IssueRow(1, year, number, None, None, "draft", 0, supplement=supplement)
    assert site.label == plan.label == label


def test_the_disclosure_line_reads_every_value() -> None:
    for value in vocab.DISCLOSURES:
        assert disclosure.attribute(f"（{value}）") == value
        assert disclosure.attribute(value.removeprefix("此件")) == value
    assert vocab.REFUSED_DISCLOSURES == ("依申请公开", "部分公开", "不予公开")


DESK_ONLY_HEADERS = {"截止日期", "逾期工作日", "催报次数", "催报", "选登决定"}


def test_the_desk_columns_are_written_only_in_columns() -> None:
    """The export, the command line and the screen take their headings from one list."""
    from gazette.cli import submissions as cli
    from gazette.reports import submissions_xlsx
    from ui.submissions import models

    mine = ROOT / "gazette" / "submissions" / "columns.py"
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        if path != mine
        for node in ast.walk(tree)
        if len(_strings(node) & DESK_ONLY_HEADERS) >= 2
    ]
    assert offenders == []
    assert models.HEADERS == columns.SCREEN_HEADERS and len(models.HEADERS) == 12
    assert columns.headers(columns.LIST_KEYS) == cli.columns.LIST_HEADERS
    assert submissions_xlsx.columns.EXPORT_HEADERS[-3:] == ("催报次数", "退文次数", "解读")
    assert columns.SCREEN_HEADERS[9:] == ("规范性", "选登", "催报")


def test_a_status_has_a_code_and_a_label() -> None:
    """The codes stored so far never change meaning; a new status may only be added."""
    stored = {"on_time": "按时报送", "late": "逾期报送", "due_soon": "即将到期",
              "overdue": "逾期未报", "pending": "待报送", "no_cal": "日历未覆盖"}  # fmt: skip
    for code, label in stored.items():
        assert vocab.SubmissionStatus(code).label == label
    assert vocab.SubmissionStatus("late") is vocab.SubmissionStatus.LATE


def test_no_module_compares_a_status_by_its_label() -> None:
    """Statuses are compared as ``SubmissionStatus`` members; their labels are only shown."""
    labels = {s.label for s in vocab.SubmissionStatus}
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if _compares_to(node, labels)
    ]
    assert offenders == []
