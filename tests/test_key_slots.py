"""Unlocking with passphrases, the recovery key and the keyring; what the slot file reveals."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from intake_app.errors import (
    InvalidRecoveryKey,
    KeyringUnavailable,
    SlotFileDamaged,
    StoreMissing,
    WrongCredentials,
)
from intake_app.session import Session, create_store, unlock, unlock_with_recovery
from intake_app.storage import keyslots
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.storage.recovery_key import format_key, generate
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_the_right_passphrase_unlocks_and_names_the_user(data_dir: Path, session: Session) -> None:
    session.close()
    again = unlock(data_dir, "amina", PASSPHRASE)  # user names are not case-sensitive
    assert again.user.name == "Amina"
    assert again.user.is_coordinator
    again.close()


def test_wrong_passphrase_and_unknown_user_give_the_same_message(
    data_dir: Path, session: Session
) -> None:
    session.close()
    with pytest.raises(WrongCredentials) as wrong_pass:
        unlock(data_dir, "Amina", "not the passphrase at all")
    with pytest.raises(WrongCredentials) as no_user:
        unlock(data_dir, "Nobody", PASSPHRASE)
    assert str(wrong_pass.value) == str(no_user.value)
    assert "did not unlock" in str(no_user.value)


def test_repeated_failures_are_slowed_down(data_dir: Path, session: Session) -> None:
    session.close()
    waits: list[float] = []
    for _ in range(5):
        with pytest.raises(WrongCredentials):
            unlock(data_dir, "Amina", "wrong wrong wrong", sleep=waits.append)
    assert waits and waits[-1] >= 1.0  # the fourth and later attempts wait
    assert waits == sorted(waits)
    unlock(data_dir, "Amina", PASSPHRASE, sleep=waits.append).close()
    waits.clear()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Amina", "wrong again", sleep=waits.append)
    assert waits == []  # a success starts the count again


def test_slot_file_names_no_user_and_hides_how_many(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus Volunteer", "volunteer", VOLUNTEER_PASSPHRASE)
    raw = (data_dir / "keyslots.json").read_bytes()
    for secret in (b"Amina", b"amina", b"Thaddeus", b"Riverside", b"RIVA"):
        assert secret not in raw
    document = json.loads(raw)
    user_slots = [s for s in document["slots"] if s["kind"] == "user"]
    assert len(user_slots) % keyslots.PAD_TO == 0
    assert len([s for s in document["slots"] if s["kind"] == "recovery"]) == 1


def test_volunteer_unlocks_with_their_own_passphrase(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    assert volunteer.user.role == "volunteer"
    volunteer.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Thaddeus", PASSPHRASE)


def test_forgotten_passphrase_is_reset_with_the_recovery_key_and_data_is_intact(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    reference = session.reports.create_draft(full_report()).reference
    session.close()
    rescue = unlock_with_recovery(data_dir, recovery.lower().replace("-", " "))
    rescue.users.reset_passphrase("Amina", "quartz pelican drizzle orbit")
    rescue.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Amina", PASSPHRASE)
    back = unlock(data_dir, "Amina", "quartz pelican drizzle orbit")
    assert back.reports.get(reference).report.person.name == "Zenobia Quarterfield"
    assert back.audit.verify().ok
    back.close()


def test_wrong_recovery_key_is_refused_and_typo_is_located(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    session.close()
    with pytest.raises(InvalidRecoveryKey, match="does not belong"):
        unlock_with_recovery(data_dir, format_key(generate()))
    groups = recovery.split("-")
    swapped = groups[2][1] + groups[2][0] + groups[2][2:]
    if swapped != groups[2]:
        typo = "-".join([*groups[:2], swapped, *groups[3:]])
        with pytest.raises(InvalidRecoveryKey, match="Group 3"):
            unlock_with_recovery(data_dir, typo)


def test_tampered_slot_file_is_refused_and_left_as_it_was(data_dir: Path, session: Session) -> None:
    session.close()
    path = data_dir / "keyslots.json"
    document = json.loads(path.read_text())
    sealed = document["slots"][0]["sealed"]
    document["slots"][0]["sealed"] = ("B" if sealed[0] != "B" else "C") + sealed[1:]
    path.write_text(json.dumps(document))
    before = _tree_digest(data_dir)
    with pytest.raises(SlotFileDamaged, match="damaged or has been altered"):
        unlock(data_dir, "Amina", PASSPHRASE)
    assert _tree_digest(data_dir) == before


def test_slot_file_rewritten_without_the_database_key_is_caught_after_unlock(
    data_dir: Path, session: Session
) -> None:
    """Someone recomputes the checksum after removing a slot: the keyed MAC still catches it."""
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    path = data_dir / "keyslots.json"
    document = json.loads(path.read_text())
    document.pop("checksum")
    document["slots"].append(dict(document["slots"][0], id="00" * 8))  # a slot added by hand
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))
    with pytest.raises(SlotFileDamaged):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing, match="intake init"):
        unlock(tmp_path / "nothing", "Amina", PASSPHRASE)


def test_keyring_secret_is_needed_when_bound(
    data_dir: Path, session: Session, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    assert session.keyring_bound
    session.close()
    memory_keyring.items.clear()  # as on another computer
    with pytest.raises(KeyringUnavailable, match="recovery key"):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_copy_with_stolen_passphrase_fails_without_the_keyring(
    data_dir: Path, tmp_path: Path, session: Session, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    session.close()
    stolen = dict(memory_keyring.items)
    memory_keyring.items.clear()
    memory_keyring.items.update({k: "AAAA" + v[4:] for k, v in stolen.items()})  # wrong secret
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_without_a_secure_keyring_the_store_is_passphrase_only(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    session, _ = create_store(
        tmp_path / "s",
        centre_name="Hillside Mosque",
        centre_code="HILL",
        user_name="Yusuf",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
    )
    assert not session.keyring_bound
    session.close()
    unlock(tmp_path / "s", "Yusuf", PASSPHRASE).close()
    with pytest.raises(KeyringUnavailable):
        create_store(
            tmp_path / "t",
            centre_name="Hillside Mosque",
            centre_code="HILL",
            user_name="Yusuf",
            passphrase=PASSPHRASE,
            params=TEST_PARAMS,
            device_binding=True,
        )


def test_slot_file_with_out_of_range_cost_is_damaged(data_dir: Path, session: Session) -> None:
    session.close()
    path = data_dir / "keyslots.json"
    slots = keyslots.load(path)
    assert slots.params == TEST_PARAMS
    document = json.loads(path.read_text())
    document["kdf"]["memory_kib"] = 1
    document.pop("checksum")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))
    with pytest.raises(SlotFileDamaged):
        unlock(data_dir, "Amina", PASSPHRASE)
