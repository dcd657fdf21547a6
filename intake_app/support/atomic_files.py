"""Private folders and files, and atomic replacement of small files."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from intake_app.support.errors import (
    DATA_FOLDER,
    AlreadyThere,
    DiskFailure,
    DiskFull,
    IntakeError,
    StorageFailure,
    StoreNotPermitted,
    StoreReadOnly,
)
from intake_app.support.i18n import N_, _
from intake_app.support.paths import DB_NAME, SLOTS_NAME

T = TypeVar("T")

DIR_MODE = 0o700
FILE_MODE = 0o600
CHOSEN_FOLDER = N_("the chosen folder")  # untranslated, as ``DATA_FOLDER``: see StorageFailure
# Files that only a data folder holds (the lock file is there as soon as a store is opened).
STORE_MARKERS = (DB_NAME, SLOTS_NAME, "store.lock")


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the leaf folder is 0700 when new, and an existing
    one loses any access for group and others (an owner's choice to make it read-only stays)."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        mode = stat.S_IMODE(path.stat().st_mode)
        if os.name == "posix" and mode & ~DIR_MODE:
            os.chmod(path, mode & DIR_MODE)
    except OSError as exc:
        raise disk_error(exc) from None
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
    """Make a file 0600 (left alone when it already is: a read-only drive refuses even that)."""
    if os.name != "posix":
        return
    try:
        if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise disk_error(exc) from None


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY) if hasattr(os, "statvfs") else False
    except OSError:
        return False


def _nearest_folder(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def place_of(path: Path) -> str:
    """How a message names the folder of ``path``: the data folder (or a folder inside it), or
    the folder someone chose to save something in (a message id: ``_()`` it to show it)."""
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, folder.parent):
        if any((candidate / name).exists() for name in STORE_MARKERS):
            return DATA_FOLDER
    return CHOSEN_FOLDER


def access_failure(path: Path) -> StorageFailure | None:
    """Why ``path`` (a file or folder) cannot be written, if the operating system says so: a
    read-only drive, a folder this account may read but not write, or no access at all. None
    when nothing is wrong with its permissions."""
    folder = _nearest_folder(path)
    place = place_of(path)
    if _read_only_fs(folder):
        return StoreReadOnly(place=place)
    if not os.access(folder, os.R_OK | os.X_OK):
        return StoreNotPermitted(place=place)
    if path.is_file() and not os.access(path, os.R_OK):
        return StoreNotPermitted(place=place)
    if not os.access(folder, os.W_OK) or (path.is_file() and not os.access(path, os.W_OK)):
        return StoreReadOnly(place=place)
    return None


def disk_error(exc: OSError, path: Path | None = None) -> IntakeError:
    """Turn an OS error into a plain message, without the path (it may name a person).

    ``path`` is the file concerned when the error does not carry it (``os.write`` does not)."""
    filename = exc.filename if isinstance(exc.filename, str | os.PathLike) else None
    where = Path(filename) if filename else path
    place = place_of(where) if where is not None else DATA_FOLDER
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, getattr(errno, "EFBIG", -1)):
        return DiskFull(place=place)
    if code == errno.EROFS:
        return StoreReadOnly(place=place)
    if code in (errno.EACCES, errno.EPERM):
        # A folder this account may read but not write is read-only to it; anything else is a
        # refusal of access.
        found = access_failure(where) if where is not None else None
        return found if found is not None else StoreNotPermitted(place=place)
    if code == errno.EIO:
        return DiskFailure(place=place)
    # Translators: {reason} is the operating system's description of the error; {place} is
    # "the data folder" or "the chosen folder".
    message = _(
        "A file could not be read or written ({reason}). Check {place} and the disk it is on, "
        "then try again."
    )
    return IntakeError(message.format(reason=os.strerror(code or 0), place=_(place)))


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
        raise disk_error(exc, path) from None


def check_chosen_folder(folder: Path) -> None:
    """Refuse, with the real cause, a folder someone chose to write into that is missing, is a
    file, is read-only or may not be used by this account. The message never names the path."""
    if not folder.exists():
        raise IntakeError(
            _(
                "The chosen folder does not exist (it may have been moved or renamed, or be on "
                "a drive that is no longer connected). Nothing was written: choose a folder that "
                "exists."
            )
        )
    if not folder.is_dir():
        raise IntakeError(
            _("The chosen place is a file, not a folder. Nothing was written: choose a folder.")
        )
    failure = access_failure(folder)
    if failure is not None:
        raise failure


def _place_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target``, which must not exist: a hard link is made only where there is
    no file, so one that appeared meanwhile is never replaced. A drive without hard links (a
    FAT-formatted USB stick) is checked first instead."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def write_files_together(
    folder: Path, files: dict[str, bytes], *, replace: bool = False
) -> list[Path]:
    """Write several files into ``folder`` so that all of them appear or none does.

    Each is written to a temporary file (random name, mode 0600) and synced; only when all are
    on the disk are they moved into place, and the folder synced. Unless ``replace``, a file of
    the same name already there refuses the whole write (``AlreadyThere``), before anything is
    written or while moving them into place. A failure leaves no temporary file, and removes
    those this call already moved into place."""
    targets = [folder / name for name in files]
    if not replace:
        there = [t.name for t in targets if t.exists() or t.is_symlink()]
        if there:
            raise AlreadyThere(there)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    current = folder
    try:
        for target, data in zip(targets, files.values(), strict=True):
            current = target
            tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         FILE_MODE)  # fmt: skip
            staged.append((tmp, target))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        for tmp, target in staged:
            current = target
            if replace:
                os.replace(tmp, target)
            else:
                _place_new(tmp, target)
            placed.append(target)
        fsync_dir(folder)
    except BaseException as exc:
        for tmp, _target in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for target in placed:
            with contextlib.suppress(OSError):
                target.unlink()
        _said_plainly(exc, current)
        raise
    return placed


def _said_plainly(exc: BaseException, target: Path) -> None:
    """A file's write failed: raise what the person is told (a file already there, the disk's
    own refusal), or return, for the caller to raise ``exc`` as it is."""
    if isinstance(exc, FileExistsError):
        raise AlreadyThere([target.name]) from None
    if isinstance(exc, OSError):
        raise disk_error(exc, target) from None


def write_streamed(target: Path, write: Callable[[BinaryIO], T], *, replace: bool = False) -> T:
    """Write a file too large to hold in memory whole: ``write`` fills a temporary file (random
    name, mode 0600) in the same folder, which is synced, then put in place, as
    ``write_files_together`` puts one. What ``write`` returns is returned. A failure, in
    ``write`` or after, leaves no temporary file and nothing under ``target``'s name."""
    if not replace and (target.exists() or target.is_symlink()):
        raise AlreadyThere([target.name])
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open_private(tmp) as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        _said_plainly(exc, target)
        raise
    return result
