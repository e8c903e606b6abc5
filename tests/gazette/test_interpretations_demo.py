"""The open-government rules on the demo office, end to end: a document returned (退文) for its
missing interpretation, resubmitted with it, selected and published beside its 政策解读 with
links both ways in the e-edition and on the site; the 通报's returns and timeliness; the
self-check; stored 主题分类; the site footer's filing numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

import commands
from gazette.db.models import BuiltFile, Document, Issue, IssueItem, Submission
from gazette.demo.issues import publish_issue
from gazette.reports import submissions_data, submissions_pdf
from gazette.site.build import build as build_site
from gazette.submissions import queries, selection, selfcheck
from gazette.texts import disclosure as disclosure_text
from gazette.texts.topic import suggest
from gazette.vocab import INTERPRETATION, REFUSED_DISCLOSURES, TOPICS, needs_disclosure

LAJI = "宿政规发〔2026〕3号"
JIEDU = "《宿迁市城市居民生活垃圾分类管理办法》政策解读"


def _run(data: Path, *argv: str) -> int:
    return commands.main(["--data-dir", str(data), *argv])


def _pdf_text(path: Path) -> str:
    return "".join(p.extract_text() or "" for p in PdfReader(path).pages)


def _pages_by_title(reader: PdfReader) -> dict[str, int]:
    found: dict[str, int] = {}

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[str(item.title)] = reader.get_destination_page_number(item)

    walk(reader.outline)
    return found


def _links(reader: PdfReader, page: int) -> list[int]:
    """Target page indices of the internal links on a page."""
    out = []
    for annot in reader.pages[page].get("/Annots") or []:
        a = annot.get_object()
        if a.get("/Subtype") == "/Link" and "/Dest" in a:
            out.append(reader.get_page_number(a["/Dest"][0].get_object()))
    return out


def _webs(session, issue_id: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        select(BuiltFile.version, BuiltFile.sha256).where(
            BuiltFile.issue_id == issue_id, BuiltFile.kind == "web"
        )
    )
    return [(v, h) for v, h in rows]


def _uris(reader: PdfReader, page: int) -> list[str]:
    out = []
    for annot in reader.pages[page].get("/Annots") or []:
        a = annot.get_object()
        if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a["/A"]:
            out.append(str(a["/A"]["/URI"]))
    return out


def _first_page(reader: PdfReader, pages: dict[str, int], doc_id: int, ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        title = uow.session.scalars(select(Document.title).where(Document.id == doc_id)).one()
    return next(p for t, p in pages.items() if t.startswith(title))


def test_returned_resubmitted_selected_and_published_beside_its_interpretation(
    demo_ctx, tmp_path, capsys
) -> None:
    data = demo_ctx.data_dir
    with demo_ctx.uow() as uow:
        s = uow.session
        laji = s.scalars(select(Document).where(Document.doc_number == LAJI)).one()
        sub = s.scalars(select(Submission).where(Submission.document_id == laji.id)).one()
        received, laji_id, title = sub.received_on, laji.id, laji.title
        assert received is not None and sub.decision is None
    # the desk flags it, and it is returned with a letter to the liaison officer
    assert _run(data, "interp", "check", LAJI) == 1
    assert "应退文：解读材料不齐全" in capsys.readouterr().out
    back = received + dt.timedelta(days=1)
    letter = tmp_path / "退文通知.pdf"
    assert (
        _run(
            data,
            "interp",
            "return",
            LAJI,
            "--reason",
            "解读材料不齐全",
            "--on",
            str(back),
            "--letter",
            str(letter),
        )
        == 0
    )
    text = _pdf_text(letter)
    assert "退文通知" in text and "解读材料不齐全" in text and title[:8] in text
    with demo_ctx.uow() as uow:
        row = next(r for r in queries.desk(uow.session, back).rows if r.document_id == laji_id)
        assert row.received_on is None and row.returned_on == back and row.returns == 1
    # resubmitting without the interpretation is refused, naming what is missing
    again = back + dt.timedelta(days=2)
    assert _run(data, "interp", "resubmit", LAJI, "--on", str(again)) == 2
    assert "仍解读材料不齐全" in capsys.readouterr().err
    plan = tmp_path / "解读方案.pdf"
    plan.write_bytes(letter.read_bytes())
    assert (
        _run(data, "interp", "material", LAJI, "解读方案", "--on", str(again), "--file", str(plan))
        == 0
    )
    assert _run(data, "interp", "link", JIEDU, LAJI) == 0
    assert _run(data, "interp", "resubmit", LAJI, "--on", str(again), "--channel", "纸质") == 0
    capsys.readouterr()
    with demo_ctx.uow() as uow:
        s = uow.session
        sub = s.scalars(select(Submission).where(Submission.document_id == laji_id)).one()
        assert sub.received_on == again and sub.returned_on is None
        kinds = [e.kind for e in sub.events]
        assert kinds.index("退文") < kinds.index("关联解读") < kinds.index("重新报送")
        selection.decide(s, laji_id, "选登")
        uow.commit()
        issue_id = s.scalars(select(Issue.id).where(Issue.status == "planning")).one()
    # an interpretation printed in an earlier, published issue is linked to a document of this
    # one: the earlier issue is not re-released, this issue's PDF links to the site
    with demo_ctx.uow() as uow:
        s = uow.session
        old_issue, old_interp = s.execute(
            select(Issue.id, Document.id)
            .join(IssueItem, IssueItem.issue_id == Issue.id)
            .join(Document, Document.id == IssueItem.document_id)
            .where(Issue.status == "published", Document.kind == INTERPRETATION)
            .order_by(Issue.number)
        ).first()  # type: ignore[misc]
        new_doc = s.scalars(
            select(IssueItem.document_id)
            .join(Document, Document.id == IssueItem.document_id)
            .where(IssueItem.issue_id == issue_id, Document.issuer == "宿迁市人民政府")
            .order_by(IssueItem.position)
        ).first()
        assert new_doc is not None and new_doc != laji_id
        webs_before = _webs(s, old_issue)
    assert _run(data, "interp", "link", str(old_interp), str(new_doc)) == 0
    assert _run(data, "settings", "set", "网站地址=https://gb.example.gov.cn/") == 0
    with demo_ctx.uow() as uow:
        assert _webs(uow.session, old_issue) == webs_before
    # published in the planned issue beside its interpretation
    publish_issue(demo_ctx, issue_id, tmp_path / "build")
    with demo_ctx.uow() as uow:
        sha = uow.session.scalars(
            select(BuiltFile.sha256).where(BuiltFile.issue_id == issue_id, BuiltFile.kind == "web")
        ).one()
    reader = PdfReader(io.BytesIO(demo_ctx.filestore().open(sha).read_bytes()))
    pages = _pages_by_title(reader)
    doc_page = next(p for t, p in pages.items() if t.startswith(title))
    interp_page = pages[JIEDU]
    assert interp_page in _links(reader, doc_page)
    assert doc_page in _links(reader, interp_page)
    assert "相关解读：《宿迁市城市居民生活垃圾分类管理办法》政策解读（见本期第" in "".join(
        reader.pages[doc_page].extract_text().split()
    )
    new_page = _first_page(reader, pages, new_doc, demo_ctx)
    uris = _uris(reader, new_page)
    assert uris == [f"https://gb.example.gov.cn/d/{old_interp // 1000}/{old_interp}.html"]
    assert "刊于2026年第" in reader.pages[new_page].extract_text()
    assert "解读的文件" in reader.pages[interp_page].extract_text()
    # and on the site, with the filing numbers from Settings in every footer
    assert (
        _run(
            data,
            "settings",
            "set",
            "网站标识码=3213000001",
            "ICP备案号=苏ICP备05012345号",
            "公安备案号=苏公网安备32130202000123号",
            "网站联系方式=宿迁市人民政府办公室　电话 0527-84368000",
        )
        == 0
    )
    site = tmp_path / "site"
    build_site(demo_ctx, site)
    with demo_ctx.uow() as uow:
        interp_id = uow.session.scalars(select(Document.id).where(Document.title == JIEDU)).one()
    page = site / "d" / str(laji_id // 1000) / f"{laji_id}.html"
    html = page.read_text(encoding="utf-8")
    assert "2026年第11期" in re.search(r"<title>(.*?)</title>", html).group(1)  # type: ignore[union-attr]
    related = re.search(r'class="related rel-interp".*?href="([^"]+)"', html)
    assert related is not None
    target = (page.parent / related.group(1)).resolve()
    assert target.is_file() and target.name == f"{interp_id}.html"
    back_html = target.read_text(encoding="utf-8")
    link_back = re.search(r'class="related rel-doc".*?href="([^"]+)"', back_html)
    assert (
        link_back is not None and (target.parent / link_back.group(1)).resolve() == page.resolve()
    )
    for name in ("index.html", page.relative_to(site).as_posix()):
        footer = (site / name).read_text(encoding="utf-8").split('<footer class="colophon">')[1]
        for value in (
            "3213000001",
            "苏ICP备05012345号",
            "苏公网安备32130202000123号",
            "0527-84368000",
        ):
            assert value in footer, (name, value)
    old_page = site / "d" / str(old_interp // 1000) / f"{old_interp}.html"
    assert (
        f'href="../../d/{new_doc // 1000}/{new_doc}.html"'
        in old_page.read_text(encoding="utf-8").split('class="related rel-doc"')[1]
    )
    assert 'rel="canonical" href="https://gb.example.gov.cn/index.html"' in (
        site / "index.html"
    ).read_text(encoding="utf-8")
    assert (site / "robots.txt").is_file() and "页面不存在" in (site / "404.html").read_text(
        encoding="utf-8"
    )


def test_the_report_the_selfcheck_and_the_topics_of_the_demo(demo_ctx, tmp_path) -> None:
    with demo_ctx.uow() as uow:
        s = uow.session
        report = submissions_data.build(
            s, dt.date(2026, 1, 1), dt.date(2026, 12, 31), include_non_normative=True
        )
        t = report.total
        assert t.returned >= 2  # the demo's two returns, both resubmitted
        assert t.interp_needed > t.interp_complete > 0 and t.interp_late >= 1 and t.interp_on_time
        assert "退文" in report.summary_lines()[0] and "超过3个工作日" in report.summary_lines()[0]
        pdf = submissions_pdf.write(report, tmp_path / "通报.pdf")
        text = _pdf_text(pdf)
        assert "退文与政策解读情况" in text and "解读按时上网" in text
        # the self-check lists every non-public document of the year with its reason
        for year in (2025, 2026):
            checks = selfcheck.build(s, year)
            listed = {i.document_id: i for c in checks for i in c.items}
            expected = {
                d.id
                for d in s.scalars(select(Document).where(Document.historical.is_(False)))
                if d.issued_on
                and d.issued_on.year == year
                and needs_disclosure(d.kind)
                and any(
                    w in (disclosure_text.attribute(d.disclosure or "") or "")
                    for w in REFUSED_DISCLOSURES
                )
            }
            opened = {i for c in checks for i in c.opened}
            assert expected and expected | opened == set(listed), year
            for item in listed.values():
                assert item.stated  # the reason, or that none was stated
            if year == 2025:  # last year's self-check is finished: every department replied
                assert all(c.replied_on and c.result for c in checks) and opened
                assert all(listed[i].basis and listed[i].reason for i in expected)
            else:
                assert any(i.stated == selfcheck.NO_REASON for i in listed.values())
        # every document's 主题分类 is stored, from its subject (never its issuer's name)
        docs = s.scalars(select(Document)).all()
        assert docs and all(d.topic in TOPICS for d in docs)
        for d in docs:
            if d.kind != INTERPRETATION:
                assert d.topic == suggest(d.title, d.issuer, d.kind), d.title
        by_title = {d.title: d.topic for d in docs}
        assert (
            by_title["市政府关于印发宿迁市城市居民生活垃圾分类管理办法的通知"]
            == "城乡建设、环境保护"
        )
        assert by_title[JIEDU] == "城乡建设、环境保护"
        assert by_title["宿迁市人民政府任免工作人员名单"] == "人事任免"
        wrong_by_issuer = [
            d.title
            for d in docs
            if d.topic == "民政、扶贫、救灾"
            and not re.search("民政|扶贫|救灾|救助|养老|社区|最低生活保障", d.title)
        ]
        assert not wrong_by_issuer
