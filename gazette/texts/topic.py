"""主题分类 suggested from a document's subject, never from its issuer's name.

Matching words against the whole title put 人**民政**府 under 民政、扶贫、救灾 and every
住房和**城乡建设**局 notice under 城乡建设. The subject is the part after 关于 and before the
closing 的通知 / 的意见 …, with the issuer and any 人民政府 taken out, and only that is read.
"""

from __future__ import annotations

import re

from gazette.vocab import DEFAULT_TOPIC, TOPICS, canonical_kind

# first match wins; every name is one of gazette.vocab.TOPICS
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人事任免", ("任免", "任命", "免去", "聘任")),
    (
        "财政、金融、审计",
        ("财政", "预算", "金融", "审计", "税", "资金", "债", "公积金", "贷款", "贴息"),
    ),
    ("民政、扶贫、救灾", ("民政", "扶贫", "救灾", "救助", "养老", "社区", "最低生活保障")),
    (
        "城乡建设、环境保护",
        (
            "城乡",
            "建设",
            "住房",
            "住宅",
            "环境保护",
            "生态环境",
            "人居环境",
            "排污",
            "城镇",
            "老旧小区",
            "生态",
            "污染",
            "规划",
            "城市",
            "垃圾",
            "户外广告",
        ),
    ),
    ("农业、林业、水利", ("农业", "农村", "林业", "水利", "粮食", "乡村", "河湖")),
    ("工业、交通", ("工业", "交通", "运输", "制造", "道路", "公路", "电动车")),
    ("商贸、海关、旅游", ("商贸", "商务", "旅游", "口岸", "外贸", "招商")),
    ("市场监管、安全生产监管", ("市场", "安全生产", "食品", "药品", "质量")),
    ("科技、教育", ("科技", "教育", "学校", "创新", "人才", "校服")),
    ("文化、广电、新闻出版", ("文化", "文物", "广电", "出版")),
    ("卫生、体育", ("卫生", "医疗", "健康", "疾病", "体育")),
    ("劳动、人事、监察", ("劳动", "就业", "社会保险", "工资", "公务员", "职业技能", "考核")),
    ("公安、安全、司法", ("公安", "司法", "治安", "消防")),
    (
        "国民经济管理、国有资产监管",
        ("经济", "发展", "国有资产", "统计", "价格", "投资", "公共资源", "营商环境"),
    ),
)
assert all(name in TOPICS for name, _ in KEYWORDS)

_ENDINGS = re.compile(r"的(通知|意见|实施意见|批复|决定|通告|公告|报告|函|复函|规定|办法)$")


def subject(title: str, issuer: str = "") -> str:
    """The subject of a title: after 关于, before its closing 的通知 …, without the issuer."""
    text = re.sub(r"\s+", "", title or "")
    if "关于" in text:
        text = text.split("关于", 1)[1]
    text = _ENDINGS.sub("", text)
    for name in sorted({issuer, "人民政府办公室", "人民政府"} - {""}, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def suggest(title: str, issuer: str = "", kind: str | None = None) -> str:
    """The 主题分类 a document most likely has; 综合政务 when the subject names no field."""
    if canonical_kind(kind) == "人事任免":
        return "人事任免"
    words = subject(title, issuer)
    for name, keys in KEYWORDS:
        if any(k in words for k in keys):
            return name
    return DEFAULT_TOPIC


def check(value: str) -> str:
    """An editor's 主题分类, checked against the list; a Chinese error otherwise."""
    value = (value or "").strip()
    if value not in TOPICS:
        raise ValueError(f"主题分类“{value}”无法识别，应为：" + "、".join(TOPICS))
    return value
