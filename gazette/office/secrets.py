"""The shared database's password never goes into the settings file in plain text.

It is kept in the operating system's credential store (Windows Credential Manager, macOS
Keychain, Secret Service) through ``keyring``. Where no store exists (a headless Linux box), the
password is not saved at all and the app asks for it when it connects.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

SERVICE = "gazette-desk"


def _key(url: str) -> str:
    u = make_url(url)
    return f"{u.username or ''}@{u.host or ''}:{u.port or ''}/{u.database or ''}"


def _keyring():  # type: ignore[no-untyped-def]
    """The usable keyring module, or None when this machine has no credential store."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    if isinstance(keyring.get_keyring(), fail.Keyring):
        return None
    return keyring


def stash_password(url: str) -> tuple[str, bool]:
    """Move the URL's password to the keyring: the URL without it, and True when it went there
    (where no store works, the password is dropped and the app asks for it when it connects)."""
    parsed = make_url(url)
    stored_in_keyring = False
    if parsed.password:
        ring = _keyring()
        if ring is not None:
            try:
                ring.set_password(SERVICE, _key(url), parsed.password)
                stored_in_keyring = True
            except Exception:  # a locked or broken store: fall back to asking each time
                stored_in_keyring = False
        parsed = URL.create(
            parsed.drivername,
            parsed.username,
            None,
            parsed.host,
            parsed.port,
            parsed.database,
            parsed.query,
        )
    return parsed.render_as_string(hide_password=False), stored_in_keyring


def with_saved_password(url: str) -> str:
    """Put the keyring's password back into a saved URL that lacks one."""
    parsed = make_url(url)
    if parsed.password or parsed.get_backend_name() == "sqlite":
        return url
    ring = _keyring()
    secret = ring.get_password(SERVICE, _key(url)) if ring is not None else None
    return parsed.set(password=secret).render_as_string(hide_password=False) if secret else url
