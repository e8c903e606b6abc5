"""No traceback ever reaches the office from the command line: every command, run against a
database that is down and with arguments that make no sense, answers in one Chinese sentence.

Counted by bench/faults.py under 命令行报错.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import commands
from bench import site_synth as synth
from gazette.context import open_context
from gazette.db.models import JobLease
from gazette.office.users import create_user
from tests.faults.killing import ROOT

DOWN = "postgresql+psycopg://gazette:secret@127.0.0.1:1/gazette"  # nothing listens on port 1
HEAVY = {("demo",), ("archive", "demo")}  # they would really load data into a working database


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for action in subs:
        for name, sub in action.choices.items():
            yield from _leaves(sub, (*path, name))


def _argv(parser: argparse.ArgumentParser, tmp: Path, hostile: bool) -> list[str]:
    """The command's required arguments, with plausible or with absurd values."""
    argv: list[str] = []
    for a in parser._actions:
        if isinstance(a, argparse._HelpAction) or (a.option_strings and not a.required):
            continue
        kind = getattr(a.type, "__name__", "")
        if a.choices:
            value = str(next(iter(a.choices)))
        elif kind == "int":
            value = "99999999999999999999" if hostile else "1"
        elif kind == "_date":
            value = "9999-12-31" if hostile else "2025-03-03"
        else:
            value = "\udcff../../不存在" if hostile else str(tmp / "不存在.xlsx")
        argv += [a.option_strings[0], value] if a.option_strings else [value]
    return argv


COMMANDS = [path for path, _ in _leaves(commands.build_parser())]
PARSERS = dict(_leaves(commands.build_parser()))


@pytest.fixture(autouse=True)
def _in_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative output paths (an absurd argument may normalise to one) land in the scratch folder."""
    monkeypatch.chdir(tmp_path)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = commands.main(argv)
    except SystemExit as exc:  # argparse refusing an argument: its usage message, no trace
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_with_the_database_down(
    path: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--database", DOWN, "--data-dir", str(tmp_path / "data"), *path]
    code, output = _run([*argv, *_argv(PARSERS[path], tmp_path, False)], capsys)
    assert "Traceback" not in output
    if code != 0:
        assert "错误：" in output or "usage" in output, output
    assert "secret" not in output  # the password never appears in a message


@pytest.mark.parametrize(
    "path",
    [p for p in COMMANDS if p not in HEAVY],
    ids=[" ".join(p) for p in COMMANDS if p not in HEAVY],
)
def test_every_command_with_absurd_arguments(
    path: tuple[str, ...], ctx, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data-dir", str(ctx.data_dir), *path, *_argv(PARSERS[path], tmp_path, True)]
    code, output = _run(argv, capsys)
    assert "Traceback" not in output
    if code != 0:
        assert "错误：" in output or "usage" in output, output


SEARCHES = {
    "每页0条": ["--page-size", "0"],
    "每页负数": ["--page-size", "-5"],
    "第0页": ["--page", "0"],
    "巨大年份": ["--year-from", "99999999999999999999"],
    "巨大期号": ["--issue", "99999999999999999999"],
}


@pytest.mark.parametrize("extra", list(SEARCHES.values()), ids=list(SEARCHES))
def test_search_arguments_are_checked_at_the_edge(ctx, extra, capsys) -> None:
    code, output = _run(["--data-dir", str(ctx.data_dir), "search", "公报", *extra], capsys)
    assert code == 2 and "错误：" in output and "Traceback" not in output


def test_lone_surrogate_through_the_search_api(ctx) -> None:
    from gazette.search import service
    from gazette.search.guard import SearchInputError

    with pytest.raises(SearchInputError, match="无法识别的字符"):
        service.search(ctx, "公报\udcff")


def _cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as the office runs it."""
    return subprocess.run(
        [sys.executable, "commands.py", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_unreachable_database_is_named(tmp_path: Path) -> None:
    proc = _cli(["--database", DOWN, "--data-dir", str(tmp_path), "info"])
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "无法连接到" in proc.stderr and "127.0.0.1:1" in proc.stderr
    assert "secret" not in proc.stderr
    log = (tmp_path / "logs" / "gazette-cli.log").read_text("utf-8")
    assert "Traceback" in log and "OperationalError" in log  # the details are kept for support


def test_lease_held_by_another_pc(ctx, tmp_path: Path) -> None:
    synth.fill(ctx, first_year=2020, years=1, issues_per_year=1, docs_per_issue=1, paragraphs=1)
    from gazette.db.models import Issue

    with ctx.uow() as uow:
        issue = uow.session.query(Issue).one()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        uow.session.add(
            JobLease(
                resource=f"issue-build:{issue.id}",
                holder="李编辑@编辑部-PC2:4242",
                acquired_at=now,
                expires_at=now + dt.timedelta(hours=1),
            )
        )
        year, number = issue.year, issue.number
        uow.commit()
    proc = _cli(
        [
            "--data-dir",
            str(ctx.data_dir),
            "issue",
            "build",
            "--year",
            str(year),
            "--number",
            str(number),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr
    assert "李编辑 正在执行此任务" in proc.stderr


@pytest.mark.postgres
def test_wrong_password(pg_url: str, tmp_path: Path) -> None:
    first = open_context(pg_url, tmp_path)
    with first.uow() as uow:
        create_user(uow.session, "admin", "管理员", "admin", "管理员密码2026")
        uow.commit()
    first.close()
    proc = _cli(
        ["--database", pg_url, "--data-dir", str(tmp_path), "info"],
        {"GAZETTE_USER": "admin", "GAZETTE_PASSWORD": "猜的密码"},
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr
    assert "用户名或密码不正确" in proc.stderr
