"""Stores made with version 1 of the slot file, where every slot sealed the database key itself.

At each person's first sign-in after the upgrade they get a key bundle in place of their old slot,
and the store's key is sealed to it (docs/store.md, "Upgrading from version 1"). The first re-key
(a user deactivated, a passphrase changed) retires every version 1 slot left.
"""

from __future__ import annotations

from pathlib import Path

from intake_app.services import rekey
from intake_app.services.context import Clock, ServiceContext
from intake_app.services.report_transfer import copy_report, delete_report
from intake_app.services.store_keys import StoreKeys, Unlocked
from intake_app.services.users import set_bundle, user_by_slot
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.storage import key_bundle
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, LEGACY_RECOVERY, RECOVERY, USER, Opened, SlotFile
from intake_app.storage.store_opening import open_database
from intake_app.support.errors import AccountInactive, WrongCredentials
from intake_app.support.i18n import _
from intake_app.support.paths import DB_NAME


def _ensure_centre_entry(keys: StoreKeys, extra: list[str]) -> None:
    """Version 1 had no sealed store key: seal it now, and keep the centre's own identity."""
    db = keys.db
    if db.scalar("SELECT value FROM store_meta WHERE key = 'centre_bundle'") is None:
        with db.transaction():
            db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('centre_bundle', ?)",
                (key_bundle.encode(KeyBundle.generate()),),
            )
    entry = keys.slots.entry(CENTRE)
    if entry is None or not entry.sealed_key:
        keys.slots.put_store(
            CENTRE,
            DB_NAME,
            read_db_salt(keys.data_dir / DB_NAME),
            keys.db_key,
            keys.store_recipients() + extra,
            keys.audit.head(),
        )
    keys.slots.version = 2


def upgrade_user(
    data_dir: Path,
    db: Database,
    slots: SlotFile,
    opened: Opened,
    sealing_key: bytes,
    device: bytes | None,
    clock: Clock,
) -> Unlocked:
    """Sign in through a version 1 slot: give the user a bundle and retire the old slot."""
    assert opened.legacy_key is not None
    try:
        user = user_by_slot(db, opened.slot_id)
        if user is None:
            raise WrongCredentials()
        if not user.active:
            raise AccountInactive(_("This account has been deactivated. Ask a coordinator."))
        bundle = KeyBundle.generate()
        keys = StoreKeys(data_dir, db, slots, opened.legacy_key, user.id, device=device,
                         bundle=bundle)  # fmt: skip
        context = ServiceContext.over(db, user, clock=clock, audit=keys.audit)
        new_slot = slots.seal_bundle(USER, sealing_key, bundle)
        if not user.is_coordinator:
            return _move_volunteer(context, keys, opened.slot_id, new_slot)
        _ensure_centre_entry(keys, [bundle.recipient])
        rekey.reseal(keys, [bundle.recipient])
        keys.save_slots(extra={new_slot, opened.slot_id})
        with db.transaction():
            set_bundle(db, user.id, new_slot, bundle)
            keys.audit.append(user.id, "user.keys_upgraded", user.id)
            keys.audit.append(user.id, "session.unlocked")
        slots.remove(opened.slot_id)
        keys.save_slots()
    except BaseException:
        db.close()
        raise
    return Unlocked(keys, user)


def _move_volunteer(
    context: ServiceContext, keys: StoreKeys, old_slot: str, new_slot: str
) -> Unlocked:
    """A version 1 volunteer gets a workspace of their own, and their drafts move into it; the
    centre's key, which they knew, is changed at the next coordinator's sign-in."""
    db, user, bundle = context.db, context.user, keys.bundle
    assert bundle is not None
    _ensure_centre_entry(keys, [])
    workspaces = WorkspaceAdmin(context, keys)
    workspace_id, writer = workspaces.make_for(user.id, user.name, new_slot, bundle)
    keys.save_slots(extra={new_slot, old_slot})
    workspace, _unused = workspaces.open_workspace(workspace_id)
    try:
        drafts = [
            str(r[0])
            for r in db.all(
                "SELECT id FROM reports WHERE created_by = ? AND status = 'draft'", (user.id,)
            )
        ]
        with workspace.transaction():
            for report_id in drafts:
                copy_report(db, workspace, report_id)
    finally:
        workspace.close()
    with db.transaction():
        for report_id in drafts:
            delete_report(db, report_id)
        set_bundle(db, user.id, new_slot, bundle)
        db.execute(
            "UPDATE users SET workspace_id = ?, writer = ? WHERE id = ?",
            (workspace_id, writer, user.id),
        )
        db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('rekey_due', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        context.audit.append(user.id, "user.keys_upgraded", user.id)
    keys.slots.remove(old_slot)
    keys.save_slots()
    keys.close()
    found = keys.slots.open_store(bundle)
    assert found is not None
    entry, key = found
    workspace_db, key = open_database(keys.data_dir, keys.slots, entry, key, bundle)
    moved = StoreKeys(keys.data_dir, workspace_db, keys.slots, key, user.id,
                      device=keys.device_secret, bundle=bundle, store=workspace_id)  # fmt: skip
    with workspace_db.transaction():
        moved.audit.append(user.id, "session.unlocked")
    return Unlocked(moved, user)


def rekey_if_due(context: ServiceContext, keys: StoreKeys) -> str | None:
    """After a version 1 volunteer moved to a workspace, the centre's key they knew changes.
    Returns a new recovery key when a version 1 one had to be replaced."""
    if context.db.scalar("SELECT value FROM store_meta WHERE key = 'rekey_due'") != "1":
        return None
    new_recovery_key = rekey.rekey(context, keys)
    with context.db.transaction():
        context.db.execute("DELETE FROM store_meta WHERE key = 'rekey_due'")
    return new_recovery_key


def upgrade_recovery(context: ServiceContext, keys: StoreKeys, recovery_sealing_key: bytes) -> None:
    """Opened with a version 1 recovery slot: give the recovery key a bundle of its own."""
    slots = keys.slots
    bundle = KeyBundle.generate()
    slot_id = slots.seal_bundle(RECOVERY, recovery_sealing_key, bundle)
    slots.recovery_recipient = bundle.recipient
    keys.bundle = bundle
    _ensure_centre_entry(keys, [])
    rekey.reseal(keys)
    legacy = [s.slot_id for s in slots.slots if s.kind == LEGACY_RECOVERY]
    keys.save_slots(extra={slot_id, *legacy})
    rekey.record_recovery_slot(context, slot_id, "recovery_key.keys_upgraded")
    for old in legacy:
        slots.remove(old)
    keys.save_slots()
