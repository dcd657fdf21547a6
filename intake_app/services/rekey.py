"""Re-keying the store, so that no copy of an old slot file opens anything current.

Run after a user is deactivated and after any passphrase change: the database gets a new random
key (SQLCipher re-encrypts every page), sealed only to the people who may open it now. The slot
file records the next key beside the current one before the database changes, so a crash at any
moment leaves a store that opens (docs/store.md, "Revocation re-keys").
"""

from __future__ import annotations

import secrets
import time

from intake_app.services.context import ServiceContext
from intake_app.services.store_keys import StoreKeys
from intake_app.storage import recovery_key
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, DAMAGED, LEGACY_RECOVERY, LEGACY_USER, RECOVERY
from intake_app.support import diagnostics
from intake_app.support.errors import SlotFileDamaged
from intake_app.support.i18n import _


def replace_legacy_recovery(context: ServiceContext, keys: StoreKeys) -> str | None:
    """A version 1 recovery slot seals the old key itself and cannot follow a re-key: make a
    new recovery key (returned, formatted, to be shown once and printed)."""
    slots = keys.slots
    legacy = [s.slot_id for s in slots.slots if s.kind == LEGACY_RECOVERY]
    if not legacy:
        return None
    secret = recovery_key.generate()
    bundle = KeyBundle.generate()
    slot_id = slots.seal_bundle(RECOVERY, slots.recovery_key(secret), bundle)
    slots.recovery_recipient = bundle.recipient
    record_recovery_slot(context, slot_id, "recovery_key.replaced")
    for old in legacy:
        slots.remove(old)
    return recovery_key.format_key(secret)


def record_recovery_slot(context: ServiceContext, slot_id: str, action: str) -> None:
    """The centre's store names its recovery slot (so saving the slot file keeps it)."""
    with context.db.transaction():
        context.db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('recovery_slot', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (slot_id,),
        )
        context.audit.append(context.actor, action)


def rekey(context: ServiceContext, keys: StoreKeys) -> str | None:
    """Give the open store a new key, sealed to those who may open it now (the centre's:
    its coordinators and the recovery key; a workspace's: its volunteer and the centre).
    Returns a new recovery key when a version 1 recovery slot had to be replaced."""
    slots = keys.slots
    new_recovery = None
    if keys.store == CENTRE:
        new_recovery = replace_legacy_recovery(context, keys)
        # Version 1 slots of people who have not signed in since the upgrade hold the old key.
        for slot in [s for s in slots.slots if s.kind == LEGACY_USER]:
            slots.remove(slot.slot_id)
    if slots.entry(keys.store) is None:
        raise SlotFileDamaged(_(DAMAGED))
    recipients = keys.store_recipients()
    next_key = secrets.token_bytes(32)
    slots.begin_rekey(keys.store, keys.db_key, next_key, recipients)
    keys.save_slots()
    began = time.monotonic()
    keys.db.rekey(next_key)
    diagnostics.event("rekeyed", seconds=round(time.monotonic() - began, 2))
    slots.promote_next(keys.store, next_key)
    keys.db_key = next_key
    keys.save_slots()
    return new_recovery


def reseal(keys: StoreKeys, extra: list[str] | None = None) -> None:
    """Seal the current key to the active users (plus ``extra`` recipients), without re-keying:
    for a user added, who may open what is already there."""
    entry = keys.slots.entry(keys.store)
    if entry is None:
        raise SlotFileDamaged(_(DAMAGED))
    keys.slots.put_store(
        keys.store,
        entry.file,
        entry.db_salt,
        keys.db_key,
        keys.store_recipients() + (extra or []),
        entry.head,
        entry.generation,
    )
