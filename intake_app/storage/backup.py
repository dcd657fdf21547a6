"""Backups: one file holding an encrypted copy of the database and the slot file that opens it.

A backup is a ZIP container with exactly three members (``backup.json``, ``keyslots.json``,
``centre.db``); the database inside is encrypted exactly as the live one. Restoring checks every
member's SHA-256 and only ever extracts those three fixed names, so a crafted archive cannot write
anywhere else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import secrets
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from intake_app.errors import BackupInvalid
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage import keyslots
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.files import (
    atomic_write,
    disk_error,
    ensure_private_dir,
    make_private,
    open_private,
)

FORMAT = "intake-backup"
VERSION = 1
MANIFEST = "backup.json"
MEMBERS = (MANIFEST, SLOTS_NAME, DB_NAME)
MAX_DB_BYTES = 64 * 1024**3
INVALID = "That file is not a backup of an intake store, or it has been damaged or altered."


def write_backup(db: Database, slots: keyslots.SlotFile, db_key: bytes, out: Path) -> int:
    """Write a backup to ``out`` atomically; returns its size in bytes."""
    work = ensure_private_dir(db.path.parent / f".backup-{secrets.token_hex(6)}")
    try:
        copy_path = work / DB_NAME
        db.backup_to(copy_path, db_key)
        # The copy has its own salt, so the slot file that travels with it names that salt.
        copy_slots = dataclasses.replace(
            slots, db_salt=read_db_salt(copy_path), slots=list(slots.slots)
        )
        copy_slots.mac = copy_slots.compute_mac(db_key)
        slot_bytes = copy_slots.to_bytes()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": slots.store_id,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": {
                SLOTS_NAME: hashlib.sha256(slot_bytes).hexdigest(),
                DB_NAME: _file_sha256(copy_path),
            },
        }
        zip_path = work / "backup.zip"
        try:
            with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
                archive.writestr(SLOTS_NAME, slot_bytes)
                archive.write(copy_path, DB_NAME)
        except OSError as exc:
            raise disk_error(exc) from None
        atomic_write(out, zip_path.read_bytes())
        return out.stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack_backup(source: Path, staging: Path) -> keyslots.SlotFile:
    """Check a backup and unpack it into ``staging`` (a new private folder)."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupInvalid("There is no file at that path.") from None
    except (zipfile.BadZipFile, OSError):
        raise BackupInvalid(INVALID) from None
    with archive:
        names = sorted(info.filename for info in archive.infolist())
        if names != sorted(MEMBERS):
            raise BackupInvalid(INVALID)
        if archive.getinfo(DB_NAME).file_size > MAX_DB_BYTES:
            raise BackupInvalid(INVALID)
        try:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupInvalid(INVALID)
            expected = manifest["sha256"]
            slot_bytes = archive.read(SLOTS_NAME)
            if hashlib.sha256(slot_bytes).hexdigest() != expected[SLOTS_NAME]:
                raise BackupInvalid(INVALID)
            slots = keyslots.parse(slot_bytes)
            if slots.store_id != manifest.get("store_id"):
                raise BackupInvalid(INVALID)
            ensure_private_dir(staging)
            db_target = staging / DB_NAME
            with archive.open(DB_NAME) as src, open_private(db_target) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            make_private(db_target)
            if _file_sha256(db_target) != expected[DB_NAME]:
                raise BackupInvalid(INVALID)
            atomic_write(staging / SLOTS_NAME, slot_bytes)
        except (KeyError, TypeError, ValueError, zipfile.BadZipFile):
            raise BackupInvalid(INVALID) from None
        except OSError as exc:
            raise disk_error(exc) from None
    return slots


def swap_in(staging: Path, data_dir: Path) -> Path | None:
    """Move the current store aside (never deleted) and the restored one in.

    Returns the folder the previous store was moved to, if there was one.
    """
    ensure_private_dir(data_dir)
    aside: Path | None = None
    present = [data_dir / n for n in (DB_NAME, SLOTS_NAME, DB_NAME + "-wal", DB_NAME + "-shm")]
    if any(p.exists() for p in present):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = ensure_private_dir(data_dir / f"replaced-{stamp}-{secrets.token_hex(3)}")
        for path in present:
            if path.exists():
                path.replace(aside / path.name)
    (staging / DB_NAME).replace(data_dir / DB_NAME)
    (staging / SLOTS_NAME).replace(data_dir / SLOTS_NAME)
    for leftover in staging.iterdir():
        with contextlib.suppress(OSError):
            leftover.unlink()
    with contextlib.suppress(OSError):
        staging.rmdir()
    return aside
