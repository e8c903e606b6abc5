"""What every XLSX import shares: opening a user's file safely, finding the header row, and the
row-level problem it reports. One place, so a zip bomb, an .xls file or a missing "单位名称"
column gets the same guard and the same Chinese message in every import."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gazette.files import zips as zipguard

if TYPE_CHECKING:  # openpyxl loads on first import, not with the module
    from openpyxl.workbook.workbook import Workbook


class ImportFileError(ValueError):
    """The whole file cannot be imported; the message names the file."""


@dataclass(frozen=True)
class RowIssue:
    row: int  # the spreadsheet's row number, as Excel shows it
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 {self.column}：{self.reason}"


@dataclass
class ImportCounts:
    """What every import reports: the file, its rows, what it did to each and the problems;
    each import adds its own ``summary`` (one keeps good rows, another is all or nothing)."""

    file: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def skipped_rows(self) -> list[int]:
        return sorted({i.row for i in self.issues})


def open_workbook(path: Path, *, data_only: bool) -> Workbook:
    """The workbook read-only, after the suffix and zip-bomb checks; raises ImportFileError.
    ``data_only=False`` keeps formulas visible so an import can refuse them."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{path.name}：是旧版 Excel 97-2003 文件，请在 Excel 中另存为 .xlsx")
    if suffix not in (".xlsx", ".xlsm"):
        raise ImportFileError(f"{path.name}：只能导入 .xlsx 文件，而不是“{suffix or '无扩展名'}”")
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        zipguard.check_archive(path)
        return load_workbook(path, read_only=True, data_only=data_only)
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}：文件不存在") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"{path.name}：不是有效的 .xlsx 文件（{exc}）") from exc


def find_header(
    path: Path, number: int, texts: list[str], columns: tuple[str, ...]
) -> dict[int, str]:
    """{cell index: column} of a header row, ignoring the template's required-field stars;
    raises ImportFileError when the key column "单位名称" is missing."""
    found: dict[int, str] = {}
    for i, text in enumerate(texts):
        name = text.replace("*", "").replace("＊", "").strip()
        if name in columns and name not in found.values():
            found[i] = name
    if "单位名称" not in found.values():
        raise ImportFileError(
            f"{path.name}：第 {number} 行应为表头，缺少“单位名称”列（模板列：{'、'.join(columns)}）"
        )
    return found
