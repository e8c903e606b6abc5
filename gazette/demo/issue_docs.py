"""Realistic gazette documents for the demo, the tests and the layout benchmark.

Built from the phrasing of real municipal notices (the 宿政办发〔2018〕56号 sample among them):
headings at the four official levels, long paragraphs, a 附件 table with merged cells,
signature, date and disclosure line, plus items that are not 公文 (人事任免, 政策解读).
"""

from __future__ import annotations

import random

from gazette.texts.model import Appendix, Block, Cell, DocumentText

SENTENCES = (
    "各地各部门要充分认识做好政务公开工作的重要性，切实增强工作责任感，坚持公开为常态、不公开为例外。",
    "要着力围绕建立健全政务公开制度规范、打造“互联网+政务服务”平台、提升企业和群众参与度获得感等方面扎实推进。",
    "市政府办公室将会同有关部门采取日常检查、年终考核以及委托第三方机构评估等多种方式，对工作开展情况进行督促、检查和考核。",
    "对落实不到位的部门和相关工作人员，将由有关部门依法依规予以问责。",
    "各县、区人民政府要把此项工作纳入重要议事日程，主要负责同志要亲自抓，分管负责同志要具体抓。",
    "根据《中华人民共和国政府信息公开条例》（国务院令第711号）和《江苏省政府信息公开规定》，结合我市实际，制定本办法。",
    "2026年全市一般公共预算收入增长6.5%，规模以上工业增加值增长8.2%，城乡居民人均可支配收入分别达到52,318元和26,705元。",
    "申请人可通过“宿迁政务服务”网站（www.suqian.gov.cn）或拨打12345政务服务便民热线咨询办理进度。",
    "本办法所称“规范性文件”，是指除政府规章外，由行政机关依照法定权限、程序制定并公开发布的公文。",
    "要严格执行“三重一大”决策制度，凡涉及群众切身利益的重大事项，必须广泛听取意见……确保决策科学、民主、依法。",
    "市财政局、市人力资源社会保障局要会同有关部门，于每年3月31日前完成上一年度绩效评价工作。",
    "对符合条件的小微企业，按规定给予最高不超过50万元的贷款贴息；贴息期限不超过2年。",
    "各级行政机关应当在政府网站设立“政策解读”专栏，做到政策文件与解读材料同步组织、同步审签、同步部署。",
    "坚持以人民为中心的发展思想，推动教育、医疗、养老、住房等公共服务资源向基层延伸、向农村覆盖、向困难群体倾斜。",
    "本通知自印发之日起施行，有效期至2030年12月31日。此前有关规定与本通知不一致的，以本通知为准。",
    "“谁起草、谁解读”。以部门名义印发的，由制发部门负责解读；联合发文的，由牵头部门负责解读，其他部门配合。",
    "加强对行政执法人员的培训，每人每年参加法律知识培训不少于40学时（其中集中培训不少于20学时）。",
    "请各地各部门于2026年12月15日前将工作总结报送市司法局（联系人：王珺，电话：0527-84352617）。",
)
HEADINGS1 = ("总体要求", "主要任务", "保障措施", "工作步骤", "职责分工", "监督考核", "附则")
HEADINGS2 = (
    "指导思想",
    "基本原则",
    "工作目标",
    "加强组织领导",
    "强化督促检查",
    "健全工作机制",
    "严格责任追究",
)
HEADINGS3 = ("完善制度规范", "推进信息共享", "优化办事流程", "强化数据安全", "加强队伍建设")
CN_NUM = "一二三四五六七八九十"


def _para(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(n))


def _body(rng: random.Random, sections: int, depth: int) -> list[Block]:
    blocks = [Block("paragraph", _para(rng, 3))]
    for i in range(sections):
        blocks.append(Block("heading1", f"{CN_NUM[i]}、{HEADINGS1[i % len(HEADINGS1)]}"))
        for j in range(rng.randint(1, 3) if depth > 1 else 0):
            blocks.append(
                Block("heading2", f"（{CN_NUM[j]}）{rng.choice(HEADINGS2)}。")
                if rng.random() < 0.5
                else Block("heading2", f"（{CN_NUM[j]}）{rng.choice(HEADINGS2)}")
            )
            blocks.append(Block("paragraph", _para(rng, rng.randint(2, 5))))
            if depth > 2 and rng.random() < 0.5:
                for k in range(rng.randint(1, 3)):
                    blocks.append(
                        Block("heading3", f"{k + 1}.{rng.choice(HEADINGS3)}。{_para(rng, 1)}")
                    )
                    if rng.random() < 0.4:
                        blocks.append(Block("heading4", f"（{k + 1}）{_para(rng, 1)}"))
        blocks.append(Block("paragraph", _para(rng, rng.randint(2, 6))))
    return blocks


def task_table() -> Block:
    """The sample notice's 任务分解表, with its vertically merged cells."""
    head = [Cell("序号"), Cell("重点任务"), Cell("牵头单位"), Cell("责任单位"), Cell("完成时间")]
    rows = [
        head,
        [
            Cell("1", rowspan=2),
            Cell(
                "在权力事项“三级四同”基础上，配套公开办事指南，公布办理范围、运行流程、材料目录、法定办理时限、承诺办结时限等基本信息。"
            ),
            Cell("市编办", rowspan=2),
            Cell("各县、区政府，市各开发区、新区、园区管委会，市各相关部门", rowspan=2),
            Cell("2018年底前", rowspan=2),
        ],
        [Cell("严格执行权力清单制度，不得擅自新设权力事项，不得在已公开的权力清单之外行使权力。")],
        [
            Cell("2"),
            Cell(
                "编制完成政务公开事项目录，对公开信息的主体、内容、时限、方式等进行规范，并实行动态调整。"
            ),
            Cell("市政府办"),
            Cell("规划局、发展改革委、财政局、环保局、住房城乡建设局"),
            Cell("2018年7月底前"),
        ],
        [
            Cell("3"),
            Cell(
                "公文办理严格政务公开程序，拟制公文时明确公开属性，随文报批，需在公文附注部分标注“此件公开发布”“此件依申请公开”等字样。"
            ),
            Cell("市政府办"),
            Cell("各县、区政府，市各相关单位"),
            Cell("2018年底前"),
        ],
        [
            Cell("4"),
            Cell(
                "“谁起草、谁解读”。以部门名义印发的，由制发部门负责解读；联合发文的，由牵头部门负责解读。"
            ),
            Cell("市政府办"),
            Cell("市各相关单位"),
            Cell("2018年12月底前"),
        ],
    ]
    return Block("table", rows=rows)


def government_notice(
    rng: random.Random, serial: int, year: int, office: bool = False, long: bool = False
) -> DocumentText:
    code = "宿政办发" if office else "宿政发"
    issuer = "宿迁市人民政府办公室" if office else "宿迁市人民政府"
    topic = rng.choice(
        (
            "进一步加强规范性文件管理",
            "全面推进政务公开工作",
            "优化营商环境若干措施",
            "加快推进数字政府建设",
            "做好2026年度安全生产工作",
            "促进民营经济高质量发展",
        )
    )
    kind = rng.choice(("通知", "意见", "实施意见"))
    with_table = rng.random() < 0.5
    doc = DocumentText(
        title=f"{'市政府办公室' if office else '市政府'}关于{topic}的{kind}",
        doc_number=f"{code}〔{year}〕{serial}号",
        addressees="各县、区人民政府，市各开发区、新区、园区管委会，市各有关部门和单位：",
        blocks=_body(rng, 7 if long else rng.randint(2, 4), 3 if long else 2),
        signature=[issuer],
        date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        disclosure="（此件公开发布）",
    )
    if with_table:
        doc.attachment_notes = [f"附件：{topic}任务分解表"]
        doc.appendices = [Appendix("附件", f"{topic}任务分解表", [task_table()])]
    return doc


def department_rule(rng: random.Random, serial: int, year: int) -> tuple[str, DocumentText]:
    dept, code = rng.choice(
        (
            ("宿迁市财政局", "宿财规"),
            ("宿迁市人力资源和社会保障局", "宿人社规"),
            ("宿迁市住房和城乡建设局", "宿建规"),
            ("宿迁市市场监督管理局", "宿市监规"),
        )
    )
    topic = rng.choice(
        (
            "行政事业单位国有资产管理办法",
            "就业补助资金管理实施细则",
            "城镇老旧小区改造工作实施办法",
            "小微企业贷款贴息管理办法",
        )
    )
    doc = DocumentText(
        title=f"关于印发《{topic}》的通知",
        doc_number=f"{code}〔{year}〕{serial}号",
        addressees="各县（区）有关部门，市各有关单位：",
        blocks=[Block("paragraph", f"现将《{topic}》印发给你们，请认真贯彻执行。")],
        signature=[dept],
        date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        disclosure="（此件公开发布）",
        appendices=[Appendix("附件", topic, _body(rng, 5, 3))],
    )
    return dept, doc


NAMES = (
    "王珺",
    "李喆",
    "张堃",
    "刘旻",
    "陈昇",
    "杨玥",
    "赵璟",
    "周镕",
    "吴晓东",
    "孙建国",
    "朱丽华",
    "徐海涛",
)


def appointments(rng: random.Random, year: int) -> DocumentText:
    lines = []
    for k in range(rng.randint(4, 8)):
        name = NAMES[(k * 5 + rng.randint(0, 11)) % len(NAMES)]
        post = rng.choice(
            (
                "市发展和改革委员会副主任",
                "市教育局局长",
                "市财政局副局长",
                "市交通运输局总工程师",
                "市政府办公室副主任",
            )
        )
        verb = "任命" if k % 2 == 0 else "免去"
        lines.append(f"{verb}{name}为{post}；" if verb == "任命" else f"免去{name}的{post}职务。")
    return DocumentText(
        title="宿迁市人民政府关于任免工作人员的通知",
        doc_number=f"宿政任〔{year}〕{rng.randint(1, 30)}号",
        addressees="各县、区人民政府，市各有关部门和单位：",
        blocks=[Block("paragraph", "经市人民政府研究决定：")]
        + [Block("paragraph", x) for x in lines],
        signature=["宿迁市人民政府"],
        date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    )


def interpretation(rng: random.Random, year: int) -> DocumentText:
    topic = rng.choice(
        ("进一步加强规范性文件管理", "优化营商环境若干措施", "就业补助资金管理实施细则")
    )
    blocks = []
    for i, q in enumerate(("出台背景", "主要内容", "创新举措", "适用范围", "施行时间")):
        blocks.append(Block("heading1", f"{CN_NUM[i]}、{q}"))
        blocks.append(Block("paragraph", _para(rng, rng.randint(3, 6))))
    return DocumentText(
        title=f"《关于{topic}的通知》政策解读",
        blocks=blocks,
        signature=["宿迁市司法局"],
        date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    )
