"""Resolution order of the database URL and data folder."""

from __future__ import annotations

from gazette import config


def test_order(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR", raising=False)
    loc = config.resolve()
    assert loc.data_dir_source == "默认位置" and loc.database_source == "内置数据库"
    config.save_local(data_dir=str(tmp_path / "saved"), database_url="sqlite:///saved.db")
    loc = config.resolve()
    assert loc.data_dir == tmp_path / "saved" and loc.database_url == "sqlite:///saved.db"
    monkeypatch.setenv("GAZETTE_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("GAZETTE_DATABASE_URL", "sqlite:///env.db")
    loc = config.resolve()
    assert loc.data_dir == tmp_path / "env" and loc.database_source == "GAZETTE_DATABASE_URL"
    loc = config.resolve("sqlite:///opt.db", tmp_path / "opt")
    assert loc.database_url == "sqlite:///opt.db" and loc.data_dir == tmp_path / "opt"
    assert loc.database_source == "--database" and loc.data_dir_source == "--data-dir"


def test_embedded_default_lives_in_data_dir(tmp_path) -> None:
    loc = config.resolve(None, tmp_path)
    assert loc.is_embedded and loc.database_url.endswith(f"{tmp_path.name}/gazette.sqlite3")
