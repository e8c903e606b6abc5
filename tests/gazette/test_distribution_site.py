"""The e-gazette site names the 查阅点 of the distribution list, so citizens know where to read
the printed gazette, and every page's footer links to them."""

from __future__ import annotations

from pathlib import Path

from gazette.distribution import recipients as rcp
from gazette.site.build import build


def test_reading_points_page_lists_every_active_point(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        points = rcp.reading_points(uow.session)
        gone = next(r for r in rcp.list_recipients(uow.session) if r.category == "查阅点")
        rcp.set_active(uow.session, gone.id, False)
        uow.commit()
    out = tmp_path / "site"
    build(demo_ctx, out)
    page = (out / "reading.html").read_text("utf-8")
    shown = [(n, a) for n, a in points if n != gone.name]
    assert len(shown) >= 30
    assert all(name in page and address in page for name, address in shown)
    assert gone.name not in page
    assert 'href="reading.html">纸质公报查阅点' in (out / "index.html").read_text("utf-8")
