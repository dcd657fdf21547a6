"""Setting up a store, unlocking it, and the unlocked session every service works through.

One service API for the GUI, the command line and the tests: ``create_store`` and ``unlock`` (or
``unlock_with_recovery``) give a ``Session``; its ``reports``, ``users`` and ``attachments``
services do the work and write the audit log.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app import reference
from intake_app.audit import AuditLog
from intake_app.errors import (
    AccountInactive,
    ForeignDatabase,
    IntakeError,
    KeyringUnavailable,
    NotAllowed,
    StoreExists,
    WrongCredentials,
)
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage import device_secret, keyslots, recovery_key
from intake_app.storage.database import FOREIGN, Database, read_db_salt
from intake_app.storage.files import ensure_private_dir
from intake_app.storage.kdf import Argon2Params
from intake_app.storage.keyslots import RECOVERY, SlotFile
from intake_app.storage.migrations import migrate
from intake_app.storage.throttle import Throttle
from intake_app.text_rules import text_problem
from intake_app.users import (
    COORDINATOR,
    RECOVERY_USER,
    User,
    UserService,
    check_new_passphrase,
    check_user_name,
    insert_user,
    user_by_slot,
)
from intake_app.vocabulary import Vocabulary, available_forces, with_local_strands
from intake_app.vocabulary import load as load_vocabulary

if TYPE_CHECKING:
    from intake_app.attachments import AttachmentService
    from intake_app.centre_settings import CentreSettings
    from intake_app.exchange.export import ExportService
    from intake_app.leaflets.service import LeafletService
    from intake_app.reports import ReportService
    from intake_app.retention import Retention
    from intake_app.statistics.service import StatisticsService

Clock = Callable[[], datetime]
Sleeper = Callable[[float], None]


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
    ) -> None:
        self.data_dir = data_dir
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
    def keyring_bound(self) -> bool:
        return self.slots.device_bound

    def save_slots(self, extra: set[str] | None = None) -> None:
        """Rewrite the slot file with the slots the store knows about (plus ``extra``)."""
        keep = {
            str(r[0])
            for r in self.db.all(
                "SELECT slot_id FROM users WHERE slot_id IS NOT NULL AND active = 1"
            )
        }
        recovery_slot = self.db.scalar("SELECT value FROM store_meta WHERE key = 'recovery_slot'")
        if recovery_slot:
            keep.add(str(recovery_slot))
        self.slots.retain(keep | (extra or set()))
        self.slots.save(self.data_dir / SLOTS_NAME, self.db_key)

    def close(self) -> None:
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


def create_store(
    data_dir: Path,
    *,
    centre_name: str,
    centre_code: str,
    user_name: str,
    passphrase: str,
    force_code: str = "",
    device_binding: bool | None = None,
    params: Argon2Params | None = None,
    clock: Clock = utc_now,
) -> tuple[Session, str]:
    """Make a new store with its first coordinator. Returns the session and the recovery key
    (formatted for people), which is shown once and never stored."""
    centre_name, centre_code = check_centre(centre_name, centre_code, force_code)
    user_name = check_user_name(user_name)
    check_new_passphrase(passphrase, user_name, centre_name)
    db_path, slots_path = data_dir / DB_NAME, data_dir / SLOTS_NAME
    if slots_path.exists() or db_path.exists():
        raise StoreExists(
            "This data folder already holds a store. Unlock it, or choose another folder."
        )
    keyring_status = device_secret.status()
    bound = keyring_status.usable if device_binding is None else device_binding
    if bound and not keyring_status.usable:
        raise KeyringUnavailable(keyring_status.reason)
    ensure_private_dir(data_dir)

    slots = keyslots.new(params or Argon2Params(), bound)
    device = device_secret.create(slots.store_id) if bound else None
    db_key = secrets.token_bytes(32)
    db = Database(db_path, db_key, create=True)
    try:
        migrate(db)
        user_key = slots.user_key(user_name, passphrase, device)
        user_slot = slots.seal(keyslots.USER, user_key, db_key)
        recovery = recovery_key.generate()
        recovery_slot = slots.seal(RECOVERY, slots.recovery_key(recovery), db_key)
        created = clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with db.transaction():
            for key, value in (
                ("store_id", slots.store_id),
                ("centre_name", centre_name),
                ("centre_code", centre_code),
                ("force_code", force_code),
                ("created_at", created),
                ("recovery_slot", recovery_slot),
            ):
                db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value))
            user = insert_user(db, user_name, COORDINATOR, user_slot, created)
            audit = AuditLog(db)
            audit.append(user.id, "store.created")
            audit.append(user.id, "user.added", user.id, COORDINATOR)
        db.checkpoint()
        slots.db_salt = read_db_salt(db_path)
        session = Session(data_dir, db, slots, db_key, user, device, clock)
        session.save_slots()
    except BaseException:
        db.close()
        raise
    return session, recovery_key.format_key(recovery)


def _open_database(data_dir: Path, slots: SlotFile, db_key: bytes) -> Database:
    db = Database(data_dir / DB_NAME, db_key, expected_salt=slots.db_salt)
    try:
        store_id = db.scalar("SELECT value FROM store_meta WHERE key = 'store_id'")
        if store_id != slots.store_id:
            raise ForeignDatabase(FOREIGN)
        slots.verify_mac(db_key)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _wait_for_throttle(throttle: Throttle, sleep: Sleeper) -> None:
    wait = throttle.wait_seconds()
    if wait > 0:
        sleep(wait)


def unlock(
    data_dir: Path,
    user_name: str,
    passphrase: str,
    *,
    sleep: Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Session:
    """Open the store as a user. A wrong name and a wrong passphrase give the same message."""
    slots = keyslots.load(data_dir / SLOTS_NAME)
    with Throttle(data_dir).attempt() as throttle:
        _wait_for_throttle(throttle, sleep)
        device = device_secret.load(slots.store_id) if slots.device_bound else None
        try:
            db_key, slot_id = slots.open_user(user_name, passphrase, device)
        except WrongCredentials:
            throttle.record_failure()
            if slots.device_bound and device is None:
                raise KeyringUnavailable(
                    "This store is bound to the keyring of the computer it was set up on, and this "
                    "computer's keyring does not hold its secret. Use the recovery key to reset "
                    "your passphrase here."
                ) from None
            raise
        throttle.reset()
    db = _open_database(data_dir, slots, db_key)
    try:
        user = user_by_slot(db, slot_id)
        if user is None:
            raise WrongCredentials()
        if not user.active:
            raise AccountInactive("This account has been deactivated. Ask a coordinator.")
        session = Session(data_dir, db, slots, db_key, user, device, clock)
        with db.transaction():
            session.audit.append(user.id, "session.unlocked")
        session.retention.purge()  # personal data past its retention period goes at once
    except BaseException:
        db.close()
        raise
    return session


def unlock_with_recovery(
    data_dir: Path,
    recovery_text: str,
    *,
    sleep: Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Session:
    """Open the store with the recovery key, to reset passphrases or add a coordinator."""
    secret = recovery_key.parse_key(recovery_text)  # a typo is reported before any work
    slots = keyslots.load(data_dir / SLOTS_NAME)
    with Throttle(data_dir).attempt() as throttle:
        _wait_for_throttle(throttle, sleep)
        try:
            db_key = slots.open_recovery(secret)
        except IntakeError:
            throttle.record_failure()
            raise
        throttle.reset()
    db = _open_database(data_dir, slots, db_key)
    device: bytes | None = None
    if slots.device_bound:
        device = device_secret.load(slots.store_id)
        if device is None:
            # A restore onto a new computer: bind to this computer's keyring if there is one.
            status = device_secret.status()
            device = device_secret.create(slots.store_id) if status.usable else None
            slots.device_bound = status.usable
    try:
        session = Session(data_dir, db, slots, db_key, RECOVERY_USER, device, clock)
        with db.transaction():
            session.audit.append(RECOVERY_USER.id, "session.unlocked_with_recovery_key")
    except BaseException:
        db.close()
        raise
    return session
