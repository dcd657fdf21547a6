"""Setting up a store, unlocking it, and the unlocked session every service works through.

One service API for the GUI, the command line and the tests: ``create_store`` and ``unlock`` (or
``unlock_with_recovery``) give a ``Session``; its ``reports``, ``users`` and ``attachments``
services do the work and write the audit log.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app import reference
from intake_app.audit import AuditLog, AuditVerdict
from intake_app.errors import IntakeError, NotAllowed
from intake_app.paths import SLOTS_LOCK, SLOTS_NAME
from intake_app.storage import keyslots
from intake_app.storage.database import Database
from intake_app.storage.file_lock import held_exclusively
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, LEGACY_RECOVERY, SlotFile
from intake_app.text_rules import text_problem
from intake_app.users import User, UserService
from intake_app.vocabulary import Vocabulary, available_forces, with_local_strands
from intake_app.vocabulary import load as load_vocabulary

if TYPE_CHECKING:
    from intake_app.attachments import AttachmentService
    from intake_app.centre_settings import CentreSettings
    from intake_app.deposits import Deposits, TakeIn
    from intake_app.exchange.export import ExportService
    from intake_app.leaflets.service import LeafletService
    from intake_app.reports import ReportService
    from intake_app.retention import Retention
    from intake_app.statistics.service import StatisticsService

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Centre:
    name: str
    code: str
    force_code: str


class Session:
    """An unlocked store and the user who unlocked it. Close it to lock."""

    def __init__(
        self,
        data_dir: Path,
        db: Database,
        slots: SlotFile,
        db_key: bytes,
        user: User,
        device: bytes | None,
        clock: Clock = utc_now,
        *,
        bundle: KeyBundle | None = None,
        store: str = CENTRE,
    ) -> None:
        self.data_dir = data_dir
        self.bundle = bundle  # the person's own keys (None for a version 1 slot)
        self.store = store  # which entry of the slot file this store is
        self.taken_in: TakeIn | None = None  # deposits taken in at a coordinator's sign-in
        self.take_in_problem: str | None = None
        self.cannot_write: str | None = None  # set when unlocking could not even be recorded
        self._editing = False
        self.db = db
        self.slots = slots
        self.db_key = db_key
        self.user = user
        self.device_secret = device
        self.clock = clock
        self.audit = AuditLog(db)
        meta = {str(k): str(v) for k, v in db.all("SELECT key, value FROM store_meta")}
        self.centre = Centre(meta["centre_name"], meta["centre_code"], meta.get("force_code", ""))

    # --- services --------------------------------------------------------------------------

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """National lists, the force's file in resources/, and local strands from an imported
        force profile."""
        vocab = load_vocabulary(self.centre.force_code)
        profile = self.exports.profile()
        if profile is None or not profile.local_strands:
            return vocab
        return with_local_strands(vocab, profile.local_strands)

    @cached_property
    def users(self) -> UserService:
        return UserService(self)

    @cached_property
    def reports(self) -> ReportService:
        from intake_app.reports import ReportService

        return ReportService(self)

    @cached_property
    def settings(self) -> CentreSettings:
        from intake_app.centre_settings import CentreSettings

        return CentreSettings(self)

    @cached_property
    def leaflets(self) -> LeafletService:
        from intake_app.leaflets.service import LeafletService

        return LeafletService(self)

    @cached_property
    def retention(self) -> Retention:
        from intake_app.retention import Retention

        return Retention(self)

    @cached_property
    def exports(self) -> ExportService:
        from intake_app.exchange.export import ExportService

        return ExportService(self)

    @cached_property
    def statistics(self) -> StatisticsService:
        from intake_app.statistics.service import StatisticsService

        return StatisticsService(self)

    @cached_property
    def deposits(self) -> Deposits:
        from intake_app.deposits import Deposits

        return Deposits(self)

    @cached_property
    def attachments(self) -> AttachmentService:
        from intake_app.attachments import AttachmentService

        return AttachmentService(self)

    # --- helpers for services --------------------------------------------------------------

    @property
    def actor(self) -> str:
        return self.user.id

    def now_text(self) -> str:
        return self.clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def local_now(self) -> datetime:
        """Now, as a naive local time, for comparing with dates people type."""
        return self.clock().astimezone().replace(tzinfo=None)

    def require(self, *roles: str) -> None:
        if self.user.role not in roles:
            raise NotAllowed("Only a coordinator can do that.")

    @property
    def in_workspace(self) -> bool:
        """A volunteer working in their own workspace, not in the centre's store."""
        return self.store != CENTRE

    def store_recipients(self) -> list[str]:
        """Who this store's key is sealed to. The centre's: every active coordinator and the
        recovery key. A workspace's: its volunteer and the centre identity."""
        if self.store != CENTRE:
            own = self.db.scalar("SELECT recipient FROM users WHERE id = ?", (self.user.id,))
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

    @property
    def keyring_bound(self) -> bool:
        return self.slots.device_bound

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
            by_force = self.audit.verify_against(str(acknowledged))
            if not by_force.ok:
                return AuditVerdict(
                    False,
                    by_force.entries,
                    by_force.message.replace("this store's key file", "the force's last receipt"),
                )
        return verdict

    @contextlib.contextmanager
    def editing_slots(self) -> Iterator[SlotFile]:
        """One change to the slot file at a time, across windows and commands: it is read again
        (another may have changed it since this session opened), changed, and saved, all under
        one lock."""
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
        """Lock: record where the store's audit chain has got to, then close it."""
        if not self.db.closed and self.db_key:
            self.record_head()
        self.db.close()
        self.db_key = b""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_centre_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise IntakeError("Enter the centre's name.")
    reason = text_problem(name, 120)
    if reason:
        raise IntakeError(f"Centre name: {reason}")
    return name


def check_centre_code(code: str) -> str:
    code = code.strip().upper()
    if not reference.CENTRE_CODE.match(code):
        raise IntakeError(
            "The centre code is 2 to 8 capital letters or digits, starting with a letter "
            "(for example LEIC1). It begins every report reference."
        )
    return code


def check_centre(name: str, code: str, force_code: str = "") -> tuple[str, str]:
    name, code = check_centre_name(name), check_centre_code(code)
    if force_code and force_code not in available_forces():
        raise IntakeError(f"There is no vocabulary file for the force '{force_code}'.")
    return name, code


# Setting up and unlocking live in ``unlocking``; they are re-exported here for every caller.
from intake_app.unlocking import (  # noqa: E402
    create_store,
    unlock,
    unlock_with_recovery,
)

__all__ = ["Centre", "Session", "create_store", "unlock", "unlock_with_recovery"]
