"""Restoring a store from a backup without losing what is there: the backup is unlocked as the
person restoring it, and every page checked, before it replaces anything."""

from __future__ import annotations

import shutil
from pathlib import Path

from intake_app.app.session import unlock, unlock_with_recovery
from intake_app.storage import restore_journal
from intake_app.storage.backup_archive_unpack import Unpacked, unpack_backup
from intake_app.storage.database import Database
from intake_app.storage.store_lock import StoreLock
from intake_app.support.atomic_files import ensure_private_dir
from intake_app.support.errors import BackupInvalid
from intake_app.support.i18n import _


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


def _check_pages(db: Database, refusal: str) -> None:
    if db.integrity_problems():
        raise BackupInvalid(refusal)


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
        _check_pages(session.db, _("The backup's database failed its integrity check."))
        if not session.in_workspace:
            refusal = _("A volunteer's workspace in the backup failed its integrity check.")
            for workspace_id in unpacked.workspace_ids:
                workspace, _unused = session.workspace_admin.open_workspace(workspace_id)
                try:
                    _check_pages(workspace, refusal)
                finally:
                    workspace.close()
        with session.db.transaction():
            session.audit.append(session.actor, "store.restored")
        session.db.checkpoint()
    finally:
        session.close()
