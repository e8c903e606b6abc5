"""The gazette's shared words, each defined once: document kinds and the disclosure rule.

A document's *kind* says what it is, and with it whether it may be printed without a
disclosure line. The issue rules, the submissions desk and the public site all ask
``may_publish`` here, so they cannot disagree.

- 公文 (a regular official document) is public only when it carries 此件公开发布.
- 令, 人事任免, 政策解读, 决定 (of a 人民代表大会 or its 常务委员会) and 公告 are public by
  nature: they are made to be published, and carry no disclosure line.
- 其他, and any kind not listed, is treated like a 公文: it needs 此件公开发布.

Older records may carry 通告, 公示 or 勘误: they read as 公告 (``canonical_kind``).
"""

from __future__ import annotations

GONGWEN = "公文"
OTHER = "其他"

# The kinds an editor chooses from, in the order the screens and the command line list them.
KINDS: tuple[str, ...] = (GONGWEN, "令", "人事任免", "政策解读", "决定", "公告", OTHER)

# What each kind means, for a tooltip or a help line.
KIND_HELP: dict[str, str] = {
    GONGWEN: "通知、意见、办法、批复等公文，须标明“此件公开发布”",
    "令": "政府令、主席令等，依其性质公开",
    "人事任免": "任免名单，依其性质公开",
    "政策解读": "政策解读材料，依其性质公开",
    "决定": "人民代表大会及其常务委员会的决定，依其性质公开",
    "公告": "公告、通告、公示，依其性质公开",
    OTHER: "其他材料，须标明“此件公开发布”",
}

# Kinds the code used before the list above; read as the kind they stand for.
KIND_ALIASES: dict[str, str] = {
    "通告": "公告",
    "公示": "公告",
    "勘误": "公告",
    "命令": "令",
    "任免": "人事任免",
    "解读": "政策解读",
}

PUBLIC_BY_NATURE: frozenset[str] = frozenset({"令", "人事任免", "政策解读", "决定", "公告"})

PUBLIC_DISCLOSURE = "此件公开发布"
REFUSED_DISCLOSURES = ("依申请公开", "部分公开", "不予公开")


def canonical_kind(kind: str | None) -> str:
    """The kind as one of ``KINDS`` where it is one or an alias of one; else as given."""
    value = (kind or "").strip() or GONGWEN
    return KIND_ALIASES.get(value, value)


def parse_kind(value: str) -> str:
    """An editor's kind, checked: one of ``KINDS`` or an alias; a Chinese error otherwise."""
    kind = canonical_kind(value)
    if kind not in KINDS:
        raise ValueError(f"文件类型“{value.strip()}”无法识别，应为：" + "、".join(KINDS))
    return kind


def public_by_nature(kind: str | None) -> bool:
    return canonical_kind(kind) in PUBLIC_BY_NATURE


def needs_disclosure(kind: str | None) -> bool:
    """Whether the kind must carry 此件公开发布 to be printed or put on the site."""
    return not public_by_nature(kind)


def disclosure_verdict(disclosure: str | None) -> tuple[bool, str]:
    """Whether a stated disclosure allows publication, and why not in Chinese."""
    value = (disclosure or "").strip().strip("（）()").strip()
    if not value:
        return False, "没有公开属性，必须标明“此件公开发布”"
    if any(word in value for word in REFUSED_DISCLOSURES):
        return False, f"公开属性为“{value}”，只有“此件公开发布”的文件可以刊登"
    if value != PUBLIC_DISCLOSURE:
        return False, f"公开属性“{value}”无法识别，必须是“此件公开发布”"
    return True, ""


def may_publish(kind: str | None, disclosure: str | None) -> tuple[bool, str]:
    """The publication rule for a current document: its kind, else its disclosure."""
    if public_by_nature(kind):
        return True, ""
    ok, why = disclosure_verdict(disclosure)
    return ok, "" if ok else f"{canonical_kind(kind)}{why}"


# A copy of a printed issue sent to a recipient (赠阅发行): whether it has arrived.
RECEIPT_STATUSES: dict[str, str] = {"pending": "未确认", "received": "已签收", "returned": "退回"}
