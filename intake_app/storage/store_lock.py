"""The store lock: ``store.lock`` in the data folder, held by whoever has the store open.

Every open store (the app between unlock and lock, every command) holds it shared; a restore holds
it exclusively, so it can never move a store out from under someone using it, and nobody can open
a store while a restore is replacing it. The operating system drops the lock when the process
ends, however it ends, so a crash never leaves the store locked.

POSIX uses ``flock`` (shared and exclusive). Windows has no shared mode in ``msvcrt.locking``, so
a shared holder locks one byte of ``SLOTS`` and an exclusive holder locks all of them plus byte 0.
The file itself is never deleted (deleting a lock file invites two holders of two files); it holds
nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sys
import time
from pathlib import Path
from types import TracebackType

from intake_app.support.atomic_files import FILE_MODE, disk_error
from intake_app.support.errors import StoreInUse
from intake_app.support.i18n import N_, _

LOCK_NAME = "store.lock"
SLOTS = 64
POLL_SECONDS = 0.05

OPEN_ELSEWHERE = N_(
    "The store is open in the app or in another intake command, so it cannot be replaced now. "
    "Lock or close the app (and let any other command finish), then try again. Nothing was "
    "changed."
)
BEING_RESTORED = N_(
    "A backup is being restored into this data folder right now. Wait for the restore to finish, "
    "then open the store again."
)
# Could not create the lock because the folder cannot be written: then nothing can replace the
# store either, so going on without the lock is safe (and opening it gives the real message).
_UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def _open_lock_file(path: Path) -> int | None:
    flags = getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | flags, FILE_MODE)
    except OSError as exc:
        folder_writable = exc.errno != errno.EROFS and os.access(path.parent, os.W_OK)
        if exc.errno not in _UNWRITABLE or folder_writable:
            # A writable folder whose lock file cannot be opened (another account's?) is not
            # safe to go on in without it.
            raise disk_error(exc) from None
    try:
        return os.open(path, os.O_RDONLY | flags)
    except OSError:
        return None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, exclusive: bool) -> int | None:
        """Lock, without waiting; returns the byte locked (or 0 for exclusive), None if busy."""
        offsets = [0] if exclusive else random.sample(range(1, SLOTS + 1), SLOTS)
        for offset in offsets:
            os.lseek(fd, offset, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, SLOTS + 1 if exclusive else 1)
            except OSError:
                continue
            return offset
        return None

    def _unlock(fd: int, offset: int, exclusive: bool) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, SLOTS + 1 if exclusive else 1)

else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> int | None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return 0

    def _unlock(fd: int, offset: int, exclusive: bool) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class StoreLock:
    """A held store lock. ``release()`` (or leaving a ``with`` block) lets it go."""

    def __init__(self, fd: int | None, offset: int, exclusive: bool) -> None:
        self._fd = fd
        self._offset = offset
        self.exclusive = exclusive

    @classmethod
    def acquire(cls, data_dir: Path, *, exclusive: bool, wait: float = 0.0) -> StoreLock:
        """Take the lock of the store in ``data_dir``, trying for up to ``wait`` seconds.

        Raises ``StoreInUse`` with the reason when another process (or another open store in
        this one) holds it the other way.
        """
        fd = _open_lock_file(data_dir / LOCK_NAME)
        if fd is None:
            return cls(None, 0, exclusive)
        deadline = time.monotonic() + wait
        while True:
            try:
                offset = _try_lock(fd, exclusive)
            except OSError as exc:
                os.close(fd)
                raise disk_error(exc) from None
            if offset is not None:
                return cls(fd, offset, exclusive)
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreInUse(_(OPEN_ELSEWHERE) if exclusive else _(BEING_RESTORED))
            time.sleep(POLL_SECONDS)

    @property
    def held(self) -> bool:
        """False once released, or when the folder could not be written to hold a lock in."""
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd, self._offset, self.exclusive)
        os.close(fd)

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()
