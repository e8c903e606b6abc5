"""Demo part: the departments of a prefecture-level city (宿迁市), with liaison officers.

Names include characters that thin fonts lack (堃, 喆, 珺), and some departments changed their
liaison officer or alternate in 2025–2026, so the history view has something to show. One
department was merged away in the 2024 institutional reform and is inactive.
"""

from __future__ import annotations

import datetime as dt
import random

from gazette.context import AppContext
from gazette.departments import roster as deps
from gazette.office.auth import mutating

# (full name, short name, issuer codes, e-mail prefix)
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("宿迁市人民政府", "市政府", "宿政发、宿政规发", "szf"),
    ("宿迁市人民政府办公室", "市政府办公室", "宿政办发、宿政办规发、宿政办函", "szfb"),
    ("宿迁市发展和改革委员会", "市发展改革委", "宿发改发、宿发改规", "fgw"),
    ("宿迁市教育局", "市教育局", "宿教发、宿教规", "jyj"),
    ("宿迁市科学技术局", "市科技局", "宿科发、宿科规", "kjj"),
    ("宿迁市工业和信息化局", "市工信局", "宿工信发", "gxj"),
    ("宿迁市民族宗教事务局", "市民宗局", "宿民宗发", "mzj"),
    ("宿迁市公安局", "市公安局", "宿公发、宿公规", "gaj"),
    ("宿迁市民政局", "市民政局", "宿民发、宿民规", "mzhj"),
    ("宿迁市司法局", "市司法局", "宿司发、宿司规", "sfj"),
    ("宿迁市财政局", "市财政局", "宿财发、宿财规", "czj"),
    ("宿迁市人力资源和社会保障局", "市人社局", "宿人社发、宿人社规", "rsj"),
    ("宿迁市自然资源和规划局", "市自然资源规划局", "宿自然资规发、宿自然资规规", "zrzy"),
    ("宿迁市生态环境局", "市生态环境局", "宿环发、宿环规", "sthj"),
    ("宿迁市住房和城乡建设局", "市住房城乡建设局", "宿建发、宿建规", "zjj"),
    ("宿迁市交通运输局", "市交通运输局", "宿交发、宿交规", "jtj"),
    ("宿迁市水利局", "市水利局", "宿水发", "slj"),
    ("宿迁市农业农村局", "市农业农村局", "宿农发、宿农规", "nyj"),
    ("宿迁市商务局", "市商务局", "宿商发", "swj"),
    ("宿迁市文化广电和旅游局", "市文广旅局", "宿文广旅发", "wgl"),
    ("宿迁市卫生健康委员会", "市卫生健康委", "宿卫发、宿卫规", "wjw"),
    ("宿迁市退役军人事务局", "市退役军人局", "宿退役军人发", "tyjr"),
    ("宿迁市应急管理局", "市应急局", "宿应急发", "yjj"),
    ("宿迁市审计局", "市审计局", "宿审发", "sjj"),
    ("宿迁市市场监督管理局", "市市场监管局", "宿市监发、宿市监规", "scjg"),
    ("宿迁市体育局", "市体育局", "宿体发", "tyj"),
    ("宿迁市统计局", "市统计局", "宿统发", "tjj"),
    ("宿迁市医疗保障局", "市医保局", "宿医保发、宿医保规", "ybj"),
    ("宿迁市城市管理局", "市城管局", "宿城管发、宿城管规", "cgj"),
    ("宿迁市政务服务管理办公室", "市政务办", "宿政务发", "zwb"),
    ("宿迁市信访局", "市信访局", "宿信发", "xfj"),
    ("宿迁市数据局", "市数据局", "宿数据发", "sjjv"),
    ("宿迁市机关事务管理局", "市机关事务局", "宿机管发", "jgj"),
    ("宿迁市国防动员办公室", "市国动办", "宿国动发", "gdb"),
    ("宿迁市人民政府国有资产监督管理委员会", "市国资委", "宿国资发、宿国资规", "gzw"),
    ("宿迁市粮食和物资储备局", "市粮储局", "宿粮储发", "lcj"),
    ("宿迁市住房公积金管理中心", "市公积金中心", "宿公积金发", "gjj"),
    ("宿迁市供销合作总社", "市供销总社", "宿供销发", "gxs"),
    ("宿迁经济技术开发区管理委员会", "宿迁经开区管委会", "宿开管发", "jkq"),
    ("宿迁市湖滨新区管理委员会", "湖滨新区管委会", "宿湖管发", "hbxq"),
    ("宿迁市地方金融监督管理局", "市金融监管局", "宿金发", "jrj"),
)
INACTIVE = {"宿迁市地方金融监督管理局"}  # merged into the Party committee's 金融办 in 2024

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = (
    "堃", "喆", "珺", "子堃", "一喆", "珺瑶", "晓堃", "喆远", "雨珺", "建国", "海燕", "志强",
    "丽娟", "伟", "敏", "静", "磊", "洋", "婷婷", "浩然", "思远", "佳怡", "明辉", "文博",
    "瑞琪", "梓涵", "俊杰", "欣怡", "宇航", "晨曦", "雅琴", "国庆", "春梅", "立新", "玉兰",
    "鹏飞", "晓东", "红霞", "永刚", "秀英", "卫东", "亚楠", "翔", "莉", "博文", "天宇",
)  # fmt: skip
POSTS = (
    "办公室主任", "办公室副主任", "政策法规科科长", "法规科副科长", "办公室科员",
    "综合科科长", "秘书科副科长", "法制科一级科员", "办公室四级主任科员",
)  # fmt: skip
START = dt.date(2023, 3, 1)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def _mobile(rng: random.Random) -> str:
    return rng.choice(("139", "138", "151", "152", "157", "180", "187", "199")) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def _contact(rng: random.Random, used: set[str], email: str, with_desk: bool) -> deps.Contact:
    return deps.Contact(
        name=_name(rng, used),
        post=rng.choice(POSTS) if with_desk else "",
        office_phone=f"0527-8{rng.randrange(4300000, 4399999)}" if with_desk else "",
        mobile=_mobile(rng),
        email=email if with_desk else "",
    )


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    used: set[str] = set()
    with ctx.uow() as uow:
        for i, (name, short, codes, slug) in enumerate(DEPARTMENTS):
            email = f"{slug}bgs@suqian.gov.cn"
            liaison = _contact(rng, used, email, True)
            alternate = _contact(rng, used, "", False)
            inp = deps.DepartmentInput(name, short, deps.parse_codes(codes), liaison, alternate)
            dep_id = deps.save(uow, inp, on=START).id
            # every third department changed its liaison officer, every seventh its alternate
            if i % 3 == 1:
                on = dt.date(2025, rng.randint(1, 12), rng.randint(1, 28))
                inp = deps.DepartmentInput(
                    name, short, inp.issuer_codes, _contact(rng, used, email, True), alternate
                )
                deps.save(uow, inp, dep_id=dep_id, on=on)
                if i % 9 == 1:  # and again in 2026
                    on2 = dt.date(2026, rng.randint(1, 10), rng.randint(1, 28))
                    inp = deps.DepartmentInput(
                        name, short, inp.issuer_codes, _contact(rng, used, email, True), alternate
                    )
                    deps.save(uow, inp, dep_id=dep_id, on=on2)
            if i % 7 == 3:
                on = dt.date(2026, rng.randint(1, 9), rng.randint(1, 28))
                inp = deps.DepartmentInput(
                    name, short, inp.issuer_codes, inp.liaison, _contact(rng, used, "", False)
                )
                deps.save(uow, inp, dep_id=dep_id, on=on)
            if name in INACTIVE:
                deps.set_active(uow, dep_id, False)
        uow.commit()
