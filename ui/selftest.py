"""``--self-test REPORT.json``: what packaging/smoke.py asks of a freshly built bundle.

It proves the bundle is complete, not that features are right (the tests do that): the main window
opens, the database is created and migrated to head, Qt's Chinese translations and the bundled
fonts load, every wing opens, the OCR models are inside, the demo data loads on a worker thread,
and — once the layout wing provides ``gazette.issues.render.render_issue`` — the demo issue's PDF builds.
"""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from gazette.progress import Reporter
from ui import ops

log = logging.getLogger(__name__)


def _ocr_models() -> list[str]:
    from importlib.resources import files

    folder = files("rapidocr") / "models"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".onnx"))


def _schema(ctx: Any) -> dict[str, Any]:
    from gazette.db.migrate import current_revisions, known_revisions

    heads, _all = known_revisions(ctx.db)
    current = current_revisions(ctx.db)
    return {"current": sorted(current), "heads": sorted(heads), "at_head": current == heads}


def planned_issue(uow: Any) -> int | None:
    """The demo's first issue not yet published: the one 公报编排 would typeset next."""
    from gazette.issues.planning import list_issues

    return next((r.id for r in list_issues(uow) if r.status != "published"), None)


def build_demo_pdf(
    ctx: Any, issue_id: int | None, out_dir: Path, reporter: Reporter
) -> dict[str, Any]:
    """Typeset the demo's planned issue to its print edition, as 公报编排 would."""
    from pypdf import PdfReader

    from gazette.issues.render import render_issue

    if issue_id is None:
        return {"status": "failed", "reason": "演示数据中没有待编排的期次"}
    result = render_issue(ctx, issue_id, out_dir, reporter, "print")
    built = result.files[0].path
    return {"status": "ok", "path": str(built), "pages": len(PdfReader(built).pages)}


def start_self_test(window: Any, report_path: str) -> None:
    """Run the checks once the event loop is up; write the report and close the window."""
    report: dict[str, Any] = {"ok": False}
    path = Path(report_path)

    def finish(error: str = "") -> None:
        if error:
            report["error"] = error
        report["ok"] = not error and report.get("demo_pdf", {}).get("status") != "failed"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        window.close()

    def after_demo(_result: object) -> None:
        out_dir = path.parent / "selftest-issue"

        def built(res: dict[str, Any]) -> None:
            report["demo_pdf"] = res
            finish()

        def build(issue_id: int | None) -> None:
            ops.run_job(
                window,
                "生成演示期次 PDF",
                lambda r: build_demo_pdf(window.ctx, issue_id, out_dir, r),
                built,
                on_error=lambda msg, det: finish(f"生成 PDF 失败：{msg}\n{det}"),
            )

        ops.run_query(
            window,
            "查找待编排期次",
            planned_issue,
            build,
            on_error=lambda msg, det: finish(f"查找待编排期次失败：{msg}\n{det}"),
        )

    def run() -> None:
        try:
            app = QApplication.instance()
            assert app is not None  # the self-test runs inside the app
            report["window_visible"] = bool(window.isVisible())
            report["window_title"] = window.windowTitle()
            report["translations"] = list(app.property("gazette_translations") or [])
            report["fonts"] = sorted(
                f for f in QFontDatabase.families() if "WenQuanYi" in f or "Micro Hei" in f
            )
            sqlite = window.ctx.db.sqlite_file
            report["database"] = window.ctx.db.display_name()
            report["database_file_exists"] = bool(sqlite and Path(sqlite).exists())
            report["schema"] = _schema(window.ctx)
            report["wings"] = {}
            for key in window.wing_keys():
                report["wings"][key] = type(window.open_wing(key)).__name__
            report["ocr_models"] = _ocr_models()
            from ui.help import guide_dir

            report["guide"] = (guide_dir() / "index.md").exists()
        except Exception:
            finish(traceback.format_exc())
            return
        from archive import demo as archive_demo
        from gazette import demo

        def load(r: Reporter) -> None:
            if demo.is_empty(window.ctx):
                archive_demo.load_office(window.ctx, r)  # as the wizard loads it

        ops.run_job(
            window,
            "载入演示数据",
            load,
            after_demo,
            on_error=lambda msg, det: finish(f"载入演示数据失败：{msg}\n{det}"),
        )

    QTimer.singleShot(0, run)
