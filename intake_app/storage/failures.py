"""What an SQLite error really means, in words a person can act on.

Only a failed authentication or decryption (SQLCipher's HMAC check, SQLITE_NOTADB,
SQLITE_CORRUPT, "file is not a database", "malformed") is called damage; a full disk, a read-only
folder, a refused permission and a failing disk each get their own message, because the advice for
damage (restore a backup) would be wrong, even harmful, for any of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlcipher3

from intake_app.support.atomic_files import access_failure
from intake_app.support.errors import (
    DatabaseDamaged,
    DiskFailure,
    DiskFull,
    IntakeError,
    StorageFailure,
    StoreMoved,
    StoreNotPermitted,
    StoreReadOnly,
)
from intake_app.support.i18n import N_, _

DAMAGED = N_(
    "The store's database is damaged (part of it failed its integrity check). Nothing has been "
    "changed. Restore it from a backup with 'intake restore'."
)
BUSY = N_("The store is busy in another window or program. Try again in a moment.")
CANTOPEN = N_(
    "The store's database file could not be opened, so this could not be done. Nothing was "
    "changed. Check that the data folder's drive is connected and that this account may read "
    "and write the folder and every file in it."
)

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SQLITE_READONLY_DBMOVED = SQLITE_READONLY | (4 << 8)
DAMAGE_CODES = (SQLITE_CORRUPT, SQLITE_NOTADB)
# So little room that an input/output error while writing is almost surely the full disk.
NEARLY_FULL_BYTES = 256 * 1024


def error_code(exc: BaseException) -> int | None:
    """The extended result code sqlcipher3 attaches to its exceptions, if it did."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def _code_from_text(text: str) -> int | None:
    """For an exception without a code: the same decision from SQLite's own wording."""
    for words, code in (
        (("not a database", "malformed", "corrupt", "hmac"), SQLITE_CORRUPT),
        (("database or disk is full", "disk is full"), SQLITE_FULL),
        (("locked", "busy"), SQLITE_BUSY),
        (("readonly", "read-only"), SQLITE_READONLY),
        (("unable to open",), SQLITE_CANTOPEN),
        (("access permission denied",), SQLITE_PERM),
        (("disk i/o",), SQLITE_IOERR),
    ):
        if any(w in text for w in words):
            return code
    return None


def is_damage(exc: BaseException) -> bool:
    """True only for a failed authentication or decryption, or a malformed database."""
    code = error_code(exc)
    if code is None:
        code = _code_from_text(str(exc).lower())
    return code is not None and code & 0xFF in DAMAGE_CODES


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def sqlite_failure(exc: sqlcipher3.Error, folder: Path | None) -> IntakeError | None:
    """The plain error for an SQLite exception, or None when it is none of these (a bug, which
    then surfaces as an unexpected error without its text). ``folder`` is the data folder, looked
    at when SQLite could not open a file, to say why."""
    extended = error_code(exc)
    code = extended if extended is not None else _code_from_text(str(exc).lower())
    if code is None:
        return None
    primary = code & 0xFF
    if primary in DAMAGE_CODES:
        return DatabaseDamaged(_(DAMAGED))
    if primary == SQLITE_FULL:
        return DiskFull()
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return IntakeError(_(BUSY))
    if code == SQLITE_READONLY_DBMOVED:
        return StoreMoved()
    if primary == SQLITE_READONLY:
        return StoreReadOnly()
    if primary == SQLITE_PERM:
        return StoreNotPermitted()
    if primary == SQLITE_CANTOPEN:
        found = access_failure(folder) if folder is not None else None
        return found if found is not None else StorageFailure(_(CANTOPEN))
    if primary == SQLITE_IOERR:
        if folder is not None:
            found = access_failure(folder)
            if isinstance(found, StoreReadOnly):
                return found
            if _nearly_full(folder):
                return DiskFull()
        return DiskFailure()
    return None
