"""From a TXT file to a built issue on the command line, and the planning commands' refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import commands
from gazette.context import open_context
from gazette.issues import planning as issues

FIXTURES = Path(__file__).parent / "texts_fixtures"
NOTICE = "anquan.txt"  # a 公文 with 此件公开发布, in GBK as offices save TXT
SAMPLE = "sample_000_f6147e09825cd43f.txt"  # the real municipal notice, as published
INTERPRETATION = "jiedu-pdftotext.txt"  # a 政策解读 without a 发文字号


def _run(data: Path, *argv: str) -> int:
    return commands.main(["--data-dir", str(data), *argv])


ISSUE = ("--year", "2026", "--number", "12")


def test_a_document_goes_from_file_to_built_issue(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    for name in (NOTICE, INTERPRETATION):
        shutil.copy(FIXTURES / name, tmp_path / name)
    assert _run(data, "document", "import", str(tmp_path / NOTICE), "--kind", "公文") == 0
    assert _run(data, "document", "import", str(tmp_path / INTERPRETATION)) == 0
    imported = capsys.readouterr().out
    assert "类型：公文" in imported and "类型：政策解读（从正文识别）" in imported
    assert _run(data, "document", "show", "--id", "2") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["doc_number"]) == ("政策解读", None)

    assert _run(data, "issue", "create", *ISSUE, "--serial", "190", "--date", "2026-12-02") == 0
    out = tmp_path / "out"
    build = ("issue", "build", *ISSUE, "--out", str(out), "--edition", "web")
    doc = ("--doc", "宿政办发[2026]3号")  # as a clerk types it
    assert _run(data, "issue", "add", *ISSUE, *doc, "--section", "市政府办公室文件") == 0
    assert _run(data, "issue", "add", *ISSUE, "--id", "2", "--section", "政策解读") == 0
    assert _run(data, *build) == 2  # three sections are still empty
    assert "栏目“部门文件”没有文件" in capsys.readouterr().err
    off = ("--off", "市政府文件", "--off", "部门文件", "--off", "人事任免")
    assert _run(data, "issue", "sections", *ISSUE, *off) == 0
    listing = capsys.readouterr().out.splitlines()
    assert "部门文件\t本期停用" in listing and "政策解读\t1篇" in listing
    assert _run(data, *build) == 2  # a fresh office has not named itself yet
    assert "尚未设置公报名称" in capsys.readouterr().err
    names = ("公报名称=临州市人民政府公报", "主办单位=临州市人民政府办公室")
    assert _run(data, "settings", "set", *names) == 0
    capsys.readouterr()

    assert _run(data, *build) == 0
    printed = capsys.readouterr().out.splitlines()
    web = PdfReader(printed[0].split("\t")[0])
    text = "".join(p.extract_text() for p in web.pages).replace(" ", "").replace("\n", "")
    assert "关于做好2026年春节期间安全生产工作的通知" in text
    assert "《宿迁市城市居民生活垃圾分类管理办法》政策解读" in text
    assert len(printed) == 3  # the e-edition and the two documents


def test_an_advertising_false_alarm_is_allowed_with_a_reason(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert _run(data, "document", "import", str(FIXTURES / SAMPLE)) == 0
    assert _run(data, "issue", "create", *ISSUE) == 0
    doc = ("--doc", "宿政办发〔2018〕56号")
    assert _run(data, "issue", "add", *ISSUE, *doc, "--section", "市政府办公室文件") == 0

    def advertising() -> list[str]:
        ctx = open_context(None, data)
        with ctx.uow() as uow:
            found = issues.check(uow, issues.find_issue(uow, 2026, 12))
        ctx.close()
        return [p.word for p in found if p.code == "advertising"]

    assert advertising() == ["广告"]  # 不得刊登商业性广告: the notice's own words
    why = ("--word", "广告", "--reason", "政务公开用语，非商业广告")
    assert _run(data, "issue", "allow", *ISSUE, *doc, *why) == 0
    assert advertising() == []


def test_remove_and_position(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    for name in ("anquan.txt", "lingdao.txt", "pifu.txt"):
        assert _run(data, "document", "import", str(FIXTURES / name)) == 0
    assert _run(data, "issue", "create", *ISSUE) == 0
    section = ("--section", "市政府办公室文件")
    for doc_id in ("1", "2"):
        assert _run(data, "issue", "add", *ISSUE, "--id", doc_id, *section) == 0
    assert _run(data, "issue", "add", *ISSUE, "--id", "3", *section, "--position", "1") == 0
    assert _run(data, "issue", "remove", *ISSUE, "--doc", "宿政办发〔2026〕3号") == 0
    ctx = open_context(None, data)
    with ctx.uow() as uow:
        plan = issues.plan(uow, issues.find_issue(uow, 2026, 12))
    ctx.close()
    placed = next(s for s in plan.sections if s.name == "市政府办公室文件").items
    assert [i.document_id for i in placed] == [3, 2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("issue", "add", *ISSUE, "--id", "1", "--section", "专题"), "栏目“专题”不存在"),
        (("issue", "add", *ISSUE, "--id", "9", "--section", "部门文件"), "找不到编号为 9 的文件"),
        (
            ("issue", "add", *ISSUE, "--doc", "宿政发〔2026〕1号", "--section", "部门文件"),
            "找不到发文字号为“宿政发〔2026〕1号”的文件",
        ),
        (("issue", "remove", *ISSUE, "--id", "1"), "不在本期中"),
        (
            (
                "issue",
                "add",
                "--year",
                "2026",
                "--number",
                "13",
                "--id",
                "1",
                "--section",
                "部门文件",
            ),
            "没有2026年第13期",
        ),
        (("issue", "sections", *ISSUE, "--off", "专题"), "栏目“专题”不存在"),
        (("issue", "create", *ISSUE), "2026年第12期已经存在"),
        (("document", "import", "nowhere.txt", "--kind", "布告"), "无效的选择：'布告'"),
    ],
)
def test_refusals_name_the_field(
    tmp_path: Path, capsys, argv: tuple[str, ...], message: str
) -> None:
    data = tmp_path / "data"
    assert _run(data, "document", "import", str(FIXTURES / "anquan.txt")) == 0
    assert _run(data, "issue", "create", *ISSUE) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) if "import" in argv else _nothing():
        assert _run(data, *argv) == 2
    assert message in capsys.readouterr().err


def test_a_frozen_issue_refuses_and_a_section_with_documents_stays_on(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    assert _run(data, "document", "import", str(FIXTURES / "anquan.txt")) == 0
    assert _run(data, "issue", "create", *ISSUE) == 0
    assert _run(data, "issue", "add", *ISSUE, "--id", "1", "--section", "部门文件") == 0
    assert _run(data, "issue", "sections", *ISSUE, "--off", "部门文件") == 2
    assert "栏目“部门文件”中还有 1 份文件，请先移出再停用" in capsys.readouterr().err
    ctx = open_context(None, data)
    with ctx.uow() as uow:
        issue = issues.find_issue(uow, 2026, 12)
        off = [s.id for s in issues.plan(uow, issue).sections if s.name != "部门文件"]
        for section_id in off:
            issues.switch_section(uow, issue, section_id, on=False)
        uow.commit()
    ctx.close()
    # the one-person embedded office signs its own proof, which it must allow first
    names = ("公报名称=临州市人民政府公报", "主办单位=临州市人民政府办公室", "允许本人审签=是")
    assert _run(data, "settings", "set", *names) == 0
    assert _run(data, "issue", "proof", *ISSUE, "--out", str(tmp_path / "proof")) == 0
    assert _run(data, "issue", "finalise", *ISSUE) == 2  # not signed off yet
    assert _run(data, "issue", "sign-off", *ISSUE, "--note", "同意付印") == 0
    assert _run(data, "issue", "finalise", *ISSUE) == 0
    capsys.readouterr()
    assert _run(data, "issue", "remove", *ISSUE, "--id", "1") == 2
    assert "已定稿，内容已冻结" in capsys.readouterr().err
    assert _run(data, "issue", "sections", *ISSUE, "--on", "政策解读") == 2
    assert "已定稿，内容已冻结" in capsys.readouterr().err


def test_a_reader_may_not_switch_sections(ctx) -> None:
    from gazette.office.auth import PermissionDenied

    with ctx.uow() as uow:
        issue = issues.create_issue(uow, 2026, 12, None, None)
        section = issues.find_section(uow, "政策解读")
        uow.commit()
    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        issues.switch_section(uow, issue, section, on=False)


def test_a_switched_off_section_is_skipped_by_the_rule_and_can_return(ctx) -> None:
    with ctx.uow() as uow:
        issue = issues.create_issue(uow, 2026, 12, None, None)
        section = issues.find_section(uow, "政策解读")
        issues.switch_section(uow, issue, section, on=False)
        issues.switch_section(uow, issue, section, on=False)  # twice is once
        uow.commit()
    with ctx.uow() as uow:
        names = {p.section for p in issues.check(uow, issue) if p.code == "empty_section"}
    # an issue with no items reports that alone; the rule on sections is seen once one is filled
    assert names == set()
    with ctx.uow() as uow:
        plan = issues.plan(uow, issue)
        assert [s.name for s in plan.sections if s.off] == ["政策解读"]
        issues.switch_section(uow, issue, section, on=True)
        uow.commit()
        assert not any(s.off for s in issues.plan(uow, issue).sections)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
