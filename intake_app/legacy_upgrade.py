"""Stores made with version 1 of the slot file, where every slot sealed the database key itself.

At each person's first sign-in after the upgrade they get a key bundle in place of their old slot,
and the store's key is sealed to it (docs/store.md, "Upgrading from version 1"). The first re-key
(a user deactivated, a passphrase changed) retires every version 1 slot left.
"""

from __future__ import annotations

from pathlib import Path

from intake_app import rekey, workspace_admin
from intake_app.errors import AccountInactive, WrongCredentials
from intake_app.paths import DB_NAME
from intake_app.report_transfer import copy_report, delete_report
from intake_app.session import Clock, Session
from intake_app.storage import key_bundle
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, LEGACY_RECOVERY, RECOVERY, USER, Opened, SlotFile
from intake_app.store_opening import open_database
from intake_app.users import set_bundle, user_by_slot


def _ensure_centre_entry(session: Session, extra: list[str]) -> None:
    """Version 1 had no sealed store key: seal it now, and keep the centre's own identity."""
    db = session.db
    if db.scalar("SELECT value FROM store_meta WHERE key = 'centre_bundle'") is None:
        with db.transaction():
            db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('centre_bundle', ?)",
                (key_bundle.encode(KeyBundle.generate()),),
            )
    entry = session.slots.entry(CENTRE)
    if entry is None or not entry.sealed_key:
        session.slots.put_store(
            CENTRE,
            DB_NAME,
            read_db_salt(session.data_dir / DB_NAME),
            session.db_key,
            session.store_recipients() + extra,
            session.audit.head(),
        )
    session.slots.version = 2


def upgrade_user(
    data_dir: Path,
    db: Database,
    slots: SlotFile,
    opened: Opened,
    sealing_key: bytes,
    device: bytes | None,
    clock: Clock,
) -> Session:
    """Sign in through a version 1 slot: give the user a bundle and retire the old slot."""
    assert opened.legacy_key is not None
    try:
        user = user_by_slot(db, opened.slot_id)
        if user is None:
            raise WrongCredentials()
        if not user.active:
            raise AccountInactive("This account has been deactivated. Ask a coordinator.")
        bundle = KeyBundle.generate()
        session = Session(
            data_dir, db, slots, opened.legacy_key, user, device, clock, bundle=bundle
        )
        new_slot = slots.seal_bundle(USER, sealing_key, bundle)
        if not user.is_coordinator:
            return _move_volunteer(session, opened.slot_id, new_slot, bundle)
        _ensure_centre_entry(session, [bundle.recipient])
        rekey.reseal(session, [bundle.recipient])
        session.save_slots(extra={new_slot, opened.slot_id})
        with db.transaction():
            set_bundle(db, user.id, new_slot, bundle)
            session.audit.append(user.id, "user.keys_upgraded", user.id)
            session.audit.append(user.id, "session.unlocked")
        slots.remove(opened.slot_id)
        session.save_slots()
        session.retention.purge()
    except BaseException:
        db.close()
        raise
    return session


def _move_volunteer(session: Session, old_slot: str, new_slot: str, bundle: KeyBundle) -> Session:
    """A version 1 volunteer gets a workspace of their own, and their drafts move into it; the
    centre's key, which they knew, is changed at the next coordinator's sign-in."""
    db, user = session.db, session.user
    _ensure_centre_entry(session, [])
    workspace_id, writer = workspace_admin.make_for(session, user.id, user.name, new_slot, bundle)
    session.save_slots(extra={new_slot, old_slot})
    workspace, _ = workspace_admin.open_workspace(session, workspace_id)
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
        session.audit.append(user.id, "user.keys_upgraded", user.id)
    session.slots.remove(old_slot)
    session.save_slots()
    session.close()
    found = session.slots.open_store(bundle)
    assert found is not None
    entry, key = found
    workspace_db, key = open_database(session.data_dir, session.slots, entry, key, bundle)
    moved = Session(
        session.data_dir,
        workspace_db,
        session.slots,
        key,
        user,
        session.device_secret,
        session.clock,
        bundle=bundle,
        store=workspace_id,
    )
    with workspace_db.transaction():
        moved.audit.append(user.id, "session.unlocked")
    return moved


def rekey_if_due(session: Session) -> None:
    """After a version 1 volunteer moved to a workspace, the centre's key they knew changes."""
    if session.db.scalar("SELECT value FROM store_meta WHERE key = 'rekey_due'") != "1":
        return
    session.users.new_recovery_key = rekey.rekey(session)
    with session.db.transaction():
        session.db.execute("DELETE FROM store_meta WHERE key = 'rekey_due'")


def upgrade_recovery(session: Session, recovery_sealing_key: bytes) -> None:
    """Opened with a version 1 recovery slot: give the recovery key a bundle of its own."""
    slots = session.slots
    bundle = KeyBundle.generate()
    slot_id = slots.seal_bundle(RECOVERY, recovery_sealing_key, bundle)
    slots.recovery_recipient = bundle.recipient
    session.bundle = bundle
    _ensure_centre_entry(session, [])
    rekey.reseal(session)
    legacy = [s.slot_id for s in slots.slots if s.kind == LEGACY_RECOVERY]
    session.save_slots(extra={slot_id, *legacy})
    rekey.record_recovery_slot(session, slot_id, "recovery_key.keys_upgraded")
    for old in legacy:
        slots.remove(old)
    session.save_slots()
