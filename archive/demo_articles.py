"""The text of the demo's catalogued historical issues: three articles each, as a person confirms
them in 编目, so 按期浏览 shows them and a history search finds them.

Topics follow the years (防治非典 in 2003, 抗震救灾 in 2008 …) so a search lands on a plausible
issue; the wording is that of municipal notices of the time.
"""

from __future__ import annotations

import random

from archive.catalogue import Article

EVENTS = {
    2001: "做好第五次全国人口普查资料开发利用",
    2002: "推进农村税费改革试点",
    2003: "做好防治非典型肺炎工作",
    2004: "加强安全生产监督管理",
    2005: "推进社会主义新农村建设",
    2006: "实施“十一五”规划纲要",
    2007: "加强节能减排工作",
}
TOPICS = (
    "加强城市管理",
    "做好防汛抗旱工作",
    "推进政务公开",
    "加强农田水利基本建设",
    "做好春运工作",
    "加强食品安全监管",
    "推进企业改制",
    "加快发展民营经济",
    "做好秸秆禁烧工作",
    "加强档案管理",
)
SENTENCES = (
    "各县（区）人民政府，市各委、办、局，市各直属单位：",
    "为进一步做好有关工作，经市政府研究，现就有关事项通知如下。",
    "各地各部门要高度重视，切实加强领导，明确责任，确保各项措施落到实处。",
    "要建立健全工作责任制，层层分解任务，定期督查通报。",
    "对工作不力、造成严重后果的，要依法追究有关人员的责任。",
    "各县（区）要于每季度末将工作进展情况报市政府办公室。",
    "本通知自发布之日起执行。",
)


def articles(year: int, number: int, rng: random.Random) -> list[Article]:
    """A 市政府文件, a 市政府办公室文件 and a 部门文件 for one historical issue."""
    month = min(number, 12)
    topic = EVENTS.get(year) if number == 1 else None
    made = []
    for k, (section, code, issuer) in enumerate(
        (
            ("市政府文件", "宿政发", "宿迁市人民政府"),
            ("市政府办公室文件", "宿政办发", "宿迁市人民政府办公室"),
            ("部门文件", "宿财发", "宿迁市财政局"),
        )
    ):
        subject = topic if topic and k == 0 else rng.choice(TOPICS)
        title = f"{issuer}关于{subject}的通知"
        body = [SENTENCES[0], SENTENCES[1]]
        body += rng.sample(SENTENCES[2:6], 3)
        body.append(f"一、{subject}是当前的一项重要任务，各地要结合实际，制定具体实施方案。")
        body.append(SENTENCES[6])
        made.append(
            Article(
                title=title,
                doc_number=f"{code}〔{year}〕{number * 3 + k + 1}号",
                issuer=issuer,
                issued_on=f"{year}年{month}月{5 + k * 3}日",
                page_start=1 + k * 3,
                page_end=3 + k * 3,
                section=section,
                body=body,
            )
        )
    return made
