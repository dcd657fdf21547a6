"""A new identity for the force: every report still opens, a batch a centre encrypted to the
earlier key still opens, the database's keys come to be sealed under the new identity alone,
and a change stopped half-way is either finished by the next command or never happened."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import minisign
import pytest

from intake_app.force import identity as ident
from intake_app.force import key_rotation, rotation_files
from intake_app.force.opening import BatchRefused, open_batch
from intake_app.force.store import ForceStore
from intake_app.support.errors import IntakeError, WrongCredentials
from tests.batch_craft import craft_batch, encoded, report_document

PASS = "quarry heron lantern blue"
FIRST = ("ab" * 16, "RIVA-2026-00042-Q")
SECOND = ("cd" * 16, "RIVA-2026-00043-R")
THIRD = ("ef" * 16, "RIVA-2026-00044-P")


def _force(home: Path) -> minisign.KeyPair:
    """The force's keys made in ``home``, and a registered centre's signing keys."""
    ident.keygen(home, "Riverside Police", "riverside", PASS)
    centre = minisign.KeyPair.generate()
    public = home.parent / "riva.pub"
    public.write_text(f"untrusted comment: RIVA\n{centre.public_key.to_base64().decode()}\n")
    ident.add_centre(home, public, "RIVA")
    return centre


def _batch(home: Path, centre: minisign.KeyPair, recipient: object, sequence: int,
           report: tuple[str, str]) -> Path:  # fmt: skip
    members = [
        (f"reports/{report[0]}.json", encoded(report_document(*report, format="intake-report/2")))
    ]
    path = home.parent / f"batch-{sequence}.intake"
    path.write_bytes(craft_batch(members, key=centre, recipient=recipient, sequence=sequence))
    return path


def test_new_keys_keep_every_report_and_a_batch_to_the_earlier_key_still_opens(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    centre = _force(home)
    first, _secret = ident.secrets_for(home, PASS)
    in_flight = _batch(home, centre, first.to_public(), 2, SECOND)
    store = ForceStore(home, first, address)
    try:
        store.import_batch(
            open_batch(home, _batch(home, centre, first.to_public(), 1, FIRST), first)
        )
    finally:
        store.close()

    made, second = key_rotation.rotate(home, PASS)
    assert made.age_recipient == str(second.to_public()) != str(first.to_public())
    assert ident.load(home) == made
    opened, secret = ident.secrets_for(home, PASS)
    assert str(opened) == str(second)
    assert (
        minisign.PublicKey.from_secret_key(secret).to_base64().decode() == made.minisign_public_key
    )
    earlier = rotation_files.earlier_identities(home, second)
    assert [str(e) for e in earlier] == [str(first)]

    store = ForceStore(home, second, address)
    try:
        assert store.keys.under_earlier
        assert store.rewrap() == 1
        with pytest.raises(BatchRefused, match="cannot be decrypted"):
            open_batch(home, in_flight, second)  # without the earlier key
        store.import_batch(open_batch(home, in_flight, second, earlier))
        store.import_batch(
            open_batch(home, _batch(home, centre, second.to_public(), 3, THIRD), second)
        )
    finally:
        store.close()

    shutil.rmtree(home / rotation_files.RETIRED)  # once nothing encrypted to it is to come
    store = ForceStore(home, second, address)
    try:
        assert not store.keys.under_earlier
        for report_id, _reference in (FIRST, SECOND, THIRD):
            assert store.report(report_id) is not None
    finally:
        store.close()
    with pytest.raises(IntakeError):
        ForceStore(home, first, address).close()  # the earlier key alone opens nothing now


def test_a_second_change_keeps_every_earlier_identity_sealed_to_the_newest(tmp_path: Path) -> None:
    home = tmp_path / "force"
    _force(home)
    first, _ = ident.secrets_for(home, PASS)
    _made, second = key_rotation.rotate(home, PASS)
    _made, third = key_rotation.rotate(home, PASS)
    earlier = rotation_files.earlier_identities(home, third)
    assert [str(e) for e in earlier] == [str(second), str(first)]
    assert sorted(p.name for p in (home / "retired").iterdir()) == [
        "identity-1.age",
        "identity-2.age",
    ]
    ForceStore(home, third, None).close()  # force.db's key follows the identity


def test_the_wrong_passphrase_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "force"
    _force(home)
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    with pytest.raises(WrongCredentials):
        key_rotation.rotate(home, "not the passphrase at all")
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before
    assert not (home / rotation_files.STAGING).exists()


def test_a_change_stopped_before_it_was_ready_never_happened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "force"
    _force(home)
    first, _ = ident.secrets_for(home, PASS)
    real = key_rotation.atomic_write

    def full_disk(path: Path, data: bytes) -> None:
        if path.name == rotation_files.READY:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(key_rotation, "atomic_write", full_disk)
    with pytest.raises(IntakeError, match=r"could not be written.*Nothing has been changed"):
        key_rotation.rotate(home, PASS)
    assert not (home / rotation_files.STAGING).exists()
    assert str(ident.secrets_for(home, PASS)[0]) == str(first)
    # And one left by a crash at that point (no ready): dropped by the next command.
    (home / rotation_files.STAGING).mkdir()
    (home / rotation_files.STAGING / "identity.age").write_bytes(b"half-written")
    assert str(ident.secrets_for(home, PASS)[0]) == str(first)
    assert not (home / rotation_files.STAGING).exists()


def test_a_change_stopped_half_way_through_is_finished_by_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "force"
    centre = _force(home)
    first, _ = ident.secrets_for(home, PASS)
    ForceStore(home, first, None).close()  # force.db and its key made
    moved: list[str] = []
    real = os.replace

    def power_cut(source: object, target: object) -> None:
        if Path(str(target)).parent.name != rotation_files.STAGING:  # putting files in place
            if len(moved) == 2:
                raise OSError(5, "Input/output error")
            moved.append(str(target))
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(rotation_files.os, "replace", power_cut)
    with pytest.raises(IntakeError, match="could not be finished"):
        key_rotation.rotate(home, PASS)
    monkeypatch.setattr(rotation_files.os, "replace", real)
    assert (home / rotation_files.STAGING / rotation_files.READY).exists()
    me = ident.load(home)  # any command: finishes it
    assert not (home / rotation_files.STAGING).exists()
    second, _ = ident.secrets_for(home, PASS)
    assert str(second.to_public()) == me.age_recipient != str(first.to_public())
    earlier = rotation_files.earlier_identities(home, second)
    store = ForceStore(home, second, None)
    try:
        store.import_batch(
            open_batch(home, _batch(home, centre, first.to_public(), 1, FIRST), second, earlier)
        )
        assert store.report(FIRST[0]) is not None
    finally:
        store.close()


def test_a_damaged_earlier_key_is_named(tmp_path: Path) -> None:
    home = tmp_path / "force"
    _force(home)
    _made, second = key_rotation.rotate(home, PASS)
    (home / "retired" / "identity-1.age").write_bytes(b"age-encryption.org/v1\n-> damaged\n")
    with pytest.raises(
        IntakeError, match=r"earlier key identity-1\.age \(in retired/\) does not open"
    ):
        rotation_files.earlier_identities(home, second)


def test_force_db_gets_a_new_key_so_a_copy_of_the_old_folder_opens_nothing(tmp_path: Path) -> None:
    from intake_app.force import db_key
    from intake_app.storage.database import Database
    from intake_app.support.errors import DatabaseDamaged

    home = tmp_path / "force"
    centre = _force(home)
    first, _ = ident.secrets_for(home, PASS)
    store = ForceStore(home, first, None)
    try:
        store.import_batch(
            open_batch(home, _batch(home, centre, first.to_public(), 1, FIRST), first)
        )
    finally:
        store.close()
    old_key = db_key.unseal(home, first)  # what a copy of the folder before the change holds
    _made, second = key_rotation.rotate(home, PASS)
    assert (home / db_key.PREVIOUS).exists()  # until the database is re-keyed
    store = ForceStore(home, second, None)  # re-keys it
    try:
        assert store.report(FIRST[0]) is not None
    finally:
        store.close()
    assert not (home / db_key.PREVIOUS).exists()
    assert db_key.unseal(home, second).key != old_key.key
    with pytest.raises(DatabaseDamaged):
        Database(home / "force.db", old_key.raw, expected_salt=old_key.salt, data_dir=home)


def test_a_crash_between_the_new_files_and_the_re_key_is_put_right_at_the_next_open(
    tmp_path: Path,
) -> None:
    from intake_app.force import db_key

    home = tmp_path / "force"
    centre = _force(home)
    first, _ = ident.secrets_for(home, PASS)
    store = ForceStore(home, first, None)
    store.import_batch(open_batch(home, _batch(home, centre, first.to_public(), 1, FIRST), first))
    store.close()
    _made, second = key_rotation.rotate(home, PASS)  # files in place, force.db not re-keyed yet
    kept = (home / db_key.PREVIOUS).read_bytes()
    store = ForceStore(home, second, None)
    store.close()
    (home / db_key.PREVIOUS).write_bytes(kept)  # as if the re-key finished but not the clean-up
    store = ForceStore(home, second, None)
    try:
        assert store.report(FIRST[0]) is not None
    finally:
        store.close()
    assert not (home / db_key.PREVIOUS).exists()
