"""Open-government metadata for a document page: 索引号 and 主题分类.

Neither is in the shared model yet, so both are derived deterministically (a structure may carry
``index_no`` / ``topic`` to override them): the 索引号 from the issue and the document's place in
it, the 主题分类 from the title by keywords, after the State Council's 公文主题分类 headings.
"""

from __future__ import annotations

from typing import Any

from gazette.site.collect import SiteDoc, SiteIssue

# first match wins; checked against the title
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人事任免", ("任免", "任命", "免去", "聘任")),
    ("财政、金融、审计", ("财政", "预算", "金融", "审计", "税", "资金", "债")),
    ("城乡建设、环境保护", ("城乡", "建设", "住房", "环境", "生态", "污染", "规划", "城市")),
    ("农业、林业、水利", ("农业", "农村", "林业", "水利", "粮食", "乡村")),
    ("工业、交通", ("工业", "交通", "运输", "制造", "道路")),
    ("商贸、海关、旅游", ("商贸", "商务", "旅游", "口岸", "外贸")),
    ("市场监管、安全生产监管", ("市场", "安全生产", "食品", "药品", "质量")),
    ("科技、教育", ("科技", "教育", "学校", "创新", "人才")),
    ("文化、广电、新闻出版", ("文化", "文物", "广电", "出版", "体育")),
    ("卫生、体育", ("卫生", "医疗", "健康", "疾病")),
    ("劳动、人事、监察", ("劳动", "就业", "社会保险", "工资", "公务员")),
    ("公安、安全、司法", ("公安", "司法", "消防", "治安")),
    ("民政、扶贫、救灾", ("民政", "扶贫", "救灾", "救助", "养老", "社区")),
    ("国民经济管理、国有资产监管", ("经济", "发展", "国有资产", "统计", "价格")),
)
DEFAULT_TOPIC = "综合政务"


def topic(doc: SiteDoc, structure: dict[str, Any] | None) -> str:
    if structure and structure.get("topic"):
        return str(structure["topic"])
    if doc.kind == "人事任免":
        return "人事任免"
    for name, words in TOPICS:
        if any(w in doc.title for w in words):
            return name
    return DEFAULT_TOPIC


def index_no(doc: SiteDoc, issue: SiteIssue, structure: dict[str, Any] | None) -> str:
    """A stable catalogue number: year, issue, place in the issue."""
    if structure and structure.get("index_no"):
        return str(structure["index_no"])
    place = next((n for n, d in enumerate(issue.docs, 1) if d.id == doc.id), 0)
    part = f"Z{issue.supplement}" if issue.supplement else f"{issue.number:02d}"
    prefix = "LS" if issue.historical else "GB"
    return f"{prefix}{issue.year}-{part}-{place:03d}"
