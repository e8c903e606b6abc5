"""argparse's own words in Chinese.

The subcommands' help is Chinese, but argparse prints its frame (用法, 选项, the -h line) and its
errors (a missing or mistyped argument) in English. An office that types ``gazette --help`` or
forgets an argument reads those lines first, so they are translated here. argparse looks its
words up through the module's ``_`` and ``ngettext`` at call time; they are replaced once.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "invalid %(type)s value: %(value)r": "无效的值（%(type)s）：%(value)r",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "ignored explicit argument %r": "多余的参数值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
VERSION_HELP = "显示版本号并退出"
# the options the command line and the desktop app share, worded once
DATABASE_HELP = "数据库地址（默认：数据目录中的内置数据库）"
DATA_DIR_HELP = "数据目录"


def _word(message: str) -> str:
    return WORDS.get(message, message)


def _words(singular: str, plural: str, n: int) -> str:
    return _word(singular if n == 1 else plural)


def install() -> None:
    """Make every ArgumentParser in this process speak Chinese (idempotent)."""
    setattr(argparse, "_", _word)  # noqa: B010 - argparse has no public hook for its words
    setattr(argparse, "ngettext", _words)  # noqa: B010
