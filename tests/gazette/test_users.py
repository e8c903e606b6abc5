"""Accounts, password hashing and role enforcement in the core."""

from __future__ import annotations

import pytest

from gazette.context import open_context, sign_in
from gazette.office.auth import PERMISSIONS, PermissionDenied, allowed, require
from gazette.office.users import (
    SignInError,
    authenticate,
    create_user,
    hash_password,
    list_users,
    set_active,
    verify_password,
)


def test_password_hash_is_salted_scrypt() -> None:
    a, b = hash_password("正确的密码123"), hash_password("正确的密码123")
    assert a != b and a.startswith("scrypt$") and "正确的密码123" not in a
    assert verify_password("正确的密码123", a)
    assert not verify_password("错误的密码123", a)
    assert not verify_password("x", "plain-text")
    with pytest.raises(ValueError, match="至少"):
        hash_password("short")


def test_reader_holds_no_write_permission() -> None:
    # 只读 changes no office data; only its own saved searches and history are its to keep
    assert [p for p in PERMISSIONS if allowed("reader", p)] == ["lookup.save"]
    assert allowed("editor", "issues.publish") and not allowed("clerk", "issues.publish")
    assert allowed("admin", "users.manage") and not allowed("editor", "users.manage")


def test_create_and_authenticate(ctx) -> None:
    with ctx.uow() as uow:
        create_user(uow.session, "zhangbj", "张编辑", "editor", "编辑部密码2026")
        uow.commit()
    with ctx.uow() as uow:
        row = authenticate(uow.session, "zhangbj", "编辑部密码2026")
        assert row.role == "editor" and row.role_name == "编辑"
        with pytest.raises(SignInError):
            authenticate(uow.session, "zhangbj", "wrong-password")
        set_active(uow.session, "zhangbj", False)
        uow.commit()
    with ctx.uow() as uow, pytest.raises(SignInError):
        authenticate(uow.session, "zhangbj", "编辑部密码2026")
    with ctx.uow() as uow:
        assert [u.username for u in list_users(uow.session)] == ["zhangbj"]


def test_non_admin_cannot_manage_users(ctx) -> None:
    ctx.role = "editor"
    with ctx.uow() as uow, pytest.raises(PermissionDenied, match="编辑"):
        create_user(uow.session, "x", "x", "reader", "12345678")
    ctx.role = "reader"
    with pytest.raises(PermissionDenied):
        require(ctx, "settings.write")


@pytest.mark.postgres
def test_shared_database_requires_sign_in(pg_url, tmp_path) -> None:
    first = open_context(pg_url, tmp_path)
    assert first.role == "admin" and not first.requires_sign_in  # fresh office: bootstrap admin
    with first.uow() as uow:
        create_user(uow.session, "admin", "管理员", "admin", "管理员密码2026")
        create_user(uow.session, "wang", "王档案", "archivist", "档案员密码2026")
        uow.commit()
    first.close()
    anonymous = open_context(pg_url, tmp_path, user="wang")
    assert anonymous.requires_sign_in and anonymous.role == "reader"
    with pytest.raises(SignInError):
        sign_in(anonymous, "wang", "bad password!")
    sign_in(anonymous, "wang", "档案员密码2026")
    assert anonymous.role == "archivist"
    anonymous.close()
