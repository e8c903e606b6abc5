"""Envelopes with each postcode digit in its red box, and a receipt slip per recipient."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

from gazette.distribution import mailings
from gazette.distribution import recipients as rcp
from gazette.issues import planning as issues
from gazette.office import settings
from tests.gazette.distribution_setup import many
from tests.gazette.test_distribution_labels import _text_ops


def _office(ctx, n: int) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        for inp in many(n):
            rcp.save(uow.session, inp)
        settings.save_colophon(uow, address="宿迁市宿城区洪泽湖路136号", postcode="223800")
        issue_id = issues.create_issue(uow, 2026, 5, 205, dt.date(2026, 5, 15))
        uow.commit()
    return issue_id


def test_each_postcode_digit_sits_in_its_box(ctx, tmp_path: Path) -> None:
    issue_id = _office(ctx, 5)
    out = tmp_path / "env.pdf"
    with ctx.uow() as uow:
        assert mailings.write_envelopes(uow.session, issue_id, out, "C5") == 5
    reader = PdfReader(out)
    assert len(reader.pages) == 5
    height = float(reader.pages[0].mediabox.height)
    assert abs(height - 162 * mm) < 1
    top = height - mailings.BOX_TOP * mm
    for page in reader.pages:
        ops = _text_ops(page)
        digits = [(x, y, t) for x, y, t in ops if top - mailings.BOX_H * mm <= y <= top]
        assert "".join(t for _, _, t in digits) == "223600"
        for i, (x, _, _) in enumerate(digits):
            left = (mailings.BOX_LEFT + i * (mailings.BOX_W + mailings.BOX_GAP)) * mm
            assert left < x < left + mailings.BOX_W * mm
        assert any("223800" in t for _, _, t in ops)  # the sender's postcode, bottom right


def test_a_receipt_slip_per_recipient_three_to_a_page(ctx, tmp_path: Path) -> None:
    issue_id = _office(ctx, 7)
    out = tmp_path / "slips.pdf"
    with ctx.uow() as uow:
        assert mailings.write_slips(uow.session, issue_id, out) == 7
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "").replace(" ", "")
    assert text.count("签收回执") == 7
    assert all(inp.name in text for inp in many(7))


def test_one_recipients_slip_again_keeps_its_number(ctx, tmp_path: Path) -> None:
    from gazette.distribution import issue as dist
    from gazette.distribution.listing import ordered

    issue_id = _office(ctx, 7)
    out = tmp_path / "one.pdf"
    with ctx.uow() as uow:
        lines = ordered(dist.view(uow.session, issue_id).lines)
        third = lines[2]
        assert mailings.write_slips(uow.session, issue_id, out, third.recipient_id) == 1
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text().replace("\n", "").replace(" ", "")
    assert text.count("签收回执") == 1
    assert third.name in text and "No.003" in text
    assert not any(x.name in text for x in lines if x is not third and x.name not in third.name)
