"""The database password is never written to the settings file in plain text."""

from __future__ import annotations

from gazette import config


def test_password_not_in_settings_file() -> None:
    in_keyring = config.save_database_url(
        "postgresql+psycopg://editor:s3cret-密码@db.office:5432/gazette"
    )
    text = config.settings_file().read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert "editor@db.office:5432/gazette" in text
    loc = config.resolve()
    assert loc.database_url.startswith("postgresql+psycopg://editor")
    assert ("s3cret" in loc.database_url) == in_keyring
