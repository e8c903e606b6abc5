"""The gazette's shared words, each defined once: document kinds, the disclosure values and
rule, an issue's label, and the submissions desk's statuses.

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

from enum import StrEnum

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

# 公开属性 as GB/T 9704 prints it under the date (without its brackets); the first publishes.
DISCLOSURES: tuple[str, ...] = ("此件公开发布", "此件依申请公开", "此件部分公开", "此件不予公开")
PUBLIC_DISCLOSURE = DISCLOSURES[0]
# The words that refuse publication, as found inside a disclosure line: 依申请公开 …
REFUSED_DISCLOSURES: tuple[str, ...] = tuple(d.removeprefix("此件") for d in DISCLOSURES[1:])


def issue_label(year: int, number: int, supplement: int = 0) -> str:
    """An issue's name as readers cite it: 2026年第11期; a supplement 2001年增刊, 2001年增刊2.

    The register numbers a year's supplements 1, 2 …; the first is cited without its number.
    """
    if supplement:
        return f"{year}年增刊{supplement}" if supplement > 1 else f"{year}年增刊"
    return f"{year}年第{number}期"


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


# An issue's status codes, in their order, with the word every screen, the command line and the
# audit trail show for each (planning → proof → final → published).
ISSUE_STATUSES: dict[str, str] = {
    "planning": "编排中",
    "proof": "校样",
    "final": "定稿",
    "published": "已发布",
}

# 政策解读 travels with its document (open-government rules, items 7 and 9) -----------------------
INTERPRETATION = "政策解读"
# DocumentLink.relation: source is the 政策解读 item, target the document it interprets
INTERPRETS = "解读"
INTERPRETATION_MATERIALS: tuple[str, ...] = ("解读方案", "解读材料")
INTERPRETATION_FORMS: tuple[str, ...] = ("文字", "图解", "音视频", "问答")
# the portal rule: an interpretation appears within this many working days of its document
INTERPRETATION_PORTAL_DAYS = 3

# 退文: a submission the desk sends back; its history event kinds
RETURNED = "退文"
RESUBMITTED = "重新报送"
RETURN_REASONS: tuple[str, ...] = ("解读材料不齐全", "未标注公开属性", "公开属性理由缺失", "其他")

# 主题分类: the State Council portal's classes the site has always shown, suggested from the
# subject of a title (never the issuer's name) and stored on the document once confirmed
TOPICS: tuple[str, ...] = (
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "城乡建设、环境保护",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "人事任免",
)
DEFAULT_TOPIC = TOPICS[0]


class SubmissionStatus(StrEnum):
    """Where a document stands against its submission deadline (see gazette.submissions.status).

    The value is a stable code, the one stored (``reminder_items.status``, at most 8 letters)
    and compared; ``label`` is what people read. A new status is one line here, in the order
    the desk's filter lists them.
    """

    label: str

    ON_TIME = "on_time", "按时报送"
    LATE = "late", "逾期报送"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "逾期未报"
    PENDING = "pending", "待报送"
    UNCOVERED = "no_cal", "日历未覆盖"

    def __new__(cls, code: str, label: str) -> SubmissionStatus:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def from_label(cls, label: str) -> SubmissionStatus:
        """The status a person named (e.g. 逾期未报 on the command line); ValueError if none."""
        for status in cls:
            if label in (status.label, status.value):
                return status
        raise ValueError(f"状态“{label}”无法识别，应为：" + "、".join(s.label for s in cls))


# A copy of a printed issue sent to a recipient (赠阅发行): whether it has arrived.
RECEIPT_STATUSES: dict[str, str] = {"pending": "未确认", "received": "已签收", "returned": "退回"}
