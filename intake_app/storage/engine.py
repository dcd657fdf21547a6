"""Which database engine is underneath: the store is opened only by SQLCipher 4, never by a plain
SQLite build (which would write reports unencrypted or fail in confusing ways)."""

from __future__ import annotations

from typing import Any

import sqlcipher3

from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

EXPECTED_MAJOR = "4."
NOT_SQLCIPHER = N_(
    "This copy of the app is missing its encryption (SQLCipher), so it will not open the store. "
    "Nothing was changed. Install the app again from the centre's download."
)


def cipher_version(connection: Any) -> str | None:
    """SQLCipher's version through this connection, or None on plain SQLite."""
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    except Exception:
        return None
    return str(row[0]) if row and row[0] else None


def require_sqlcipher(connection: Any) -> str:
    version = cipher_version(connection)
    if version is None or not version.startswith(EXPECTED_MAJOR):
        raise IntakeError(_(NOT_SQLCIPHER))
    return version


def engine_versions() -> tuple[str, str]:
    """(SQLCipher version, SQLite version) of the engine this app was built with; refuses a
    plain SQLite build."""
    probe = sqlcipher3.connect(":memory:")
    try:
        return require_sqlcipher(probe), str(sqlcipher3.sqlite_version)
    finally:
        probe.close()
