"""The force's database on both back ends, SQLCipher and PostgreSQL, upgraded from every earlier
version to the latest with nothing lost: the tables of a version 1 database (and of a force.db
made before the versions were numbered) come through with every report and attachment sealed,
and only the fields that find and count them in clear. A database written by a later version,
another force's content keys, and a sealed value moved to another row are refused."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pyrage
import pytest

from intake_app.force import content_keys, db_key, schema
from intake_app.force.backend import ForceDatabase, SqliteForceDatabase
from intake_app.force.case_updates import written_before
from intake_app.force.opening import OpenedBatch
from intake_app.force.postgres import PostgresDatabase
from intake_app.force.store import ForceStore
from intake_app.storage.database import Database
from intake_app.support.errors import IntakeError
from tests.force_store_helpers import ATTACHMENT, PHRASE, batch, held_rows

IDENTITY = pyrage.x25519.Identity.generate()
UPDATE_FILE = b"signed update file: crime reference LP/4242/26"


def _raw(home: Path, address: str | None) -> ForceDatabase:
    """The database as an earlier version of intake-force opened it."""
    if address:
        return PostgresDatabase(address)
    key = db_key.load_or_create(home, IDENTITY, database_is_encrypted=False)
    path = home / "force.db"
    return SqliteForceDatabase(
        Database(path, key.raw, create=not path.exists(), expected_salt=key.salt)
    )


def _fill_version_1(db: ForceDatabase, batches: list[OpenedBatch]) -> None:
    with db.transaction():
        for opened in batches:
            m = opened.manifest
            for document in opened.reports:
                db.execute(
                    "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (document["id"], "RIVA", document["reference"], m["batch_id"],
                     "2026-11-21T11:00:00Z", 1, json.dumps(document)),
                )  # fmt: skip
                for attachment in document["attachments"]:
                    db.execute(
                        "INSERT INTO attachments VALUES (?, ?, ?, ?)",
                        (document["id"], attachment["member"], attachment["media_type"],
                         opened.attachments[attachment["member"]]),
                    )  # fmt: skip
                db.execute(
                    "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)",
                    (m["batch_id"], document["id"], document["reference"], "accepted", None),
                )
            db.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                (m["batch_id"], "RIVA", m["sequence"], opened.file_sha256,
                 m["previous_batch_sha256"], "2026-11-21T11:00:00Z", 1),
            )  # fmt: skip
        db.execute(
            "INSERT INTO update_files VALUES (?, ?, ?, ?, ?)",
            ("RIVA", 1, "2026-11-22T09:00:00Z", 1, UPDATE_FILE),
        )


def _expected(batches: list[OpenedBatch]) -> dict[str, list[tuple[Any, ...]]]:
    reports, attachments, outcomes, rows = [], [], [], []
    for opened in batches:
        m = opened.manifest
        rows.append((m["batch_id"], "RIVA", m["sequence"], opened.file_sha256,
                     m["previous_batch_sha256"], "2026-11-21T11:00:00Z", 1))  # fmt: skip
        for d in opened.reports:
            reports.append((d["id"], "RIVA", d["reference"], m["batch_id"],
                            "2026-11-21T11:00:00Z", 1, json.dumps(d)))  # fmt: skip
            outcomes.append((m["batch_id"], d["id"], d["reference"], "accepted", None))
            for a in d["attachments"]:
                attachments.append((d["id"], a["member"], a["media_type"], ATTACHMENT))
    return {
        "attachments": sorted(attachments),
        "batches": sorted(rows),
        "outcomes": sorted(outcomes),
        "reports": sorted(reports),
    }


BATCHES = [batch(1), batch(2, report_id="cd" * 16, reference="RIVA-2026-00043-R")]


@pytest.mark.parametrize("start", ["unnumbered", 1])
def test_every_earlier_version_is_upgraded_with_nothing_lost(where, start) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    db = _raw(home, address)
    schema.upgrade(db, IDENTITY, upto=1)
    _fill_version_1(db, BATCHES)
    if start == "unnumbered":  # as every force.db was before the versions were numbered
        with db.transaction():
            db.execute("DROP TABLE force_schema")
    db.close()

    store = ForceStore(home, IDENTITY, address)
    try:
        assert schema.version(store.db) == schema.LATEST
        assert held_rows(store) == _expected(BATCHES)
        clear = store.db.all(
            "SELECT id, status, created_on, incident_on, consent FROM reports ORDER BY id"
        )
        assert clear == [
            ("ab" * 16, "received", "2026-11-21", "2026-11-19", "police_with_contact"),
            ("cd" * 16, "received", "2026-11-21", "2026-11-19", "police_with_contact"),
        ]
        assert store.db.all("SELECT DISTINCT strand FROM report_strands") == [("race",)]
        assert written_before(store.db, store.keys, "RIVA", 1) == UPDATE_FILE
        assert UPDATE_FILE not in bytes(store.db.scalar("SELECT signed FROM update_files"))
        with pytest.raises(Exception, match="data"):
            store.db.one("SELECT data FROM reports")  # the column in clear is gone
        assert (
            store.import_batch(batch(3, report_id="ef" * 16, reference="RIVA-2026-9-Z")).notes == []
        )
        assert store.report("ef" * 16)["report"]["description"] == PHRASE  # type: ignore[index]
    finally:
        store.close()


def test_a_new_database_opens_at_the_latest_version_and_again_unchanged(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    for _ in range(2):
        store = ForceStore(home, IDENTITY, address)
        assert schema.version(store.db) == schema.LATEST
        assert store.db.scalar("SELECT count(*) FROM content_keys") == 1
        store.close()


def test_a_database_of_a_later_version_is_refused_unchanged(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    ForceStore(home, IDENTITY, address).close()
    db = _raw(home, address)
    with db.transaction():
        db.execute("UPDATE force_schema SET version = ?", (schema.LATEST + 1,))
    db.close()
    with pytest.raises(IntakeError, match="newer version of intake-force"):
        ForceStore(home, IDENTITY, address)
    db = _raw(home, address)
    assert db.scalar("SELECT version FROM force_schema") == schema.LATEST + 1
    db.close()


def test_another_forces_identity_does_not_open_the_content_keys(
    postgres_database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    ForceStore(tmp_path, IDENTITY, postgres_database).close()
    other = pyrage.x25519.Identity.generate()
    with pytest.raises(
        IntakeError, match=r"does not open with the keys in this force's folder.*older copy"
    ):
        ForceStore(tmp_path, other, postgres_database)


def test_a_sealed_report_moved_to_another_row_does_not_open(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    store = ForceStore(home, IDENTITY, address)
    try:
        for opened in BATCHES:
            store.import_batch(opened)
        a, c = "ab" * 16, "cd" * 16
        sealed_a = store.db.scalar("SELECT sealed FROM reports WHERE id = ?", (a,))
        with store.db.transaction():
            store.db.execute("UPDATE reports SET sealed = ? WHERE id = ?", (sealed_a, c))
        with pytest.raises(IntakeError, match="changed outside intake-force"):
            store.report(c)
        flipped = bytearray(sealed_a)
        flipped[-1] ^= 1
        with store.db.transaction():
            store.db.execute("UPDATE reports SET sealed = ? WHERE id = ?", (bytes(flipped), a))
        with pytest.raises(IntakeError, match="changed outside intake-force"):
            store.report(a)
        for cut in (b"", b"\x01", bytes(sealed_a[:20]), b"\x02" + bytes(sealed_a[1:])):
            with pytest.raises(IntakeError, match="changed outside intake-force"):
                store.keys.open(cut, content_keys.report_context(a))
    finally:
        store.close()


def test_a_rotated_content_key_seals_from_then_on_and_the_old_one_still_opens(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    store = ForceStore(home, IDENTITY, address)
    store.import_batch(BATCHES[0])
    with store.db.transaction():
        assert content_keys.rotate(store.db, IDENTITY) == 2
    store.close()
    store = ForceStore(home, IDENTITY, address)
    try:
        store.import_batch(BATCHES[1])
        ids = [bytes(r[0])[1:5] for r in store.db.all("SELECT sealed FROM reports ORDER BY id")]
        assert ids == [b"\x00\x00\x00\x01", b"\x00\x00\x00\x02"]
        assert all(store.report(i) for i in ("ab" * 16, "cd" * 16))
    finally:
        store.close()


def test_several_programs_opening_a_new_database_at_once_make_one_schema(
    postgres_database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            ForceStore(tmp_path, IDENTITY, postgres_database).close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    store = ForceStore(tmp_path, IDENTITY, postgres_database)
    try:
        assert store.db.all("SELECT version FROM force_schema") == [(schema.LATEST,)]
        assert store.db.scalar("SELECT count(*) FROM content_keys") == 1
    finally:
        store.close()
