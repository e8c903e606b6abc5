"""The 退文通知 letter to a department's liaison officer: which document, why, and what to send."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from gazette.layout.pdfstyle import RED, styles, write_letter
from gazette.office import settings
from gazette.reports.submissions_data import cn
from gazette.submissions.returns import ReturnNotice

WHAT_TO_SEND = {
    "解读材料不齐全": "请按“同步组织、同步审签、同步部署”的要求，将解读方案和解读材料（文字、图解、"
    "音视频或问答）与文件一并重新报送。",
    "未标注公开属性": "请在文件附注位置标明公开属性（此件公开发布、此件依申请公开、此件部分公开或"
    "此件不予公开）后重新报送。",
    "公开属性理由缺失": "文件公开属性不是“此件公开发布”的，请写明依据和理由后重新报送。",
}


def write(notice: ReturnNotice, office: str, path: Path | str) -> Path:
    """Write the letter atomically, signed by the office (Settings' 主办单位)."""
    if not office:
        label, where = settings.IDENTITY["publisher"]
        raise settings.MissingSetting(f"尚未设置{label}，不能生成：请在“{where}”中填写后再试")
    path = Path(path)
    st = styles()
    who = f"{notice.department}联络员{notice.liaison}同志" if notice.liaison else notice.department
    number = f"（{notice.doc_number}）" if notice.doc_number else ""
    received = f"于{cn(notice.received_on)}报送的" if notice.received_on else "报送的"
    key = notice.reason.split("：", 1)[0]
    story: list[object] = [
        Paragraph("规范性文件退文通知", st["masthead"]),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=3 * mm, spaceAfter=6 * mm),
        Paragraph(f"{who}：", st["body"]),
        Paragraph(
            f"贵单位{received}《{notice.title}》{number}，经审核，{notice.reason}，"
            f"现予以退文。{WHAT_TO_SEND.get(key, '请补正后重新报送。')}",
            st["indent"],
        ),
        Paragraph(
            "根据报送规定，报送日期以完整材料送达之日为准；退文后重新报送超过原定时限的，"
            "计为逾期报送。",
            st["indent"],
        ),
        Spacer(1, 14 * mm),
        Paragraph(office, st["right"]),
        Paragraph(cn(notice.returned_on), st["right"]),
    ]
    write_letter(
        path,
        story,
        title="规范性文件退文通知",
        author=office,
        footer_text=f"{office} · 退文通知",
    )
    return path
