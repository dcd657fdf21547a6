"""Backing up a store to one encrypted file, and restoring it without losing what is there."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from intake_app import workspace_admin
from intake_app.errors import BackupInvalid, IntakeError
from intake_app.session import Session, unlock, unlock_with_recovery
from intake_app.storage import restore_journal
from intake_app.storage.backup import write_backup
from intake_app.storage.backup_unpack import Unpacked, unpack_backup
from intake_app.storage.database import Database
from intake_app.storage.files import ensure_private_dir
from intake_app.storage.keyslots import CENTRE
from intake_app.storage.store_lock import StoreLock
from intake_app.users import COORDINATOR
from intake_app.workspaces import head_of

WORKSPACE_UNREADABLE = "No backup was written: a volunteer's workspace could not be opened. {}"


def backup(session: Session, out: Path) -> int:
    """Coordinator only: the centre's store and every volunteer's workspace (opened through the
    centre identity). Deposits waiting are taken in first, so nothing is left outside the stores.
    Returns the size of the backup file."""
    session.require(COORDINATOR)
    session.deposits.take_in_waiting()

    @contextlib.contextmanager
    def open_store(store_id: str) -> Iterator[tuple[Database, bytes, str]]:
        if store_id == CENTRE:
            yield session.db, session.db_key, session.audit.head()
            return
        try:
            workspace, key = workspace_admin.open_workspace(session, store_id)
        except IntakeError as exc:
            raise IntakeError(WORKSPACE_UNREADABLE.format(exc)) from None
        try:
            yield workspace, key, head_of(workspace)
        finally:
            workspace.close()

    size = write_backup(session.slots, open_store, out, session.data_dir)
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
            unpacked = unpack_backup(source, staging)
            _prove(staging, unpacked, user_name, passphrase, recovery_text)
            (staging / "unlock-attempts.json").unlink(missing_ok=True)
            # A version 1 backup has no workspaces: the folder's own are left where they are.
            return restore_journal.swap_in(staging, data_dir, workspaces=unpacked.version >= 2)
        finally:
            if staging.exists() and not restore_journal.pending(data_dir):
                shutil.rmtree(staging, ignore_errors=True)


def _check_pages(db: Database, what: str) -> None:
    if db.integrity_problems():
        raise BackupInvalid(f"{what} failed its integrity check.")


def _prove(
    staging: Path, unpacked: Unpacked, user_name: str, passphrase: str, recovery_text: str
) -> None:
    """Open the unpacked store as the person restoring it, and check every page of what they
    can open: a coordinator or the recovery key, the centre's store and (through the centre
    identity) every workspace; a volunteer, their own workspace."""
    if recovery_text:
        session = unlock_with_recovery(staging, recovery_text)
    else:
        session = unlock(staging, user_name, passphrase)
    try:
        _check_pages(session.db, "The backup's database")
        if not session.in_workspace:
            for workspace_id in unpacked.workspace_ids:
                workspace, _ = workspace_admin.open_workspace(session, workspace_id)
                try:
                    _check_pages(workspace, "A volunteer's workspace in the backup")
                finally:
                    workspace.close()
        with session.db.transaction():
            session.audit.append(session.actor, "store.restored")
        session.db.checkpoint()
    finally:
        session.close()
