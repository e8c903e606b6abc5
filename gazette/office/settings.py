"""Office-wide settings stored in the database, with typed defaults.

The office's identity (公报名称, 主办单位) has no default: an office prints only what it has
configured, and a build without them stops naming the field (``require_identity``). The app is
made for 宿迁's office first, so the first-run form offers ``SUGGESTED`` for a person to accept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from gazette.db.models import Setting
from gazette.db.uow import UnitOfWork
from gazette.files import limits
from gazette.office.auth import mutating, require
from gazette.office.conflicts import ConflictError, TheirChange, flush_guarded, last_change

if TYPE_CHECKING:
    from gazette.context import AppContext

DEFAULTS: dict[str, Any] = {
    "gazette_name": None,
    "publisher": None,
    "frequency": "monthly",  # monthly / semimonthly / weekly
    "filestore_root": None,
    # a one-person office may sign off (审签) a proof round it made itself; the trail says so
    "sign_own_proof": False,
    # the public site's footer (政府网站发展指引): none is printed until the office sets it
    "site_code": None,  # 网站标识码
    "icp_number": None,  # ICP备案号
    "police_number": None,  # 公安机关备案号
    "site_contact": None,  # 联系方式 (地址、电话、邮箱)
    "site_base_url": None,  # the site's address: canonical links, links from other issues' PDFs
    # 索引号 of a document: {year}, {issue} (期号), {place} (its place in the issue)
    "index_no_format": "GB{year}-{issue:02d}-{place:03d}",
    # issuers whose 规范性文件 need a 政策解读; None is the rule: 市政府 and 市政府办公室
    "interpretation_issuers": None,
    # input limits (gazette.files.limits); None: the program's default, stated in the README
    "pdf_max_pages": None,
    "import_max_rows": None,
    "image_max_pixels": None,
}
# each setting a person edits, named as 设置, ``gazette settings`` and the audit trail name it
LABELS: dict[str, str] = {
    "gazette_name": "公报名称",
    "publisher": "主办单位",
    "frequency": "刊期",
    "sign_own_proof": "允许本人审签",
    "site_code": "网站标识码",
    "icp_number": "ICP备案号",
    "police_number": "公安备案号",
    "site_contact": "网站联系方式",
    "site_base_url": "网站地址",
    "index_no_format": "索引号格式",
    "interpretation_issuers": "须附解读的发文机关",
    "pdf_max_pages": "PDF页数上限",
    "import_max_rows": "导入行数上限",
    "image_max_pixels": "图像像素上限",
}
# settings the program keeps for itself, named for the audit trail (a stored key is no word)
KEPT_LABELS: dict[str, str] = {
    "first_run_done": "首次运行已完成",
    "filestore_root": "附件存放位置",
    "issues.colophon": "版权页信息",
    "issues.style_sheet": "版式样式表",
    "distribution.reserve": "每期留存份数",
    "demo.unfinished": "演示数据正在载入",
}
SUGGESTED: dict[str, str] = {
    "gazette_name": "宿迁市人民政府公报",
    "publisher": "宿迁市人民政府办公室",
}
# required identity fields: the words a message uses, and where a person sets them
IDENTITY: dict[str, tuple[str, str]] = {
    "gazette_name": ("公报名称", "设置 → 公报 → 公报名称"),
    "publisher": ("主办单位", "设置 → 公报 → 主办单位"),
}


# the issues wing's settings: the colophon's facts and an office style sheet
COLOPHON_KEY = "issues.colophon"
STYLE_KEY = "issues.style_sheet"
# the colophon's facts: none has a default, an office prints only the lines it has configured
COLOPHON_FIELDS = {
    "sponsor": "主办",
    "address": "地址",
    "postcode": "邮政编码",
    "phone": "电话",
    "permit": "准印证号",
    "printer": "印刷单位",
    "print_run": "印数",
}
DEFAULT_COLOPHON = dict.fromkeys(COLOPHON_FIELDS, "")


class MissingSetting(ValueError):
    """A required setting is empty; the message names it and where to set it."""


def prefill(ctx: AppContext | None) -> dict[str, Any]:
    """Values for a settings form: what is saved, else the suggestion, for a person to accept."""
    values = get_all(ctx) if ctx is not None else dict(DEFAULTS)
    for key, value in SUGGESTED.items():
        if not values.get(key):
            values[key] = value
    return values


def accept_suggested(ctx: AppContext) -> None:
    """Save the suggested identity, as a person accepting the first-run form does."""
    put(ctx, gazette_name=SUGGESTED["gazette_name"], publisher=SUGGESTED["publisher"])


def require_identity(values: Mapping[str, Any]) -> dict[str, str]:
    """The office's name and publisher, or MissingSetting naming the first one not set."""
    out = {}
    for key, (label, where) in IDENTITY.items():
        value = str(values.get(key) or "").strip()
        if not value:
            raise MissingSetting(f"尚未设置{label}，不能生成：请在“{where}”中填写后再试")
        out[key] = value
    return out


def office(ctx: AppContext) -> dict[str, str]:
    """The identity every output prints (reports, reminders, letters, cover, colophon, site)."""
    return require_identity(get_all(ctx))


def office_in(session: Session, *keys: str) -> dict[str, str]:
    """``office`` inside a unit of work; ``keys`` limits which identity fields are required."""
    wanted = keys or tuple(IDENTITY)
    values = {k: value(session, k) for k in wanted}
    out = {}
    for key in wanted:
        label, where = IDENTITY[key]
        text = str(values.get(key) or "").strip()
        if not text:
            raise MissingSetting(f"尚未设置{label}，不能生成：请在“{where}”中填写后再试")
        out[key] = text
    return out


def value(session: Session, key: str) -> Any:
    """One setting read inside a unit of work (the service's own transaction)."""
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key)


FREQUENCIES = {"monthly": "月刊", "semimonthly": "半月刊", "weekly": "周刊"}


def get(ctx: AppContext, key: str) -> Any:
    with ctx.uow() as uow:
        row = uow.session.get(Setting, key)
        return row.value if row is not None else DEFAULTS.get(key)


def get_all(ctx: AppContext) -> dict[str, Any]:
    values = dict(DEFAULTS)
    with ctx.uow() as uow:
        for row in uow.session.query(Setting).all():
            values[row.key] = row.value
    return values


def snapshot(ctx: AppContext) -> tuple[dict[str, Any], dict[str, int]]:
    """Every setting and the version of each stored one (0: never saved), read together, so a
    settings form can save against what it showed."""
    with ctx.uow() as uow:
        return values_and_versions(uow.session)


def values_and_versions(session: Session) -> tuple[dict[str, Any], dict[str, int]]:
    """``snapshot`` in the caller's unit of work (a screen's read)."""
    values, versions = dict(DEFAULTS), dict.fromkeys(DEFAULTS, 0)
    for row in session.query(Setting).all():
        values[row.key], versions[row.key] = row.value, row.version
    return values, versions


def _check_versions(session: Session, keys: list[str], seen: Mapping[str, int]) -> None:
    values, versions = values_and_versions(session)
    stale = [k for k in keys if versions.get(k, 0) != seen.get(k, 0)]
    if stale:
        key = stale[0]
        their = last_change(session, "settings", key)
        if their is not None:  # name the setting (公报名称), not the column (设置值)
            their = TheirChange(their.actor, their.at, {key: their.changes.get("value")})
        error = ConflictError("settings", key, their)
        error.current, error.versions = values, versions
        raise error


@mutating
def put(
    ctx: AppContext, *, expected_versions: Mapping[str, int] | None = None, **values: Any
) -> None:
    """Save settings in one transaction of their own; see ``save``."""
    require(ctx, "settings.write")
    with ctx.uow() as uow:
        save(uow, expected_versions=expected_versions, **values)
        uow.commit()


@mutating
def save(
    uow: UnitOfWork, *, expected_versions: Mapping[str, int] | None = None, **values: Any
) -> None:
    """Save settings in the caller's unit of work; each change goes through the audit hook.

    ``expected_versions`` (from ``snapshot``) guards a form: a setting someone else saved since
    raises ConflictError naming them, with every current value and version for a merge.
    """
    require(uow, "settings.write")
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise KeyError("未知的设置项：" + "、".join(sorted(unknown)))
    if "frequency" in values and values["frequency"] not in FREQUENCIES:
        raise ValueError(
            f"刊期必须是 {', '.join(FREQUENCIES)} 之一，而不是 {values['frequency']!r}"
        )
    for key in set(values) & set(limits.ADJUSTABLE):
        if values[key] not in (None, ""):
            values[key] = limits.checked(key, values[key])
    if expected_versions is not None:
        _check_versions(uow.session, list(values), expected_versions)
    for key, wanted in values.items():
        row = uow.session.get(Setting, key)
        if row is None:
            uow.session.add(Setting(key=key, value=wanted))
        elif row.value != wanted:
            row.value = wanted
            flush_guarded(uow.session, row)
    if set(values) & set(limits.ADJUSTABLE):
        # the new limits hold once they are saved, and not at all if the save is rolled back
        office_limits = {k: values.get(k, value(uow.session, k)) for k in limits.ADJUSTABLE}
        event.listen(uow.session, "after_commit", lambda _s: limits.use(office_limits), once=True)


def apply_limits(ctx: AppContext) -> None:
    """Make the office's input limits the ones every reader and importer checks."""
    values = get_all(ctx)
    limits.use({key: values.get(key) for key in limits.ADJUSTABLE})


# the colophon, inside the caller's unit of work (the style sheet: gazette.issues.render)
def colophon(uow: UnitOfWork) -> dict[str, str]:
    row = uow.session.get(Setting, COLOPHON_KEY)
    return {**DEFAULT_COLOPHON, **(row.value if row is not None and row.value else {})}


@mutating
def save_colophon(uow: UnitOfWork, **values: str) -> None:
    """主办, 地址, 准印证号, 印刷单位, 印数 … printed on every issue's last page."""
    require(uow, "settings.write")
    unknown = set(values) - set(DEFAULT_COLOPHON)
    if unknown:
        raise KeyError("版权页没有这些项目：" + "、".join(sorted(unknown)))
    put_one(uow, COLOPHON_KEY, {**colophon(uow), **values})


@mutating
def put_one(uow: UnitOfWork, key: str, value: Any) -> None:
    """Save one structured setting (the colophon, the style sheet's path) in the caller's unit of
    work; the service that owns the key checks its value first."""
    require(uow, "settings.write")
    row = uow.session.get(Setting, key)
    if row is None:
        uow.session.add(Setting(key=key, value=value))
    else:
        row.value = value
