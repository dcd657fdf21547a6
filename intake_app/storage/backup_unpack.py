"""Reading a backup file back, refusing anything this app would not have written.

A backup made by the app has exactly three stored (uncompressed) members of known names and
bounded sizes. Anything else is refused before a byte is written: a compressed member (a deflate
"bomb" can unpack to a thousand times its size), a size over the limit, a size the archive states
two different ways. Copying counts the bytes, so even an archive whose header lies cannot write
more than it declared; and the disk must have room for what it declared before unpacking starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import zipfile
from pathlib import Path
from typing import IO, Any

from intake_app.errors import BackupInvalid, DiskFull, SlotFileDamaged
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage import keyslots
from intake_app.storage.backup import FORMAT, MANIFEST, MEMBERS, VERSION, file_sha256
from intake_app.storage.files import FILE_MODE, atomic_write, disk_error, ensure_private_dir

MB = 1024 * 1024
LIMITS = {MANIFEST: 64 * 1024, SLOTS_NAME: MB, DB_NAME: 64 * 1024**3}
# Room for the check of the restored store (an audit entry, its write-ahead log) and the journal.
SPACE_MARGIN = 2 * MB
CHUNK = MB

INVALID = "That file is not a backup of an intake store, or it has been damaged or altered."
COMPRESSED = (
    "That file is not a backup made by this app: parts of it are compressed, and the app's "
    "backups never are. It was not unpacked. Nothing was changed."
)
TOO_LARGE = (
    "That file is not a backup this app can restore: it says it holds more than a store can be "
    "(64 GB), or its parts are larger than it says. It was not unpacked. Nothing was changed."
)
NO_ROOM = (
    "There is not enough free space to restore this backup: it needs about {needed} on the disk "
    "that holds the data folder, and {free} is free. Free some space there, then try again. "
    "Nothing was changed."
)
# What a crafted archive can make zipfile raise while it is read.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    EOFError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    KeyError,
)


def _size_text(count: int) -> str:
    return f"{count / MB:,.1f} MB"


def _open(source: Path) -> zipfile.ZipFile:
    try:
        if source.stat().st_size > LIMITS[DB_NAME] + LIMITS[SLOTS_NAME] + LIMITS[MANIFEST] + MB:
            raise BackupInvalid(TOO_LARGE)
        return zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupInvalid("There is no file at that path.") from None
    except IsADirectoryError:
        raise BackupInvalid("That is a folder, not a backup file.") from None
    except OSError as exc:
        raise BackupInvalid(
            f"That file could not be read ({exc.strerror or 'an input/output error'})."
        ) from None
    except _ARCHIVE_ERRORS:
        raise BackupInvalid(INVALID) from None


def check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The three members, once each is known to be stored, unencrypted and within its limit."""
    infos = archive.infolist()
    if sorted(info.filename for info in infos) != sorted(MEMBERS):
        raise BackupInvalid(INVALID)
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            raise BackupInvalid(COMPRESSED)
        if info.flag_bits & 0x1:  # encrypted
            raise BackupInvalid(INVALID)
        limit = LIMITS[info.filename]
        if info.file_size > limit or info.compress_size > limit:
            raise BackupInvalid(TOO_LARGE)
        if info.compress_size != info.file_size:
            raise BackupInvalid(TOO_LARGE)
    return {info.filename: info for info in infos}


def copy_counted(src: IO[bytes], dst: IO[bytes], declared: int) -> int:
    """Copy at most ``declared`` bytes; a source that has more is refused as soon as it shows."""
    written = 0
    while True:
        chunk = src.read(min(CHUNK, declared - written + 1))
        if not chunk:
            break
        written += len(chunk)
        if written > declared:
            raise BackupInvalid(TOO_LARGE)
        dst.write(chunk)
    if written != declared:
        raise BackupInvalid(INVALID)
    return written


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as src:
        data = src.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BackupInvalid(INVALID)
    return data


def _check_room(folder: Path, infos: dict[str, zipfile.ZipInfo]) -> None:
    needed = infos[DB_NAME].file_size + infos[SLOTS_NAME].file_size + SPACE_MARGIN
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise disk_error(exc) from None
    if free < needed:
        raise DiskFull(NO_ROOM.format(needed=_size_text(needed), free=_size_text(free)))


def _manifest(raw: bytes) -> dict[str, Any]:
    manifest = json.loads(raw)
    if not isinstance(manifest, dict):
        raise BackupInvalid(INVALID)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupInvalid(INVALID)
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict) or not all(
        isinstance(hashes.get(name), str) for name in (SLOTS_NAME, DB_NAME)
    ):
        raise BackupInvalid(INVALID)
    return manifest


def unpack_backup(source: Path, staging: Path) -> keyslots.SlotFile:
    """Check a backup and unpack it into ``staging`` (a new private folder)."""
    archive = _open(source)
    with archive:
        try:
            infos = check_members(archive)
            manifest = _manifest(_read_small(archive, infos[MANIFEST]))
            expected = manifest["sha256"]
            slot_bytes = _read_small(archive, infos[SLOTS_NAME])
            if hashlib.sha256(slot_bytes).hexdigest() != expected[SLOTS_NAME]:
                raise BackupInvalid(INVALID)
            slots = keyslots.parse(slot_bytes)
            if slots.store_id != manifest.get("store_id"):
                raise BackupInvalid(INVALID)
            _check_room(staging.parent, infos)
            ensure_private_dir(staging)
            db_target = staging / DB_NAME
            with archive.open(infos[DB_NAME]) as src, _create_private(db_target) as dst:
                copy_counted(src, dst, infos[DB_NAME].file_size)
            if file_sha256(db_target) != expected[DB_NAME]:
                raise BackupInvalid(INVALID)
            atomic_write(staging / SLOTS_NAME, slot_bytes)
        except SlotFileDamaged:
            raise BackupInvalid(INVALID) from None
        except (*_ARCHIVE_ERRORS, TypeError, RecursionError):
            raise BackupInvalid(INVALID) from None
        except OSError as exc:
            raise disk_error(exc) from None
    return slots


def _create_private(path: Path) -> IO[bytes]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, FILE_MODE), "wb")
