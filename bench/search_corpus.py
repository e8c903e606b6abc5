"""A synthetic thirty-year gazette archive for the search benchmark and tests.

Vocabulary, issuers and 发文字号 follow a municipal gazette; single characters are drawn with the
frequencies of real gazette text (a built-in passage, plus any sample files given), with a long
tail of rarer characters so that one-character queries range from everywhere to nowhere.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from gazette import vocab

SEED_TEXT = (
    "为贯彻落实省政府办公厅关于印发全面推进政务公开工作实施细则的通知文件精神，进一步明确我市全面"
    "推进政务公开工作的任务要求，深入开展政府信息公开标准化和基层政务公开标准化规范化两项试点工作，"
    "着力提升全市政务公开工作的质量和水平，现就有关事项通知如下。政务公开是行政机关全面推进决策、执行、"
    "管理、服务、结果全过程公开，加强政策解读、回应关切、平台建设、数据开放，保障公众知情权、参与权、"
    "表达权和监督权，增强政府公信力执行力，提升政府治理能力的制度安排。各地各部门要充分认识做好政务"
    "公开工作的重要性，切实增强工作责任感，坚持公开为常态、不公开为例外。各县、区人民政府，市各开发区、"
    "新区、园区管委会，市各有关部门和单位要加强组织领导，明确责任分工，建立健全工作机制，强化监督检查，"
    "确保各项任务落到实处。本办法自发布之日起施行，有效期五年。"
)

WORDS = [
    "政务",
    "公开",
    "政府",
    "信息",
    "工作",
    "管理",
    "服务",
    "建设",
    "发展",
    "推进",
    "落实",
    "加强",
    "实施",
    "规定",
    "办法",
    "通知",
    "意见",
    "决定",
    "批复",
    "公告",
    "通告",
    "部门",
    "单位",
    "市场",
    "监督",
    "检查",
    "安全",
    "生产",
    "环境",
    "保护",
    "交通",
    "运输",
    "教育",
    "卫生",
    "健康",
    "医疗",
    "保障",
    "社会",
    "经济",
    "财政",
    "资金",
    "项目",
    "审批",
    "登记",
    "备案",
    "许可",
    "标准",
    "规范",
    "制度",
    "机制",
    "体系",
    "改革",
    "创新",
    "优化",
    "营商",
    "环境",
    "企业",
    "群众",
    "办事",
    "便民",
    "窗口",
    "平台",
    "数据",
    "共享",
    "开放",
    "考核",
    "评估",
    "责任",
    "追究",
    "应急",
    "预案",
    "防汛",
    "抗旱",
    "森林",
    "防火",
    "消防",
    "食品",
    "药品",
    "质量",
    "价格",
    "税收",
    "土地",
    "规划",
    "住房",
    "城乡",
    "农村",
    "农业",
    "水利",
    "林业",
    "文化",
    "旅游",
    "体育",
    "科技",
    "人才",
    "就业",
    "养老",
    "救助",
    "残疾人",
    "未成年人",
    "妇女",
    "儿童",
    "退役军人",
    "民族",
    "宗教",
    "统计",
    "审计",
    "金融",
    "国有资产",
    "公共资源",
    "交易",
    "招标",
    "投标",
    "采购",
    "合同",
    "征收",
    "补偿",
    "拆迁",
    "棚户区",
    "改造",
    "生态",
    "文明",
    "河长制",
    "大气",
    "污染",
    "防治",
    "PM2.5",
    "GDP",
    "5G",
    "互联网+",
    "数字",
    "政府",
    "网格化",
    "社区",
    "街道",
    "乡镇",
    "开发区",
    "园区",
    "管委会",
    "县区",
    "人民政府",
    "办公室",
    "各有关",
    "部门",
    "结合",
    "实际",
    "认真",
    "贯彻",
    "执行",
    "请示",
    "报告",
    "印发",
    "转发",
    "工作",
    "方案",
    "实施方案",
    "管理办法",
    "暂行办法",
    "实施细则",
    "指导意见",
    "行动计划",
    "三年",
    "五年",
    "年度",
    "重点",
    "任务",
    "目标",
    "要求",
    "组织",
    "领导",
    "职责",
    "分工",
    "协调",
    "配合",
    "宣传",
    "培训",
    "信用",
    "失信",
    "惩戒",
    "行政",
    "执法",
    "处罚",
    "复议",
    "诉讼",
    "听证",
    "规范性文件",
    "合法性",
    "审查",
    "清理",
    "废止",
    "失效",
    "有效期",
    "解读",
    "回应",
    "关切",
    "舆情",
    "热线",
    "12345",
    "政策",
    "文件",
]

ISSUERS = (
    ("宿迁市人民政府", "宿政发"),
    ("宿迁市人民政府办公室", "宿政办发"),
    ("宿迁市发展和改革委员会", "宿发改发"),
    ("宿迁市财政局", "宿财发"),
    ("宿迁市教育局", "宿教发"),
    ("宿迁市公安局", "宿公发"),
    ("宿迁市民政局", "宿民发"),
    ("宿迁市司法局", "宿司发"),
    ("宿迁市人力资源和社会保障局", "宿人社发"),
    ("宿迁市自然资源和规划局", "宿自然资发"),
    ("宿迁市生态环境局", "宿环发"),
    ("宿迁市住房和城乡建设局", "宿建发"),
    ("宿迁市交通运输局", "宿交发"),
    ("宿迁市水利局", "宿水发"),
    ("宿迁市农业农村局", "宿农发"),
    ("宿迁市商务局", "宿商发"),
    ("宿迁市文化广电和旅游局", "宿文旅发"),
    ("宿迁市卫生健康委员会", "宿卫发"),
    ("宿迁市应急管理局", "宿应急发"),
    ("宿迁市市场监督管理局", "宿市监发"),
    ("宿迁市统计局", "宿统发"),
    ("宿迁市医疗保障局", "宿医保发"),
    ("宿迁市城市管理局", "宿城管发"),
    ("宿迁市行政审批局", "宿审批发"),
)
KINDS = ("通知", "意见", "办法", "决定", "批复", "公告", "通告", "规定")
DOC_KINDS = ("公文", "公文", "公文", "公文", "政策解读", "人事任免", "公告")
SECTIONS = ("市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读")
# three in five public, the rest refused (from the one list in gazette.vocab)
DISCLOSURE_MIX = (*[vocab.PUBLIC_DISCLOSURE] * 3, *vocab.DISCLOSURES[1:3])
VALIDITIES = ("有效", "有效", "有效", "失效", "废止")
# GB2312 level-1 hanzi (rows 16–55) supply a long tail of rarer characters
LEVEL1 = [
    bytes([hi, lo]).decode("gb2312")
    for hi in range(0xB0, 0xD8)
    for lo in range(0xA1, 0xFF)
    if not (hi == 0xD7 and lo > 0xF9)
]
NO_HIT_CHARS = "龘齉靐鱻爨麤"  # never generated: queries of these find nothing


@dataclass
class Doc:
    id: int
    title: str
    doc_number: str | None
    issuer: str
    kind: str
    issued_on: dt.date
    disclosure: str
    validity: str
    historical: bool
    body: str
    year: int
    number: int
    section: str
    page: int


def char_weights(samples: list[Path]) -> tuple[list[str], list[float]]:
    counts: Counter[str] = Counter(c for c in SEED_TEXT if "\u4e00" <= c <= "\u9fff")
    for path in samples:
        text = path.read_text(encoding="utf-8", errors="ignore")
        counts.update(c for c in text if "\u4e00" <= c <= "\u9fff")
    for c in LEVEL1:
        counts[c] += 0  # present with the tail weight below
    chars = list(counts)
    total = sum(counts.values()) or 1
    weights = [counts[c] / total + 0.02 / len(LEVEL1) for c in chars]
    return chars, weights


class Generator:
    def __init__(self, seed: int = 1, samples: list[Path] | None = None) -> None:
        self.rng = random.Random(seed)
        chars, weights = char_weights(samples or [])
        # tokens: vocabulary words (Zipf) and single characters (by frequency), 70/30
        zipf = [1 / (i + 1) ** 0.9 for i in range(len(WORDS))]
        zs, cs = sum(zipf), sum(weights)
        self.tokens = [*WORDS, *chars]
        w = [0.7 * z / zs for z in zipf] + [0.3 * c / cs for c in weights]
        acc, cum = 0.0, []
        for x in w:
            acc += x
            cum.append(acc)
        self.cum = cum

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.tokens, cum_weights=self.cum, k=n)

    def sentence(self) -> str:
        parts = self.words(self.rng.randint(6, 16))
        for i in range(2, len(parts), self.rng.randint(3, 7)):
            parts[i] += "，"
        return "".join(parts).rstrip("，") + self.rng.choice("。。。；")

    def body(self, chars: int, day: dt.date) -> str:
        paras: list[str] = []
        size = 0
        heads = "一二三四五六七八九十"
        while size < chars:
            sents = [self.sentence() for _ in range(self.rng.randint(2, 6))]
            if self.rng.random() < 0.15:
                sents.append(
                    f"{day.year}年{day.month}月{day.day}日前完成，比上年增长{self.rng.randint(1, 30)}.{self.rng.randint(0, 9)}%。"
                )
            if self.rng.random() < 0.2 and len(paras) < 10:
                sents.insert(0, heads[len(paras) % 10] + "、" + "".join(self.words(3)) + "\n")
            para = "".join(sents)
            paras.append(para)
            size += len(para)
        return "\n".join(paras)

    def archive(self, n_docs: int, mean_chars: int = 2000, first_year: int = 1996) -> list[Doc]:
        years = 30
        per_year = max(1, n_docs // years)
        docs: list[Doc] = []
        serials: Counter[tuple[str, int]] = Counter()
        for i in range(n_docs):
            year = first_year + min(i // per_year, years - 1)
            number = 1 + (i % per_year) * 24 // per_year
            day = dt.date(year, 1 + (number - 1) // 2, 1 + (i * 7) % 28)
            issuer, code = self.rng.choice(ISSUERS)
            kind = self.rng.choice(KINDS)
            title = "关于" + "".join(self.words(self.rng.randint(2, 5))) + "的" + kind
            serials[(code, year)] += 1
            docno = (
                f"{code}〔{year}〕{serials[(code, year)]}号" if self.rng.random() < 0.9 else None
            )
            length = max(200, int(self.rng.lognormvariate(0, 0.5) * mean_chars * 0.885))
            docs.append(
                Doc(
                    id=i + 1,
                    title=title,
                    doc_number=docno,
                    issuer=issuer,
                    kind=self.rng.choice(DOC_KINDS),
                    issued_on=day,
                    disclosure=self.rng.choice(DISCLOSURE_MIX),
                    validity=self.rng.choice(VALIDITIES),
                    historical=year < 2016,
                    body=self.body(length, day),
                    year=year,
                    number=number,
                    section=self.rng.choice(SECTIONS),
                    page=1 + (i % 40) * 2,
                )
            )
        return docs
