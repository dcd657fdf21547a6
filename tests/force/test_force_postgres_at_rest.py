"""What a PostgreSQL administrator, a ``pg_dump`` or a backup holds of the force's reports: the
fields that find and count them, and ciphertext. The same dump of a version 1 database (the
text in clear) finds every needle, so the search is one that would find them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyrage

from intake_app.force import schema
from intake_app.force.postgres import PostgresDatabase
from intake_app.force.store import ForceStore
from tests.force_store_helpers import ATTACHMENT, PHRASE, batch
from tests.postgres_server import server_programs

IDENTITY = pyrage.x25519.Identity.generate()
SECRETS = (PHRASE.encode(), b"ATTACHMENT-MARKER-7731", b"Hollowfield")
IN_CLEAR = (b"RIVA", b"race", b"police_with_contact", b"2026-11-19")


def _dump(address: str) -> bytes:
    done = subprocess.run(
        [str(server_programs() / "pg_dump"), "--no-owner", address],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


def _found(dump: bytes, needles: tuple[bytes, ...]) -> list[bytes]:
    """Needles in the dump as they are, or as pg_dump writes bytes (hex, bytea's output)."""
    return [n for n in needles if n in dump or n.hex().encode() in dump.lower()]


def test_a_dump_holds_no_report_text_or_attachment(postgres_database: str, tmp_path: Path) -> None:
    store = ForceStore(tmp_path, IDENTITY, postgres_database)
    try:
        store.import_batch(batch(1))
        store.import_batch(batch(2, report_id="cd" * 16, reference="RIVA-2026-00043-R"))
        assert store.attachment("ab" * 16, "attachments/" + "ba" * 16 + ".png") == ATTACHMENT
    finally:
        store.close()
    dump = _dump(postgres_database)
    assert _found(dump, SECRETS) == []
    assert _found(dump, IN_CLEAR) == list(IN_CLEAR)  # what finds and counts reports is there


def test_a_version_1_database_is_sealed_by_the_upgrade(
    postgres_database: str, tmp_path: Path
) -> None:
    db = PostgresDatabase(postgres_database)
    schema.upgrade(db, IDENTITY, upto=1)
    opened = batch(1)
    document = opened.reports[0]
    member = document["attachments"][0]["member"]
    with db.transaction():
        db.execute(
            "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
            (document["id"], "RIVA", document["reference"], "1" * 32, "2026-11-21T11:00:00Z", 1,
             '{"report": {"description": "' + PHRASE + '"}}'),
        )  # fmt: skip
        db.execute(
            "INSERT INTO attachments VALUES (?, ?, ?, ?)",
            (document["id"], member, "image/png", ATTACHMENT),
        )
    db.close()
    assert _found(_dump(postgres_database), SECRETS[:2]) == list(SECRETS[:2])

    ForceStore(tmp_path, IDENTITY, postgres_database).close()
    assert _found(_dump(postgres_database), SECRETS) == []
