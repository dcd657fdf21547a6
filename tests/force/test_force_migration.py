"""An unencrypted force.db from an earlier version is encrypted once, when next opened: nothing
is lost, the plain file is overwritten and removed, the person is told, and a crash at any step
is finished by the next open."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pyrage
import pytest

from intake_app.force import plain_migration
from intake_app.force.store import ForceStore
from intake_app.support.errors import IntakeError
from tests.force_store_helpers import (
    NEEDLES,
    TABLES,
    batch,
    files_holding,
    held_rows,
    plain_rows,
    write_plain_store,
)


@pytest.fixture
def identity() -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.generate()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A force folder as an earlier version left it: force.db in clear, two batches in it."""
    home = tmp_path / "force"
    home.mkdir()
    write_plain_store(home, [batch(1), batch(2, report_id="cd" * 16, reference="RIVA-2026-7-X")])
    assert files_holding(home) == ["force.db"]
    return home


def _rows(store: ForceStore) -> dict[str, list[tuple[object, ...]]]:
    return held_rows(store)


def test_a_plain_store_is_encrypted_with_nothing_lost(home: Path, tmp_path: Path, identity) -> None:  # type: ignore[no-untyped-def]
    before = plain_rows(home / "force.db")
    assert all(before[t] for t in TABLES)
    witness = tmp_path / "witness"  # a second name for the plain file's bytes
    os.link(home / "force.db", witness)

    store = ForceStore(home, identity)
    assert store.notes == [plain_migration.MIGRATED]
    assert _rows(store) == before
    assert store.import_batch(batch(2, report_id="cd" * 16)).already_imported
    assert [r["outcome"] for r in store.receipt(batch(1), "test")["reports"]] == ["accepted"]
    store.close()

    assert files_holding(home) == []
    assert sorted(p.name for p in home.iterdir() if p.name != "store.lock") == [
        "force-db.key",
        "force.db",
    ]
    raw = witness.read_bytes()
    assert len(raw) > 0 and raw == bytes(len(raw))  # overwritten with zeros before removal
    store = ForceStore(home, identity)
    assert store.notes == []  # once only
    assert _rows(store) == before
    store.close()


def test_the_cli_says_the_store_was_encrypted(home: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from intake_app.cli.force_main import _store

    store = _store(argparse.Namespace(database=None), home, pyrage.x25519.Identity.generate())
    store.close()
    err = capsys.readouterr().err
    assert "was not encrypted" in err and "It is now encrypted" in err
    assert not any(n.decode() in err for n in NEEDLES)


def test_a_copy_that_does_not_match_keeps_the_original(home: Path, identity, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    original = (home / "force.db").read_bytes()
    monkeypatch.setattr(plain_migration, "_tables_match", lambda conn: False)
    with pytest.raises(IntakeError, match="did not match the original"):
        ForceStore(home, identity)
    assert (home / "force.db").read_bytes() == original
    assert sorted(p.name for p in home.iterdir() if p.name != "store.lock") == [
        "force-db.key",
        "force.db",
    ]
    monkeypatch.undo()
    store = ForceStore(home, identity)  # the same key is used on the next try
    assert store.notes == [plain_migration.MIGRATED]
    store.close()


def test_a_crash_between_the_renames_is_finished_by_the_next_open(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    before = plain_rows(home / "force.db")
    (home / "force.db").rename(home / "force.db.plain")
    (home / "force.db.encrypting").write_bytes(b"half-written copy")
    store = ForceStore(home, identity)
    assert store.notes == [plain_migration.MIGRATED]
    assert _rows(store) == before
    store.close()
    assert sorted(p.name for p in home.iterdir() if p.name != "store.lock") == [
        "force-db.key",
        "force.db",
    ]


def test_a_plain_copy_left_after_the_switch_is_removed(
    home: Path, tmp_path: Path, identity
) -> None:  # type: ignore[no-untyped-def]
    leftover = tmp_path / "leftover"
    shutil.copy(home / "force.db", leftover)
    ForceStore(home, identity).close()
    os.link(leftover, home / "force.db.plain")  # as if the last step had not run
    store = ForceStore(home, identity)
    assert store.notes == []
    store.close()
    assert not (home / "force.db.plain").exists()
    assert files_holding(home) == []
    assert leftover.read_bytes() == bytes(leftover.stat().st_size)


def test_two_plain_databases_are_left_alone(home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    os.link(home / "force.db", home / "force.db.plain")
    with pytest.raises(IntakeError, match="two unencrypted databases"):
        ForceStore(home, identity)
    assert plain_migration.is_plain(home / "force.db")
    assert plain_migration.is_plain(home / "force.db.plain")
