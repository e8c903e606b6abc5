"""Shared fixtures: every test runs against a temporary data folder and config folder.

PostgreSQL is reached only through GAZETTE_TEST_PG_URL, never GAZETTE_DATABASE_URL, so a test can
never touch an office database. Under CI=true a missing server fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hsettings

# Offscreen Qt with a 1920×1080 screen (the plugin's default is 800×800, smaller than the window).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _screen = Path(__file__).with_name("offscreen-screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
os.environ.pop("GAZETTE_DATABASE_URL", None)
os.environ.pop("GAZETTE_DATA_DIR", None)

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
hsettings.register_profile("ci", deadline=None, max_examples=60)
hsettings.register_profile("dev", deadline=None)
hsettings.load_profile("ci" if ON_CI else "dev")

PG_URL = os.environ.get("GAZETTE_TEST_PG_URL", "")

# A wait is for an event, not a time limit: on a loaded 2-core machine a screen's worker can take
# longer than pytest-qt's 5 s default, so every wait left without a timeout (a condition, a
# signal, a callback, a window shown) waits up to 30 s before failing.
EVENT_TIMEOUT_MS = 30_000
WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive")


def _patch_qtbot_timeouts() -> None:
    try:
        from pytestqt.qtbot import QtBot
    except ImportError:  # Qt tests are not installed in this environment
        return

    def patched(wait):  # type: ignore[no-untyped-def]
        def waiting(self, *args, timeout: int = EVENT_TIMEOUT_MS, **kwargs):  # type: ignore[no-untyped-def]
            return wait(self, *args, timeout=timeout, **kwargs)

        return waiting

    for name in WAITS:
        setattr(QtBot, name, patched(getattr(QtBot, name)))


_patch_qtbot_timeouts()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Configure every ORM mapper before a test can start a worker thread, as ui.app.run does."""
    from sqlalchemy.orm import configure_mappers

    import archive.models  # noqa: F401
    import gazette.db.models  # noqa: F401

    configure_mappers()


def need_tool(name: str) -> str:
    """The path of an external tool; skip locally, fail on CI, when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    message = f"需要外部工具 {name}（.ci/run 会安装它）"
    if ON_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    base = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("GAZETTE_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("GAZETTE_NO_FIRST_RUN", "1")
    monkeypatch.delenv("GAZETTE_DATABASE_URL", raising=False)
    yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def configure_office(context) -> None:  # type: ignore[no-untyped-def]
    """The office's identity as the first-run form leaves it when a person accepts it."""
    from gazette.office import settings

    settings.accept_suggested(context)


@pytest.fixture
def fresh_ctx(data_dir: Path):
    """A fresh embedded database, migrated to head, with nothing configured."""
    from gazette.context import open_context

    context = open_context(None, data_dir)
    yield context
    context.close()


@pytest.fixture
def ctx(fresh_ctx):  # type: ignore[no-untyped-def]
    """A fresh embedded database, migrated to head, whose office has a name and publisher."""
    configure_office(fresh_ctx)
    return fresh_ctx


def _pg_available() -> str:
    if not PG_URL:
        message = "未设置 GAZETTE_TEST_PG_URL，跳过 PostgreSQL 测试"
        if ON_CI:
            pytest.fail("CI 上必须提供 PostgreSQL：" + message)
        pytest.skip(message)
    return PG_URL


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test, dropped afterwards."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    base = _pg_available()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        if ON_CI:
            pytest.fail(f"PostgreSQL 不可用：{exc}")
        pytest.skip(f"PostgreSQL 不可用：{exc}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def pg_ctx(pg_url: str, data_dir: Path):
    from gazette.context import open_context

    context = open_context(pg_url, data_dir)
    configure_office(context)
    yield context
    context.close()


# the demo database, built once per session ----------------------------------------------------

_SKIP_COPY = ("-wal", "-shm", "-journal")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the full demo office (every part in gazette.demo.PARTS), built once.

    The SQLite file is checkpointed and closed, so a plain copy of the folder is a consistent
    database (its stored files come along).
    """
    import sqlite3

    from gazette import demo
    from gazette.config import embedded_url
    from gazette.context import open_context

    base = tmp_path_factory.mktemp("demo_template")
    folder = base / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
        mp.setenv("GAZETTE_NO_FIRST_RUN", "1")
        context = open_context(embedded_url(folder), folder)
        try:
            demo.load(context)
        finally:
            context.close()
    db_file = folder / "gazette.sqlite3"
    conn = sqlite3.connect(db_file)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return folder


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the whole demo office as ``gazette demo`` and the first-run wizard
    load it (the core's parts and the backlog's history), built once; its progress messages are
    kept in ``progress.json`` next to the folder."""
    import json
    import sqlite3

    from archive import demo
    from gazette.config import embedded_url
    from gazette.context import open_context
    from gazette.progress import Reporter

    base = tmp_path_factory.mktemp("office_template")
    folder = base / "data"
    steps: list[tuple[int, int, str]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
        mp.setenv("GAZETTE_NO_FIRST_RUN", "1")
        context = open_context(embedded_url(folder), folder)
        try:
            demo.load_office(context, Reporter(lambda d, t, m="": steps.append((d, t, m))))
        finally:
            context.close()
    (base / "progress.json").write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    conn = sqlite3.connect(folder / "gazette.sqlite3")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return folder


def _private_copy(template: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    from gazette.context import open_context

    for source in template.rglob("*"):
        rel = source.relative_to(template)
        if source.name.endswith(_SKIP_COPY) or rel.parts[0] == "logs":
            continue
        target = data_dir / rel
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return open_context(None, data_dir)


@pytest.fixture
def office_ctx(office_template: Path, data_dir: Path):
    """A private copy of the whole demo office, opened and migrated."""
    context = _private_copy(office_template, data_dir)
    yield context
    context.close()


@pytest.fixture
def demo_ctx(demo_template: Path, data_dir: Path):
    """A private copy of the demo database in this test's data folder, opened and migrated."""
    context = _private_copy(demo_template, data_dir)
    yield context
    context.close()


@pytest.fixture(autouse=True, scope="session")
def _app_ocr_pool_runs_the_fake_engine() -> Iterator[None]:
    """The app's shared OCR pool runs the declared fake engine (archive.ocr_fake) in tests: the
    screens and workflows that start it are not about recognition. Recognition tests build
    RapidOcrEngine or a pool of it themselves."""
    from archive import ocr_pool
    from archive.ocr_fake import FakeEngine

    ocr_pool.use_engine(FakeEngine)
    yield
    ocr_pool.shutdown()
