"""The rules around 退文, 政策解读 and the self-check, one by one on a small office."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from gazette.calendar.store import load_calendar
from gazette.db.models import Department, Document, Submission
from gazette.office.auth import PermissionDenied
from gazette.submissions import interpretation, returns, selection, selfcheck
from gazette.submissions.register import SubmissionData, SubmissionError, record
from gazette.submissions.status import StatusCalculator
from gazette.texts.topic import subject, suggest
from gazette.vocab import SubmissionStatus

DAY = dt.date(2026, 3, 2)


def _office(ctx, disclosure: str = "此件公开发布") -> int:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        s = uow.session
        dept = Department(name="宿迁市人民政府", issuer_codes=["宿政规发"])
        s.add(dept)
        s.flush()
        out = record(
            s,
            SubmissionData(
                dept.id,
                "关于印发养老服务补贴发放办法的通知",
                "宿政规发〔2026〕1号",
                DAY,
                DAY + dt.timedelta(1),
                disclosure=disclosure,
            ),
        )
        uow.commit()
        return out.document_id


def test_a_return_clears_the_date_and_the_resubmission_sets_the_clock(ctx) -> None:
    doc_id = _office(ctx)
    with ctx.uow() as uow:
        s = uow.session
        with pytest.raises(SubmissionError, match="必须写明"):
            returns.return_submission(s, doc_id, "其他", " ", DAY + dt.timedelta(2))
        with pytest.raises(SubmissionError, match="早于收到日期"):
            returns.return_submission(s, doc_id, "解读材料不齐全", "", DAY)
        returns.return_submission(s, doc_id, "解读材料不齐全", "", DAY + dt.timedelta(2))
        with pytest.raises(SubmissionError, match="尚未收到或已退文"):
            returns.return_submission(s, doc_id, "解读材料不齐全", "", DAY + dt.timedelta(3))
        with pytest.raises(selection.SelectionError, match="尚未收到"):
            selection.decide(s, doc_id, "选登")
        late = DAY + dt.timedelta(days=20)
        interpretation.add_material(s, doc_id, "解读方案", late)
        interpretation.add_material(s, doc_id, "解读材料", late, "图解")
        returns.resubmit(s, doc_id, late)
        uow.commit()
    with ctx.uow() as uow:
        from gazette.submissions import queries

        row = next(r for r in queries.desk(uow.session, late).rows if r.document_id == doc_id)
        # 报送日期 is the day the complete submission arrived: late, though the first was on time
        assert row.received_on == late and row.status is SubmissionStatus.LATE and row.returns == 1
        assert row.needs_interpretation and row.interpretation_complete


def test_only_clerks_and_administrators_return(ctx) -> None:
    doc_id = _office(ctx)
    ctx.role = "editor"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        returns.return_submission(uow.session, doc_id, "解读材料不齐全", "", DAY + dt.timedelta(2))
    ctx.role = "clerk"
    with ctx.uow() as uow:
        returns.return_submission(uow.session, doc_id, "解读材料不齐全", "", DAY + dt.timedelta(2))


def test_return_reasons_read_the_disclosure_and_its_stated_reason(ctx) -> None:
    doc_id = _office(ctx, "此件不予公开")
    with ctx.uow() as uow:
        s = uow.session
        doc = s.get(Document, doc_id)
        assert doc is not None
        assert interpretation.return_reasons(s, doc) == ["解读材料不齐全", "公开属性理由缺失"]
        interpretation.set_disclosure_reason(s, doc_id, "条例第十六条", "内部事务信息")
        doc.needs_interpretation = False  # the editor's mark overrides the office rule
        assert interpretation.return_reasons(s, doc) == []
        doc.body_text = "……\n（此件公开发布）"
        assert "正文附注为“此件公开发布”" in (interpretation.text_mismatch(doc) or "")


def test_portal_timeliness_counts_working_days(ctx) -> None:
    with ctx.uow() as uow:
        calc = StatusCalculator(load_calendar(uow.session))
    friday = dt.date(2026, 3, 6)
    assert interpretation.portal_on_time(calc, friday, dt.date(2026, 3, 11)) is True  # 3 days
    assert interpretation.portal_on_time(calc, friday, dt.date(2026, 3, 12)) is False
    assert interpretation.portal_on_time(calc, friday, None) is None


def test_a_selfcheck_reply_opens_a_document_and_the_register_counts_requests(ctx, tmp_path) -> None:
    doc_id = _office(ctx, "此件依申请公开")
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["申请日期", "申请内容", "对应文件"])
    ws.append([dt.date(2026, 4, 1), "申请全文", "宿政规发[2026]1号"])
    ws.append(["不是日期", "申请全文", "宿政规发〔2026〕1号"])
    ws.append(["2026-05-01", "其他", "不存在的文件"])
    book.save(tmp_path / "登记.xlsx")
    with ctx.uow() as uow:
        s = uow.session
        result = selfcheck.import_register(s, tmp_path / "登记.xlsx")
        assert (result.added, result.matched) == (2, 1)
        assert result.problems == ["登记.xlsx 第 3 行“申请日期”：不是日期"]
        [check] = selfcheck.build(s, 2026)
        assert [(i.document_id, i.requests, i.stated) for i in check.items] == [
            (doc_id, 1, selfcheck.NO_REASON)
        ]
        dept = s.scalar(select(Department.id))
        assert dept is not None
        selfcheck.record_reply(s, dept, 2026, dt.date(2026, 11, 28), "应公开，已改", [doc_id])
        sub = s.scalars(select(Submission).where(Submission.document_id == doc_id)).one()
        assert selection.selectable("公文", sub.document.disclosure) == (True, "")
        [check] = selfcheck.build(s, 2026)
        assert check.opened == [doc_id] and check.items[0].disclosure == "已改为公开"


def test_a_topic_is_read_from_the_subject_never_the_issuer() -> None:
    assert subject("宿迁市人民政府关于印发养老服务补贴发放办法的通知", "宿迁市人民政府") == (
        "印发养老服务补贴发放办法"
    )
    # 人民政府 holds 民政; 住房和城乡建设局 holds 城乡建设: neither decides the class
    assert suggest("宿迁市人民政府关于加强中小学校服管理的通知", "宿迁市人民政府") == "科技、教育"
    assert (
        suggest("宿迁市住房和城乡建设局关于做好职业技能培训工作的通知", "宿迁市住房和城乡建设局")
        == "劳动、人事、监察"
    )
    assert suggest("宿迁市人民政府关于印发工作规则的通知", "宿迁市人民政府") == "综合政务"
    assert suggest("任免名单", "", "人事任免") == "人事任免"


def test_selection_suggests_the_metadata_and_the_editor_confirms_it(ctx) -> None:
    doc_id = _office(ctx)
    with ctx.uow() as uow:
        s = uow.session
        selection.decide(s, doc_id, "选登")
        doc = s.get(Document, doc_id)
        assert doc is not None
        assert (doc.topic, doc.publishing_org) == ("民政、扶贫、救灾", "宿迁市人民政府")
        with pytest.raises(selection.SelectionError, match="主题分类“民政”无法识别"):
            selection.confirm_metadata(s, doc_id, topic="民政")
        selection.confirm_metadata(s, doc_id, topic="综合政务", index_no="GB2026-11-001")
        assert (doc.topic, doc.index_no) == ("综合政务", "GB2026-11-001")


def test_recording_a_returned_submission_again_is_a_resubmission(ctx) -> None:
    doc_id = _office(ctx)
    again = SubmissionData(0, "", "宿政规发〔2026〕1号", DAY, DAY + dt.timedelta(5))
    with ctx.uow() as uow:
        s = uow.session
        returns.return_submission(s, doc_id, "解读材料不齐全", "", DAY + dt.timedelta(2))
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.department_id is not None
        again.department_id, again.title = doc.department_id, doc.title
        with pytest.raises(SubmissionError, match="仍解读材料不齐全"):
            record(s, again)  # the form's 记录到达 cannot slip past the missing materials
        interpretation.add_material(s, doc_id, "解读方案", DAY + dt.timedelta(5))
        interpretation.add_material(s, doc_id, "解读材料", DAY + dt.timedelta(5))
        assert record(s, again).action == "重新报送"
        sub = s.scalars(select(Submission).where(Submission.document_id == doc_id)).one()
        assert sub.received_on == DAY + dt.timedelta(5) and sub.returned_on is None
