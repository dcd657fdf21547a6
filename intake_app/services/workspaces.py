"""Volunteers' workspaces: each volunteer's own encrypted store (same schema as the centre's),
holding their drafts, attachments and audit entries, and nothing of anyone else's.

A workspace's key is sealed to its volunteer and to the centre identity (kept inside
``centre.db``), so a coordinator can take a departing volunteer's drafts in and re-key it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from intake_app.services.audit import AuditLog
from intake_app.storage import keyslots
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.kdf import normalise_user_name
from intake_app.storage.migrations import migrate
from intake_app.support.atomic_files import ensure_private_dir
from intake_app.support.paths import WORKSPACES_DIR

FOLDER = WORKSPACES_DIR
# Kept in the centre's store only: never copied into a workspace.
_CENTRE_ONLY = frozenset(
    {"store_id", "created_at", "recovery_slot", "audit_head", "centre_bundle", "centre_signing_key"}
)
# A workspace's own: never overwritten by the centre's settings.
_WORKSPACE_ONLY = frozenset({"workspace_id", "writer", "centre_recipient"})


@dataclass(frozen=True)
class WorkspaceOwner:
    user_id: str
    name: str
    slot_id: str
    writer: int
    role: str = "volunteer"  # or "caseworker": their casebook


def file_name(workspace_id: str) -> str:
    return f"{FOLDER}/{workspace_id}.db"


def head_of(db: Database) -> str:
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return f"{row[0]}:{row[1]}" if row else "0:"


def shared_settings(centre: Database) -> list[tuple[str, str]]:
    """The centre's settings a volunteer needs (name, contact details, force, leaflets)."""
    rows = centre.all("SELECT key, value FROM store_meta")
    return [(str(k), str(v)) for k, v in rows if str(k) not in _CENTRE_ONLY | _WORKSPACE_ONLY]


def copy_settings(workspace: Database, rows: list[tuple[str, str]]) -> None:
    with workspace.transaction():
        for key, value in rows:
            workspace.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def create(
    data_dir: Path,
    slots: keyslots.SlotFile,
    centre: Database,
    owner: WorkspaceOwner,
    centre_recipient: str,
    owner_keys: tuple[str, str],
    at: str,
) -> str:
    """Make a workspace for a new volunteer (or a casebook for a caseworker); returns its id.
    The slot file is not yet saved. Only the owner's public keys are needed: ``owner_keys`` is
    their age recipient and their signing key's public half (hex)."""
    workspace_id = secrets.token_hex(16)
    ensure_private_dir(data_dir / FOLDER)
    path = data_dir / file_name(workspace_id)
    key = secrets.token_bytes(32)
    db = Database(path, key, create=True, data_dir=data_dir)
    try:
        migrate(db)
        with db.transaction():
            for meta_key, value in (
                ("store_id", slots.store_id),
                ("workspace_id", workspace_id),
                ("writer", str(owner.writer)),
                ("centre_recipient", centre_recipient),
                ("created_at", at),
            ):
                db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (meta_key, value))
            db.execute(
                "INSERT INTO users (id, name, name_key, role, active, slot_id, created_at, "
                "writer, workspace_id, recipient, signing_public) "
                "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                (
                    owner.user_id,
                    owner.name,
                    normalise_user_name(owner.name),
                    owner.role,
                    owner.slot_id,
                    at,
                    owner.writer,
                    workspace_id,
                    *owner_keys,
                ),
            )
            AuditLog(db).append(owner.user_id, "workspace.created", owner.user_id)
        copy_settings(db, shared_settings(centre))
        db.checkpoint()
        slots.put_store(
            workspace_id,
            file_name(workspace_id),
            read_db_salt(path),
            key,
            [owner_keys[0], centre_recipient],
            head_of(db),
        )
    finally:
        db.close()
    return workspace_id


def remove(data_dir: Path, slots: keyslots.SlotFile, workspace_id: str) -> None:
    """Delete a workspace's files (after its drafts were taken in) and forget its key."""
    slots.remove_store(workspace_id)
    for suffix in ("", "-wal", "-shm"):
        target = data_dir / (file_name(workspace_id) + suffix)
        if target.exists():
            target.unlink()
