"""Setting up a store and unlocking it: a passphrase (or the recovery key) opens the person's key
bundle, the bundle opens the one store their role may see, and that store's recorded head proves
it is the current copy. Design in docs/store.md, "Who can open what"."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from intake_app import legacy_upgrade
from intake_app.audit import AuditLog
from intake_app.errors import (
    AccountInactive,
    DatabaseDamaged,
    ForeignDatabase,
    IntakeError,
    KeyringUnavailable,
    SlotFileDamaged,
    StoreExists,
    WrongCredentials,
)
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.session import Clock, Session, check_centre, utc_now
from intake_app.storage import device_secret, key_bundle, keyslots, recovery_key
from intake_app.storage.database import FOREIGN, Database, read_db_salt
from intake_app.storage.files import ensure_private_dir
from intake_app.storage.kdf import Argon2Params
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, RECOVERY, SlotFile, StoreEntry
from intake_app.storage.migrations import migrate
from intake_app.storage.throttle import Throttle
from intake_app.users import (
    COORDINATOR,
    RECOVERY_USER,
    check_new_passphrase,
    check_user_name,
    insert_user,
    user_by_slot,
)

Sleeper = Callable[[float], None]

KEY_DOES_NOT_OPEN = (
    "The store's database cannot be opened with the key in keyslots.json. Either keyslots.json "
    "is an older copy, put back after a user was removed or a passphrase changed, or the "
    "database is damaged. Nothing has been changed. Put back the newest keyslots.json, or "
    "restore the newest backup."
)
ROLLED_BACK = (
    "The store's database is older than the one this data folder last recorded: an older copy "
    "has been put back, so reports or changes made since would be missing. Nothing has been "
    "changed. Put the newest copy back, or restore the newest backup."
)


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
    bundle, recovery_bundle, centre_bundle = (KeyBundle.generate() for _ in range(3))
    db = Database(db_path, db_key, create=True)
    try:
        migrate(db)
        user_slot = slots.seal_bundle(
            keyslots.USER, slots.user_key(user_name, passphrase, device), bundle
        )
        recovery = recovery_key.generate()
        recovery_slot = slots.seal_bundle(RECOVERY, slots.recovery_key(recovery), recovery_bundle)
        slots.recovery_recipient = recovery_bundle.recipient
        created = clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with db.transaction():
            for key, value in (
                ("store_id", slots.store_id),
                ("centre_name", centre_name),
                ("centre_code", centre_code),
                ("force_code", force_code),
                ("created_at", created),
                ("recovery_slot", recovery_slot),
                ("centre_bundle", key_bundle.encode(centre_bundle)),
            ):
                db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value))
            user = insert_user(db, user_name, COORDINATOR, user_slot, created, bundle)
            audit = AuditLog(db)
            audit.append(user.id, "store.created")
            audit.append(user.id, "user.added", user.id, COORDINATOR)
        db.checkpoint()
        slots.put_store(
            CENTRE,
            DB_NAME,
            read_db_salt(db_path),
            db_key,
            [bundle.recipient, recovery_bundle.recipient],
            AuditLog(db).head(),
        )
        session = Session(data_dir, db, slots, db_key, user, device, clock, bundle=bundle)
        session.save_slots()
    except BaseException:
        db.close()
        raise
    return session, recovery_key.format_key(recovery)


def open_database(
    data_dir: Path,
    slots: SlotFile,
    entry: StoreEntry,
    key: bytes,
    bundle: KeyBundle | None = None,
) -> tuple[Database, bytes]:
    """Open one store with its key: the right file, the right salt, the current copy. Returns
    the database and the key that opened it (the next one, when a re-key did not finish)."""
    try:
        db = Database(data_dir / entry.file, key, expected_salt=entry.db_salt)
    except DatabaseDamaged:
        next_key = slots.next_key(entry, bundle)
        if next_key is None:
            raise DatabaseDamaged(KEY_DOES_NOT_OPEN) from None
        db = Database(data_dir / entry.file, next_key, expected_salt=entry.db_salt)
        slots.promote_next(entry.store_id, next_key)
        key = next_key
    try:
        store_id = db.scalar("SELECT value FROM store_meta WHERE key = 'store_id'")
        if store_id != slots.store_id:
            raise ForeignDatabase(FOREIGN)
        if slots.version == 1:
            slots.verify_legacy_mac(key)
        check_head(db, entry.head)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db, key


def check_head(db: Database, head: str) -> None:
    """The audit entry the slot file last recorded must be in this database's chain."""
    if not head or head == "0:":
        return
    seq_text, _, digest = head.partition(":")
    try:
        seq = int(seq_text)
    except ValueError:
        raise DatabaseDamaged(keyslots.DAMAGED) from None
    found = db.scalar("SELECT hash FROM audit_log WHERE seq = ?", (seq,))
    if found is None:
        raise DatabaseDamaged(ROLLED_BACK)
    if found != digest:
        raise DatabaseDamaged(
            "The store's database does not match this data folder's key file: it is a different "
            "copy, or its audit log has been rewritten. Nothing has been changed. Restore the "
            "newest backup."
        )


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
    throttle = Throttle(data_dir)
    _wait_for_throttle(throttle, sleep)
    device = device_secret.load(slots.store_id) if slots.device_bound else None
    try:
        sealing_key = slots.user_key(user_name, passphrase, device)
        opened = slots.open_user_with(sealing_key)
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
    if opened.legacy_key is not None:
        db, _ = open_database(data_dir, slots, _centre_entry(slots), opened.legacy_key)
        return legacy_upgrade.upgrade_user(data_dir, db, slots, opened, sealing_key, device, clock)
    assert opened.bundle is not None
    found = slots.open_store(opened.bundle)
    if found is None:  # a slot nobody sealed a store's key to: added by hand
        raise SlotFileDamaged(keyslots.DAMAGED)
    entry, key = found
    db, key = open_database(data_dir, slots, entry, key, opened.bundle)
    try:
        user = user_by_slot(db, opened.slot_id)
        if user is None:
            raise WrongCredentials()
        if not user.active:
            raise AccountInactive("This account has been deactivated. Ask a coordinator.")
        session = Session(data_dir, db, slots, key, user, device, clock, bundle=opened.bundle)
        with db.transaction():
            session.audit.append(user.id, "session.unlocked")
        session.retention.purge()  # personal data past its retention period goes at once
    except BaseException:
        db.close()
        raise
    return session


def _centre_entry(slots: SlotFile) -> StoreEntry:
    entry = slots.entry(CENTRE)
    if entry is None:
        raise DatabaseDamaged(keyslots.DAMAGED)
    return entry


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
    throttle = Throttle(data_dir)
    _wait_for_throttle(throttle, sleep)
    try:
        opened = slots.open_recovery(secret)
    except IntakeError:
        throttle.record_failure()
        raise
    throttle.reset()
    entry = _centre_entry(slots)
    if opened.legacy_key is not None:
        key = opened.legacy_key
    else:
        assert opened.bundle is not None
        found = slots.open_store(opened.bundle)
        if found is None or found[0].store_id != CENTRE:
            raise DatabaseDamaged(keyslots.DAMAGED)
        entry, key = found
    db, key = open_database(data_dir, slots, entry, key, opened.bundle)
    device: bytes | None = None
    if slots.device_bound:
        device = device_secret.load(slots.store_id)
        if device is None:
            # A restore onto a new computer: bind to this computer's keyring if there is one.
            status = device_secret.status()
            device = device_secret.create(slots.store_id) if status.usable else None
            slots.device_bound = status.usable
    try:
        session = Session(
            data_dir, db, slots, key, RECOVERY_USER, device, clock, bundle=opened.bundle
        )
        if opened.legacy_key is not None:
            legacy_upgrade.upgrade_recovery(session, slots.recovery_key(secret))
        with db.transaction():
            session.audit.append(RECOVERY_USER.id, "session.unlocked_with_recovery_key")
    except BaseException:
        db.close()
        raise
    return session
