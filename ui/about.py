"""The About box: versions of the program and its parts, and every licence that ships with it."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gazette import APP_NAME, __version__
from gazette.resources import resource_path

if TYPE_CHECKING:
    from gazette.context import AppContext

# distribution name → (shown name, licence); versions are read from metadata, never by importing
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("psycopg", "psycopg 3", "LGPL-3.0"),
    ("reportlab", "ReportLab", "BSD"),
    ("pypdf", "pypdf", "BSD-3-Clause"),
    ("pypdfium2", "pypdfium2 / PDFium", "Apache-2.0 / BSD-3-Clause"),
    ("pillow", "Pillow", "MIT-CMU"),
    ("openpyxl", "openpyxl", "MIT"),
    ("python-docx", "python-docx", "MIT"),
    ("chinese-calendar", "chinese-calendar", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("rapidocr", "RapidOCR（含 PP-OCR 模型）", "Apache-2.0"),
    ("onnxruntime", "ONNX Runtime", "MIT"),
)


def component_versions() -> list[tuple[str, str, str]]:
    rows = [
        (APP_NAME, __version__, "Apache-2.0"),
        ("Python", platform.python_version(), "PSF-2.0"),
        ("Qt", qVersion(), "LGPL-3.0"),
    ]
    for dist, name, licence in COMPONENTS:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "未安装"
        if dist == "PySide6-Essentials" and version == "未安装":
            version = pyside_version
        rows.append((name, version, licence))
    return rows


def font_licences() -> list[tuple[str, str]]:
    """(file name, text) of every licence under resources/fonts/licenses, in name order."""
    folder = resource_path("fonts", "licenses")
    out = []
    for path in sorted(Path(folder).glob("*")) if folder.is_dir() else []:
        if path.is_file():
            out.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        head = QLabel(
            f"<h2 style='margin-bottom:2px'>{APP_NAME} {__version__}</h2>"
            "<p>政府公报报送台账、公报编排与历史公报数字化。</p>"
        )
        layout.addWidget(head)
        if ctx is not None:
            where = QLabel(
                f"数据库：{_escape(ctx.db.display_name())}<br>"
                f"数据目录：{_escape(str(ctx.data_dir))}"
            )
            layout.addWidget(where)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        versions = QTextBrowser()
        rows = "".join(
            f"<tr><td>{_escape(n)}</td><td>{_escape(v)}</td><td>{_escape(lic)}</td></tr>"
            for n, v, lic in component_versions()
        )
        versions.setHtml(
            "<table cellspacing=0 cellpadding=4 width='100%'>"
            "<tr><th align=left>组件</th><th align=left>版本</th><th align=left>许可证</th></tr>"
            f"{rows}</table>"
        )
        self.tabs.addTab(versions, "版本")

        self.licences = QTextBrowser()
        parts = [
            f"<h3>{_escape(name)}</h3><pre style='white-space:pre-wrap'>{_escape(text)}</pre>"
            for name, text in font_licences()
        ]
        self.licences.setHtml(
            "<p>随程序附带的字体及其许可证：</p>" + ("".join(parts) or "<p>（无）</p>")
        )
        self.tabs.addTab(self.licences, "字体许可证")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
