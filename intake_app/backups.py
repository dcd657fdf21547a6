"""Backing up a store to one encrypted file, and restoring it without losing what is there."""

from __future__ import annotations

import shutil
from pathlib import Path

from intake_app.errors import BackupInvalid
from intake_app.session import Session, unlock, unlock_with_recovery
from intake_app.storage import restore_journal
from intake_app.storage.backup import write_backup
from intake_app.storage.backup_unpack import unpack_backup
from intake_app.storage.files import ensure_private_dir
from intake_app.storage.store_lock import StoreLock
from intake_app.users import COORDINATOR


def backup(session: Session, out: Path) -> int:
    """Coordinator only. Returns the size of the backup file."""
    session.require(COORDINATOR)
    size = write_backup(session.db, session.slots, session.db_key, out, session.audit.head())
    with session.db.transaction():
        session.audit.append(session.actor, "store.backed_up")
    return size


def finish_interrupted_restore(data_dir: Path) -> bool:
    """Call before opening a data folder: a restore that was interrupted (a crash, a power cut)
    is finished, or undone, so the folder always holds a whole store. True if there was one."""
    return restore_journal.settle(data_dir)


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
    ``replaced-…`` folder, never deleted. Returns that folder, if there was a store.

    The store lock is held exclusively throughout, so this refuses to start while the store is
    open in the app or another command, and nobody can open it until the restore is done."""
    ensure_private_dir(data_dir)
    with StoreLock.acquire(data_dir, exclusive=True):
        restore_journal.settle_locked(data_dir)
        staging = data_dir / restore_journal.staging_name()
        try:
            unpack_backup(source, staging)
            _prove(staging, user_name, passphrase, recovery_text)
            (staging / "unlock-attempts.json").unlink(missing_ok=True)
            return restore_journal.swap_in(staging, data_dir)
        finally:
            if staging.exists() and not restore_journal.pending(data_dir):
                shutil.rmtree(staging, ignore_errors=True)


def _prove(staging: Path, user_name: str, passphrase: str, recovery_text: str) -> None:
    """Open the unpacked store as the person restoring it, and check every page."""
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
