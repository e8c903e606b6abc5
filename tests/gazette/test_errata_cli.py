"""``gazette erratum …`` and ``gazette validity …``: the screens' work from the command line."""

from __future__ import annotations

from pypdf import PdfReader

import commands
from gazette.context import open_context
from tests.conftest import configure_office
from tests.gazette.test_errata_service import _issue


def _run(data, *argv: str) -> int:
    return commands.main(["--data-dir", str(data), *argv])


def test_erratum_and_validity_commands(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    ctx = open_context(None, data)
    configure_office(ctx)
    _issue(ctx, 1, publish=True)
    _issue(ctx, 2, publish=False)
    ctx.close()
    one, two = ("--year", "2026", "--number", "1"), ("--year", "2026", "--number", "2")
    add = ("erratum", "add", *one, "--doc", "宿政发[2026]10号", "--wrong", "有关事项")
    assert _run(data, *add, "--where", " ", "--right", "有关事宜") == 2
    assert "出错位置" in capsys.readouterr().err
    assert _run(data, *add, "--where", "第1页", "--right", "有关事宜", "--reason", "错字") == 0
    eid = capsys.readouterr().out.split()[-1]
    assert _run(data, "erratum", "print", eid, *one) == 2
    assert "之后" in capsys.readouterr().err
    assert _run(data, "erratum", "print", eid, *two) == 0
    assert _run(data, "erratum", "rerelease", *one, "--out", str(tmp_path / "v2")) == 0
    capsys.readouterr()
    assert _run(data, "erratum", "list", *one) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split("\t")[1:] == [
        "宿政发〔2026〕10号",
        "第1页",
        "“有关事项”→“有关事宜”",
        "错字",
        "admin",
        "2026年第2期",
        "电子版第2版",  # version 1 was built before publication
    ]
    assert listing[1].startswith("电子版第1版") and "首次发布" in listing[1]
    assert listing[2].startswith("电子版第2版") and "勘误版" in listing[2]
    pages = PdfReader(tmp_path / "v2" / "2026-01-电子版.pdf").pages
    assert "有关事宜" in "".join("".join(p.extract_text() for p in pages).split())

    assert (
        _run(
            data,
            "validity",
            "link",
            "--doc",
            "宿政发〔2026〕20号",
            "--relation",
            "废止",
            "--target",
            "宿政发〔2026〕10号",
        )
        == 0
    )
    assert _run(data, "validity", "show", "--doc", "宿政发〔2026〕10号") == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[-2:] == [
        "效力：废止",
        "被\t宿政发〔2026〕20号\t关于第2期市政府文件事项的通知\t废止",
    ]
    assert _run(data, "validity", "set", "--doc", "宿政发〔2026〕99号", "--status", "有效") == 2
    assert "没有发文字号" in capsys.readouterr().err
