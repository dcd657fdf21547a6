"""Backups: one file holding an encrypted copy of the database and the slot file that opens it.

A backup is a ZIP container with exactly three members (``backup.json``, ``keyslots.json``,
``centre.db``), stored, never compressed; the database inside is encrypted exactly as the live
one. Reading one back is in ``backup_unpack``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage import keyslots
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.files import FILE_MODE, disk_error, ensure_private_dir, fsync_dir

FORMAT = "intake-backup"
VERSION = 1
MANIFEST = "backup.json"
MEMBERS = (MANIFEST, SLOTS_NAME, DB_NAME)


def write_backup(
    db: Database, slots: keyslots.SlotFile, db_key: bytes, out: Path, head: str
) -> int:
    """Write a backup to ``out`` atomically; returns its size in bytes."""
    work = ensure_private_dir(db.path.parent / f".backup-{secrets.token_hex(6)}")
    try:
        copy_path = work / DB_NAME
        db.backup_to(copy_path, db_key)
        # The copy has its own salt, so the slot file that travels with it names that salt.
        slot_bytes = slots.copy_for_backup(read_db_salt(copy_path), db_key, head)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": slots.store_id,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": {
                SLOTS_NAME: hashlib.sha256(slot_bytes).hexdigest(),
                DB_NAME: file_sha256(copy_path),
            },
        }
        _write_zip(out, json.dumps(manifest, indent=1, sort_keys=True), slot_bytes, copy_path)
        return out.stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_zip(out: Path, manifest: str, slot_bytes: bytes, db_copy: Path) -> None:
    """Stream the archive to a private temporary file beside ``out``, then rename it over."""
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        with (
            os.fdopen(os.open(tmp, flags, FILE_MODE), "wb") as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive,
        ):
            archive.writestr(MANIFEST, manifest)
            archive.writestr(SLOTS_NAME, slot_bytes)
            archive.write(db_copy, DB_NAME)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise disk_error(exc, tmp) from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
