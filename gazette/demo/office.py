"""Demo part: the office's identity as 宿迁's gazette office keeps it in 设置 (runs first).

Nothing prints an office's name or colophon unless Settings hold it, so the demo sets them as
an office would: the name and publisher the first-run form offers, and the colophon's facts.
"""

from __future__ import annotations

import random

from gazette.context import AppContext
from gazette.office import settings
from gazette.office.auth import mutating

COLOPHON = {
    "sponsor": "宿迁市人民政府",
    "address": "宿迁市宿城区洪泽湖路136号",
    "postcode": "223800",
    "phone": "0527-84368000",
    "permit": "苏出准印（S）字JS-N001号",
    "printer": "宿迁市印刷有限公司",
    "print_run": "3000册",
}


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    settings.accept_suggested(ctx)
    with ctx.uow() as uow:
        settings.save_colophon(uow, **COLOPHON)
        uow.commit()
