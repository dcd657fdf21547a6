"""Backups: one file holding encrypted copies of every database and the slot file that opens them.

A backup is a ZIP container, stored, never compressed. Version 2 holds ``backup.json`` (the
manifest), ``keyslots.json``, ``centre.db`` and ``workspaces/<id>.db`` for each volunteer's
workspace the slot file lists; version 1 (still read) held only the first three. Every database
inside is encrypted exactly as the live one. Reading one back is in ``backup_unpack``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from intake_app.storage import keyslots
from intake_app.storage.database import Database, read_db_salt
from intake_app.support.atomic_files import FILE_MODE, disk_error, ensure_private_dir, fsync_dir
from intake_app.support.errors import SlotFileDamaged
from intake_app.support.i18n import _
from intake_app.support.paths import DB_NAME, SLOTS_NAME, WORKSPACES_DIR

FORMAT = "intake-backup"
VERSION = 2
READABLE_VERSIONS = (1, 2)
MANIFEST = "backup.json"
MEMBERS = (MANIFEST, SLOTS_NAME, DB_NAME)  # in every version
WORKSPACES = WORKSPACES_DIR
WORKSPACE_MEMBER = re.compile(r"workspaces/([0-9a-f]{32})\.db")

# Opens one store the slot file lists (by its id) for as long as it is being copied: its
# database, its key and its audit head.
OpenStore = Callable[[str], AbstractContextManager[tuple[Database, bytes, str]]]


def write_backup(slots: keyslots.SlotFile, open_store: OpenStore, out: Path, work_in: Path) -> int:
    """Write a backup of every store in ``slots`` to ``out`` atomically; returns its size in
    bytes. The copies are made in a private folder inside ``work_in`` (the data folder)."""
    work = ensure_private_dir(work_in / f".backup-{secrets.token_hex(6)}")
    try:
        members: list[tuple[str, Path]] = []
        copies: dict[str, keyslots.StoreCopy] = {}
        entries = sorted(slots.stores, key=lambda e: (e.store_id != keyslots.CENTRE, e.file))
        for entry in entries:
            if entry.file != DB_NAME and not WORKSPACE_MEMBER.fullmatch(entry.file):
                raise SlotFileDamaged(_(keyslots.DAMAGED))  # the slot file's parser allows neither
            target = work / entry.file
            ensure_private_dir(target.parent)
            with open_store(entry.store_id) as (db, key, head):
                db.backup_to(target, key)
            # Each copy has its own salt, so the slot file that travels with it names that salt.
            copies[entry.store_id] = keyslots.StoreCopy(read_db_salt(target), key, head)
            members.append((entry.file, target))
        slot_bytes = slots.copy_for_backup(copies)
        hashes = {SLOTS_NAME: hashlib.sha256(slot_bytes).hexdigest()}
        hashes |= {name: file_sha256(path) for name, path in members}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": slots.store_id,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": hashes,
        }
        _write_zip(out, json.dumps(manifest, indent=1, sort_keys=True), slot_bytes, members)
        return out.stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_zip(out: Path, manifest: str, slot_bytes: bytes, copies: list[tuple[str, Path]]) -> None:
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
            for name, path in copies:
                archive.write(path, name)
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
