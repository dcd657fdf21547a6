"""Which words go with which failure: SQLite's result codes (as sqlcipher3 attaches them), SQLite's
wording when there is no code, and the operating system's errno. Only damage says "damaged"."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import sqlcipher3

from intake_app.app.session import Session
from intake_app.storage.failures import is_damage, sqlite_failure
from intake_app.support.atomic_files import disk_error
from intake_app.support.errors import (
    DatabaseDamaged,
    DiskFailure,
    DiskFull,
    IntakeError,
    StoreMoved,
    StoreNotPermitted,
    StoreReadOnly,
)


def _sqlite_error(message: str, code: int | None) -> sqlcipher3.OperationalError:
    exc = sqlcipher3.OperationalError(message)
    if code is not None:
        exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize(
    ("message", "code", "kind"),
    [
        ("database or disk is full", 13, DiskFull),
        ("attempt to write a readonly database", 8, StoreReadOnly),
        ("attempt to write a readonly database", 1032, StoreMoved),  # READONLY_DBMOVED
        ("access permission denied", 3, StoreNotPermitted),
        ("disk I/O error", 10, DiskFailure),
        ("disk I/O error", 778, DiskFailure),  # IOERR_WRITE
        ("file is not a database", 26, DatabaseDamaged),
        ("database disk image is malformed", 11, DatabaseDamaged),
        ("database disk image is malformed", 267, DatabaseDamaged),  # CORRUPT_VTAB
        # Without a code, SQLite's own words decide.
        ("database or disk is full", None, DiskFull),
        ("attempt to write a readonly database", None, StoreReadOnly),
        ("disk I/O error", None, DiskFailure),
        ("file is not a database", None, DatabaseDamaged),
    ],
)
def test_each_sqlite_failure_has_its_own_words(
    tmp_path: Path, message: str, code: int | None, kind: type[IntakeError]
) -> None:
    failure = sqlite_failure(_sqlite_error(message, code), tmp_path)
    assert type(failure) is kind
    assert ("damaged" in str(failure)) is (kind is DatabaseDamaged)
    assert is_damage(_sqlite_error(message, code)) is (kind is DatabaseDamaged)


def test_busy_is_busy_and_anything_else_is_left_alone(tmp_path: Path) -> None:
    busy = sqlite_failure(_sqlite_error("database is locked", 5), tmp_path)
    assert busy is not None and "busy" in str(busy)
    assert sqlite_failure(_sqlite_error("no such table: x", 1), tmp_path) is None


def test_could_not_open_is_not_called_damage(tmp_path: Path) -> None:
    failure = sqlite_failure(_sqlite_error("unable to open database file", 14), tmp_path)
    assert failure is not None and "could not be opened" in str(failure)
    assert "damaged" not in str(failure)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EDQUOT, DiskFull),
        (errno.EROFS, StoreReadOnly),
        (errno.EIO, DiskFailure),
        (errno.EACCES, StoreNotPermitted),
    ],
)
def test_os_errors_by_errno(code: int, kind: type[IntakeError]) -> None:
    assert type(disk_error(OSError(code, os.strerror(code)))) is kind


def test_messages_name_the_folder_concerned(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    inside = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(data_dir / "x.tmp"))
    elsewhere = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / "x"))
    assert "holds the data folder" in str(disk_error(inside))
    assert "holds the chosen folder" in str(disk_error(elsewhere))
    for failure in (disk_error(inside), disk_error(elsewhere)):
        assert str(data_dir) not in str(failure) and str(tmp_path) not in str(failure)
