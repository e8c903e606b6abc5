"""``gazette validity show|set|link``: the 效力 of a document and the documents that change it."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from gazette.cli.base import CliError, Runner, command, group, out
from gazette.db.models import Document
from gazette.db.uow import UnitOfWork
from gazette.issues import validity
from gazette.texts.docno import DocNumberError, normalise


def find_document(uow: UnitOfWork, text: str) -> int:
    """The one document with this 发文字号 (written loosely) or exactly this title."""
    session = uow.session
    try:
        number = normalise(text)
    except DocNumberError:
        number = None
    q = select(Document.id).where(
        (Document.doc_number == number) if number else (Document.title == text.strip())
    )
    found = session.scalars(q.limit(2)).all()
    if not found:
        raise CliError(f"没有发文字号或标题为“{text}”的文件")
    if len(found) > 1:
        raise CliError(f"“{text}”对应多份文件，请改用发文字号")
    return int(found[0])


def _show(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        v = validity.lookup(uow, find_document(uow, args.doc))
    out(f"效力：{v.status}")
    for r in v.changed_by:
        out(f"被\t{r.doc_number or '—'}\t{r.title}\t{r.relation}")
    for r in v.changes:
        out(f"{r.relation}\t{r.doc_number or '—'}\t{r.title}")
    return 0


def _set(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        validity.set_status(uow, find_document(uow, args.doc), args.status)
        uow.commit()
    out(f"效力已设为“{args.status}”")
    return 0


def _link(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        source = find_document(uow, args.doc)
        target = find_document(uow, args.target)
        validity.link(uow, source, target, args.relation)
        uow.commit()
    out(f"已登记：{args.doc} {args.relation} {args.target}")
    return 0


def register(sub: Any) -> None:
    inner = group(
        sub, "validity", "规范性文件效力：查看、设置、登记修改或废止关系", dest="validity_command"
    )
    p = command(inner, "show", _show, "显示文件的效力和修改、废止它的文件")
    p.add_argument("--doc", required=True, help="发文字号或标题")
    p = command(inner, "set", _set, "设置文件的效力")
    p.add_argument("--doc", required=True, help="发文字号或标题")
    p.add_argument("--status", required=True, choices=validity.STATUSES)
    p = command(
        inner, "link", _link, "登记 --doc 修改/废止/替代 --target（废止、替代同时改目标效力）"
    )
    p.add_argument("--doc", required=True, help="起修改或废止作用的文件（发文字号或标题）")
    p.add_argument("--relation", required=True, choices=tuple(validity.RELATIONS))
    p.add_argument("--target", required=True, help="被修改或废止的文件（发文字号或标题）")
