"""Liaison absences: the rules, whom to contact on a day, reminders routed to the alternate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from gazette.db.models import AuditEntry, Liaison
from gazette.departments import absences
from gazette.departments.absences import AbsenceError
from gazette.office.auth import PermissionDenied
from gazette.submissions import queries, reminders
from gazette.submissions.register import SubmissionData, record
from tests.gazette.submissions_setup import make_departments

D = dt.date


def _people(ctx, department: str) -> tuple[int, int, int]:
    """(department id, primary liaison id, alternate liaison id)."""
    dep_id = make_departments(ctx)[department]
    with ctx.uow() as uow:
        ids = dict(
            uow.session.execute(
                select(Liaison.role, Liaison.id).where(Liaison.department_id == dep_id)
            ).all()
        )
    return dep_id, ids["primary"], ids["alternate"]


def _record(ctx, liaison_id: int, start: dt.date, end: dt.date | None, reason="出差") -> int:
    with ctx.uow() as uow:
        new_id = absences.record_absence(uow.session, liaison_id, start, end, reason)
        uow.commit()
    return new_id


def test_who_to_contact_primary_alternate_or_nobody(ctx) -> None:
    dep, primary, alternate = _people(ctx, "市教育局")
    _record(ctx, primary, D(2025, 3, 24), D(2025, 3, 28))
    _record(ctx, alternate, D(2025, 3, 27), None, "休假")
    with ctx.uow() as uow:
        before = absences.who_to_contact(uow.session, dep, D(2025, 3, 23))
        away = absences.who_to_contact(uow.session, dep, D(2025, 3, 24))
        both = absences.who_to_contact(uow.session, dep, D(2025, 3, 28))
        back = absences.who_to_contact(uow.session, dep, D(2025, 3, 29))
    assert before.contact is not None and before.contact.name == "李强"
    assert before.explanation == ""
    assert away.contact is not None and away.contact.name == "刘洋" and away.substituted
    assert away.explanation == ("联络员李强出差（2025-03-24 至 2025-03-28），由备用联络员刘洋联系")
    assert both.contact is None and both.nobody_available
    assert "均不在岗，暂无人可联系" in both.explanation and "休假" in both.explanation
    assert back.contact is not None and back.contact.name == "李强"


def test_rules_name_the_person_and_dates(ctx) -> None:
    _dep, primary, _alt = _people(ctx, "市教育局")
    _record(ctx, primary, D(2025, 3, 24), D(2025, 3, 28))
    with ctx.uow() as uow:
        s = uow.session
        with pytest.raises(AbsenceError, match=r"结束日期：2025-03-01 早于开始日期 2025-03-05"):
            absences.record_absence(s, primary, D(2025, 3, 5), D(2025, 3, 1), "休假")
        with pytest.raises(AbsenceError, match=r"联络员李强已登记 2025-03-24 至 2025-03-28 出差"):
            absences.record_absence(s, primary, D(2025, 3, 28), D(2025, 4, 2), "休假")
        with pytest.raises(AbsenceError, match=r"重叠"):
            absences.record_absence(s, primary, D(2025, 3, 1), None, "病假")
        with pytest.raises(AbsenceError, match=r"超出任期：联络员李强的任期为 2020-01-01 至 今"):
            absences.record_absence(s, primary, D(2019, 12, 30), D(2020, 1, 3), "出差")
        with pytest.raises(AbsenceError, match=r"原因：“开会”不是不在岗原因"):
            absences.record_absence(s, primary, D(2025, 5, 1), None, "开会")
        with pytest.raises(AbsenceError, match=r"联络员记录 99999 不存在"):
            absences.record_absence(s, 99999, D(2025, 5, 1), None, "出差")
        # the day after the recorded period is free
        absences.record_absence(s, primary, D(2025, 3, 29), D(2025, 3, 29), "病假")


def test_absence_of_a_former_liaison_must_lie_in_their_tenure(ctx) -> None:
    _dep, primary, _alt = _people(ctx, "市财政局")
    with ctx.uow() as uow:
        uow.session.get(Liaison, primary).ended_on = D(2025, 6, 30)
        uow.commit()
    with ctx.uow() as uow, pytest.raises(AbsenceError, match=r"任期为 2020-01-01 至 2025-06-30"):
        absences.record_absence(uow.session, primary, D(2025, 6, 28), None, "休假")


def test_end_early_and_delete(ctx) -> None:
    dep, primary, _alt = _people(ctx, "市教育局")
    absence_id = _record(ctx, primary, D(2025, 3, 24), None)
    with ctx.uow() as uow:
        with pytest.raises(AbsenceError, match=r"早于李强不在岗的开始日期 2025-03-24"):
            absences.end_absence(uow.session, absence_id, D(2025, 3, 20))
        absences.end_absence(uow.session, absence_id, D(2025, 3, 25))
        uow.commit()
    with ctx.uow() as uow:
        row = absences.list_absences(uow.session, dep)[0]
        assert row.period == "2025-03-24 至 2025-03-25" and row.recorded_by == ctx.user
        assert absences.who_to_contact(uow.session, dep, D(2025, 3, 26)).contact.name == "李强"
        with pytest.raises(AbsenceError, match=r"晚于原定结束日期 2025-03-25"):
            absences.end_absence(uow.session, absence_id, D(2025, 3, 27))
    with ctx.uow() as uow:
        absences.delete_absence(uow.session, absence_id, expected_version=row.version)
        uow.commit()
    with ctx.uow() as uow:
        assert absences.list_absences(uow.session, dep) == []
        trail = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "liaison_absences")
        ).all()
    assert trail == ["create", "update", "delete"]


def test_reader_cannot_record(ctx) -> None:
    _dep, primary, _alt = _people(ctx, "市教育局")
    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        absences.record_absence(uow.session, primary, D(2025, 3, 24), None, "出差")


def _reminder_routed_to_alternate(context) -> None:
    dep, primary, alternate = _people(context, "市教育局")
    with context.uow() as uow:
        record(
            uow.session,
            SubmissionData(dep, "关于甲的通知", "宿教发〔2025〕1号", D(2025, 3, 3)),
        )
        uow.commit()
    _record(context, primary, D(2025, 3, 24), D(2025, 3, 28))
    with context.uow() as uow:
        rows = queries.desk(uow.session, D(2025, 3, 26)).rows
        notice = reminders.build(uow.session, rows, D(2025, 3, 26))[0]
        assert notice.contact.name == "刘洋" and notice.contact.liaison_id == alternate
        assert "李强同志不在岗（出差，2025-03-24 至 2025-03-28）" in notice.text()
        assert "此通知发送备用联络员刘洋同志" in notice.text()
        later = reminders.build(uow.session, rows, D(2025, 3, 31))[0]
        assert later.contact.name == "李强" and later.routing == ""
    _record(context, alternate, D(2025, 3, 26), D(2025, 3, 26), "病假")
    with context.uow() as uow:
        rows = queries.desk(uow.session, D(2025, 3, 26)).rows
        nobody = reminders.build(uow.session, rows, D(2025, 3, 26))[0]
        assert nobody.contact.name == "" and "均不在岗" in nobody.text()
        reminders.record_sent(uow.session, nobody, "函件")
        uow.commit()
    with context.uow() as uow:
        history = queries.detail(uow.session, rows[0].document_id).history
    assert any("联络员均不在岗" in h.detail for h in history)


def test_reminder_goes_to_alternate_sqlite(ctx) -> None:
    _reminder_routed_to_alternate(ctx)


@pytest.mark.postgres
def test_reminder_goes_to_alternate_postgres(pg_ctx) -> None:
    assert inspect(pg_ctx.db.engine).has_table("liaison_absences")
    _reminder_routed_to_alternate(pg_ctx)


def _migrate_down_and_up(db) -> None:
    from alembic import command

    from gazette.db.migrate import alembic_config, schema_state, upgrade

    upgrade(db)
    assert schema_state(db).up_to_date
    command.downgrade(alembic_config(db), "0100")
    assert not inspect(db.engine).has_table("liaison_absences")
    assert inspect(db.engine).has_table("reminders")  # the rest of the branch stays
    assert not schema_state(db).up_to_date
    upgrade(db)
    assert schema_state(db).up_to_date
    assert {c["name"] for c in inspect(db.engine).get_columns("liaison_absences")} >= {
        "liaison_id",
        "starts_on",
        "ends_on",
        "reason",
        "recorded_by",
        "version",
    }
    db.dispose()


def test_migration_0110_down_and_up_sqlite(tmp_path) -> None:
    from gazette.db import Database

    _migrate_down_and_up(Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path))


@pytest.mark.postgres
def test_migration_0110_down_and_up_postgres(pg_url, tmp_path) -> None:
    from gazette.db import Database

    _migrate_down_and_up(Database(pg_url, tmp_path))


def test_departments_list_says_whom_to_contact_today(ctx) -> None:
    from gazette.departments import roster as deps

    dep, primary, _alternate = _people(ctx, "市教育局")
    _record(ctx, primary, D(2025, 3, 24), D(2025, 3, 28))
    with ctx.uow() as uow:
        rows = {r.id: r for r in deps.list_departments(uow, on=D(2025, 3, 25))}
        assert rows[dep].contact_today == "刘洋（李强出差）"
        assert rows[dep].contact_note.startswith("联络员李强出差（2025-03-24 至 2025-03-28）")
        assert all(r.contact_today == r.liaison for i, r in rows.items() if i != dep)
        later = {r.id: r for r in deps.list_departments(uow, on=D(2025, 3, 29))}
    assert later[dep].contact_today == "李强" and later[dep].contact_note == ""


def test_export_shows_todays_contact_and_reimports_unchanged(ctx, tmp_path) -> None:
    from openpyxl import load_workbook

    from gazette.departments import xlsx

    _dep, primary, _alt = _people(ctx, "市教育局")
    _record(ctx, primary, dt.date.today(), None, "病假")
    out = tmp_path / "部门.xlsx"
    with ctx.uow() as uow:
        assert xlsx.export_departments(uow, out) == 3
    sheet = load_workbook(out).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert rows["单位名称"][-2:] == ("今日联系人", "不在岗说明")
    assert rows["市教育局"][-2] == "刘洋（李强病假）"
    assert rows["市教育局"][-1].startswith("联络员李强病假")
    with ctx.uow() as uow:
        report = xlsx.import_departments(uow, out)
    assert report.issues == [] and len(report.unchanged) == 3


def test_replacing_a_liaison_ends_their_open_absence_with_their_tenure(ctx) -> None:
    from gazette.db.models.absences import LiaisonAbsence
    from gazette.departments import roster as deps

    dep, primary, _alt = _people(ctx, "市教育局")
    open_ended = _record(ctx, primary, D(2025, 3, 24), None, "病假")
    earlier = _record(ctx, primary, D(2025, 2, 10), D(2025, 2, 14), "出差")  # over before it
    with ctx.uow() as uow:
        detail = deps.get_detail(uow, dep)
        inp = deps.DepartmentInput(
            detail.name, detail.short_name, detail.issuer_codes,
            deps.Contact("王敏", mobile="13900000000"), detail.alternate,
        )  # fmt: skip
        deps.save(uow, inp, dep_id=dep, expected_version=detail.version, on=D(2025, 4, 1))
        uow.commit()
    with ctx.uow() as uow:
        s = uow.session
        assert s.get(LiaisonAbsence, open_ended).ends_on == D(2025, 4, 1)
        assert s.get(LiaisonAbsence, earlier).ends_on == D(2025, 2, 14)  # already over: kept
        assert s.get(Liaison, primary).ended_on == D(2025, 4, 1)
        choice = absences.who_to_contact(s, dep, D(2025, 4, 2))
        trail = s.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.table_name == "liaison_absences",
                AuditEntry.record_id == str(open_ended),
            )
        ).all()
    assert choice.contact is not None and choice.contact.name == "王敏"
    assert any("ends_on" in (changes or {}) for changes in trail)
