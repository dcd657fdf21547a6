"""Backing up a store to one encrypted file. (Restoring one is ``restoring``: it unlocks the
backup as the person restoring it, before anything is replaced.)"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from intake_app.domain.accounts import COORDINATOR
from intake_app.services.context import ServiceContext
from intake_app.services.store_keys import StoreKeys
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.services.workspaces import head_of
from intake_app.storage import restore_journal
from intake_app.storage.backup_archive import write_backup
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

# Translators: {reason} is a sentence saying why the workspace could not be opened.
WORKSPACE_UNREADABLE = N_(
    "No backup was written: a volunteer's workspace could not be opened. {reason}"
)


class Backups:
    """Given the keys: a backup holds each store's key beside the store, sealed as the slot
    file seals it."""

    def __init__(
        self,
        context: ServiceContext,
        keys: StoreKeys,
        workspaces: WorkspaceAdmin,
        take_in_waiting: Callable[[], object],
    ) -> None:
        self.context = context
        self.keys = keys
        self.workspaces = workspaces
        self.take_in_waiting = take_in_waiting

    def backup(self, out: Path) -> int:
        """Coordinator only: the centre's store and every volunteer's workspace (opened through
        the centre identity). Deposits waiting are taken in first, so nothing is left outside
        the stores. Returns the size of the backup file."""
        context, keys = self.context, self.keys
        context.require(COORDINATOR)
        self.take_in_waiting()

        @contextlib.contextmanager
        def open_store(store_id: str) -> Iterator[tuple[Database, bytes, str]]:
            if store_id == CENTRE:
                yield keys.db, keys.db_key, keys.audit.head()
                return
            try:
                workspace, key = self.workspaces.open_workspace(store_id)
            except IntakeError as exc:
                raise IntakeError(_(WORKSPACE_UNREADABLE).format(reason=exc)) from None
            try:
                yield workspace, key, head_of(workspace)
            finally:
                workspace.close()

        size = write_backup(keys.slots, open_store, out, keys.data_dir)
        with context.db.transaction():
            context.audit.append(context.actor, "store.backed_up")
        return size


def finish_interrupted_restore(data_dir: Path) -> bool:
    """Call before opening a data folder: a restore that was interrupted (a crash, a power cut)
    is finished, or undone, so the folder always holds a whole store. True if there was one."""
    return restore_journal.settle(data_dir)
