"""Envelopes (DL, C5) with the red postcode boxes at the top left as on Chinese envelopes, and
a 签收回执 (receipt slip) per recipient, three to an A4 page, to be signed and sent back.

The sender's lines come from the colophon (主办, 地址, 邮政编码, 电话), so an office prints
what it has configured and nothing else.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from gazette.db.models import Setting
from gazette.distribution import issue as dist
from gazette.distribution.labels import LabelError, draw, mailed, width_of, wrap
from gazette.distribution.listing import ordered
from gazette.files.atomic import atomic_write_bytes
from gazette.office import settings

RED = colors.HexColor("#C00000")


@dataclass(frozen=True)
class Envelope:
    name: str
    width: float  # mm
    height: float


ENVELOPES = {"DL": Envelope("DL", 220, 110), "C5": Envelope("C5", 229, 162)}
# the postcode boxes: six, 8 × 10 mm, 2 mm apart, 20 mm from the left and 10 mm from the top
BOX_W, BOX_H, BOX_GAP, BOX_LEFT, BOX_TOP = 8.0, 10.0, 2.0, 20.0, 10.0


@dataclass(frozen=True)
class Sender:
    name: str
    address: str
    postcode: str
    phone: str


def sender(session: Session) -> Sender:
    row = session.get(Setting, settings.COLOPHON_KEY)
    c = {**settings.DEFAULT_COLOPHON, **(row.value if row is not None and row.value else {})}
    name = str(settings.value(session, "publisher") or c.get("sponsor") or "")
    return Sender(name, str(c["address"]), str(c["postcode"]), str(c["phone"]))


def _postcode_boxes(canvas: Canvas, code: str, left: float, top: float) -> None:
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(0.8)
    for i in range(6):
        x = left + i * (BOX_W + BOX_GAP) * mm
        canvas.rect(x, top - BOX_H * mm, BOX_W * mm, BOX_H * mm)
        if i < len(code):
            w = width_of(code[i], "latin", 16)
            draw(
                canvas, code[i], "latin", 16, x + (BOX_W * mm - w) / 2, top - BOX_H * mm + 2.6 * mm
            )


def write_envelopes(session: Session, issue_id: int, path: Path | str, size: str = "DL") -> int:
    """One envelope per mailed recipient of the issue; returns how many."""
    env = ENVELOPES[size]
    shown = dist.view(session, issue_id)
    lines = [x for x in ordered(mailed(shown.lines)) if x.address and x.postcode]
    if not lines:
        raise LabelError("本期没有地址齐全、需要邮寄的发行对象")
    me = sender(session)
    page = (env.width * mm, env.height * mm)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=page, pageCompression=1)
    canvas.setTitle(f"{shown.label} 信封（{size}）")
    w, h = page
    for line in lines:
        _postcode_boxes(canvas, line.postcode, BOX_LEFT * mm, h - BOX_TOP * mm)
        canvas.setStrokeColor(RED)
        canvas.setDash(2, 2)
        canvas.rect(w - 32 * mm, h - 36 * mm, 22 * mm, 26 * mm)  # 贴邮票处
        canvas.setDash()
        canvas.setFillColor(RED)
        draw(canvas, "贴邮票处", "body", 8, w - 29 * mm, h - 24 * mm)
        canvas.setFillColor(colors.black)
        y = h - (BOX_TOP + BOX_H + 14) * mm
        room = w - 2 * BOX_LEFT * mm
        for text in wrap(line.address, "body", 13, room):
            draw(canvas, text, "body", 13, BOX_LEFT * mm, y)
            y -= 19
        y -= 14
        name = line.name + (f"　{line.contact} 收" if line.contact else "　收")
        for text in wrap(name, "heading1", 17, room - 10 * mm):
            draw(canvas, text, "heading1", 17, BOX_LEFT * mm + 10 * mm, y)
            y -= 24
        foot = [me.address, me.name]
        foot = [t for t in foot if t]
        base = 12 * mm
        if me.postcode:
            code = f"邮政编码：{me.postcode}"
            draw(canvas, code, "body", 10, w - BOX_LEFT * mm - width_of(code, "body", 10), base)
            base += 15
        for text in reversed(foot):
            draw(canvas, text, "body", 10, w - BOX_LEFT * mm - width_of(text, "body", 10), base)
            base += 15
        canvas.showPage()
    canvas.save()
    atomic_write_bytes(path, buf.getvalue())
    return len(lines)


def write_slips(
    session: Session, issue_id: int, path: Path | str, recipient_id: int | None = None
) -> int:
    """A 签收回执 per recipient, three to an A4 page with cut lines; returns how many.

    With ``recipient_id`` only that recipient's slip: a lost or spoiled slip is printed again
    without the whole issue's stack.
    """
    shown = dist.view(session, issue_id)
    if not shown.lines:
        raise LabelError("本期没有发行对象")
    chosen = [x for x in shown.lines if recipient_id is None or x.recipient_id == recipient_id]
    if not chosen:
        raise LabelError("所选单位不在本期发行对象中")
    me = sender(session)
    gazette = str(settings.value(session, "gazette_name") or "公报")
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{shown.label} 签收回执")
    w, h = A4
    slip_h = h / 3
    lines = ordered(chosen)
    numbers = {x.recipient_id: n for n, x in enumerate(ordered(shown.lines), 1)}
    for n, line in enumerate(lines):
        k = n % 3
        if n and k == 0:
            canvas.showPage()
        top = h - k * slip_h
        if k:
            canvas.setDash(3, 3)
            canvas.setStrokeGray(0.6)
            canvas.line(10 * mm, top, w - 10 * mm, top)
            canvas.setDash()
        left, y = 22 * mm, top - 20 * mm
        title = f"《{gazette}》{shown.label} 签收回执"
        draw(canvas, title, "heading1", 15, (w - width_of(title, "heading1", 15)) / 2, y)
        number = f"No. {numbers[line.recipient_id]:03d}"  # the slip's place in the issue's list
        draw(canvas, number, "latin", 8, w - 22 * mm - width_of(number, "latin", 8), y + 14)
        y -= 26
        rows = [
            ("收件单位", line.name),
            ("地　　址", f"{line.address} {line.postcode}".strip() or "—"),
            ("份　　数", f"{line.copies} 份（{line.method}）"),
            ("签 收 人", "______________________（签字）"),
            ("签收日期", "________ 年 ____ 月 ____ 日　　（单位盖章）"),
        ]
        for label, value in rows:
            draw(canvas, label + "：", "body", 11, left, y)
            for text in wrap(value, "body", 11, w - left - 22 * mm - 60)[:2]:
                draw(canvas, text, "body", 11, left + 60, y)
                y -= 17
            y -= 3
        back = "请签收后将本回执寄回或交回：" + "　".join(
            t for t in (me.name, me.address, f"邮编 {me.postcode}" if me.postcode else "") if t
        )
        canvas.setFillGray(0.3)
        for text in wrap(back, "body", 9, w - 2 * left)[:2]:
            draw(canvas, text, "body", 9, left, y - 4)
            y -= 13
        canvas.setFillColor(colors.black)
    canvas.save()
    atomic_write_bytes(path, buf.getvalue())
    return len(lines)
