"""Stores made by earlier releases still open; committed tampered files are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import unlock, unlock_with_recovery
from intake_app.storage import keyslots
from intake_app.storage.slot_file_format import to_bytes
from intake_app.support.errors import DatabaseDamaged, InvalidRecoveryKey, SlotFileDamaged

FIXTURES = Path(__file__).parents[1] / "fixtures"
INFO = json.loads((FIXTURES / "store-format-1.json").read_text())


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    target = tmp_path / "old"
    shutil.copytree(FIXTURES / "store-format-1", target)
    return target


def test_a_format_1_store_opens_with_its_passphrase(old_store: Path) -> None:
    with unlock(old_store, INFO["user"], INFO["passphrase"]) as session:
        record = session.reports.get(INFO["reference"])
        assert record.report.person.name == "Zenobia Quarterfield"
        assert session.audit.verify().ok
        assert session.db.integrity_problems() == []


def test_a_format_1_store_opens_with_its_recovery_key(old_store: Path) -> None:
    with unlock_with_recovery(old_store, INFO["recovery_key"]) as session:
        assert [u.name for u in session.users.list()] == [INFO["user"]]


def test_committed_bit_flipped_slot_file_is_refused(old_store: Path) -> None:
    shutil.copy(FIXTURES / "keyslots-bit-flipped.json", old_store / "keyslots.json")
    with pytest.raises(SlotFileDamaged):
        unlock(old_store, INFO["user"], INFO["passphrase"])


GOOD = (FIXTURES / "store-format-1" / "keyslots.json").read_bytes()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, len(GOOD) - 1), value=st.integers(0, 255))
def test_any_changed_byte_in_a_slot_file_is_refused_as_damaged(position: int, value: int) -> None:
    changed = bytearray(GOOD)
    if changed[position] == value or chr(changed[position]).isspace():
        return  # no change, or only layout (the checksum covers content, not white space)
    changed[position] = value
    try:
        parsed = keyslots.parse(bytes(changed))
    except SlotFileDamaged:
        return
    # JSON that means the same thing (e.g. an escaped character) may parse: then it is identical.
    assert to_bytes(parsed) == to_bytes(keyslots.parse(GOOD))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_as_damaged(raw: bytes) -> None:
    with pytest.raises(SlotFileDamaged):
        keyslots.parse(raw)


def test_a_format_1_store_is_upgraded_at_the_first_sign_in(old_store: Path) -> None:
    with unlock(old_store, INFO["user"], INFO["passphrase"]) as session:
        assert session.keys.bundle is not None
    upgraded = keyslots.load(old_store / "keyslots.json")
    assert upgraded.version == 2
    assert {s.kind for s in upgraded.slots} <= {"user", "legacy-recovery"}
    with unlock(old_store, INFO["user"], INFO["passphrase"]) as session:
        assert session.reports.get(INFO["reference"]).report.person.name == "Zenobia Quarterfield"
    with unlock_with_recovery(old_store, INFO["recovery_key"]) as session:
        assert session.keys.bundle is not None  # the recovery key got a bundle of its own
    assert {s.kind for s in keyslots.load(old_store / "keyslots.json").slots} <= {
        "user",
        "recovery",
    }


def test_the_first_re_key_of_an_upgraded_store_replaces_its_old_recovery_key(
    old_store: Path,
) -> None:
    """A format 1 recovery slot holds the old key itself, so it cannot follow a re-key: a new
    recovery key is made, shown once, and the old one stops working."""
    with unlock(old_store, INFO["user"], INFO["passphrase"]) as session:
        session.users.add("Thaddeus", "volunteer", "copper lantern meadow nine")
        session.users.deactivate("Thaddeus")
        new_key = session.users.new_recovery_key
    assert new_key is not None
    with pytest.raises(InvalidRecoveryKey):
        unlock_with_recovery(old_store, INFO["recovery_key"])
    with unlock_with_recovery(old_store, new_key) as session:
        assert [u.name for u in session.users.list() if u.active] == [INFO["user"]]


VOLUNTEER_INFO = json.loads((FIXTURES / "store-format-1-volunteer.json").read_text())


@pytest.fixture
def old_store_with_volunteer(tmp_path: Path) -> Path:
    target = tmp_path / "old-volunteer"
    shutil.copytree(FIXTURES / "store-format-1-volunteer", target)
    return target


def test_a_format_1_volunteer_moves_to_a_workspace_and_the_centre_key_changes(
    old_store_with_volunteer: Path,
) -> None:
    """In format 1 the volunteer's slot held the centre's key. At their first sign-in they get
    a workspace, their draft moves into it, and the next coordinator's sign-in re-keys the
    centre, so their old slot file opens nothing current."""
    store, info = old_store_with_volunteer, VOLUNTEER_INFO
    old_slots = (store / "keyslots.json").read_bytes()
    with unlock(store, info["volunteer"], info["volunteer_passphrase"]) as volunteer:
        assert volunteer.in_workspace
        draft = volunteer.reports.get(info["draft_reference"])
        assert draft.report.description == "A volunteer's draft from format 1"
    with unlock(store, info["coordinator"], info["coordinator_passphrase"]) as coordinator:
        assert coordinator.reports.count() == 0  # the draft is the volunteer's, in their workspace
        new_recovery = coordinator.users.new_recovery_key
    assert new_recovery is not None  # the format 1 recovery slot held the old key
    (store / "keyslots.json").write_bytes(old_slots)
    with pytest.raises(DatabaseDamaged):
        unlock(store, info["volunteer"], info["volunteer_passphrase"])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
GOOD_2 = (FIXTURES / "keyslots-format-2.json").read_bytes()  # a coordinator and a volunteer
_DOCUMENTS = {1: json.loads(GOOD), 2: json.loads(GOOD_2)}
_PATHS = sorted({(v, k) for v, d in _DOCUMENTS.items() for k in d})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(_PATHS), value=_JSON, version=st.sampled_from([1, 2, 3, 0]))
def test_a_slot_file_with_any_field_replaced_and_its_checksum_mended_is_refused_plainly(
    where: tuple[int, str], value: object, version: int
) -> None:
    """An attacker can mend the (unkeyed) checksum after any change: whatever a field becomes,
    the parser answers only with its own plain refusal."""
    import hashlib

    made_by, key = where
    document = dict(_DOCUMENTS[made_by], version=version)
    document.pop("checksum")
    document[key] = value
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    try:
        keyslots.parse(json.dumps(document).encode())
    except SlotFileDamaged:
        return


def test_the_committed_format_2_slot_file_parses() -> None:
    parsed = keyslots.parse(GOOD_2)
    assert parsed.version == 2 and {e.store_id != "centre" for e in parsed.stores} == {
        True,
        False,
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, len(GOOD_2) - 1), value=st.integers(0, 255))
def test_any_changed_byte_in_a_format_2_slot_file_is_refused(position: int, value: int) -> None:
    changed = bytearray(GOOD_2)
    if changed[position] == value or chr(changed[position]).isspace():
        return
    changed[position] = value
    try:
        parsed = keyslots.parse(bytes(changed))
    except SlotFileDamaged:
        return
    assert to_bytes(parsed) == to_bytes(keyslots.parse(GOOD_2))
