"""What a coordinator does to volunteers' workspaces, through the centre identity: make one for
a new volunteer, learn a volunteer's new keys and pass on the centre's settings at each sign-in,
take a departing volunteer's drafts in, and give a volunteer new keys when their passphrase is
reset."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from intake_app.domain.accounts import VOLUNTEER
from intake_app.services.context import ServiceContext
from intake_app.services.report_transfer import copy_report
from intake_app.services.store_keys import StoreKeys
from intake_app.services.workspaces import (
    WorkspaceOwner,
    copy_settings,
    create,
    head_of,
    remove,
    shared_settings,
)
from intake_app.storage import key_bundle
from intake_app.storage.database import Database
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import USER
from intake_app.storage.store_opening import open_database
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


def centre_bundle(db: Database, which: str = "centre_bundle") -> KeyBundle:
    text = db.scalar("SELECT value FROM store_meta WHERE key = ?", (which,))
    if text is None:
        raise IntakeError(_("The centre's own key is missing from its store."))
    return key_bundle.decode(str(text))


def _candidate_bundles(db: Database) -> list[KeyBundle]:
    """The centre identity, and the next one while a change of identity is under way."""
    found = [centre_bundle(db)]
    if db.scalar("SELECT 1 FROM store_meta WHERE key = 'centre_bundle_next'"):
        found.append(centre_bundle(db, "centre_bundle_next"))
    return found


def next_writer(db: Database) -> int:
    return int(db.scalar("SELECT coalesce(max(writer), 0) + 1 FROM users") or 1)


class WorkspaceAdmin:
    """Given the centre's store and its keys: every workspace key is sealed to the centre
    identity kept inside that store."""

    def __init__(self, context: ServiceContext, keys: StoreKeys) -> None:
        self.context = context
        self.keys = keys
        self.db = context.db

    def make_for(
        self, user_id: str, name: str, slot_id: str, bundle: KeyBundle, role: str = VOLUNTEER
    ) -> tuple[str, int]:
        """A workspace for a new volunteer, or a casebook for a new caseworker; returns its id
        and their writer number (0 for a caseworker, who writes no reports)."""
        return self.make_from_public(
            user_id, name, slot_id, (bundle.recipient, bundle.signing_public.hex()), role
        )

    def make_from_public(
        self, user_id: str, name: str, slot_id: str, owner_keys: tuple[str, str], role: str
    ) -> tuple[str, int]:
        """As ``make_for``, from the owner's public keys alone (an account made before
        caseworkers had casebooks gets one this way, without their passphrase)."""
        writer = next_writer(self.db) if role == VOLUNTEER else 0
        workspace_id = create(
            self.keys.data_dir,
            self.keys.slots,
            self.db,
            WorkspaceOwner(user_id, name, slot_id, writer, role),
            centre_bundle(self.db).recipient,
            owner_keys,
            self.context.now_text(),
        )
        return workspace_id, writer

    def open_workspace(self, workspace_id: str) -> tuple[Database, bytes]:
        slots = self.keys.slots
        entry = slots.entry(workspace_id)
        if entry is None:
            raise IntakeError(_("A volunteer's workspace is missing from the key slot file."))
        for bundle in _candidate_bundles(self.db):
            key = key_bundle.open_with(entry.sealed_key, bundle)
            if key is not None:
                slots.verify_entry(entry, key)
                return open_database(self.keys.data_dir, slots, entry, key, bundle)
        raise IntakeError(_("A volunteer's workspace cannot be opened with the centre's key."))

    def _workspaces(self) -> list[tuple[str, str]]:
        rows = self.db.all(
            "SELECT id, workspace_id FROM users WHERE active = 1 AND workspace_id IS NOT NULL"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def sync(self) -> None:
        """At a coordinator's sign-in: learn each volunteer's current slot and public keys
        (they change them in their own workspace), and give every workspace the centre's
        settings."""
        settings = shared_settings(self.db)
        for user_id, workspace_id in self._workspaces():
            if self.keys.slots.entry(workspace_id) is None:
                continue
            workspace, _key = self.open_workspace(workspace_id)
            try:
                self.learn_owner_keys(user_id, workspace)
                copy_settings(workspace, settings)
            finally:
                workspace.close()

    def learn_owner_keys(self, user_id: str, workspace: Database) -> None:
        """The owner's current slot and public keys, as their own store has them (they change
        them there when they change their passphrase)."""
        row = workspace.one(
            "SELECT slot_id, recipient, signing_public FROM users WHERE id = ?", (user_id,)
        )
        if row is not None and all(row):
            with self.db.transaction():
                self.db.execute(
                    "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
                    (*row, user_id),
                )

    def take_in_drafts(self, user_id: str, workspace_id: str) -> int:
        """A volunteer leaves: every report still in their workspace moves to the centre, then
        the workspace is deleted. Returns how many moved."""
        workspace, _key = self.open_workspace(workspace_id)
        try:
            ids = [str(r[0]) for r in workspace.all("SELECT id FROM reports")]
            with self.db.transaction():
                for report_id in ids:
                    copy_report(workspace, self.db, report_id)
                    self.context.audit.append(
                        self.context.actor, "report.taken_from_workspace", report_id
                    )
        finally:
            workspace.close()
        remove(self.keys.data_dir, self.keys.slots, workspace_id)
        return len(ids)

    def reset_keys(self, user_id: str, workspace_id: str, sealing_key: bytes) -> str:
        """A volunteer's passphrase is reset: a new bundle in a new slot, and their workspace
        re-keyed and sealed to the new bundle and the centre (the next key is recorded before
        the workspace changes, as for the centre's store). Returns the new slot id."""
        bundle = KeyBundle.generate()
        slot_id = self.keys.slots.seal_bundle(USER, sealing_key, bundle)
        self._rekey_workspace(
            workspace_id,
            [bundle.recipient, centre_bundle(self.db).recipient],
            "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
            (slot_id, bundle.recipient, bundle.signing_public.hex(), user_id),
            extra_slot=slot_id,
        )
        with self.db.transaction():
            self.db.execute(
                "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
                (slot_id, bundle.recipient, bundle.signing_public.hex(), user_id),
            )
        return slot_id

    def rotate_centre_identity(self, take_in_waiting: Callable[[], object]) -> None:
        """A coordinator left, knowing the centre identity: make a new one, re-key every
        workspace and seal it to its volunteer and the new identity, and tell each workspace
        where deposits go now. Deposits waiting are taken in first (``take_in_waiting``), while
        the old identity still opens them. The new identity is recorded before any workspace
        changes, so a crash leaves each one openable."""
        take_in_waiting()
        new = KeyBundle.generate()
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('centre_bundle_next', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key_bundle.encode(new),),
            )
        for user_id, workspace_id in self._workspaces():
            if self.keys.slots.entry(workspace_id) is None:
                continue
            owner = self.db.scalar("SELECT recipient FROM users WHERE id = ?", (user_id,))
            self._rekey_workspace(
                workspace_id,
                [str(owner), new.recipient],
                "UPDATE store_meta SET value = ? WHERE key = 'centre_recipient'",
                (new.recipient,),
            )
        with self.db.transaction():
            self.db.execute(
                "UPDATE store_meta SET value = ? WHERE key = 'centre_bundle'",
                (key_bundle.encode(new),),
            )
            self.db.execute("DELETE FROM store_meta WHERE key = 'centre_bundle_next'")
            self.context.audit.append(self.context.actor, "centre.identity_changed")
        self.keys.save_slots()

    def _rekey_workspace(
        self,
        workspace_id: str,
        recipients: list[str],
        change: str,
        values: tuple[str, ...],
        extra_slot: str | None = None,
    ) -> None:
        """Re-key one workspace to a new key sealed to ``recipients``, making one change in it
        first. The next key is recorded in the slot file before the workspace changes, so a
        crash at any point leaves it openable (see ``store_opening``)."""
        workspace, key = self.open_workspace(workspace_id)
        slots = self.keys.slots
        try:
            next_key = secrets.token_bytes(32)
            slots.begin_rekey(workspace_id, key, next_key, recipients)
            self.keys.save_slots(extra={extra_slot} if extra_slot else None)
            with workspace.transaction():
                workspace.execute(change, values)
            workspace.rekey(next_key)
            slots.promote_next(workspace_id, next_key)
            slots.set_head(workspace_id, next_key, head_of(workspace))
        finally:
            workspace.close()
