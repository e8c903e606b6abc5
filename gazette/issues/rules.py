"""The rules an issue must pass before it is built, each failure with its reason.

- Disclosure: ``gazette.vocab.may_publish`` (the one rule, shared with the desk and the site): a
  公文 must carry 此件公开发布; 令, 人事任免, 政策解读, 人大 决定 and 公告 are public by nature.
- No document twice, no empty section (a section switched off for the issue is not checked; an
  issue with no items at all is refused).
- Advertising: nothing that looks like commercial advertising, by a configurable word list; an
  editor may override a false alarm, and the override is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import AdOverride, Document, Setting
from gazette.db.uow import UnitOfWork
from gazette.office.auth import mutating, require
from gazette.vocab import may_publish

if TYPE_CHECKING:
    from gazette.issues.planning import IssuePlan


AD_WORDS_KEY = "issues.ad_words"
DEFAULT_AD_WORDS = (
    "特价",
    "促销",
    "优惠价",
    "打折",
    "折扣价",
    "大酬宾",
    "欢迎选购",
    "欢迎惠顾",
    "订购热线",
    "招商热线",
    "加盟",
    "限时抢购",
    "包邮",
    "厂家直销",
    "全场",
    "买一送一",
    "广告",
)


@dataclass(frozen=True)
class Problem:
    code: str  # disclosure / duplicate / empty_section / empty_issue / advertising / no_text /
    # no_title
    message: str
    document_id: int | None = None
    section: str = ""
    word: str = ""


@dataclass(frozen=True)
class DocFacts:
    kind: str
    disclosure: str | None
    text: str
    label: str  # 发文字号 or title, to name the document in messages
    title: str | None = None  # the title printed (None: not known to the caller)


def is_public(kind: str, disclosure: str | None) -> tuple[bool, str]:
    """Whether a document may be printed, and the reason when not (``vocab.may_publish``)."""
    return may_publish(kind, disclosure)


def check_plan(
    plan: IssuePlan,
    texts: dict[int, DocFacts],
    ad_words: Iterable[str],
    overrides: set[tuple[int, str]],
    duplicates: Iterable[int] = (),
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set(duplicates)
    for doc_id in seen:
        problems.append(Problem("duplicate", f"文件（id={doc_id}）在本期中出现了两次", doc_id))
    total = 0
    counted: set[int] = set()
    for section in plan.sections:
        total += len(section.items)
        for item in section.items:
            facts = texts[item.document_id]
            if item.document_id in counted and item.document_id not in seen:
                problems.append(
                    Problem("duplicate", f"“{facts.label}”在本期中出现了两次", item.document_id)
                )
            counted.add(item.document_id)
            ok, why = is_public(facts.kind, facts.disclosure)
            if not ok:
                problems.append(
                    Problem(
                        "disclosure",
                        f"“{facts.label}”不能刊登：{why}",
                        item.document_id,
                        section.name,
                    )
                )
            if facts.title is not None and not facts.title.strip():
                problems.append(
                    Problem(
                        "no_title",
                        f"“{facts.label}”没有标题，不能排版：请在“文件”中打开它，补上标题后再排版",
                        item.document_id,
                        section.name,
                    )
                )
            if not facts.text.strip():
                problems.append(
                    Problem(
                        "no_text",
                        f"“{facts.label}”还没有正文，不能排版",
                        item.document_id,
                        section.name,
                    )
                )
            for word in ad_words:
                if word and word in facts.text and (item.document_id, word) not in overrides:
                    problems.append(
                        Problem(
                            "advertising",
                            f"“{facts.label}”含疑似商业广告用语“{word}”（如属误报，可由编辑确认放行）",
                            item.document_id,
                            section.name,
                            word,
                        )
                    )
    if total == 0:
        problems.append(Problem("empty_issue", "本期还没有编排任何文件"))
    else:
        for section in plan.sections:
            if not section.items and section.id != -1 and not section.off:
                problems.append(
                    Problem(
                        "empty_section",
                        f"栏目“{section.name}”没有文件：请添加文件或停用该栏目",
                        section=section.name,
                    )
                )
    return problems


def load_ad_words(session: Session) -> list[str]:
    row = session.get(Setting, AD_WORDS_KEY)
    return list(row.value) if row is not None and row.value is not None else list(DEFAULT_AD_WORDS)


@mutating
def save_ad_words(uow: UnitOfWork, words: list[str]) -> None:
    require(uow, "settings.write")
    clean = sorted({w.strip() for w in words if w.strip()})
    row = uow.session.get(Setting, AD_WORDS_KEY)
    if row is None:
        uow.session.add(Setting(key=AD_WORDS_KEY, value=clean))
    else:
        row.value = clean


def ad_overrides(session: Session, issue_id: int) -> set[tuple[int, str]]:
    rows = session.execute(
        select(AdOverride.document_id, AdOverride.word).where(AdOverride.issue_id == issue_id)
    )
    return {(d, w) for d, w in rows}


@mutating
def override_ad(uow: UnitOfWork, issue_id: int, document_id: int, word: str, reason: str) -> None:
    """Record an editor's judgement that an advertising hit is a false alarm."""
    require(uow, "issues.write")
    if not reason.strip():
        raise ValueError("放行疑似广告用语必须写明理由")
    uow.session.add(
        AdOverride(
            issue_id=issue_id, document_id=document_id, word=word, reason=reason, by=uow.user
        )
    )


def document_texts(session: Session, ids: list[int]) -> dict[int, DocFacts]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            Document.id,
            Document.kind,
            Document.disclosure,
            Document.body_text,
            Document.doc_number,
            Document.title,
            Document.structure,
        ).where(Document.id.in_(ids))
    )
    # the title printed is the structured text's, when there is one
    return {
        i: DocFacts(
            kind,
            disc,
            body or "",
            number or title or f"文件（id={i}）",
            (structure or {}).get("title", title) or "",
        )
        for i, kind, disc, body, number, title, structure in rows
    }
