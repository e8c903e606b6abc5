"""Where the database and the data folder are, resolved the same way by the CLI and the GUI.

Order for each: explicit option → environment variable → saved setting → platform default.
The saved settings live in a small JSON file in the user's config folder (not in the database,
because they say *which* database to open).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from gazette import APP_SLUG
from gazette.files.atomic import atomic_write_text
from gazette.office.secrets import stash_password, with_saved_password

ENV_DATABASE_URL = "GAZETTE_DATABASE_URL"
ENV_DATA_DIR = "GAZETTE_DATA_DIR"
ENV_CONFIG_DIR = "GAZETTE_CONFIG_DIR"
ENV_NO_FIRST_RUN = "GAZETTE_NO_FIRST_RUN"
SQLITE_FILE_NAME = "gazette.sqlite3"


def config_dir() -> Path:
    """The folder of the saved-settings file; tests point it elsewhere with GAZETTE_CONFIG_DIR."""
    env = os.environ.get(ENV_CONFIG_DIR)
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_SLUG, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.json"


def load_saved() -> dict[str, Any]:
    """Read the saved local settings; a missing or unreadable file means 'nothing saved'."""
    path = settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"设置文件 {path} 无法读取：{exc}") from exc
    return data if isinstance(data, dict) else {}


def save_local(**values: Any) -> None:
    """Merge values into the saved local settings, written atomically."""
    data = load_saved()
    for key, value in values.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    atomic_write_text(settings_file(), json.dumps(data, ensure_ascii=False, indent=2))


def save_database_url(url: str) -> bool:
    """Save the URL without its password; True when the password went to the keyring."""
    bare, stored_in_keyring = stash_password(url)
    save_local(database_url=bare)
    return stored_in_keyring


class ConfigError(Exception):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Location:
    """The resolved database URL and data folder, with where each came from."""

    database_url: str
    data_dir: Path
    database_source: str
    data_dir_source: str

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")


def resolve(
    database: str | None = None, data_dir: str | os.PathLike[str] | None = None
) -> Location:
    """Resolve the database URL and data folder in the documented order."""
    saved = load_saved()
    if data_dir:
        ddir, dsrc = Path(data_dir), "--data-dir"
    elif os.environ.get(ENV_DATA_DIR):
        ddir, dsrc = Path(os.environ[ENV_DATA_DIR]), ENV_DATA_DIR
    elif saved.get("data_dir"):
        ddir, dsrc = Path(saved["data_dir"]), "已保存的设置"
    else:
        ddir = Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))
        dsrc = "默认位置"
    ddir = ddir.expanduser()
    if database:
        url, usrc = database, "--database"
    elif os.environ.get(ENV_DATABASE_URL):
        url, usrc = os.environ[ENV_DATABASE_URL], ENV_DATABASE_URL
    elif saved.get("database_url"):
        # the password lives in the keyring, never in the settings file
        url, usrc = with_saved_password(saved["database_url"]), "已保存的设置"
    else:
        url, usrc = embedded_url(ddir), "内置数据库"
    return Location(url, ddir, usrc, dsrc)


def source_in_words(source: str) -> str:
    """Where a setting came from, as the GUI says it ("由启动参数指定"), never as a flag."""
    if source.startswith("--"):
        return "由启动参数指定"
    if source in (ENV_DATA_DIR, ENV_DATABASE_URL):
        return "由系统环境变量指定"
    return {
        "已保存的设置": "来自本机保存的设置",
        "默认位置": "默认位置",
        "内置数据库": "默认：数据目录中的内置数据库",
    }.get(source, source)


def embedded_url(data_dir: Path) -> str:
    return "sqlite:///" + (data_dir / SQLITE_FILE_NAME).as_posix()


def no_first_run(flag: bool = False) -> bool:
    return flag or os.environ.get(ENV_NO_FIRST_RUN, "") not in ("", "0")
