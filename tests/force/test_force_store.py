"""The force's database at rest: encrypted with SQLCipher under a key sealed by the force's
identity, with the same settings as a centre's store, and a plain message for each way it can
fail to open."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pyrage
import pytest
import sqlcipher3

from intake_app.force import db_key
from intake_app.force.store import ForceStore
from intake_app.support.errors import DatabaseDamaged, ForeignDatabase, IntakeError
from tests.force_store_helpers import ATTACHMENT, PHRASE, batch, files_holding


@pytest.fixture
def identity() -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.generate()


@pytest.fixture
def home(tmp_path: Path, identity: pyrage.x25519.Identity) -> Path:
    """A force folder whose database holds two imported batches."""
    home = tmp_path / "force"
    home.mkdir()
    store = ForceStore(home, identity)
    assert store.notes == []
    store.import_batch(batch(1))
    store.import_batch(batch(2, report_id="cd" * 16, reference="RIVA-2026-00043-R"))
    store.close()
    return home


def test_the_files_on_disk_hold_no_report_text(tmp_path: Path, identity) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "force"
    home.mkdir()
    store = ForceStore(home, identity)
    store.import_batch(batch(1))
    assert (home / "force.db-wal").exists()  # still open: the new pages are in the WAL
    assert files_holding(home) == []
    store.close()
    assert files_holding(home) == []
    assert not (home / "force.db").read_bytes().startswith(b"SQLite format 3\x00")
    store = ForceStore(home, identity)
    document = store.report("ab" * 16)
    content = store.attachment("ab" * 16, "attachments/" + "ba" * 16 + ".png")
    store.close()
    assert document is not None and document["report"]["description"] == PHRASE
    assert content == ATTACHMENT


def test_plain_sqlite_cannot_open_it(home: Path) -> None:
    conn = sqlite3.connect(home / "force.db")
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _count_with_key(path: Path, raw_key: bytes) -> int:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.set_key(b"x'" + raw_key.hex().encode("ascii") + b"'")
        return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
    finally:
        conn.close()


def test_only_the_sealed_key_opens_it(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    key = db_key.unseal(home, identity)
    assert _count_with_key(home / "force.db", key.key) == 2
    with pytest.raises(sqlcipher3.DatabaseError):
        _count_with_key(home / "force.db", os.urandom(32))
    with pytest.raises(IntakeError, match=r"key file \(force-db.key\) is damaged, or belongs"):
        ForceStore(home, pyrage.x25519.Identity.generate())


def test_the_store_has_the_centre_stores_settings(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    store = ForceStore(home, identity)
    try:
        settings = {
            name: store.db.scalar(f"PRAGMA {name}")
            for name in ("journal_mode", "synchronous", "temp_store", "secure_delete",
                         "cipher_memory_security")
        }  # fmt: skip
    finally:
        store.close()
    assert settings == {"journal_mode": "wal", "synchronous": 2, "temp_store": 2,
                        "secure_delete": 1, "cipher_memory_security": "1"}  # fmt: skip


def test_another_forces_database_is_refused_as_foreign(
    home: Path, tmp_path: Path, identity
) -> None:  # type: ignore[no-untyped-def]
    other_home = tmp_path / "other"
    other_home.mkdir()
    ForceStore(other_home, pyrage.x25519.Identity.generate()).close()
    shutil.copy(other_home / "force.db", home / "force.db")
    with pytest.raises(ForeignDatabase, match="was not made with this force's keys"):
        ForceStore(home, identity)


def test_a_file_that_is_no_database_is_refused_as_foreign(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    (home / "force.db").write_bytes(os.urandom(8192))
    with pytest.raises(ForeignDatabase, match="not a database at all"):
        ForceStore(home, identity)


def test_a_damaged_database_is_refused_as_damaged(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    path = home / "force.db"
    before = path.read_bytes()
    damaged = bytearray(before)
    damaged[200] ^= 0x01  # inside the first page, after the salt
    path.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseDamaged, match=r"force.db\) is damaged"):
        ForceStore(home, identity)
    assert path.read_bytes() == bytes(damaged)  # nothing was changed


def test_a_damaged_key_file_is_refused(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    key_file = home / "force-db.key"
    key_file.write_text(key_file.read_text().replace('"sealed": "', '"sealed": "00'))
    with pytest.raises(IntakeError, match=r"key file \(force-db.key\) is damaged"):
        ForceStore(home, identity)
    key_file.write_text("{not json")
    with pytest.raises(IntakeError, match=r"key file \(force-db.key\) is damaged"):
        ForceStore(home, identity)


def test_a_missing_key_file_is_named_and_no_new_key_is_made(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    (home / "force-db.key").unlink()
    with pytest.raises(IntakeError, match=r"its key file \(force-db.key\) is missing"):
        ForceStore(home, identity)
    assert not (home / "force-db.key").exists()


def test_a_wrong_passphrase_is_refused_before_the_database_is_touched(tmp_path: Path) -> None:
    from intake_app.cli.force_main import main as force_main

    home = tmp_path / "force"
    right, wrong = tmp_path / "right.pass", tmp_path / "wrong.pass"
    right.write_text("blue heron quarry lantern\n")
    wrong.write_text("blue heron quarry lanterns\n")
    base = ["--home", str(home), "--passphrase-file"]
    assert force_main([*base, str(right), "keygen", "--name", "Test Police", "--code", "test"]) == 0
    assert (home / "force-db.key").exists() and not (home / "force.db").exists()
    assert force_main([*base, str(wrong), "import", str(tmp_path / "any.intake")]) == 1
    assert not (home / "force.db").exists()


def test_keygen_refuses_a_folder_that_already_has_a_database(home: Path) -> None:
    from intake_app.force.identity import keygen

    with pytest.raises(IntakeError, match="already holds a force's database"):
        keygen(home, "Test Police", "test", "blue heron quarry lantern")
