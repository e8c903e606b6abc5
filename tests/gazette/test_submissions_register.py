"""Recording, expected documents, attachments, import with bad rows, re-import, reminders, selection."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gazette.db.models import Document, DocumentFile, Reminder, StoredFile, Submission
from gazette.departments import absences
from gazette.submissions import importer, queries, reminders, selection
from gazette.submissions.register import SubmissionData, SubmissionError, record
from gazette.vocab import SubmissionStatus as S
from tests.gazette.submissions_setup import make_departments

D = dt.date


@pytest.fixture
def depts(ctx):
    return make_departments(ctx)


def _data(depts, **kw) -> SubmissionData:
    base = dict(
        department_id=depts["市教育局"],
        title="关于印发某某管理办法的通知",
        doc_number="宿教发[2025]7号",
        issued_on=D(2025, 3, 3),
        received_on=D(2025, 3, 5),
        channel="电子邮件",
    )
    base.update(kw)
    return SubmissionData(**base)  # type: ignore[arg-type]


def test_record_normalises_number_and_warns_on_foreign_issuer_code(ctx, depts) -> None:
    with ctx.uow() as uow:
        out = record(uow.session, _data(depts))
        assert out.doc_number == "宿教发〔2025〕7号" and out.warnings == []
        other = record(uow.session, _data(depts, doc_number="宿财发〔2025〕1号"))
        assert other.warnings and "宿财发" in other.warnings[0]
        uow.commit()


def test_refusals_name_the_reason(ctx, depts) -> None:
    with ctx.uow() as uow:
        with pytest.raises(SubmissionError, match="早于印发日期"):
            record(uow.session, _data(depts, received_on=D(2025, 3, 1)))
        record(uow.session, _data(depts))
        with pytest.raises(SubmissionError, match="已登记，不能重复登记"):
            record(uow.session, _data(depts, doc_number="宿教发〔2025〕07号"))
        with pytest.raises(SubmissionError, match="印发日期：已登记为 2025-03-03"):
            record(uow.session, _data(depts, issued_on=D(2025, 3, 4)))


def test_expected_document_completed_on_arrival(ctx, depts) -> None:
    with ctx.uow() as uow:
        first = record(uow.session, _data(depts, received_on=None))
        assert first.action == "预期登记"
        again = record(uow.session, _data(depts, received_on=D(2025, 3, 20)))
        assert again.action == "到达" and again.document_id == first.document_id
        uow.commit()
    with ctx.uow() as uow:
        info = queries.detail(uow.session, first.document_id)
        assert [h.kind for h in info.history] == ["预期登记", "到达"]
        row = queries.desk(uow.session, D(2025, 4, 1)).rows[0]
        assert (row.status, row.days, row.expected) == (S.LATE, 8, True)


def test_attachments_stored_once(ctx, depts, tmp_path) -> None:
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    copy = tmp_path / "副本.pdf"
    copy.write_bytes(b"%PDF-1.4 test")
    store = ctx.filestore()
    with ctx.uow() as uow:
        out = record(uow.session, _data(depts), [pdf, copy], store)
        assert out.files_added == 1 and out.files_duplicate == ["副本.pdf"]
        with pytest.raises(SubmissionError, match="类型不受支持"):
            bad = tmp_path / "x.exe"
            bad.write_bytes(b"MZ")
            record(uow.session, _data(depts, doc_number="宿教发〔2025〕8号"), [bad], store)
        uow.commit()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(StoredFile)) == 1
        assert uow.session.scalar(select(func.count()).select_from(DocumentFile)) == 1


HEADER = list(importer.COLUMNS)


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


GOOD = [
    [
        "市教育局",
        "关于甲的通知",
        "宿教发〔2025〕1号",
        D(2025, 1, 6),
        D(2025, 1, 8),
        "此件公开发布",
        "是",
        "",
    ],
    ["市财政局", "关于乙的通知", "宿财发[2025]2号", "2025/1/6", "", "此件依申请公开", "是", "预期"],
    ["市发改委", "关于丙的通知", "宿发改〔2025〕3号", "2025年1月6日", "2025-01-20", "", "否", ""],
]
BAD = [
    ["市统计局", "关于丁的通知", "宿统发〔2025〕1号", D(2025, 1, 6), None, "", "是", ""],
    ["市教育局", "关于戊的通知", "宿教发〔2025〕9号", "2025-13-01", None, "", "是", ""],
    ["市教育局", "关于己的通知", "宿教发2025年9号", D(2025, 1, 6), None, "", "是", ""],
    ["市教育局", "", "宿教发〔2025〕10号", D(2025, 1, 6), None, "", "是", ""],
    ["市教育局", "关于庚的通知", "宿教发〔2025〕11号", D(2025, 1, 6), D(2025, 1, 2), "", "是", ""],
]


def test_import_reports_every_bad_row_and_imports_the_rest(ctx, depts, tmp_path) -> None:
    path = _write_xlsx(tmp_path / "报送.xlsx", GOOD + BAD)
    with ctx.uow() as uow:
        res = importer.import_file(uow.session, path)
        uow.commit()
    assert (res.created, res.expected, res.rejected_rows) == (2, 1, 5)
    by_row = {p.row: p for p in res.problems}
    assert by_row[5].column == "报送单位" and "市统计局" in by_row[5].reason
    assert by_row[6].column == "印发日期" and "2025-13-01" in by_row[6].reason
    assert by_row[7].column == "发文字号"
    assert by_row[8].column == "文件标题"
    assert by_row[9].column == "报送日期" and "早于印发日期" in by_row[9].reason
    # re-import: nothing changes
    with ctx.uow() as uow:
        before = uow.session.scalar(select(func.count()).select_from(Submission))
        again = importer.import_file(uow.session, path)
        uow.commit()
        assert uow.session.scalar(select(func.count()).select_from(Submission)) == before
    assert (again.created, again.expected, again.arrived, again.unchanged) == (0, 0, 0, 3)


def test_import_arrival_and_conflict(ctx, depts, tmp_path) -> None:
    _write_xlsx(tmp_path / "a.xlsx", GOOD)
    with ctx.uow() as uow:
        importer.import_file(uow.session, tmp_path / "a.xlsx")
        uow.commit()
    later = [list(r) for r in GOOD]
    later[1][4] = "2025-01-15"  # the awaited one arrives
    later[0][1] = "关于甲的通知（修订）"  # conflicting title
    path = tmp_path / "b.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for r in later:
            w.writerow([x.isoformat() if isinstance(x, dt.date) else x for x in r])
    with ctx.uow() as uow:
        res = importer.import_file(uow.session, path)
        uow.commit()
    assert (res.arrived, res.unchanged, res.rejected_rows) == (1, 1, 1)
    assert "文件标题：已登记为“关于甲的通知”" in res.problems[0].reason


def test_template_round_trip(ctx, depts, tmp_path) -> None:
    path = importer.write_template(tmp_path / "模板.xlsx")
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    with ctx.uow() as uow:
        res = importer.import_file(uow.session, path)
    assert res.imported == 0 and not res.problems


def test_missing_columns_name_the_file(tmp_path, ctx, depts) -> None:
    path = tmp_path / "坏.csv"
    path.write_text("单位,标题\n", encoding="utf-8")
    with ctx.uow() as uow, pytest.raises(importer.ImportFileError, match=r"坏\.csv.*缺少列"):
        importer.import_file(uow.session, path)


def test_reminders_grouped_per_liaison_with_alternate(ctx, depts) -> None:
    with ctx.uow() as uow:
        for i, (dept, issued) in enumerate(
            [("市教育局", D(2025, 3, 3)), ("市教育局", D(2025, 3, 20)), ("市财政局", D(2025, 3, 3))]
        ):
            code = "宿教发" if dept == "市教育局" else "宿财发"
            record(
                uow.session,
                _data(
                    depts,
                    department_id=depts[dept],
                    doc_number=f"{code}〔2025〕{i + 1}号",
                    issued_on=issued,
                    received_on=None,
                ),
            )
        uow.commit()
    as_of = D(2025, 3, 26)  # 03-03 → deadline 03-10, overdue; 03-20 → deadline 03-27, due soon
    with ctx.uow() as uow:
        rows = queries.desk(uow.session, as_of).rows
        notices = reminders.build(uow.session, rows, as_of)
        edu = next(n for n in notices if n.department == "市教育局")
        assert edu.contact.name == "李强" and len(edu.overdue) == 1 and len(edu.due_soon) == 1
        text = edu.text()
        assert "李强同志" in text and "已逾期12个工作日" in text and "将于2025年3月27日到期" in text
        assert edu.contact.liaison_id is not None
        absences.record_absence(uow.session, edu.contact.liaison_id, D(2025, 3, 24), None, "出差")
        again = reminders.build(uow.session, rows, as_of)
        alt = next(n for n in again if n.department == "市教育局")
        assert alt.contact.name == "刘洋" and alt.substitute_for == "李强"
        assert "李强同志不在岗（出差，2025-03-24 至 返岗日期未定）" in alt.text()
        reminders.record_sent(uow.session, alt, "电话")
        uow.commit()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Reminder)) == 1
        row = next(r for r in queries.desk(uow.session, as_of).rows if r.department == "市教育局")
        assert row.reminders == 1
        history = queries.detail(uow.session, row.document_id).history
        assert any(h.kind == "催报" and "刘洋" in h.detail for h in history)


def test_selection_only_public_documents(ctx, depts) -> None:
    with ctx.uow() as uow:
        pub = record(uow.session, _data(depts)).document_id
        priv = record(
            uow.session,
            _data(depts, doc_number="宿教发〔2025〕8号", disclosure="此件依申请公开"),
        ).document_id
        waiting = record(
            uow.session, _data(depts, doc_number="宿教发〔2025〕9号", received_on=None)
        ).document_id
        selection.decide(uow.session, pub, "选登")
        with pytest.raises(selection.SelectionError, match="只有“此件公开发布”"):
            selection.decide(uow.session, priv, "选登")
        with pytest.raises(selection.SelectionError, match="必须填写理由"):
            selection.decide(uow.session, priv, "不予选登")
        selection.decide(uow.session, priv, "不予选登", "依申请公开，不宜刊登")
        with pytest.raises(selection.SelectionError, match="尚未收到"):
            selection.decide(uow.session, waiting, "选登")
        uow.commit()
    with ctx.uow() as uow:
        rows = {r.document_id: r for r in queries.desk(uow.session, D(2025, 4, 1)).rows}
        assert rows[pub].decision == "选登"
        assert (rows[priv].decision, rows[priv].decision_reason) == (
            "不予选登",
            "依申请公开，不宜刊登",
        )


def test_reader_role_cannot_record(ctx, depts) -> None:
    from gazette.office.auth import PermissionDenied

    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        record(uow.session, _data(depts))


@pytest.mark.postgres
def test_record_import_and_desk_on_postgres(pg_ctx, tmp_path) -> None:
    depts = make_departments(pg_ctx)
    path = _write_xlsx(tmp_path / "pg.xlsx", GOOD + BAD)
    with pg_ctx.uow() as uow:
        res = importer.import_file(uow.session, path)
        uow.commit()
    assert (res.created, res.expected, res.rejected_rows) == (2, 1, 5)
    with pg_ctx.uow() as uow:
        record(uow.session, _data(depts, doc_number="宿教发〔2025〕50号"))
        uow.commit()
        rows = queries.desk(uow.session, D(2025, 4, 1)).rows
    assert len(rows) == 4 and {r.status for r in rows} >= {S.ON_TIME, S.OVERDUE}


def test_departments_with_codes_lists_active_ones_with_their_issuer_codes(ctx, depts) -> None:
    from gazette.departments import roster

    with ctx.uow() as uow:
        roster.set_active(uow, depts["市财政局"], False)
        uow.commit()
    with ctx.uow() as uow:
        found = queries.departments_with_codes(uow.session)
    assert [(n, c) for _i, n, c in found] == [
        ("市发展和改革委员会", ["宿发改", "宿发改发"]),
        ("市教育局", ["宿教发", "宿教"]),
    ]
    assert found[1][0] == depts["市教育局"]


def test_the_text_comes_from_the_file_sent_with_it(ctx, depts, tmp_path) -> None:
    """A document recorded with its DOCX can be laid out: its text is read from the file; the
    desk's own title and number stay. A damaged file is still recorded, with a warning."""
    import docx

    sent = docx.Document()
    for line in (
        "宿教发〔2025〕7号",
        "关于印发某某管理办法的通知",
        "各学校：",
        "现将办法印发给你们。",
    ):
        sent.add_paragraph(line)
    path = tmp_path / "办法.docx"
    sent.save(str(path))
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with ctx.uow() as uow:
        out = record(uow.session, _data(depts), [path], ctx.filestore())
        assert out.text_from == "办法.docx" and out.warnings == []
        doc = uow.session.get(Document, out.document_id)
        assert "现将办法印发给你们" in doc.body_text and doc.doc_number == "宿教发〔2025〕7号"
        other = record(uow.session, _data(depts, doc_number="宿教发〔2025〕8号"), [broken],
                       ctx.filestore())  # fmt: skip
        assert other.files_added == 1 and other.text_from == ""
        assert (
            "坏.pdf" in other.warnings[0]
            and not uow.session.get(Document, other.document_id).body_text
        )


def test_the_history_reads_the_offices_clock(ctx, depts, monkeypatch) -> None:
    """Events are stored in UTC; the desk's history showed them raw, eight hours early in
    宿迁 (a document registered at 15:00 read 07:00)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        with ctx.uow() as uow:
            made = record(uow.session, _data(depts))
            uow.commit()
        with ctx.uow() as uow:
            stored = uow.session.scalars(select(Submission)).one().events[0].at
            shown = queries.detail(uow.session, made.document_id).history[0].at
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert shown - stored == dt.timedelta(hours=8)
