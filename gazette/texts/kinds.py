"""A document's kind, found from its text where the text says it (``gazette.vocab.KINDS``).

An imported document was always a 公文, so a 令, a 人大 decision or an appointment list was
refused for lacking 此件公开发布 although it is public by nature. The text usually says what it
is; when it does not, the answer is ``None`` and the caller keeps 公文 (which needs the
disclosure line: the safe default). An editor can always override the kind.

Signs, first match wins:

- 令: a header line ending in 令 (中华人民共和国国务院令, 宿迁市人民政府令) with a 第N号 line;
- 政策解读: a title that speaks of 解读;
- 其他: a form an office fills in, named by its title (发票, 回单, 许可证, 文件处理单, 立案决定书):
  not a 公文 and not printed in a gazette;
- a 批复 or 函 answers one organ's request: it stays a 公文 even when what it approves is a
  resignation or an appointment (关于同意张某同志辞职的批复);
- 人事任免: a title with 任免 / 任命 / 免去 / 免职 / 聘任 / 辞去, or a body that is mostly
  appointment lines (任命…为…, 免去…职务) — also under a 令 header (a 主席令 that appoints);
- 决定: a title 关于…的决定 made by a 人民代表大会 or its 常务委员会 (title, header, 题注 or
  signature says so); a government's 决定 stays a 公文;
- 公告: a title ending in 公告, 通告, 公示 or 公报, or a 统计报告 (a statistical bulletin or
  report is a public release);
- 其他: a law, regulation or 规章 printed on its own (a title ending in 法, 条例, 规定, 办法,
  细则 or 规则, no 发文字号, no 主送, and a 题注 or articles 第一条…), which is not a 公文;
- 其他: a list, table or syllabus an office attaches to a notice (名单, 职位表, 一览表, 目录,
  大纲, 指南, 指导原则), printed on its own with no 发文字号, no 主送 and no 公开 line.
"""

from __future__ import annotations

import re

from gazette.texts.model import DocumentText

ORDER_HEADER = re.compile(r"^.{2,30}令$")
NUMBER = r"[（(]?第[0-9０-９一二三四五六七八九十百千〇零]+号[）)]?"
ORDER_NUMBER = re.compile(rf"^{NUMBER}$")
ORDER_JOINED = re.compile(rf"^.{{2,30}}令{NUMBER}$")  # header and number read as one line
INTERPRETATION = re.compile(r"解读")
APPOINTMENT_TITLE = re.compile(r"任免|任命|免去|免职|聘任|辞去|辞职")
APPOINTMENT_LINE = re.compile(r"任命.{1,40}为|免去.{1,60}职务|聘任.{1,40}为")
FORM_TITLE = re.compile(
    r"(发票|回单|凭证|许可证|执照|证书|文件处理单?|登记表|决定书|通知书)(（[^）]*）)?$"
)
REPLY_TITLE = re.compile(r"(批复|复函|函)$")
DECISION_TITLE = re.compile(r"^.*关于.+的决定$")
CONGRESS = "人民代表大会"
NOTICE_TITLE = re.compile(r"(公告|通告|公示|公报|统计报告)(（[^）]*）)?$")
LIST_TITLE = re.compile(
    r"(名单|名册|名录|职位表|一览表|目录|大纲|指南|指导原则)([（(][^）)]*[）)])?$"
)
STATUTE_TITLE = re.compile(r"(法|条例|规定|办法|细则|规则)(（[^）]*）)?$")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条")
# how many leading lines may hold a 令 header (版头, number, title)
HEAD_LINES = 6


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _head(doc: DocumentText) -> list[str]:
    """The first printed lines, with the 版头 the gazette does not print."""
    lines = [doc.header or "", doc.doc_number or "", doc.title]
    lines += [b.text for b in doc.blocks[:HEAD_LINES] if b.kind != "table"]
    return [_squash(x) for x in lines if x and x.strip()]


def _is_order(doc: DocumentText) -> bool:
    head = _head(doc)
    if any(ORDER_JOINED.match(x) for x in head):
        return True
    has_header = any(ORDER_HEADER.match(x) and "命令" not in x for x in head)
    return has_header and any(ORDER_NUMBER.match(x) for x in head)


def _is_appointment(doc: DocumentText) -> bool:
    if APPOINTMENT_TITLE.search(_squash(doc.title)):
        return True
    return _appoints(doc)


def _appoints(doc: DocumentText) -> bool:
    """A body that is mostly appointment lines (任命…为…, 免去…职务)."""
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph" and b.text.strip()]
    hits = sum(bool(APPOINTMENT_LINE.search(p)) for p in paragraphs)
    return hits >= 2 and hits * 2 >= len(paragraphs)


def _is_congress_decision(doc: DocumentText) -> bool:
    title = _squash(doc.title)
    if not DECISION_TITLE.match(title):
        return False
    subtitle = getattr(doc, "subtitle", None)  # 题注, where the model has it
    makers = [title, _squash(doc.header), _squash(subtitle), *map(_squash, doc.signature)]
    makers += [_squash(b.text) for b in doc.blocks[:2] if b.kind == "paragraph"]
    return any(CONGRESS in m for m in makers)


def _is_statute(doc: DocumentText) -> bool:
    """A law, regulation or 规章 printed on its own, not inside a 公文 that issues it."""
    if doc.doc_number or doc.addressees or not STATUTE_TITLE.search(_squash(doc.title)):
        return False
    if getattr(doc, "subtitle", None):
        return True
    texts = [_squash(b.text) for b in doc.blocks[:HEAD_LINES] if b.kind != "table"]
    return any(ARTICLE.match(t) for t in texts)


def detect_kind(doc: DocumentText) -> str | None:
    """The kind the text declares, or ``None`` when it declares none (then: 公文)."""
    title = _squash(doc.title)
    if _is_order(doc):
        return "人事任免" if _appoints(doc) else "令"
    if INTERPRETATION.search(title):
        return "政策解读"
    if FORM_TITLE.search(title):
        return "其他"
    if REPLY_TITLE.search(title):
        return None
    if _is_appointment(doc):
        return "人事任免"
    if _is_congress_decision(doc):
        return "决定"
    if NOTICE_TITLE.search(title):
        return "公告"
    if _is_statute(doc) or _is_list(doc):
        return "其他"
    return None


def _is_list(doc: DocumentText) -> bool:
    """An attached list or syllabus printed on its own (名单, 职位表, 大纲), not a 公文."""
    if doc.doc_number or doc.addressees or doc.disclosure:
        return False
    return bool(LIST_TITLE.search(_squash(doc.title)))
