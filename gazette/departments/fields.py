"""What a user types for a department, checked field by field.

The XLSX import and the edit dialog both go through ``validate``, so they refuse the same values
with the same reasons; ``FieldError`` names the field in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_SEPARATORS = re.compile(r"[、;；,，/\s]+")
_HAN_CODE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,16}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_OFFICE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-", "（": "(", "）": ")"}
)
_PHONE_NOISE = re.compile(r"[\s\u3000()]")


class FieldError(ValueError):
    """One field's value is not acceptable; ``field`` is its Chinese column name."""

    def __init__(self, field_name: str, reason: str) -> None:
        self.field = field_name
        self.reason = reason
        super().__init__(f"{field_name}：{reason}")


@dataclass(frozen=True)
class Contact:
    """A liaison officer's (or alternate's) details."""

    name: str
    post: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""


@dataclass(frozen=True)
class DepartmentInput:
    """What a user enters for a department; ``liaison``/``alternate`` None means nobody."""

    name: str
    short_name: str = ""
    issuer_codes: tuple[str, ...] = ()
    liaison: Contact | None = None
    alternate: Contact | None = None


def clean(value: object) -> str:
    """A cell or field value as trimmed text; numbers from spreadsheets lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[\u3000\u00a0\u200b\ufeff]", " ", str(value)).strip()


def parse_codes(text: str, field_name: str = "发文机关代字") -> tuple[str, ...]:
    """Split a cell of issuer codes (separated by 、 or ;) and check each one."""
    codes: list[str] = []
    for code in CODE_SEPARATORS.split(clean(text)):
        if not code:
            continue
        if not _HAN_CODE.match(code):
            raise FieldError(field_name, f"“{code}”不是机关代字（应为 2–16 个汉字，如 宿财发）")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def check_mobile(text: str, field_name: str = "手机") -> str:
    value = re.sub(r"[\s\-]", "", clean(text).translate(_FULLWIDTH))
    if value.startswith("+86"):
        value = value[3:]
    if value and not _MOBILE.match(value):
        raise FieldError(field_name, f"“{clean(text)}”不是 11 位手机号码")
    return value


def check_office_phone(text: str, field_name: str = "办公电话") -> str:
    value = _PHONE_NOISE.sub("", clean(text).translate(_FULLWIDTH))
    if value and not (_OFFICE.match(value) or _MOBILE.match(value)):
        raise FieldError(field_name, f"“{clean(text)}”不是电话号码（如 0527-84368000）")
    return value


def check_email(text: str, field_name: str = "邮箱") -> str:
    value = clean(text)
    if value and not _EMAIL.match(value):
        raise FieldError(field_name, f"“{value}”不是有效的邮箱地址")
    return value


def check_name(text: str, field_name: str = "单位名称", limit: int = 128) -> str:
    value = clean(text)
    if not value:
        raise FieldError(field_name, "不能为空")
    if len(value) > limit:
        raise FieldError(field_name, f"超过 {limit} 个字")
    return value


def validate(inp: DepartmentInput, *, alternate_prefix: str = "备用联络员") -> DepartmentInput:
    """The input with every field checked and normalised; raises the first FieldError."""
    name = check_name(inp.name)
    short = clean(inp.short_name)
    if len(short) > 64:
        raise FieldError("简称", "超过 64 个字")
    codes = parse_codes("、".join(inp.issuer_codes))
    liaison = _check_contact(inp.liaison, "联络员", "")
    alternate = _check_contact(inp.alternate, alternate_prefix, alternate_prefix)
    return DepartmentInput(name, short, codes, liaison, alternate)


def _check_contact(c: Contact | None, label: str, prefix: str) -> Contact | None:
    if c is None or not clean(c.name):
        if c is not None and (clean(c.mobile) or clean(c.office_phone) or clean(c.email)):
            raise FieldError(label, "填写了联系方式，但没有填写姓名")
        return None
    return Contact(
        name=check_name(c.name, label, 64),
        post=clean(c.post)[:64],
        office_phone=check_office_phone(c.office_phone, prefix + "办公电话"),
        mobile=check_mobile(c.mobile, prefix + "手机"),
        email=check_email(c.email, prefix + "邮箱"),
    )
