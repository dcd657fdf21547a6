"""An exclusive lock on a small file beside the store, held across processes: one unlock attempt
at a time (the throttle), one change to the slot file at a time (``keyslots.lock``)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from intake_app.support.atomic_files import FILE_MODE, disk_error


@contextlib.contextmanager
def held_exclusively(path: Path) -> Iterator[None]:
    """Wait for, then hold, the exclusive lock on ``path`` (made empty and 0600 if missing). A
    folder that cannot hold it (read-only, full, refused) says so in the plain words of
    ``disk_error``."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        raise disk_error(exc, path) from None
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError:
                continue

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
