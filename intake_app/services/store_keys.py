"""The one holder of an open store's key material: the database key, the slot file, the person's
key bundle and the keyring's device secret, with what is done with them (recording the audit
head, rewriting the slot file, who the key is sealed to).

Only the services that manage keys get it (users, workspace admin, deposits, re-keying, the
version 1 upgrade, backups) and the session that composes them; the import contracts in
pyproject.toml hold every other module to that (docs/architecture.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from intake_app.domain.accounts import User
from intake_app.services.audit import AuditLog, AuditVerdict
from intake_app.storage import keyslots
from intake_app.storage.database import Database
from intake_app.storage.file_lock import held_exclusively
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, LEGACY_RECOVERY, SlotFile
from intake_app.support.errors import IntakeError
from intake_app.support.paths import SLOTS_LOCK, SLOTS_NAME


class StoreKeys:
    def __init__(
        self,
        data_dir: Path,
        db: Database,
        slots: SlotFile,
        db_key: bytes,
        user_id: str,
        *,
        device: bytes | None,
        bundle: KeyBundle | None = None,
        store: str = CENTRE,
        audit: AuditLog | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.db = db
        self.audit = audit or AuditLog(db)
        self.slots = slots
        self.db_key = db_key
        self.user_id = user_id  # whose keys these are
        self.device_secret = device
        self.bundle = bundle  # the person's own keys (None for a version 1 slot)
        self.store = store  # which entry of the slot file this store is
        self._editing = False

    @property
    def keyring_bound(self) -> bool:
        return self.slots.device_bound

    def store_recipients(self) -> list[str]:
        """Who this store's key is sealed to. The centre's: every active coordinator and the
        recovery key. A workspace's (a volunteer's, or a caseworker's casebook): its owner and
        the centre identity."""
        if self.store != CENTRE:
            own = self.db.scalar("SELECT recipient FROM users WHERE id = ?", (self.user_id,))
            centre = self.db.scalar("SELECT value FROM store_meta WHERE key = 'centre_recipient'")
            return [str(own), str(centre)]
        rows = self.db.all(
            "SELECT recipient FROM users WHERE active = 1 AND role = 'coordinator' "
            "AND recipient IS NOT NULL"
        )
        found = [str(r[0]) for r in rows]
        if self.slots.recovery_recipient:
            found.append(self.slots.recovery_recipient)
        return found

    def save_slots(self, extra: set[str] | None = None) -> None:
        """Rewrite the slot file: the store's head, and only the slots the store knows about
        (plus ``extra``)."""
        self.slots.set_head(self.store, self.db_key, self.audit.head())
        if self.store != CENTRE:  # a workspace knows no one else's slots, and keeps them all
            self.slots.save(self.data_dir / SLOTS_NAME)
            return
        keep = {
            str(r[0])
            for r in self.db.all(
                "SELECT slot_id FROM users WHERE slot_id IS NOT NULL AND active = 1"
            )
        }
        recovery_slot = self.db.scalar("SELECT value FROM store_meta WHERE key = 'recovery_slot'")
        if recovery_slot:
            keep.add(str(recovery_slot))
        keep |= {s.slot_id for s in self.slots.slots if s.kind == LEGACY_RECOVERY}
        self.slots.retain(keep | (extra or set()))
        self.slots.save(self.data_dir / SLOTS_NAME)

    def verify_audit(self) -> AuditVerdict:
        """The audit chain, checked against the head the slot file recorded for this store and
        against the last head the force's signed receipt echoed back."""
        entry = self.slots.entry(self.store)
        verdict = self.audit.verify_against(entry.head if entry else "")
        acknowledged = self.db.scalar(
            "SELECT value FROM store_meta WHERE key = 'acknowledged_audit_head'"
        )
        if verdict.ok and acknowledged:
            by_force = self.audit.verify_against(str(acknowledged), by_force=True)
            if not by_force.ok:
                return by_force
        return verdict

    @contextlib.contextmanager
    def editing_slots(self) -> Iterator[SlotFile]:
        """One change to the slot file at a time, across windows and commands: it is read again
        (another may have changed it since this store was opened), changed, and saved, all
        under one lock."""
        if self._editing:
            yield self.slots
            return
        with held_exclusively(self.data_dir / SLOTS_LOCK):
            self._editing = True
            try:
                self.slots = keyslots.load(self.data_dir / SLOTS_NAME)
                yield self.slots
            finally:
                self._editing = False

    def record_head(self) -> None:
        """After a change that matters (a report ready or handed over, a batch, a receipt),
        record the store's audit head in the slot file, so an older copy put back is caught.
        Only this store's entry changes, in the file as it is now on disk. A failure here loses
        nothing: the head is written again at the next chance."""
        with contextlib.suppress(IntakeError, OSError):
            head = self.audit.head()
            with self.editing_slots() as slots:
                entry = slots.entry(self.store)
                if entry is None or entry.head == head:
                    return
                slots.verify_entry(entry, self.db_key)  # re-keyed meanwhile: not ours to sign
                slots.set_head(self.store, self.db_key, head)
                slots.save(self.data_dir / SLOTS_NAME)

    def close(self) -> None:
        """Record where the store's audit chain has got to, close the store, forget the key."""
        if not self.db.closed and self.db_key:
            self.record_head()
        self.db.close()
        self.db_key = b""


@dataclass
class Unlocked:
    """A store just opened or set up, before a session is composed over it."""

    keys: StoreKeys
    user: User
    cannot_write: str | None = None  # set when unlocking could not even be recorded
