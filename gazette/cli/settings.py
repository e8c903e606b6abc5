"""``gazette settings show|set``: the office's identity and editorial settings from the command line.

A fresh office prints only what it has configured, and a build stops naming a missing 公报名称 or
主办单位; without this command an office set up from the command line had no way to name itself.
"""

from __future__ import annotations

import argparse
from typing import Any

from gazette.cli.base import CliError, Runner, command, out
from gazette.files import limits
from gazette.office import settings

# the words a person types (Chinese or the stored key) → the stored key, and how values read
LABELS = settings.LABELS
ALIASES: dict[str, str] = {**{v: k for k, v in LABELS.items()}, **{k: k for k in LABELS}}
YES, NO = ("是", "yes", "true", "1"), ("否", "no", "false", "0")
FREQUENCY_WORDS = {v: k for k, v in settings.FREQUENCIES.items()}


def _shown(key: str, value: Any) -> str:
    if key == "frequency":
        return settings.FREQUENCIES.get(str(value), str(value))
    if key == "sign_own_proof":
        return "是" if value else "否"
    if key == "interpretation_issuers":
        return "、".join(value) if value else "（默认：市人民政府、市人民政府办公室）"
    if key in limits.ADJUSTABLE:
        return str(value) if value else f"默认（{limits.DEFAULTS[key]}）"
    return str(value) if value else "（未设置）"


def _parsed(key: str, text: str) -> Any:
    text = text.strip()
    if key == "frequency":
        code = FREQUENCY_WORDS.get(text, text)
        if code not in settings.FREQUENCIES:
            raise CliError(f"刊期必须是 {'、'.join(settings.FREQUENCIES.values())} 之一")
        return code
    if key == "sign_own_proof":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise CliError("允许本人审签 只能是 是 或 否")
    if key == "interpretation_issuers":  # 、-separated names; empty returns to the default rule
        names = [n.strip() for n in text.replace(",", "、").replace("，", "、").split("、")]
        return [n for n in names if n] or None
    if key in limits.ADJUSTABLE:
        try:
            return limits.checked(key, text)
        except ValueError as exc:
            raise CliError(f"{LABELS[key]}：{exc}") from exc
    if not text:
        raise CliError(f"{LABELS[key]} 不能为空")
    if key == "index_no_format":
        try:
            text.format(year=2026, issue=11, place=5)
        except (KeyError, IndexError, ValueError) as exc:
            raise CliError(
                f"索引号格式“{text}”有误（可用 {{year}}、{{issue:02d}}、{{place:03d}}）"
            ) from exc
    return text


def _show(args: argparse.Namespace, run: Runner) -> int:
    values = settings.get_all(run.context())
    for key, label in LABELS.items():
        out(f"{label}\t{_shown(key, values.get(key))}")
    return 0


def _set(args: argparse.Namespace, run: Runner) -> int:
    changes: dict[str, Any] = {}
    for pair in args.pairs:
        name, sep, text = pair.partition("=")
        key = ALIASES.get(name.strip())
        if not sep or key is None:
            raise CliError(
                f"无法识别“{pair}”：请写成 设置项=值，设置项为 {'、'.join(LABELS.values())}"
            )
        changes[key] = _parsed(key, text)
    settings.put(run.context(), **changes)
    for key, value in changes.items():
        out(f"已设置 {LABELS[key]}：{_shown(key, value)}")
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "settings", help="编辑部设置：公报名称、主办单位、刊期", description="编辑部设置"
    )
    inner = parser.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    command(inner, "show", _show, "显示公报名称、主办单位、刊期和审签设置")
    put = command(
        inner, "set", _set, "修改设置，例如 gazette settings set 公报名称=某某市人民政府公报"
    )
    put.add_argument("pairs", nargs="+", metavar="设置项=值")
