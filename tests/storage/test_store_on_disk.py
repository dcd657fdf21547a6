"""What the store leaves on disk: no readable personal data, private modes, hardened settings."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from intake_app.app.session import Session
from tests.conftest import full_report

SECRETS = [
    "Zenobia Quarterfield",
    "Zenobia",
    "Quarterfield",
    "Larkspur Terrace",
    "zenobia.q@example.org",
    "0116 496 0777",
    "Wexcombe",
    "hijab",
    "Thaddeus Ormsgill",
    "Orange hivis jacket",
    "Bruised wrist",
    "Riverside Advice Centre",
]


def _every_byte(folder: Path) -> bytes:
    blob = b""
    for path in folder.rglob("*"):
        if path.is_file():
            blob += path.read_bytes()
    return blob


def _variants(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode("utf-8")]


def test_saved_report_text_appears_nowhere_on_disk(data_dir: Path, session: Session) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(
        record.id, b"\x89PNG\r\n\x1a\n" + b"Zenobia screenshot" * 10, "Zenobia's photo"
    )
    session.reports.get(record.reference)
    session.reports.update_draft(record.id, full_report(access_needs="Larkspur wheelchair access"))
    # Look while the store is open (WAL and shared memory present) and again after closing.
    open_bytes = _every_byte(data_dir)
    session.close()
    closed_bytes = _every_byte(data_dir)
    for blob in (open_bytes, closed_bytes):
        for secret in [*SECRETS, "Zenobia screenshot", "Larkspur wheelchair", "Amina"]:
            for variant in _variants(secret):
                assert variant not in blob, secret


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_folder_is_0700_and_files_0600(data_dir: Path, session: Session) -> None:
    session.reports.create_draft(full_report())
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.iterdir():
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_database_settings_are_hardened(session: Session) -> None:
    db = session.db
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA synchronous") == 2  # FULL
    assert db.scalar("PRAGMA temp_store") == 2  # MEMORY
    assert db.scalar("PRAGMA secure_delete") == 1
    assert db.scalar("PRAGMA cipher_memory_security") == "1"
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.integrity_problems() == []


def test_database_file_is_not_sqlite_readable(data_dir: Path, session: Session) -> None:
    session.close()
    header = (data_dir / "centre.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
