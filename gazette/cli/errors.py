"""What the command line says when a command fails: one Chinese sentence naming the cause.

The office never sees a traceback. Errors the program raises on purpose (from ``gazette`` or
``archive``) already carry a Chinese message; library errors are translated by kind; anything
else is an internal fault, said as such. Every failure's full trace goes to
``<data dir>/logs/gazette-cli.log`` for whoever investigates.
"""

from __future__ import annotations

import logging
import logging.handlers
import sqlite3
import sys
from pathlib import Path

import sqlalchemy.exc

log = logging.getLogger("gazette.cli.base")

OWN_PACKAGES = ("gazette", "archive")


def explain(exc: BaseException) -> str:
    """A message for the office, in Chinese, that names the cause."""
    if isinstance(exc, KeyboardInterrupt):
        return "已取消"
    if type(exc).__module__.split(".")[0] in OWN_PACKAGES and str(exc):
        return str(exc)
    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        return _database(exc)
    if isinstance(exc, sqlalchemy.exc.SQLAlchemyError):
        return f"数据库操作失败：{_first_line(exc)}"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"数据库文件无法使用（已损坏或不是数据库）：{exc}"
    if isinstance(exc, UnicodeError):
        return "输入中有无法识别的字符（可能是复制时混入的乱码），请检查后重新输入"
    if isinstance(exc, OverflowError):
        return f"数值太大，超出允许的范围：{exc}"
    if isinstance(exc, MemoryError):
        return "内存不足，无法完成此操作；请关闭其他程序后重试，或分批处理"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件或文件夹：{exc.filename}"
    if isinstance(exc, PermissionError):
        return f"没有权限读写：{exc.filename or exc}"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"无法读写文件{where}：{exc.strerror or exc}"
    if isinstance(exc, (ValueError, LookupError)) and str(exc):
        return str(exc)
    return f"程序内部错误（{type(exc).__name__}），操作未完成；详细信息已写入日志"


def _database(exc: sqlalchemy.exc.DBAPIError) -> str:
    reason = _first_line(exc.orig) if exc.orig is not None else _first_line(exc)
    if isinstance(exc, sqlalchemy.exc.OperationalError):
        lowered = reason.lower()
        if "locked" in lowered or "busy" in lowered:
            return "数据库正被另一项操作占用，等待超时；请稍后重试"
        if "password authentication failed" in lowered:
            return "无法连接到数据库：用户名或密码不正确"
        if any(w in lowered for w in ("connect", "connection", "could not translate host")):
            return f"无法连接到数据库服务器（{_where(exc)}）：请检查网络和数据库地址。{reason}"
        if "malformed" in lowered or "not a database" in lowered:
            return f"数据库文件已损坏：{reason}"
        return f"数据库暂时无法使用：{reason}"
    if isinstance(exc, sqlalchemy.exc.IntegrityError):
        return f"数据与已有记录冲突，未保存：{reason}"
    return f"数据库操作失败：{reason}"


def _where(exc: sqlalchemy.exc.DBAPIError) -> str:
    text = str(exc.orig or exc)
    marker = 'connection to server at "'
    if marker in text:
        host = text.split(marker, 1)[1].split('"', 1)[0]
        port = text.split("port ", 1)[1].split()[0] if "port " in text else ""
        return f"{host}:{port}" if port else host
    return "数据库服务器"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def log_failure(exc: BaseException, data_dir: Path | None) -> Path | None:
    """Write the full trace to the command line's log file; returns its path (None: no log)."""
    if data_dir is None:
        return None
    try:
        folder = data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "gazette-cli.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.propagate = False  # never onto the console through a root or last-resort handler
    try:
        log.error("命令失败：%s", " ".join(sys.argv[1:]), exc_info=exc)
    finally:
        log.removeHandler(handler)
        handler.close()
    return path


def report(exc: BaseException, data_dir: Path | None) -> int:
    """Print the Chinese message to stderr, log the trace; returns the exit status."""
    path = log_failure(exc, data_dir)
    message = explain(exc)
    if path is not None and "内部错误" in message:
        message += f"（{path}）"
    sys.stderr.write(f"错误：{printable(message)}\n")
    return 130 if isinstance(exc, KeyboardInterrupt) else 2


def printable(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes in a file name or an argument) shown as
    U+FFFD, so writing the message can never fail in turn."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
