"""Damaged, foreign and full: each gives its own clear message and overwrites nothing."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from intake_app.app.session import Session, create_store, unlock
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.storage.throttle import LOCK_NAME
from intake_app.support.errors import DatabaseDamaged, DiskFull, ForeignDatabase
from tests.conftest import PASSPHRASE, full_report

PAGE = 4096


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_another_centre_is_refused(
    tmp_path: Path, data_dir: Path, session: Session
) -> None:
    session.close()
    other, _ = create_store(
        tmp_path / "other",
        centre_name="Hillside Gurdwara",
        centre_code="HILL",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
    )
    other.close()
    shutil.copy(tmp_path / "other" / "centre.db", data_dir / "centre.db")
    before = {p.name: _sha(p) for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(ForeignDatabase, match="another centre"):
        unlock(data_dir, "Amina", PASSPHRASE)
    after = {p.name: _sha(p) for p in data_dir.iterdir() if p.is_file()}
    assert after.pop(LOCK_NAME, "") == hashlib.sha256(b"").hexdigest()  # the empty unlock lock
    assert after == before


def _store_with_reports(data_dir: Path, session: Session, count: int = 40) -> list[str]:
    refs = [session.reports.create_draft(full_report()).reference for _ in range(count)]
    session.db.checkpoint()
    session.close()
    return refs


def test_corrupted_page_gives_a_clear_message_and_stays_as_it_was(
    data_dir: Path, session: Session
) -> None:
    _store_with_reports(data_dir, session)
    db_path = data_dir / "centre.db"
    pages = db_path.stat().st_size // PAGE
    assert pages > 8
    # In the later part of the file, among the reports just written: the first pages hold the
    # schema and small tables, whose number changes with every migration.
    victim = pages * 3 // 4
    with open(db_path, "r+b") as handle:
        handle.seek(victim * PAGE + 200)
        handle.write(b"\x00\xff" * 16)
    damaged = db_path.read_bytes()[victim * PAGE : (victim + 1) * PAGE]

    with pytest.raises(DatabaseDamaged) as caught:
        opened = unlock(data_dir, "Amina", PASSPHRASE)
        try:
            assert opened.db.integrity_problems() == []  # reads every page
            opened.reports.list()
        finally:
            opened.close()
    assert "damaged" in str(caught.value)
    assert "intake restore" in str(caught.value)
    assert db_path.read_bytes()[victim * PAGE : (victim + 1) * PAGE] == damaged


def test_integrity_check_finds_a_flipped_bit(data_dir: Path, session: Session) -> None:
    _store_with_reports(data_dir, session, 20)
    db_path = data_dir / "centre.db"
    with open(db_path, "r+b") as handle:
        handle.seek(3 * PAGE + 1000)
        byte = handle.read(1)
        handle.seek(3 * PAGE + 1000)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(DatabaseDamaged):
        opened = unlock(data_dir, "Amina", PASSPHRASE)
        try:
            if opened.db.integrity_problems():
                raise DatabaseDamaged("the integrity check found the flipped bit")
        finally:
            opened.close()


def test_damaged_first_page_is_called_damaged_not_foreign(data_dir: Path, session: Session) -> None:
    _store_with_reports(data_dir, session, 5)
    db_path = data_dir / "centre.db"
    with open(db_path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00" * 64)
    with pytest.raises(DatabaseDamaged):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_full_disk_while_saving_slots_keeps_the_old_file(
    data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (data_dir / "keyslots.json").read_bytes()

    def no_space(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(DiskFull, match="disk is full"):
        session.users.add("Thaddeus", "volunteer", "copper lantern meadow nine")
    monkeypatch.undo()
    assert (data_dir / "keyslots.json").read_bytes() == before
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    session.close()
    unlock(data_dir, "Amina", PASSPHRASE).close()
