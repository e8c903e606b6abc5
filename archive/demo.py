"""Demo data for the backlog (``gazette archive demo``): 20 years of monthly issues in the
register, states advanced over the last weeks by three people, a plan, a 缺期, more than a
quarter of the issues catalogued with their articles' text (so 按期浏览, 查阅 and the site show
them), issues waiting at every step, and generated scans for one issue (ingested) and another
(left in the folder ``演示扫描件`` for a person to try ingesting).

``load_office`` loads the whole demo office, the core's parts and this backlog, in one run: it
lives in archive/ because gazette/ never imports archive/. ``gazette demo`` and the first-run
wizard both call it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import func, select

from archive import catalogue, plan, register, synth, workflow
from archive.demo_articles import articles
from archive.ingest import ingest
from archive.models import ArchiveEntry
from archive.register import Period
from gazette import demo as office_demo
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.auth import mutating, require
from gazette.progress import Reporter

PEOPLE = ("李档案", "王扫描", "赵校对")
CATALOGUED, PUBLISHED = 68, 62  # of 240 regular issues: more than a quarter carry their text
PILOT = 56  # of them, published in a pilot before the plan began
GAZETTE = "宿迁市人民政府公报"
ARTICLES = (
    ("市政府文件", "宿政发〔{y}〕{n}号", "宿迁市人民政府关于加强政府信息公开工作的通知"),
    ("市政府办公室文件", "宿政办发〔{y}〕{n}号", "宿迁市人民政府办公室关于印发档案管理办法的通知"),
)


def issue_scans(
    folder: Path, year: int, number: int, serial: int, published: dt.date
) -> list[Path]:
    """A cover and two article pages for one issue, as 300 dpi PNG files."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = [synth.cover_page(year, number, serial, f"{published:%Y年%-m月%-d日}", GAZETTE)]
    for i, (section, num, title) in enumerate(ARTICLES):
        pages.append(
            synth.article_page(
                year * 100 + number * 10 + i,
                section=section,
                doc_number=num.format(y=year, n=10 + i * 7),
                title=title,
                date=f"{year}年{published.month}月{max(1, published.day - 5 + i)}日",
            )
        )
    paths = []
    for k, page in enumerate(pages, start=1):
        path = folder / f"{year}-{number:02d}-p{k:03d}.png"
        page.image.save(path, dpi=(300, 300))
        paths.append(path)
    return paths


def _catalogue(ctx: AppContext, entry_ids: list[int]) -> None:
    """The articles of every issue the demo's 编目 step has reached, confirmed as a person would."""
    rng = random.Random(2001)
    with UnitOfWork(ctx.db, user="赵校对", role="archivist") as uow:
        for row in register.rows(uow, entry_ids):
            catalogue.confirm(uow, row.entry_id, articles(row.year, row.number, rng))
        uow.commit()


def load_office(ctx: AppContext, reporter: Reporter | None = None) -> None:
    """The whole demo office in one run: the core's parts, then twenty years of history, then
    the search index over both (what ``gazette demo`` and the first-run wizard load)."""
    office_demo.load(
        ctx,
        reporter,
        more=[("历史公报：二十年登记、编目与扫描件", lambda c, _rng: _history(c))],
    )


def _history(ctx: AppContext) -> None:
    load(ctx)


@mutating
def load(ctx: AppContext, today: dt.date | None = None) -> list[str]:
    """Fill the backlog; refuses a database whose register is not empty."""
    require(ctx, "settings.write")  # only an administrator fills a database with demo data
    with ctx.uow() as uow:
        if uow.session.scalar(select(func.count()).select_from(ArchiveEntry)):
            raise ValueError("登记簿中已有数据，演示数据只能载入空登记簿")
    today = today or dt.date.today()
    start = today - dt.timedelta(weeks=20)
    with ctx.uow() as uow:
        register.register_period(uow, Period((2001, 1), (2020, 12), "monthly", 1))
        register.add_supplement(uow, 2008, dt.date(2008, 6, 1), note="抗震救灾专刊")
        plan.create_plan(uow, start)
        uow.commit()
    with ctx.uow() as uow:
        ids = [r.entry_id for r in register.rows(uow) if r.supplement == 0]
    # boxes found year by year; each later step a little behind the one before
    targets = {
        "located": 150,
        "scanned": 110,
        "ocred": 90,
        "proofread": 80,
        "catalogued": CATALOGUED,
        "published": PUBLISHED,
    }
    # a pilot before the plan: the first years done end to end, so the plan starts behind
    pilot_at = dt.datetime.combine(start - dt.timedelta(days=60), dt.time(10))
    with UnitOfWork(ctx.db, user=PEOPLE[2], role="archivist") as uow:
        for step in ("ocred", "published"):  # 已校对 only from 已识别: recognised first
            workflow.advance(
                uow, ids[:PILOT], step, location="市档案馆 1 号库", note="试点", at=pilot_at
            )
        uow.commit()
    for week in range(1, 20, 2):  # work recorded fortnightly, so the plan has a pace to show
        when = dt.datetime.combine(start + dt.timedelta(weeks=week, days=2), dt.time(10))
        for k, (step, total) in enumerate(targets.items()):
            person = PEOPLE[k % 3]
            upto = round(total * (week + 1) / 20)
            sel = ids[:upto]
            with UnitOfWork(ctx.db, user=person, role="archivist") as uow:
                rows = {r.entry_id: r for r in register.rows(uow, sel)}
                todo = [e for e in sel if workflow.index(rows[e].state) < workflow.index(step)]
                if todo:
                    year = rows[todo[0]].year
                    location = f"市档案馆 {1 + year % 3} 号库"
                    workflow.advance(
                        uow, todo, step, location=location, at=when + dt.timedelta(hours=k)
                    )
                uow.commit()
    with ctx.uow() as uow:
        workflow.send_back(
            uow,
            ids[75:76],
            "ocred",
            "第 5 页有两行漏识别，需重新校对",
            at=dt.datetime.combine(today, dt.time(9)),
        )
        workflow.assign(uow, ids[150:170], "李档案")
        workflow.assign(uow, ids[90:110], "王扫描")
        workflow.assign(uow, ids[80:90], "赵校对")
        workflow.mark_missing(uow, ids[200:201], "市档案馆、市图书馆地方文献室、市政府办公室资料室")
        workflow.mark_missing(uow, ids[213:214], "市档案馆、原编辑部老同志家中")
        uow.commit()
    _catalogue(ctx, ids[:CATALOGUED])
    # generated scans: 2020年第12期 ingested now; 2020年第11期 left in a folder to try
    scans = ctx.data_dir / "演示扫描件"
    with ctx.uow() as uow:
        by_label = {r.label: r for r in register.rows(uow)}
        workflow.locate(
            uow,
            [by_label["2020年第12期"].entry_id, by_label["2020年第11期"].entry_id],
            "市档案馆 1 号库",
            "B-2020",
        )
        uow.commit()
    r12, r11 = by_label["2020年第12期"], by_label["2020年第11期"]
    assert r12.serial and r11.serial and r12.published_on and r11.published_on
    paths = issue_scans(scans / "2020-12", 2020, 12, r12.serial, r12.published_on)
    issue_scans(scans / "2020-11", 2020, 11, r11.serial, r11.published_on)
    report = ingest(ctx, paths, r12.entry_id)
    return [
        "已登记 2001–2020 年月刊 240 期及增刊 1 期，制定三年计划",
        f"已编目 {CATALOGUED} 期（含正文，可检索），其中 {PUBLISHED} 期已发布",
        f"已生成并入库 2020年第12期 扫描件 {report.pages} 页（待识别）",
        f"可试入库的扫描件：{scans / '2020-11'}",
    ]
