"""Demo part: about 120 recipients of the printed gazette in every category (runs before the
issues, so their 定稿 freezes a real distribution and the colophon prints its 印数)."""

from __future__ import annotations

import random

from sqlalchemy import select

from gazette.context import AppContext
from gazette.db.models import Department, Recipient
from gazette.distribution import issue as dist
from gazette.distribution import recipients as rcp
from gazette.office.auth import mutating

CITY = "宿迁市"
# (county or district, its postcode, its seat's streets)
AREAS = (
    ("宿城区", "223800", ("洪泽湖路", "幸福中路", "发展大道", "西湖路")),
    ("宿豫区", "223800", ("江山大道", "珠江路", "太行山路", "黄河南路")),
    ("沭阳县", "223600", ("沭城镇人民路", "北京南路", "上海中路")),
    ("泗阳县", "223700", ("众兴镇北京东路", "人民南路", "文城东路")),
    ("泗洪县", "223900", ("青阳镇人民路", "洪泽湖大道", "世纪大道")),
)
TOWNS = (
    (
        "沭阳县",
        "223600",
        ("胡集镇", "韩山镇", "贤官镇", "钱集镇", "颜集镇", "桑墟镇", "庙头镇", "马厂镇", "扎下镇"),
    ),
    (
        "泗阳县",
        "223700",
        ("王集镇", "裴圩镇", "新袁镇", "李口镇", "临河镇", "穿城镇", "高渡镇", "卢集镇"),
    ),
    (
        "泗洪县",
        "223900",
        ("双沟镇", "上塘镇", "魏营镇", "半城镇", "孙园镇", "梅花镇", "龙集镇", "界集镇", "太平镇"),
    ),
    ("宿城区", "223800", ("蔡集镇", "王官集镇", "耿车镇", "埠子镇", "龙河镇", "洋北镇")),
    ("宿豫区", "223800", ("来龙镇", "仰化镇", "大兴镇", "丁嘴镇", "曹集乡", "陆集镇")),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return f"0527-8{rng.randint(1000000, 9999999)}"


def _street(rng: random.Random, streets: tuple[str, ...]) -> str:
    return f"{rng.choice(streets)}{rng.randint(1, 399)}号"


# each district's mailed units: (name, category, what follows the street, copies per issue)
AREA_UNITS: tuple[tuple[str, str, str, int], ...] = (
    ("{}人大常委会办公室", "人大政协", "", 2),
    ("政协{}委员会办公室", "人大政协", "", 2),
    ("{}档案馆", "档案馆", "", 2),
    ("{}图书馆", "图书馆", "", 2),
    ("{}政务服务中心", "查阅点", "政务服务中心大厅", 3),
)


def _people_and_archives(rng: random.Random) -> list[rcp.RecipientInput]:
    out = [
        rcp.RecipientInput(
            "宿迁市人大常委会办公室",
            "人大政协",
            "宿迁市宿城区洪泽湖路136号",
            "223800",
            _person(rng),
            _phone(rng),
            "机要交换",
            5,
        ),
        rcp.RecipientInput(
            "政协宿迁市委员会办公室",
            "人大政协",
            "宿迁市宿城区洪泽湖路138号",
            "223800",
            _person(rng),
            _phone(rng),
            "机要交换",
            5,
        ),
        rcp.RecipientInput(
            "宿迁市档案馆",
            "档案馆",
            "宿迁市宿城区发展大道1号市级机关综合楼B座",
            "223800",
            _person(rng),
            _phone(rng),
            "专人送达",
            3,
            note="永久保存",
        ),
        rcp.RecipientInput(
            "江苏省档案馆",
            "档案馆",
            "南京市玄武区北京东路41号",
            "210008",
            _person(rng),
            "025-83392000",
            "邮寄",
            2,
        ),
        rcp.RecipientInput(
            "宿迁市图书馆",
            "图书馆",
            "宿迁市宿城区古黄河路298号",
            "223800",
            _person(rng),
            _phone(rng),
            "邮寄",
            5,
        ),
        rcp.RecipientInput(
            "南京图书馆",
            "图书馆",
            "南京市玄武区中山东路189号",
            "210018",
            _person(rng),
            "025-84356000",
            "邮寄",
            2,
        ),
        rcp.RecipientInput(
            "中国国家图书馆",
            "图书馆",
            "北京市海淀区中关村南大街33号国家图书馆中文采编部",
            "100081",
            _person(rng),
            "010-88545000",
            "邮寄",
            1,
        ),
        rcp.RecipientInput(
            "宿迁学院图书馆",
            "其他",
            "宿迁市宿城区黄河南路399号",
            "223800",
            _person(rng),
            _phone(rng),
            "邮寄",
            2,
        ),
        rcp.RecipientInput(
            "江苏省人民政府办公厅",
            "机关",
            "南京市玄武区北京东路68号",
            "210013",
            _person(rng),
            "025-83392300",
            "机要交换",
            2,
        ),
        rcp.RecipientInput(
            "宿迁市政务服务中心",
            "查阅点",
            "宿迁市宿城区洪泽湖路136号市民服务中心一楼政府信息公开查阅点",
            "223800",
            _person(rng),
            _phone(rng),
            "专人送达",
            10,
        ),
        rcp.RecipientInput(
            "宿迁日报社资料室",
            "其他",
            "宿迁市宿城区太湖路18号",
            "223800",
            _person(rng),
            _phone(rng),
            "邮寄",
            1,
            from_issue="2026-05",
        ),
    ]
    for area, postcode, streets in AREAS:
        seat = f"{CITY}{area}{_street(rng, streets)}"
        short = area
        out.append(
            rcp.RecipientInput(
                f"{short}人民政府办公室",
                "机关",
                seat,
                postcode,
                _person(rng),
                _phone(rng),
                "机要交换",
                3,
            )
        )
        for name, category, place, copies in AREA_UNITS:
            out.append(
                rcp.RecipientInput(
                    name.format(short),
                    category,
                    f"{CITY}{area}{_street(rng, streets)}{place}",
                    postcode,
                    _person(rng),
                    _phone(rng),
                    "邮寄",
                    copies,
                )
            )
    for area, postcode, towns in TOWNS:
        for town in towns:
            out.append(
                rcp.RecipientInput(
                    f"{area}{town}便民服务中心",
                    "查阅点",
                    f"{CITY}{area}{town}人民政府院内便民服务中心",
                    postcode,
                    _person(rng),
                    _phone(rng),
                    "邮寄",
                    1,
                )
            )
    return out


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    with ctx.uow() as uow:
        s = uow.session
        dist.save_reserve(s, 40)
        for inp in _people_and_archives(rng):
            rcp.save(s, inp)
        rcp.from_departments(s)
        # the office entered the departments' addresses, except the last three (still 资料不全)
        new = list(
            s.scalars(
                select(Recipient).where(Recipient.department_id.isnot(None)).order_by(Recipient.id)
            )
        )
        for rec in new[:-3]:
            dep = s.get(Department, rec.department_id)
            assert dep is not None
            building = rng.choice("ABCD")
            inp = rcp.get(s, rec.id).as_input()
            address = f"宿迁市宿城区发展大道1号市级机关综合楼{building}座{rng.randint(2, 12)}楼"
            rcp.save(
                s,
                inp.__class__(
                    **{
                        **inp.__dict__,
                        "address": address,
                        "postcode": "223800",
                        "method": "机要交换",
                        "copies": rng.choice((1, 1, 2)),
                        "note": "",
                    }
                ),
                recipient_id=rec.id,
            )
        for rec in new[-3:]:
            rec.from_issue = "2026-11"  # imported lately: from the coming issue on
        uow.commit()
