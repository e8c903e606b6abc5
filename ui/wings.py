"""The wings of the main window, opened on first use so start-up stays fast.

Each wing is a module with a ``Screen(ctx, runner, parent)`` QWidget class. A wing whose module is
not there yet shows what it will hold instead of failing.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Wing:
    key: str
    title: str
    module: str
    summary: str


WINGS: tuple[Wing, ...] = (
    Wing(
        "submissions",
        "报送台账",
        "ui.submissions.screen",
        "登记各部门规范性文件报送，按 5 个工作日时限跟踪按时、逾期、未报，催报联络员，"
        "决定选登，生成报送选登情况通报。",
    ),
    Wing(
        "issues",
        "公报编排",
        "ui.issues.screen",
        "规划期次与栏目，编排选登文件，校样审签，排版生成印刷版与电子版 PDF。",
    ),
    Wing(
        "distribution",
        "赠阅发行",
        "ui.distribution.screen",
        "发行对象、各期发行清单与印数、地址标签、签收与退回。",
    ),
    Wing(
        "archive",
        "历史公报数字化",
        "ui.archive.screen",
        "登记创刊以来各期公报，扫描入库、离线识别、校对、编目，按三年计划跟踪进度。",
    ),
    Wing(
        "lookup",
        "查阅",
        "ui.lookup.screen",
        "全文检索历年公报文件，按年份、期次、发文机关、日期筛选，引用与导出。",
    ),
    Wing(
        "departments",
        "部门与联络员",
        "ui.departments.screen",
        "管理报送单位、发文机关代字、联络员与备用联络员及其变更历史。",
    ),
    Wing(
        "admin",
        "系统管理",
        "ui.admin.screen",
        "用户与角色、审计记录（谁在何时改了什么）、数据库与文件库的备份和恢复。",
    ),
    Wing(
        "settings",
        "设置",
        "ui.settings.screen",
        "公报名称、主办单位、刊期、数据目录、数据库，以及工作日历（节假日通知导入）。",
    ),
)


def available(wing: Wing) -> bool:
    try:
        return importlib.util.find_spec(wing.module) is not None
    except ModuleNotFoundError:
        return False


def load(wing: Wing) -> type | None:
    """The wing's Screen class, or None when the wing is not built yet."""
    if not available(wing):
        return None
    return importlib.import_module(wing.module).Screen
