"""Setting up a store and unlocking it: a passphrase (or the recovery key) opens the person's key
bundle, the bundle opens the one store their role may see, and that store's recorded head proves
it is the current copy. Design in docs/store.md, "Who can open what".

What these give is the store's keys and who opened it; ``session`` composes the services over
them and runs what every unlock runs before the first page."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from intake_app.app import legacy_upgrade
from intake_app.domain.accounts import COORDINATOR, RECOVERY_USER
from intake_app.domain.centre import check_centre
from intake_app.services.audit import AuditLog
from intake_app.services.context import Clock, ServiceContext, utc_now
from intake_app.services.store_keys import StoreKeys, Unlocked
from intake_app.services.users import (
    check_new_passphrase,
    check_user_name,
    insert_user,
    user_by_slot,
)
from intake_app.storage import device_secret, key_bundle, keyslots, recovery_key, restore_journal
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.engine import engine_versions
from intake_app.storage.kdf import Argon2Params
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, RECOVERY, SlotFile, StoreEntry
from intake_app.storage.migrations import migrate
from intake_app.storage.store_opening import open_database
from intake_app.storage.throttle import Throttle
from intake_app.support import diagnostics
from intake_app.support.atomic_files import ensure_private_dir
from intake_app.support.errors import (
    AccountInactive,
    DatabaseDamaged,
    IntakeError,
    KeyringUnavailable,
    SlotFileDamaged,
    StorageFailure,
    StoreExists,
    WrongCredentials,
)
from intake_app.support.i18n import _
from intake_app.support.paths import DB_NAME, SLOTS_NAME

Sleeper = Callable[[float], None]


def set_up_store(
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
) -> tuple[Unlocked, str]:
    """Make a new store with its first coordinator. Returns it, open, and the recovery key
    (formatted for people), which is shown once and never stored."""
    centre_name, centre_code = check_centre(centre_name, centre_code, force_code)
    user_name = check_user_name(user_name)
    check_new_passphrase(passphrase, user_name, centre_name)
    db_path, slots_path = data_dir / DB_NAME, data_dir / SLOTS_NAME
    if slots_path.exists() or db_path.exists():
        raise StoreExists(
            _("This data folder already holds a store. Unlock it, or choose another folder.")
        )
    keyring_status = device_secret.status()
    bound = keyring_status.usable if device_binding is None else device_binding
    if bound and not keyring_status.usable:
        raise KeyringUnavailable(keyring_status.reason)
    ensure_private_dir(data_dir)

    slots = keyslots.new(params or Argon2Params(), bound)
    device = device_secret.create(slots.store_id) if bound else None
    db_key = secrets.token_bytes(32)
    bundle, recovery_bundle, centre_bundle = (KeyBundle.generate() for _index in range(3))
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
        keys = StoreKeys(data_dir, db, slots, db_key, user.id, device=device, bundle=bundle)
        keys.save_slots()
    except BaseException:
        db.close()
        raise
    return Unlocked(keys, user), recovery_key.format_key(recovery)


def _wait_for_throttle(throttle: Throttle, sleep: Sleeper) -> None:
    wait = throttle.wait_seconds()
    if wait > 0:
        sleep(wait)


def open_as_user(
    data_dir: Path,
    user_name: str,
    passphrase: str,
    *,
    sleep: Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Unlocked:
    """Open the store as a user. A wrong name and a wrong passphrase give the same message."""
    restore_journal.settle(data_dir)  # a restore cut short is finished or undone first
    slots = keyslots.load(data_dir / SLOTS_NAME)
    device = device_secret.load(slots.store_id) if slots.device_bound else None
    # One attempt at a time, across processes: wait, derive, record the outcome.
    with Throttle(data_dir).attempt() as throttle:
        _wait_for_throttle(throttle, sleep)
        try:
            sealing_key = slots.user_key(user_name, passphrase, device)
            opened = slots.open_user_with(sealing_key)
        except WrongCredentials:
            throttle.record_failure()
            if slots.device_bound and device is None:
                raise KeyringUnavailable(
                    _(
                        "This store is bound to the keyring of the computer it was set up on, "
                        "and this computer's keyring does not hold its secret. Use the recovery "
                        "key to reset your passphrase here."
                    )
                ) from None
            raise
        throttle.reset()
    if opened.legacy_key is not None:
        entry = _centre_entry(slots)
        if slots.version == 2:  # upgraded, but this person has not signed in since
            slots.verify_entry(entry, opened.legacy_key)
        db, _key = open_database(data_dir, slots, entry, opened.legacy_key)
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
            raise AccountInactive(_("This account has been deactivated. Ask a coordinator."))
        keys = StoreKeys(
            data_dir, db, slots, key, user.id, device=device, bundle=opened.bundle,
            store=entry.store_id,
        )  # fmt: skip
        try:
            with db.transaction():
                keys.audit.append(user.id, "session.unlocked")
        except StorageFailure as exc:
            # A full disk or a read-only folder: open to read, say why nothing can be saved.
            return Unlocked(keys, user, cannot_write=str(exc))
        diagnostics.event(
            "unlocked", role=user.role, store="centre" if entry.store_id == CENTRE else "workspace"
        )
    except BaseException:
        db.close()
        raise
    return Unlocked(keys, user)


def _centre_entry(slots: SlotFile) -> StoreEntry:
    entry = slots.entry(CENTRE)
    if entry is None:
        raise DatabaseDamaged(keyslots.DAMAGED)
    return entry


def open_with_recovery(
    data_dir: Path,
    recovery_text: str,
    *,
    sleep: Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Unlocked:
    """Open the store with the recovery key, to reset passphrases or add a coordinator."""
    secret = recovery_key.parse_key(recovery_text)  # a typo is reported before any work
    restore_journal.settle(data_dir)
    slots = keyslots.load(data_dir / SLOTS_NAME)
    with Throttle(data_dir).attempt() as throttle:
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
        if slots.version == 2:
            slots.verify_entry(entry, key)
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
        keys = StoreKeys(
            data_dir, db, slots, key, RECOVERY_USER.id, device=device, bundle=opened.bundle
        )
        if opened.legacy_key is not None:
            context = ServiceContext.over(db, RECOVERY_USER, clock=clock)
            legacy_upgrade.upgrade_recovery(context, keys, slots.recovery_key(secret))
        with db.transaction():
            keys.audit.append(RECOVERY_USER.id, "session.unlocked_with_recovery_key")
    except BaseException:
        db.close()
        raise
    return Unlocked(keys, RECOVERY_USER)


def unlock_wait(data_dir: Path) -> tuple[float, str]:
    """How long the next unlock must wait after wrong passphrases (0 for none), and what to
    tell the person waiting."""
    throttle = Throttle(data_dir)
    wait = throttle.wait_seconds()
    return wait, throttle.waiting_message(wait) if wait > 0 else ""


__all__ = ["engine_versions", "open_as_user", "open_with_recovery", "set_up_store", "unlock_wait"]
