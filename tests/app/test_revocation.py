"""Revocation re-keys: an old copy of the slot file, put back after a user was deactivated or a
passphrase changed, opens nothing current; an older copy of the database is refused; a re-key
that stops half-way leaves a store that opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intake_app.app.session import Session, unlock, unlock_with_recovery
from intake_app.storage import device_secret, key_bundle, keyslots
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE
from intake_app.support.errors import (
    AccountInactive,
    DatabaseDamaged,
    InvalidRecoveryKey,
    SlotFileDamaged,
)
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report

NEW_PASSPHRASE = "saffron bicycle orchard twelve"


def _keys_an_old_slot_file_yields(path: Path, name: str, passphrase: str) -> list[bytes]:
    """Everything a person can derive from a slot file with their passphrase: their bundle, and
    every store key sealed to it (current and next)."""
    slots = keyslots.load(path)
    device = device_secret.load(slots.store_id) if slots.device_bound else None
    opened = slots.open_user(name, passphrase, device)
    found = [opened.legacy_key] if opened.legacy_key else []
    if opened.bundle:
        for entry in slots.stores:
            for sealed in (entry.sealed_key, entry.sealed_next):
                key = key_bundle.open_with(sealed, opened.bundle) if sealed else None
                if key:
                    found.append(key)
    return found


def _opens(db_path: Path, key: bytes) -> bool:
    try:
        Database(db_path, key).close()
    except Exception:
        return False
    return True


def test_old_slot_file_after_deactivation_opens_nothing_current(
    data_dir: Path, session: Session
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    old = data_dir / "old-keyslots.json"
    shutil.copy(data_dir / "keyslots.json", old)
    session.users.deactivate("Thaddeus")
    session.reports.create_draft(full_report(description="Written after Thaddeus left"))
    session.close()

    keys = _keys_an_old_slot_file_yields(old, "Thaddeus", VOLUNTEER_PASSPHRASE)
    assert keys, "the old file did open something: the test would prove nothing otherwise"
    assert not any(_opens(data_dir / "centre.db", key) for key in keys)
    assert not list((data_dir / "workspaces").glob("*.db"))  # their workspace is gone too
    shutil.copy(old, data_dir / "keyslots.json")
    with pytest.raises(AccountInactive):
        unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)


def test_old_slot_file_after_a_coordinator_is_deactivated_opens_nothing_current(
    data_dir: Path, session: Session
) -> None:
    session.users.add("Oluwaseun", "coordinator", VOLUNTEER_PASSPHRASE)
    old = data_dir / "old-keyslots.json"
    shutil.copy(data_dir / "keyslots.json", old)
    session.users.deactivate("Oluwaseun")
    session.reports.create_draft(full_report(description="Written after Oluwaseun left"))
    session.close()

    keys = _keys_an_old_slot_file_yields(old, "Oluwaseun", VOLUNTEER_PASSPHRASE)
    assert keys
    assert not any(_opens(data_dir / "centre.db", key) for key in keys)
    shutil.copy(old, data_dir / "keyslots.json")
    with pytest.raises(DatabaseDamaged, match="older copy"):
        unlock(data_dir, "Oluwaseun", VOLUNTEER_PASSPHRASE)


def test_old_slot_file_after_a_passphrase_change_opens_nothing_current(
    data_dir: Path, session: Session
) -> None:
    old = data_dir / "old-keyslots.json"
    shutil.copy(data_dir / "keyslots.json", old)
    session.users.change_own_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    session.reports.create_draft(full_report(description="Written after the change"))
    session.close()

    keys = _keys_an_old_slot_file_yields(old, "Amina", PASSPHRASE)
    assert keys
    assert not any(_opens(data_dir / "centre.db", key) for key in keys)
    with unlock(data_dir, "Amina", NEW_PASSPHRASE) as again:
        assert again.reports.count() == 1


def test_a_coordinator_reset_re_keys_too(data_dir: Path, new_store: tuple[Session, str]) -> None:
    session, recovery = new_store
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    old = data_dir / "old-keyslots.json"
    shutil.copy(data_dir / "keyslots.json", old)
    session.users.reset_with_recovery_key("Thaddeus", recovery, NEW_PASSPHRASE)
    session.close()
    keys = _keys_an_old_slot_file_yields(old, "Thaddeus", VOLUNTEER_PASSPHRASE)
    assert keys and not any(_opens(data_dir / "centre.db", key) for key in keys)
    with unlock(data_dir, "Thaddeus", NEW_PASSPHRASE) as again:
        assert again.user.name == "Thaddeus"
    with unlock_with_recovery(data_dir, recovery) as again:  # the recovery key still works
        assert again.user.role == "recovery"


def test_an_older_copy_of_the_database_is_refused_not_opened_as_current(
    data_dir: Path, session: Session
) -> None:
    session.reports.create_draft(full_report(description="The first report"))
    session.close()
    shutil.copy(data_dir / "centre.db", data_dir.parent / "older.db")
    with unlock(data_dir, "Amina", PASSPHRASE) as later:
        later.reports.create_draft(full_report(description="A report the old copy lacks"))
    (data_dir / "centre.db-wal").unlink(missing_ok=True)
    shutil.copy(data_dir.parent / "older.db", data_dir / "centre.db")
    with pytest.raises(DatabaseDamaged, match="an older copy has been put back"):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_a_re_key_that_stops_half_way_leaves_a_store_that_opens(
    data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database took the new key, then the app died before the slot file was rewritten."""
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.reports.create_draft(full_report(description="Kept through the re-key"))

    def die(*_: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(keyslots.SlotFile, "promote_next", die)
    with pytest.raises(SystemExit):
        session.users.deactivate("Thaddeus")
    session.db.close()
    monkeypatch.undo()
    entry = keyslots.load(data_dir / "keyslots.json").entry(CENTRE)
    assert entry is not None and entry.sealed_next
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        assert again.reports.count() == 1
    entry = keyslots.load(data_dir / "keyslots.json").entry(CENTRE)
    assert entry is not None and not entry.sealed_next  # finished at the next unlock


def test_a_re_key_that_stops_before_the_database_changed_keeps_the_old_key(
    data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)

    def die(*_: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(Database, "rekey", die)
    with pytest.raises(SystemExit):
        session.users.deactivate("Thaddeus")
    session.db.close()
    monkeypatch.undo()
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        assert again.user.name == "Amina"


def test_the_recovery_key_follows_every_re_key(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    for name in ("Thaddeus", "Ottoline"):
        session.users.add(name, "volunteer", VOLUNTEER_PASSPHRASE)
        session.users.deactivate(name)
    session.users.change_own_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    assert session.users.new_recovery_key is None  # a version 2 recovery key is never replaced
    session.close()
    with unlock_with_recovery(data_dir, recovery) as again:
        assert again.reports.count() == 0


def test_a_bundle_that_opens_no_store_is_called_altered(data_dir: Path, session: Session) -> None:
    session.close()
    slots = keyslots.load(data_dir / "keyslots.json")
    slots.stores = []
    slots.save(data_dir / "keyslots.json")
    with pytest.raises(SlotFileDamaged):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_a_wrong_recovery_key_is_still_refused_after_re_keys(
    data_dir: Path, session: Session
) -> None:
    from intake_app.storage.recovery_key import format_key, generate

    session.users.change_own_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    session.close()
    with pytest.raises(InvalidRecoveryKey):
        unlock_with_recovery(data_dir, format_key(generate()))


def test_an_audit_log_cut_short_with_its_key_is_found(data_dir: Path, session: Session) -> None:
    """Someone holding the database key drops the triggers, cuts the last entries and mends the
    chain's own head: the chain alone says intact, the head in the slot file does not."""
    for n in range(5):
        session.reports.create_draft(full_report(description=f"Report {n}"))
    key = session.keys.db_key
    session.close()
    db = Database(data_dir / "centre.db", key)
    with db.transaction():
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("DELETE FROM audit_log WHERE seq > 3")
        row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert row is not None
        db.execute(
            "UPDATE store_meta SET value = ? WHERE key = 'audit_head'", (f"{row[0]}:{row[1]}",)
        )
    db.close()
    with pytest.raises(DatabaseDamaged, match="entries were cut from its audit log"):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_two_windows_open_at_once_never_undo_each_others_slot_changes(
    data_dir: Path, session: Session
) -> None:
    """A volunteer's window stays open while a coordinator's adds someone; when the volunteer
    locks, the slot file is read again and only their own entry's head is rewritten."""
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    session.users.add("Priya", "volunteer", NEW_PASSPHRASE)
    session.close()
    volunteer.reports.create_draft(full_report())
    volunteer.close()  # the last to write the slot file
    with unlock(data_dir, "Priya", NEW_PASSPHRASE) as priya:
        assert priya.in_workspace
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        assert thaddeus.reports.count() == 1
