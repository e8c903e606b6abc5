"""``gazette document show``: the detected structure as the stable JSON shape the README documents."""

from __future__ import annotations

import json
from pathlib import Path

import commands

FIXTURES = Path(__file__).parent / "texts_fixtures"
KEYS = [
    "format", "id", "kind", "title", "subtitle", "doc_number", "addressees", "blocks",
    "attachments", "appendices", "signature", "date", "disclosure",
]  # fmt: skip


def _show(data: Path, capsys, *argv: str) -> dict:  # type: ignore[type-arg]
    assert commands.main(["--data-dir", str(data), "document", "show", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_follows_the_labelled_structure(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert (
        commands.main(["--data-dir", str(data), "document", "import", str(FIXTURES / "jiance.txt")])
        == 0
    )
    capsys.readouterr()
    label = json.loads((FIXTURES / "jiance.txt.json").read_text(encoding="utf-8"))
    shown = _show(data, capsys, "--doc", "宿环发〔2026〕9号")
    assert list(shown) == KEYS
    assert shown["format"] == "gazette.document/1" and shown["kind"] == "公文"
    for key in ("title", "doc_number", "addressees", "signature", "date"):
        assert shown[key] == label[key], key
    assert shown["attachments"] == label["attachment_notes"]
    assert shown["subtitle"] is None  # this notice has no 题注
    assert shown["disclosure"] == "此件公开发布"
    assert [b["kind"] for b in shown["blocks"]] == [b["kind"] for b in label["blocks"]]
    apps = shown["appendices"]
    assert [(a["label"], a["title"]) for a in apps] == [
        (a["label"], a["title"]) for a in label["appendices"]
    ]
    tables = [b for a in apps for b in a["blocks"] if b["kind"] == "table"]
    tables += [b for b in shown["blocks"] if b["kind"] == "table"]
    assert len(tables) == 3
    first = next(b for a in label["appendices"] for b in a["blocks"] if b["kind"] == "table")
    assert tables[0]["rows"][0][0]["text"] == first["rows"][0][0]["text"]
    assert set(tables[0]["rows"][0][0]) == {"text", "colspan", "rowspan"}
    assert all("rows" not in b for b in shown["blocks"] if b["kind"] != "table")
    assert _show(data, capsys, "--id", str(shown["id"])) == shown


def test_the_text_form_lists_fields_and_blocks(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert (
        commands.main(
            ["--data-dir", str(data), "document", "import", str(FIXTURES / "renmian.txt")]
        )
        == 0
    )
    capsys.readouterr()
    argv = ["--data-dir", str(data), "document", "show", "--id", "1", "--format", "text"]
    assert commands.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "文件编号：1",
        "类型：人事任免",
        "标题：市政府关于王建军等同志职务任免的通知",
    ]
    assert "发文字号：宿政任〔2026〕4号" in lines
    assert any(line.startswith("  ［段落］") for line in lines)


def test_show_needs_one_way_to_name_the_document(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert commands.main(["--data-dir", str(data), "document", "show", "--id", "4"]) == 2
    assert "找不到编号为 4 的文件" in capsys.readouterr().err
