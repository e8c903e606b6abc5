"""One-step setup for a fresh machine with only Python 3.11+ (Windows, macOS or Linux).

    python bootstrap.py start   # make .venv, install the app, start it on the embedded database
    python bootstrap.py test    # make .venv, install the app and test tools, run every test

Extra arguments after ``test`` go to pytest; after ``start`` to the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extra: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 (bootstrap runs before anything is checked)
        sys.exit(f"需要 Python 3.11 或更新版本，当前为 {sys.version.split()[0]}")
    py = venv_python()
    if not py.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extra or 'app'}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        print("安装依赖 …", flush=True)
        target = f".[{extra}]" if extra else "."
        subprocess.run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
        stamp.touch()
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "test"):
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "start":
        py = ensure_env("")
        return subprocess.run([py, str(ROOT / "main.py"), *rest], cwd=ROOT).returncode
    py = ensure_env("test")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    code = subprocess.run([py, "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    if code == 5:
        print("错误：没有运行任何测试（pytest 退出码 5）", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
