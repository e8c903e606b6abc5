"""``gazette settings``: an office set up from the command line can name itself, and bad input
is refused in Chinese naming the setting."""

from __future__ import annotations

from pathlib import Path

from commands import main


def _run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_show_then_set_then_show(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert _run(data, "settings", "show") == 0
    assert "公报名称\t（未设置）" in capsys.readouterr().out.splitlines()
    pairs = ("公报名称=临州市人民政府公报", "publisher=临州市人民政府办公室", "刊期=半月刊")
    assert _run(data, "settings", "set", *pairs) == 0
    capsys.readouterr()
    assert _run(data, "settings", "show") == 0
    shown = capsys.readouterr().out.splitlines()
    assert "公报名称\t临州市人民政府公报" in shown
    assert "主办单位\t临州市人民政府办公室" in shown
    assert "刊期\t半月刊" in shown


def test_bad_settings_are_refused_by_name(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    for pair, said in (
        ("颜色=红", "无法识别“颜色=红”"),
        ("公报名称=", "公报名称 不能为空"),
        ("刊期=季刊", "刊期必须是"),
        ("允许本人审签=也许", "允许本人审签 只能是"),
    ):
        assert _run(data, "settings", "set", pair) == 2
        assert said in capsys.readouterr().err
    assert _run(data, "settings", "show") == 0
    assert "公报名称\t（未设置）" in capsys.readouterr().out.splitlines()
