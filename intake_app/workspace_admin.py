"""What a coordinator does to volunteers' workspaces, through the centre identity: make one for
a new volunteer, learn a volunteer's new keys and pass on the centre's settings at each sign-in,
take a departing volunteer's drafts in, and give a volunteer new keys when their passphrase is
reset."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from intake_app.errors import IntakeError
from intake_app.report_transfer import copy_report
from intake_app.storage import key_bundle
from intake_app.storage.database import Database
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import USER
from intake_app.store_opening import open_database
from intake_app.workspaces import (
    WorkspaceOwner,
    copy_settings,
    create,
    head_of,
    remove,
    shared_settings,
)

if TYPE_CHECKING:
    from intake_app.session import Session


def centre_bundle(session: Session, which: str = "centre_bundle") -> KeyBundle:
    text = session.db.scalar("SELECT value FROM store_meta WHERE key = ?", (which,))
    if text is None:
        raise IntakeError("The centre's own key is missing from its store.")
    return key_bundle.decode(str(text))


def _candidate_bundles(session: Session) -> list[KeyBundle]:
    """The centre identity, and the next one while a change of identity is under way."""
    found = [centre_bundle(session)]
    if session.db.scalar("SELECT 1 FROM store_meta WHERE key = 'centre_bundle_next'"):
        found.append(centre_bundle(session, "centre_bundle_next"))
    return found


def next_writer(session: Session) -> int:
    return int(session.db.scalar("SELECT coalesce(max(writer), 0) + 1 FROM users") or 1)


def make_for(
    session: Session, user_id: str, name: str, slot_id: str, bundle: KeyBundle
) -> tuple[str, int]:
    """A workspace for a new volunteer; returns its id and their writer number."""
    writer = next_writer(session)
    workspace_id = create(
        session.data_dir,
        session.slots,
        session.db,
        WorkspaceOwner(user_id, name, slot_id, writer),
        centre_bundle(session).recipient,
        bundle,
        session.now_text(),
    )
    return workspace_id, writer


def open_workspace(session: Session, workspace_id: str) -> tuple[Database, bytes]:
    entry = session.slots.entry(workspace_id)
    if entry is None:
        raise IntakeError("A volunteer's workspace is missing from the key slot file.")
    for bundle in _candidate_bundles(session):
        key = key_bundle.open_with(entry.sealed_key, bundle)
        if key is not None:
            session.slots.verify_entry(entry, key)
            return open_database(session.data_dir, session.slots, entry, key, bundle)
    raise IntakeError("A volunteer's workspace cannot be opened with the centre's key.")


def _workspaces(session: Session) -> list[tuple[str, str]]:
    rows = session.db.all(
        "SELECT id, workspace_id FROM users WHERE active = 1 AND workspace_id IS NOT NULL"
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def sync(session: Session) -> None:
    """At a coordinator's sign-in: learn each volunteer's current slot and public keys (they
    change them in their own workspace), and give every workspace the centre's settings."""
    settings = shared_settings(session.db)
    for user_id, workspace_id in _workspaces(session):
        if session.slots.entry(workspace_id) is None:
            continue
        workspace, _ = open_workspace(session, workspace_id)
        try:
            row = workspace.one(
                "SELECT slot_id, recipient, signing_public FROM users WHERE id = ?", (user_id,)
            )
            copy_settings(workspace, settings)
        finally:
            workspace.close()
        if row is not None and all(row):
            with session.db.transaction():
                session.db.execute(
                    "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
                    (*row, user_id),
                )


def take_in_drafts(session: Session, user_id: str, workspace_id: str) -> int:
    """A volunteer leaves: every report still in their workspace moves to the centre, then the
    workspace is deleted. Returns how many moved."""
    workspace, _ = open_workspace(session, workspace_id)
    try:
        ids = [str(r[0]) for r in workspace.all("SELECT id FROM reports")]
        with session.db.transaction():
            for report_id in ids:
                copy_report(workspace, session.db, report_id)
                session.audit.append(session.actor, "report.taken_from_workspace", report_id)
    finally:
        workspace.close()
    remove(session.data_dir, session.slots, workspace_id)
    return len(ids)


def reset_keys(session: Session, user_id: str, workspace_id: str, sealing_key: bytes) -> str:
    """A volunteer's passphrase is reset: a new bundle in a new slot, and their workspace
    re-keyed and sealed to the new bundle and the centre (the next key is recorded before the
    workspace changes, as for the centre's store). Returns the new slot id."""
    bundle = KeyBundle.generate()
    slot_id = session.slots.seal_bundle(USER, sealing_key, bundle)
    _rekey_workspace(
        session,
        workspace_id,
        [bundle.recipient, centre_bundle(session).recipient],
        "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
        (slot_id, bundle.recipient, bundle.signing_public.hex(), user_id),
        extra_slot=slot_id,
    )
    with session.db.transaction():
        session.db.execute(
            "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
            (slot_id, bundle.recipient, bundle.signing_public.hex(), user_id),
        )
    return slot_id


def rotate_centre_identity(session: Session) -> None:
    """A coordinator left, knowing the centre identity: make a new one, re-key every workspace
    and seal it to its volunteer and the new identity, and tell each workspace where deposits go
    now. Deposits waiting are taken in first, while the old identity still opens them. The new
    identity is recorded before any workspace changes, so a crash leaves each one openable."""
    session.deposits.take_in_waiting()
    new = KeyBundle.generate()
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('centre_bundle_next', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key_bundle.encode(new),),
        )
    for user_id, workspace_id in _workspaces(session):
        if session.slots.entry(workspace_id) is None:
            continue
        owner = session.db.scalar("SELECT recipient FROM users WHERE id = ?", (user_id,))
        _rekey_workspace(
            session,
            workspace_id,
            [str(owner), new.recipient],
            "UPDATE store_meta SET value = ? WHERE key = 'centre_recipient'",
            (new.recipient,),
        )
    with session.db.transaction():
        session.db.execute(
            "UPDATE store_meta SET value = ? WHERE key = 'centre_bundle'", (key_bundle.encode(new),)
        )
        session.db.execute("DELETE FROM store_meta WHERE key = 'centre_bundle_next'")
        session.audit.append(session.actor, "centre.identity_changed")
    session.save_slots()


def _rekey_workspace(
    session: Session,
    workspace_id: str,
    recipients: list[str],
    change: str,
    values: tuple[str, ...],
    extra_slot: str | None = None,
) -> None:
    """Re-key one workspace to a new key sealed to ``recipients``, making one change in it
    first. The next key is recorded in the slot file before the workspace changes, so a crash at
    any point leaves it openable (see ``store_opening``)."""
    workspace, key = open_workspace(session, workspace_id)
    try:
        next_key = secrets.token_bytes(32)
        session.slots.begin_rekey(workspace_id, key, next_key, recipients)
        session.save_slots(extra={extra_slot} if extra_slot else None)
        with workspace.transaction():
            workspace.execute(change, values)
        workspace.rekey(next_key)
        session.slots.promote_next(workspace_id, next_key)
        session.slots.set_head(workspace_id, next_key, head_of(workspace))
    finally:
        workspace.close()
