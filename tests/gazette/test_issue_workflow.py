"""The editorial workflow: 编排中 → 校样 → 定稿 → 已发布 only through named actions, each with its
precondition; steps back with a reason; the trail records the step and the person."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from gazette.db import UnitOfWork
from gazette.db.models import AuditEntry, Issue
from gazette.issues import planning as issues
from gazette.issues import workflow as issue_workflow
from gazette.issues.render import render_issue
from gazette.office import settings
from tests.gazette.test_issues import _full_issue
from tests.gazette.workflow_setup import SIGNER

ROOT = Path(__file__).resolve().parents[2]


def _as(ctx, user: str = SIGNER) -> UnitOfWork:  # type: ignore[no-untyped-def]
    return UnitOfWork(ctx.db, user=user, role="editor")


def _status(ctx, issue_id: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        issue = uow.session.get(Issue, issue_id)
        assert issue is not None
        return issue.status


def _trail(ctx, issue_id: int) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntry.actor, AuditEntry.changes)
            .where(AuditEntry.table_name == "issues", AuditEntry.record_id == str(issue_id))
            .where(AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        ).all()
    return [(actor, changes) for actor, changes in rows if "status" in changes]


def test_each_step_needs_its_precondition_and_the_trail_names_the_person(ctx, tmp_path) -> None:
    issue_id, _ = _full_issue(ctx)
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="还没有校样"):
            issues.set_status(uow, issue_id, "proof")
        with pytest.raises(issues.IssueError, match="不能从"):
            issues.set_status(uow, issue_id, "final")
        with pytest.raises(issues.IssueError, match="没有校样"):
            issue_workflow.sign_off(uow, issue_id)
    issue_workflow.proof(ctx, issue_id, tmp_path)  # by admin
    assert _status(ctx, issue_id) == "proof"
    with _as(ctx) as uow, pytest.raises(issues.IssueError, match="尚未审签"):
        issue_workflow.finalise(uow, issue_id)
    with ctx.uow() as uow, pytest.raises(issues.IssueError, match="另一位"):
        issue_workflow.sign_off(uow, issue_id)  # the maker may not sign their own proof
    with _as(ctx) as uow:
        assert issue_workflow.sign_off(uow, issue_id, "同意付印") == 1
        issue_workflow.finalise(uow, issue_id)
        uow.commit()
    with _as(ctx) as uow, pytest.raises(issues.IssueError, match="印刷版和电子版"):
        issue_workflow.publish(uow, issue_id)
    render_issue(ctx, issue_id, tmp_path / "web", edition="web")
    with _as(ctx) as uow, pytest.raises(issues.IssueError, match="印刷版"):
        issue_workflow.publish(uow, issue_id)
    render_issue(ctx, issue_id, tmp_path / "print", edition="print")
    with _as(ctx) as uow:
        issue_workflow.publish(uow, issue_id)
        uow.commit()
    with _as(ctx) as uow:
        with pytest.raises(issues.IssueError, match="勘误"):
            issue_workflow.reopen(uow, issue_id, "发现错字")
        with pytest.raises(issues.IssueError, match="勘误"):
            issues.set_status(uow, issue_id, "final", reason="发现错字")
    steps = [(a, c["status"]["old"], c["status"]["new"]) for a, c in _trail(ctx, issue_id)]
    assert steps == [
        ("admin", "planning", "proof"),
        (SIGNER, "proof", "final"),
        (SIGNER, "final", "published"),
    ]


def test_steps_back_need_a_reason_and_the_signer(ctx, tmp_path) -> None:
    issue_id, _ = _full_issue(ctx)
    issue_workflow.proof(ctx, issue_id, tmp_path)
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="原因"):
            issue_workflow.reopen(uow, issue_id, "  ")
        assert issue_workflow.reopen(uow, issue_id, "第二栏目要换一篇") == "planning"
        uow.commit()
    issue_workflow.proof(ctx, issue_id, tmp_path)
    with _as(ctx) as uow:
        issue_workflow.sign_off(uow, issue_id)
        issue_workflow.finalise(uow, issue_id)
        uow.commit()
    with ctx.uow() as uow:  # admin did not sign: only the signer lifts 定稿
        with pytest.raises(issues.IssueError, match=f"只有{SIGNER}可以退回"):
            issue_workflow.reopen(uow, issue_id, "版式调整")
        with pytest.raises(issues.IssueError, match="冻结"):
            issues.remove_item(uow, issues.plan(uow, issue_id).sections[0].items[0].id)
    with _as(ctx) as uow:
        assert issue_workflow.reopen(uow, issue_id, "版式调整") == "proof"
        uow.commit()
    with ctx.uow() as uow:  # the freeze is lifted
        issues.remove_item(uow, issues.plan(uow, issue_id).sections[4].items[0].id)
    trail = _trail(ctx, issue_id)
    backs = [(a, c["status"]["new"], c["reason"]["new"]) for a, c in trail if "reason" in c]
    assert backs == [("admin", "planning", "第二栏目要换一篇"), (SIGNER, "proof", "版式调整")]


def test_a_one_person_office_may_sign_its_own_proof_and_the_trail_says_so(ctx, tmp_path) -> None:
    issue_id, _ = _full_issue(ctx)
    issue_workflow.proof(ctx, issue_id, tmp_path)
    settings.put(ctx, sign_own_proof=True)
    with ctx.uow() as uow:
        issue_workflow.sign_off(uow, issue_id)
        uow.commit()
    with ctx.uow() as uow:
        changes = uow.session.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.table_name == "proof_rounds", AuditEntry.action == "update"
            )
        ).one()
    assert changes["signed_by"]["new"] == "admin"
    assert "本人审签" in changes["same_person"]["new"]


def test_a_reader_may_not_act(ctx, tmp_path) -> None:
    issue_id, _ = _full_issue(ctx)
    issue_workflow.proof(ctx, issue_id, tmp_path)
    with (
        UnitOfWork(ctx.db, user="访客", role="reader") as uow,
        pytest.raises(Exception, match="无权"),
    ):
        issue_workflow.sign_off(uow, issue_id)


def _cli(ctx, *args: str, user: str = "admin") -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GAZETTE_USER": user}
    return subprocess.run(
        [sys.executable, str(ROOT / "commands.py"), "--data-dir", str(ctx.data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_the_workflow_from_the_command_line(ctx, tmp_path) -> None:
    _full_issue(ctx, 3)
    which = ("--year", "2026", "--number", "3")
    refused = _cli(ctx, "issue", "finalise", *which)
    assert refused.returncode == 2 and "不能从" in refused.stderr
    made = _cli(ctx, "issue", "proof", *which, "--out", str(tmp_path / "p"))
    assert made.returncode == 0, made.stderr
    assert "第1校" in made.stdout and Path(made.stdout.split("：")[1].split("\t")[0]).is_file()
    own = _cli(ctx, "issue", "sign-off", *which)
    assert own.returncode == 2 and "另一位" in own.stderr
    signed = _cli(ctx, "issue", "sign-off", *which, "--note", "同意付印", user=SIGNER)
    assert signed.returncode == 0 and f"由{SIGNER}审签" in signed.stdout, signed.stderr
    assert _cli(ctx, "issue", "finalise", *which, user=SIGNER).returncode == 0
    early = _cli(ctx, "issue", "publish", *which, user=SIGNER)
    assert early.returncode == 2 and "印刷版和电子版" in early.stderr
    back = _cli(ctx, "issue", "reopen", *which, "--reason", "表格要调整")
    assert back.returncode == 2 and f"只有{SIGNER}" in back.stderr
    assert _cli(ctx, "issue", "build", *which, "--out", str(tmp_path / "b")).returncode == 0
    done = _cli(ctx, "issue", "publish", *which, user=SIGNER)
    assert done.returncode == 0 and "只能通过勘误" in done.stdout, done.stderr
    listed = _cli(ctx, "issue", "list", "--year", "2026").stdout
    assert "第3期" in listed and "已发布" in listed
