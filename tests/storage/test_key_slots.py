"""Unlocking with passphrases, the recovery key and the keyring; what the slot file reveals."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from intake_app.app.session import Session, create_store, unlock, unlock_with_recovery
from intake_app.storage import keyslots
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.storage.recovery_key import format_key, generate
from intake_app.support.errors import (
    InvalidRecoveryKey,
    KeyringUnavailable,
    SlotFileDamaged,
    StoreMissing,
    WrongCredentials,
)
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


def _rewrite(path: Path, change: object) -> None:
    """Edit the slot file by hand and recompute its (unkeyed) checksum, as an attacker can."""
    document = json.loads(path.read_text())
    document.pop("checksum")
    change(document)  # type: ignore[operator]
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))


def test_store_entry_edited_without_its_key_is_caught_after_unlock(
    data_dir: Path, session: Session
) -> None:
    """Someone recomputes the checksum after changing the store's recorded head: the entry's
    MAC, keyed by the store's own key, catches it."""
    session.close()

    def older_head(document: dict) -> None:  # type: ignore[type-arg]
        document["stores"][0]["head"] = "1:" + "0" * 64

    _rewrite(data_dir / "keyslots.json", older_head)
    with pytest.raises(SlotFileDamaged):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_a_slot_added_by_hand_opens_nothing(data_dir: Path, session: Session) -> None:
    session.close()

    def copy_slot(document: dict) -> None:  # type: ignore[type-arg]
        document["slots"].append(dict(document["slots"][0], id="00" * 8))

    _rewrite(data_dir / "keyslots.json", copy_slot)
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        assert again.user.name == "Amina"


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


@pytest.mark.parametrize(
    ("memory_kib", "iterations"),
    [(1, 1), (4 * 1024 * 1024, 64), (131072, 64), (8192, 2), (131072, 4.0)],
)
def test_slot_file_asking_for_other_costs_is_refused_before_deriving(
    data_dir: Path, session: Session, memory_kib: int, iterations: int
) -> None:
    """Only the app's own Argon2 settings are accepted: 4 GiB and 64 passes would run for
    minutes, and lower costs are a file someone altered."""
    session.close()
    path = data_dir / "keyslots.json"
    assert keyslots.load(path).params == TEST_PARAMS

    def costs(document: dict) -> None:  # type: ignore[type-arg]
        document["kdf"]["memory_kib"] = memory_kib
        document["kdf"]["iterations"] = iterations

    _rewrite(path, costs)
    with pytest.raises(SlotFileDamaged, match="damaged or has been altered"):
        keyslots.load(path)


def test_a_folder_or_a_huge_file_in_place_of_the_slot_file_gets_a_clear_message(
    data_dir: Path, session: Session
) -> None:
    session.close()
    path = data_dir / "keyslots.json"
    path.unlink()
    path.mkdir()
    with pytest.raises(SlotFileDamaged, match="not an ordinary file"):
        unlock(data_dir, "Amina", PASSPHRASE)
    path.rmdir()
    os.mkfifo(path)
    with pytest.raises(SlotFileDamaged, match="not an ordinary file"):
        unlock(data_dir, "Amina", PASSPHRASE)  # does not wait for a writer
    path.unlink()
    with open(path, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    with pytest.raises(SlotFileDamaged, match="far larger"):
        unlock(data_dir, "Amina", PASSPHRASE)
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SlotFileDamaged, match="damaged or has been altered"):
        unlock(data_dir, "Amina", PASSPHRASE)
