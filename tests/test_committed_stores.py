"""Stores made by earlier releases still open; committed tampered files are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.errors import SlotFileDamaged
from intake_app.session import unlock, unlock_with_recovery
from intake_app.storage import keyslots
from intake_app.storage.slot_file_format import to_bytes

FIXTURES = Path(__file__).parent / "fixtures"
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
