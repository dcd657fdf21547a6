"""Reading a backup file back, refusing anything this app would not have written.

A backup made by the app has stored (uncompressed) members of known names and bounded sizes:
``backup.json``, ``keyslots.json`` and ``centre.db`` (version 1 has exactly these), and in
version 2 also ``workspaces/<32 hex>.db`` for each workspace the slot file lists (at most
``MAX_WORKSPACES``). Anything else is refused before a byte is written: another name, a name
twice, a compressed member (a deflate "bomb" can unpack to a thousand times its size), a size
over the limit, a size the archive states two different ways, a workspace the manifest or the
slot file does not name, or one they name that is not there. Copying counts the bytes, so even an
archive whose header lies cannot write more than it declared; and the disk must have room for
everything it declared before unpacking starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from intake_app.storage import keyslots
from intake_app.storage.backup_archive import (
    FORMAT,
    MANIFEST,
    MEMBERS,
    READABLE_VERSIONS,
    WORKSPACE_MEMBER,
    WORKSPACES,
)
from intake_app.support.atomic_files import FILE_MODE, atomic_write, disk_error, ensure_private_dir
from intake_app.support.errors import BackupInvalid, DiskFull, SlotFileDamaged
from intake_app.support.i18n import N_, _, number
from intake_app.support.paths import DB_NAME, SLOTS_NAME

MB = 1024 * 1024
LIMITS = {MANIFEST: 64 * 1024, SLOTS_NAME: MB, DB_NAME: 64 * 1024**3}
# All the databases together (the centre's and every workspace) are held to one store's limit.
DATABASES_LIMIT = LIMITS[DB_NAME]
MAX_WORKSPACES = 1000
# Room in the file for the ZIP's own headers (a few hundred bytes per member).
HEADERS_ALLOWANCE = 2 * MB
# Room for the check of the restored store (an audit entry, its write-ahead log) and the journal.
SPACE_MARGIN = 2 * MB
CHUNK = MB

INVALID = N_("That file is not a backup of an intake store, or it has been damaged or altered.")
COMPRESSED = N_(
    "That file is not a backup made by this app: parts of it are compressed, and the app's "
    "backups never are. It was not unpacked. Nothing was changed."
)
TOO_LARGE = N_(
    "That file is not a backup this app can restore: it says it holds more than a store can be "
    "(64 GB), or its parts are larger than it says. It was not unpacked. Nothing was changed."
)
# Translators: {needed} and {free} are sizes, such as "1,024.0 MB".
NO_ROOM = N_(
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
    # Translators: a size in megabytes, such as "1,024.0 MB"; MB is the abbreviation.
    return _("{size} MB").format(size=number(count / MB, 1))


def _open(source: Path) -> zipfile.ZipFile:
    try:
        if source.stat().st_size > (
            DATABASES_LIMIT + LIMITS[SLOTS_NAME] + LIMITS[MANIFEST] + HEADERS_ALLOWANCE
        ):
            raise BackupInvalid(_(TOO_LARGE))
        return zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupInvalid(_("There is no file at that path.")) from None
    except IsADirectoryError:
        raise BackupInvalid(_("That is a folder, not a backup file.")) from None
    except OSError as exc:
        raise BackupInvalid(
            # Translators: {reason} is the operating system's own description of the error.
            _("That file could not be read ({reason}).").format(
                reason=exc.strerror or _("an input/output error")
            )
        ) from None
    except _ARCHIVE_ERRORS:
        raise BackupInvalid(_(INVALID)) from None


@dataclass(frozen=True)
class Unpacked:
    """What a checked backup put in the staging folder."""

    slots: keyslots.SlotFile
    version: int
    workspace_ids: tuple[str, ...]  # each unpacked as workspaces/<id>.db


def _is_database(name: str) -> bool:
    return name == DB_NAME or WORKSPACE_MEMBER.fullmatch(name) is not None


def check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members, once their names are known ones (each once), and each is known to be stored,
    unencrypted and within its limit, and the databases together within a store's."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    extra = [name for name in names if name not in MEMBERS]
    if (
        len(set(names)) != len(names)
        or not set(MEMBERS) <= set(names)
        or len(extra) > MAX_WORKSPACES
        or not all(WORKSPACE_MEMBER.fullmatch(name) for name in extra)
    ):
        raise BackupInvalid(_(INVALID))
    databases = 0
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            raise BackupInvalid(_(COMPRESSED))
        if info.flag_bits & 0x1:  # encrypted
            raise BackupInvalid(_(INVALID))
        limit = LIMITS.get(info.filename, DATABASES_LIMIT)
        if info.file_size > limit or info.compress_size > limit:
            raise BackupInvalid(_(TOO_LARGE))
        if info.compress_size != info.file_size:
            raise BackupInvalid(_(TOO_LARGE))
        if _is_database(info.filename):
            databases += info.file_size
    if databases > DATABASES_LIMIT:
        raise BackupInvalid(_(TOO_LARGE))
    return {info.filename: info for info in infos}


def copy_counted(src: IO[bytes], dst: IO[bytes], declared: int, digest: Any | None = None) -> int:
    """Copy at most ``declared`` bytes; a source that has more is refused as soon as it shows.
    ``digest`` (a hashlib object), if given, is fed every byte copied."""
    written = 0
    while True:
        chunk = src.read(min(CHUNK, declared - written + 1))
        if not chunk:
            break
        written += len(chunk)
        if written > declared:
            raise BackupInvalid(_(TOO_LARGE))
        dst.write(chunk)
        if digest is not None:
            digest.update(chunk)
    if written != declared:
        raise BackupInvalid(_(INVALID))
    return written


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as src:
        data = src.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BackupInvalid(_(INVALID))
    return data


def _check_room(folder: Path, infos: dict[str, zipfile.ZipInfo]) -> None:
    needed = SPACE_MARGIN + sum(info.file_size for name, info in infos.items() if name != MANIFEST)
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise disk_error(exc) from None
    if free < needed:
        raise DiskFull(_(NO_ROOM).format(needed=_size_text(needed), free=_size_text(free)))


def _manifest(raw: bytes, names: set[str]) -> tuple[dict[str, Any], int]:
    """The manifest and the backup's version. Version 1 has exactly the three fixed members;
    version 2 names the hash of every member but itself, and of nothing else."""
    manifest = json.loads(raw)
    if not isinstance(manifest, dict):
        raise BackupInvalid(_(INVALID))
    version = manifest.get("version")
    if manifest.get("format") != FORMAT or type(version) is not int:
        raise BackupInvalid(_(INVALID))
    if version not in READABLE_VERSIONS:
        raise BackupInvalid(_(INVALID))
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict):
        raise BackupInvalid(_(INVALID))
    hashed = names - {MANIFEST}
    if version == 1 and names != set(MEMBERS):
        raise BackupInvalid(_(INVALID))
    if version >= 2 and set(hashes) != hashed:
        raise BackupInvalid(_(INVALID))
    if not all(isinstance(hashes.get(name), str) for name in hashed):
        raise BackupInvalid(_(INVALID))
    return manifest, version


def _check_slot_file(slots: keyslots.SlotFile, version: int, workspaces: set[str]) -> None:
    """Version 2: the slot file lists exactly the workspaces the archive holds, and the centre."""
    if version < 2:
        return  # a version 1 backup held no workspaces, whatever its slot file lists
    listed = {e.file for e in slots.stores if e.store_id != keyslots.CENTRE}
    if slots.entry(keyslots.CENTRE) is None or listed != workspaces:
        raise BackupInvalid(_(INVALID))


def _unpack_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, expected: str
) -> None:
    digest = hashlib.sha256()
    with archive.open(info) as src, _create_private(target) as dst:
        copy_counted(src, dst, info.file_size, digest)
        dst.flush()
        os.fsync(dst.fileno())
    if digest.hexdigest() != expected:
        raise BackupInvalid(_(INVALID))


def unpack_backup(source: Path, staging: Path) -> Unpacked:
    """Check a backup and unpack it into ``staging`` (a new private folder)."""
    archive = _open(source)
    with archive:
        try:
            infos = check_members(archive)
            manifest, version = _manifest(_read_small(archive, infos[MANIFEST]), set(infos))
            expected = manifest["sha256"]
            slot_bytes = _read_small(archive, infos[SLOTS_NAME])
            if hashlib.sha256(slot_bytes).hexdigest() != expected[SLOTS_NAME]:
                raise BackupInvalid(_(INVALID))
            slots = keyslots.parse(slot_bytes)
            if slots.store_id != manifest.get("store_id"):
                raise BackupInvalid(_(INVALID))
            workspaces = sorted(name for name in infos if WORKSPACE_MEMBER.fullmatch(name))
            _check_slot_file(slots, version, set(workspaces))
            _check_room(staging.parent, infos)
            ensure_private_dir(staging)
            _unpack_member(archive, infos[DB_NAME], staging / DB_NAME, expected[DB_NAME])
            ids: list[str] = []
            for name in workspaces:
                match = WORKSPACE_MEMBER.fullmatch(name)
                assert match is not None
                ids.append(match.group(1))
                folder = ensure_private_dir(staging / WORKSPACES)
                # The target is made from the checked id, never from the member's path.
                target = folder / f"{match.group(1)}.db"
                _unpack_member(archive, infos[name], target, expected[name])
            atomic_write(staging / SLOTS_NAME, slot_bytes)
        except SlotFileDamaged:
            raise BackupInvalid(_(INVALID)) from None
        except (*_ARCHIVE_ERRORS, TypeError, RecursionError):
            raise BackupInvalid(_(INVALID)) from None
        except OSError as exc:
            raise disk_error(exc) from None
    return Unpacked(slots, version, tuple(ids))


def _create_private(path: Path) -> IO[bytes]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, FILE_MODE), "wb")
