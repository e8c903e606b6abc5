"""The audit trail in the office's words: one mapping of table and field names, values and times.

"张三 将 2026年第11期 的状态由 定稿 改为 已发布" instead of "status: final → published". Every
screen and export that shows the trail goes through ``sentence``; raw names stay in the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from gazette.office import settings
from gazette.office.auth import ROLES
from gazette.vocab import ISSUE_STATUSES, RECEIPT_STATUSES

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除"}

TABLE_LABELS = {
    "departments": "部门",
    "liaisons": "联络员",
    "liaison_absences": "联络员请假",
    "documents": "文件",
    "issues": "期次",
    "issue_items": "期次文件",
    "issue_sections_off": "本期停用栏目",
    "sections": "栏目",
    "settings": "设置",
    "users": "用户",
    "holiday_overrides": "节假日",
    "calendar_years": "日历年份",
    "submissions": "报送记录",
    "proof_rounds": "校样",
    "errata": "勘误",
    "ad_overrides": "版式调整",
    "saved_queries": "保存的查询",
    "archive_entries": "历史公报",
    "archive_scan_files": "扫描文件",
    "archive_pages": "扫描页",
    "archive_plans": "数字化计划",
    "archive_plan_targets": "数字化计划目标",
    "text_corrections": "文字更正",
    "recipients": "发行对象",
    "issue_distributions": "本期发行",
    "distribution_lines": "发行签收",
    "interpretation_materials": "解读材料",
    "self_check_replies": "自查回复",
}

FIELD_LABELS = {
    # 退文、政策解读与年度自查
    "return_reason": "退文理由",
    "returned_on": "退文日期",
    "returns": "退文次数",
    "needs_interpretation": "须附解读",
    "material": "解读材料",
    "form": "解读形式",
    "portal_doc_on": "文件上网日期",
    "portal_interp_on": "解读上网日期",
    "disclosure_basis": "不公开依据",
    "disclosure_reason": "不公开理由",
    "topic": "主题分类",
    "index_no": "索引号",
    "publishing_org": "发布机构",
    "replied_on": "回复日期",
    "result": "自查结论",
    "opened": "改为公开的文件",
    "status": "状态",
    "state": "状态",
    "title": "标题",
    "name": "名称",
    "short_name": "简称",
    "display_name": "姓名",
    "username": "用户名",
    "role": "角色",
    "active": "启用",
    "year": "年份",
    "number": "期号",
    "supplement": "增刊",
    "serial": "总期号",
    "published_on": "出版日期",
    "note": "备注",
    "historical": "历史公报",
    "page_start": "起始页",
    "page_end": "结束页",
    "position": "顺序",
    "section_id": "栏目",
    "issue_id": "期次",
    "document_id": "文件",
    "department_id": "部门",
    "kind": "类别",
    "doc_number": "发文字号",
    "issuer_code": "发文机关代字",
    "doc_year": "发文年份",
    "doc_serial": "发文序号",
    "issuer": "发文机关",
    "issued_on": "成文日期",
    "disclosure": "公开属性",
    "is_normative": "规范性文件",
    "validity": "效力",
    "body_text": "正文",
    "structure": "正文结构",
    "issuer_codes": "发文机关代字",
    "phone": "电话",
    "mobile": "手机",
    "email": "电子邮箱",
    "received_on": "收文日期",
    "channel": "报送方式",
    "liaison_name": "联络员",
    "expected": "预登记",
    "decision": "选登意见",
    "decision_reason": "理由",
    "decided_by": "决定人",
    "decided_at": "决定时间",
    "is_workday": "工作日",
    "day": "日期",
    "source": "来源",
    "papers": "通知原文",
    "value": "值",
    "key": "设置项",
    "location": "馆藏位置",
    "box": "档案盒",
    "assignee": "负责人",
    "missing": "缺期",
    "searched_where": "查找过的地方",
    "state_at": "状态时间",
    "state_by": "状态变更人",
    "cover_status": "封面核对",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "reason": "原因",
    "round": "轮次",
    "signed_by": "审签人",
    "signed_at": "审签时间",
    "pages": "页数",
    "sha256": "文件指纹",
    "built_at": "生成时间",
    "word": "词语",
    "by": "操作人",
    "at": "时间",
    "ended_on": "离任日期",
    "started_on": "到任日期",
    "filters": "筛选条件",
    "imported_at": "导入时间",
    "liaison_id": "联络员",
    "notice": "依据通知",
    "notice_issue_id": "刊登勘误的期次",
    "office_phone": "办公电话",
    "owner": "所有人",
    "post": "职务",
    "query": "查询内容",
    "recorded_at": "登记时间",
    "recorded_by": "登记人",
    "rereleased_version": "重发版本",
    "right": "正确内容",
    "wrong": "错误内容",
    "category": "类别",  # the distribution's words
    "address": "地址",
    "postcode": "邮政编码",
    "contact": "收件人",
    "method": "发送方式",
    "copies": "份数",
    "from_issue": "起始期次",
    "to_issue": "截止期次",
    "needs_review": "待核实",
    "recipient_id": "发行对象",
    "recipient_copies": "赠阅份数",
    "reserve": "留存份数",
    "print_run": "印数",
    "override_reason": "印数调整原因",
    "frozen_by": "冻结人",
    "frozen_at": "冻结时间",
    "marked_by": "签收登记人",
    "marked_at": "签收登记时间",
}

# (table, field) → stored value → the word the office uses; each vocabulary from its own module
VALUE_LABELS: dict[tuple[str, str], Mapping[str, str]] = {
    ("issues", "status"): ISSUE_STATUSES,
    ("users", "role"): ROLES,
    ("distribution_lines", "status"): RECEIPT_STATUSES,
}

EMPTY = "空"


def field_label(name: str) -> str:
    """A field's Chinese name; a setting's key (the settings table's records) by its label."""
    return (
        FIELD_LABELS.get(name) or settings.LABELS.get(name) or settings.KEPT_LABELS.get(name, name)
    )


def table_label(name: str) -> str:
    return TABLE_LABELS.get(name, name)


def local_time(at: dt.datetime) -> dt.datetime:
    """The trail stores UTC without a zone; the office reads its own clock."""
    aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(tzinfo=None)


def utc_bound(day: dt.date) -> dt.datetime:
    """Local midnight of ``day`` as the naive UTC time the trail is stored in."""
    local = dt.datetime.combine(day, dt.time.min).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def value_words(table: str, field: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    labels = VALUE_LABELS.get((table, field))
    if labels is not None and str(value) in labels:
        return labels[str(value)]
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
        try:  # a stored ISO date-time: UTC, shown in local time
            return local_time(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass
    if isinstance(value, list | dict):
        text = "、".join(str(v) for v in value) if isinstance(value, list) else "…"
        return text or EMPTY
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def sentence(
    who: str, action: str, table: str, record: str, changes: Mapping[str, Mapping[str, Any]]
) -> str:
    """One entry as a sentence: who did what to which record, each field by its Chinese name."""
    what = table_label(table)
    if table == "settings" and action == "create":
        value = changes.get("value", {}).get("new")
        return f"{who} 将设置“{record}”设为 {value_words(table, 'value', value)}"
    if action == "create":
        return f"{who} 新增{what} {record}"
    if action == "delete":
        return f"{who} 删除{what} {record}"
    parts = [
        f"{field_label(key)}由 {value_words(table, key, change.get('old'))} "
        f"改为 {value_words(table, key, change.get('new'))}"
        for key, change in changes.items()
    ]
    return f"{who} 将 {record} 的" + "，".join(parts) if parts else f"{who} 修改了 {record}"
