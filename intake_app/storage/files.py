"""Private folders and files, and atomic replacement of small files."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path
from typing import BinaryIO

from intake_app.errors import DiskFull, IntakeError

DIR_MODE = 0o700
FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make the leaf folder 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if os.name == "posix":
        os.chmod(path, DIR_MODE)
    return path


def open_private(path: Path) -> BinaryIO:
    """A new file for writing, mode 0600 whatever the umask (it must not exist yet)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, FILE_MODE), "wb")


def touch_private(path: Path) -> None:
    """Make sure ``path`` exists and is 0600 before a library (SQLite) opens it: a database it
    creates itself would follow the umask, and its journal files copy the database's mode."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    try:
        os.close(os.open(path, flags, FILE_MODE))
        make_private(path)
    except OSError as exc:
        raise disk_error(exc) from None


def make_private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, FILE_MODE)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_error(exc: OSError) -> IntakeError:
    """Turn an OS error into a plain message, without the path (it may name a person)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull("The disk is full, so nothing was saved. Free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IntakeError("The data folder cannot be written to. Check its permissions.")
    return IntakeError(f"A file could not be written ({os.strerror(exc.errno or 0)}).")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The temporary file has a random name in the same folder, mode 0600, and is synced before it
    replaces the target; the folder is synced after.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise disk_error(exc) from None
