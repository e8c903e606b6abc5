"""The office's identity comes from Settings in every output: another office, with its own
departments, builds everything and no output names 宿迁; an unconfigured office is stopped with a
message that names the missing field and where to set it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gazette.db.models import Department, Liaison
from gazette.demo.issues import add_document
from gazette.issues import planning as issues
from gazette.issues.render import BuildRefused, render_issue
from gazette.office import settings
from gazette.reports import reminder_pdf, submissions_data, submissions_pdf, submissions_xlsx
from gazette.site.build import build as build_site
from gazette.submissions import queries, reminders
from gazette.submissions.register import SubmissionData, record
from gazette.texts.model import Block, DocumentText
from tests.conftest import need_tool
from tests.gazette import workflow_setup

OFFICE = {"gazette_name": "临州市人民政府公报", "publisher": "临州市人民政府办公室"}
COLOPHON = {
    "sponsor": "临州市人民政府",
    "address": "临州市滨江路8号",
    "phone": "0999-1234567",
    "permit": "临出准印字第001号",
    "printer": "临州印务有限公司",
}
AS_OF = dt.date(2026, 11, 20)


def _other_office(ctx) -> int:  # type: ignore[no-untyped-def]
    """临州's office: its settings, two departments of its own, late submissions, one issue."""
    settings.put(ctx, **OFFICE)
    with ctx.uow() as uow:
        settings.save_colophon(uow, **COLOPHON)
        s = uow.session
        depts = []
        for k, (name, code) in enumerate((("临州市财政局", "临财规"), ("临州市教育局", "临教规"))):
            dept = Department(name=name, short_name=name[3:], issuer_codes=[code])
            dept.liaisons = [
                Liaison(role="primary", name=["周平", "吴倩"][k], started_on=dt.date(2020, 1, 1)),
                Liaison(role="alternate", name=["郑凯", "冯雪"][k], started_on=dt.date(2020, 1, 1)),
            ]
            s.add(dept)
            s.flush()
            depts.append((dept.id, code))
        for dept_id, code in depts:  # one on time, one never received: the 通报 and 催报 have work
            for n, received in ((1, dt.date(2026, 11, 3)), (2, None)):
                record(
                    s,
                    SubmissionData(
                        dept_id,
                        f"关于加强第{n}项工作的通知",
                        f"{code}〔2026〕{n}号",
                        dt.date(2026, 11, 2),
                        received,
                    ),
                )
        secs = {x.name: x.id for x in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, 5, 5, dt.date(2026, 11, 15))
        kinds = {"人事任免": "人事任免", "政策解读": "政策解读"}
        for k, (name, sid) in enumerate(secs.items()):
            kind = kinds.get(name, "公文")
            text = DocumentText(
                title=f"临州市人民政府关于{name}事项的通知",
                doc_number=f"临政发〔2026〕{k + 1}号" if kind == "公文" else None,
                blocks=[Block("paragraph", "现将有关事项通知如下。")],
                signature=["临州市人民政府"],
                date="2026年11月2日",
                disclosure="（此件公开发布）" if kind == "公文" else None,
            )
            doc = add_document(s, text, kind, "临州市人民政府", dt.date(2026, 11, 2))
            issues.add_item(uow, issue_id, doc, sid)
        uow.commit()
    return issue_id


def _pdf_words(path: Path) -> str:
    text = subprocess.run(
        [need_tool("pdftotext"), "-q", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    meta = PdfReader(path).metadata or {}
    return text + " ".join(str(v) for v in meta.values())


def _xlsx_words(path: Path) -> str:
    book = load_workbook(path)
    cells = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    props = book.properties
    return " ".join(cells) + f" {props.title} {props.creator} {props.subject}"


def test_another_office_prints_its_own_name_and_never_suqian(ctx, tmp_path) -> None:
    issue_id = _other_office(ctx)
    workflow_setup.publish(ctx, issue_id, tmp_path / "issue")
    with ctx.uow() as uow:
        rows = queries.desk(uow.session, AS_OF).rows
        notices = reminders.build(uow.session, rows, AS_OF)
        report = submissions_data.build(
            uow.session, dt.date(2026, 11, 1), dt.date(2026, 11, 30), AS_OF
        )
    assert notices and report.departments
    out = tmp_path / "out"
    out.mkdir()
    outputs: dict[str, str] = {
        "通报.pdf": _pdf_words(submissions_pdf.write(report, out / "通报.pdf")),
        "通报.xlsx": _xlsx_words(submissions_xlsx.write_report(report, out / "通报.xlsx")),
        "台账.xlsx": _xlsx_words(submissions_xlsx.write_desk(rows, out / "台账.xlsx")),
        "催报.pdf": _pdf_words(reminder_pdf.write(notices, out / "催报.pdf")),
        "催报文字": "\n".join(n.text() for n in notices),
    }
    for pdf in sorted((tmp_path / "issue").rglob("*.pdf")):  # proof, print, e-edition, documents
        outputs[pdf.name] = _pdf_words(pdf)
    site = build_site(ctx, tmp_path / "site")
    for page in sorted(site.out.rglob("*")):
        if page.suffix in (".html", ".xml", ".json", ".js", ".txt"):
            outputs[str(page.relative_to(site.out))] = page.read_text(encoding="utf-8")
        elif page.suffix == ".pdf":
            outputs[str(page.relative_to(site.out))] = _pdf_words(page)
    assert len(outputs) > 15
    named = [name for name, words in outputs.items() if "宿迁" in words]
    assert named == [], named
    # … and each says who it is from: the office's own name, from Settings
    for name in ("通报.pdf", "催报.pdf", "催报文字"):
        assert "临州市人民政府办公室" in outputs[name], name
    printed = next(v for k, v in outputs.items() if k.endswith("印刷版.pdf"))
    assert "临州市人民政府公报" in printed and "临州印务有限公司" in printed
    assert "临州市人民政府公报" in outputs["index.html"]


def test_a_fresh_office_prints_only_what_it_configured(fresh_ctx, tmp_path) -> None:
    ctx = fresh_ctx
    with ctx.uow() as uow:
        secs = {x.name: x.id for x in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, 1, 1, dt.date(2026, 1, 15))
        for k, (name, sid) in enumerate(secs.items()):
            kind = {"人事任免": "人事任免", "政策解读": "政策解读"}.get(name, "公文")
            text = DocumentText(
                title=f"关于{name}的通知",
                doc_number=f"临政发〔2026〕{k + 1}号" if kind == "公文" else None,
                blocks=[Block("paragraph", "现将有关事项通知如下。")],
                disclosure="（此件公开发布）" if kind == "公文" else None,
            )
            issues.add_item(
                uow, issue_id, add_document(uow.session, text, kind, "某单位", None), sid
            )
        uow.commit()
    with pytest.raises(BuildRefused, match=r"公报名称.*设置 → 公报 → 公报名称"):
        render_issue(ctx, issue_id, tmp_path / "a")
    with pytest.raises(settings.MissingSetting, match="公报名称"):
        build_site(ctx, tmp_path / "site")
    settings.put(ctx, gazette_name="临州市人民政府公报")
    with pytest.raises(BuildRefused, match=r"主办单位.*设置 → 公报 → 主办单位"):
        render_issue(ctx, issue_id, tmp_path / "a")
    # the 催报 list still shows; its text says the office is missing, and no letter is signed
    notice = reminders.ReminderNotice(1, "某单位", reminders.Contact(None, "", ""), as_of=AS_OF)
    assert notice.text().splitlines()[-2].strip() == reminders.UNSIGNED
    with pytest.raises(settings.MissingSetting, match="主办单位"):
        reminder_pdf.write([notice], tmp_path / "催报.pdf")
    assert not (tmp_path / "催报.pdf").exists()
    settings.put(ctx, publisher="临州市人民政府办公室")
    result = render_issue(ctx, issue_id, tmp_path / "b", edition="print")
    text = _pdf_words(result.of("print")[0].path)
    assert "临州市人民政府公报" in text
    # the colophon prints only the lines configured: none of another office's facts
    for word in ("宿迁", "准印证号", "印刷单位", "地　　址", "电　　话"):
        assert word not in text, word
