"""People who use the shared database: accounts, roles and passwords (scrypt, never plain text).

The embedded single-user database runs as one administrator without sign-in; on PostgreSQL
everyone signs in, and the role travels with every unit of work.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.audit import server_audits
from gazette.db.models import User
from gazette.office import pg_users
from gazette.office.auth import ROLES, PermissionDenied, mutating, require
from gazette.office.conflicts import check_version, flush_guarded

# scrypt parameters (RFC 7914 interactive-login strength: ~50 ms, 64 MiB)
_N, _R, _P, _LEN = 2**15, 8, 1, 32
_MAXMEM = 128 * 1024 * 1024
MIN_PASSWORD = 8


class SignInError(Exception):
    """Wrong user name or password (deliberately not saying which)."""


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    version: int = 0  # what a role or status change saves against

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN, maxmem=_MAXMEM
    )
    enc = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${enc(salt).decode()}${enc(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=_MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _row(u: User) -> UserRow:
    return UserRow(u.id, u.username, u.display_name, u.role, u.active, u.version)


def list_users(session: Session) -> list[UserRow]:
    return [_row(u) for u in session.scalars(select(User).order_by(User.username))]


@mutating
def create_user(
    session: Session, username: str, display_name: str, role: str, password: str
) -> UserRow:
    require(session, "users.manage")
    username = username.strip()
    if not username:
        raise ValueError("用户名不能为空")
    if role not in ROLES:
        raise ValueError(f"角色必须是 {'、'.join(ROLES.values())} 之一")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"用户名“{username}”已存在")
    if server_audits(session):  # the server makes the login; the password never leaves it
        pg_users.create(session.connection(), username, display_name, role, password)
        return _row(_get(session, username))
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    return _row(user)


def _check(session: Session, username: str, expected_version: int | None) -> None:
    if expected_version is not None:
        check_version(session, _get(session, username), expected_version)


def _edit(session: Session, username: str, expected_version: int | None, **values: Any) -> None:
    """Change one account against the version the list showed (ConflictError when stale)."""
    user = _get(session, username)
    if expected_version is not None:
        check_version(session, user, expected_version)
    for key, value in values.items():
        setattr(user, key, value)
    flush_guarded(session, user)


@mutating
def set_role(
    session: Session, username: str, role: str, *, expected_version: int | None = None
) -> None:
    require(session, "users.manage")
    if role not in ROLES:
        raise ValueError(f"未知角色：{role}")
    if server_audits(session):
        _check(session, username, expected_version)
        pg_users.set_role(session.connection(), username, role)
        session.expire_all()  # the server changed the row behind the ORM
        return
    _edit(session, username, expected_version, role=role)


@mutating
def set_active(
    session: Session, username: str, active: bool, *, expected_version: int | None = None
) -> None:
    require(session, "users.manage")
    if server_audits(session):
        _check(session, username, expected_version)
        pg_users.set_active(session.connection(), username, active)
        session.expire_all()  # the server changed the row behind the ORM
        return
    _edit(session, username, expected_version, active=active)


@mutating
def reset_password(session: Session, username: str, password: str) -> None:
    require(session, "users.manage")
    if server_audits(session):
        pg_users.reset_password(session.connection(), username, password)
        return
    _get(session, username).password_hash = hash_password(password)


@mutating
def change_own_password(session: Session, username: str, old: str, new: str) -> None:
    user = _get(session, username)
    if not verify_password(old, user.password_hash):
        raise PermissionDenied("原密码不正确")
    user.password_hash = hash_password(new)


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LookupError(f"没有用户“{username}”")
    return user


def authenticate(session: Session, username: str, password: str) -> UserRow:
    """The signed-in user, or SignInError. Inactive accounts cannot sign in."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        raise SignInError("用户名或密码不正确，或账号已停用")
    return _row(user)


def needs_first_admin(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is None
