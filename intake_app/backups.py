"""Backing up a store to one encrypted file, and restoring it without losing what is there."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from intake_app.errors import BackupInvalid
from intake_app.session import Session, unlock, unlock_with_recovery
from intake_app.storage.backup import swap_in, unpack_backup, write_backup
from intake_app.storage.files import ensure_private_dir
from intake_app.users import COORDINATOR


def backup(session: Session, out: Path) -> int:
    """Coordinator only. Returns the size of the backup file."""
    session.require(COORDINATOR)
    size = write_backup(session.db, session.slots, session.db_key, out, session.audit.head())
    with session.db.transaction():
        session.audit.append(session.actor, "store.backed_up")
    return size


def restore(
    data_dir: Path,
    source: Path,
    *,
    user_name: str = "",
    passphrase: str = "",
    recovery_text: str = "",
) -> Path | None:
    """Restore ``source`` into ``data_dir``, proving first that the given passphrase (or the
    recovery key) opens it and that every page is sound. The store it replaces is moved to a
    ``replaced-…`` folder, never deleted. Returns that folder, if there was a store."""
    ensure_private_dir(data_dir)
    staging = data_dir / f".restore-{secrets.token_hex(6)}"
    try:
        unpack_backup(source, staging)
        if recovery_text:
            session = unlock_with_recovery(staging, recovery_text)
        else:
            session = unlock(staging, user_name, passphrase)
        try:
            problems = session.db.integrity_problems()
            if problems:
                raise BackupInvalid("The backup's database failed its integrity check.")
            with session.db.transaction():
                session.audit.append(session.actor, "store.restored")
            session.db.checkpoint()
        finally:
            session.close()
        (staging / "unlock-attempts.json").unlink(missing_ok=True)
        return swap_in(staging, data_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
