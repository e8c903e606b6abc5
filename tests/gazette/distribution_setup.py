"""Recipients for the distribution tests: a sheet writer and a list of plausible units."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from gazette.distribution import recipients as rcp
from gazette.distribution.sheet import COLUMNS

TOWNS = ("胡集镇", "韩山镇", "贤官镇", "钱集镇", "颜集镇", "桑墟镇", "庙头镇", "王集镇", "裴圩镇")


def write_sheet(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header or list(COLUMNS))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def row(
    name: str, address: str, postcode: str = "223800", copies: object = 2, **more: str
) -> list[object]:
    values = {
        "单位名称": name,
        "类别": more.get("category", "查阅点"),
        "地址": address,
        "邮政编码": postcode,
        "收件人": more.get("contact", "王芳"),
        "电话": more.get("phone", "0527-84360001"),
        "发送方式": more.get("method", "邮寄"),
        "每期份数": copies,
        "起始期次": more.get("from_issue", ""),
        "截止期次": more.get("to_issue", ""),
        "备注": more.get("note", ""),
    }
    return [values[c] for c in COLUMNS]


def many(n: int) -> list[rcp.RecipientInput]:
    """``n`` recipients with distinct names, every sixth with a long address that must wrap."""
    out = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        address = f"宿迁市沭阳县{town}人民路{i + 1}号"
        if i % 6 == 0:
            address = f"宿迁市沭阳县{town}人民政府院内东侧二号楼三楼便民服务中心政府信息公开查阅室{i + 1}号"
        out.append(
            rcp.RecipientInput(
                f"沭阳县{town}第{i + 1}查阅点",
                "查阅点",
                address,
                "223600",
                "李明",
                "0527-83210000",
                "邮寄",
                1 + i % 3,
            )
        )
    return out
