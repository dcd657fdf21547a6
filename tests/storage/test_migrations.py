"""Every earlier schema version upgrades to the latest, keeping its data."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

import pytest
import sqlcipher3

from intake_app.app.session import unlock
from intake_app.storage.database import Database
from intake_app.storage.migrations import LATEST, all_migrations, current_version, migrate
from tests.conftest import PASSPHRASE

# A migration that has shipped must never change: add a new one instead.
SHIPPED = {
    1: ("0001_initial.sql", "f0d14954e4dbe276e0d0033615d442ba27f85932075981526b5c0d692e2af213"),
    3: ("0003_batches.sql", "385efd912bbacdc40192826bffd858d045db4c57ac06f4afcd5fb5755d9be0ea"),
    4: ("0004_statistics.sql", "b6d59500a288258fa34aa976b083a5066020aa54abfaa03e712c76b00e29608f"),
    5: (
        "0005_retention_index.sql",
        "b4e94a4fd5f4883bd9c4bb41bab0256f3e8b444c6ce97e7687001030873ed7be",
    ),
    6: ("0006_key_bundles.sql", "d107bb39177c56e8d835d82f279b51c0b7408c430f194b12e3a5c88ce3ae77b8"),
    7: (
        "0007_workspaces_and_deposits.sql",
        "918323817e68907cff3260da7a520528dbe9a26bcdc7ee0671167821dcb43116",
    ),
    8: ("0008_audit_heads.sql", "af5dacaf266b6ac899936b74a3b12d2a3c4d335af6733103c58c44064d51d1de"),
    9: (
        "0009_report_fields.sql",
        "5615820f25b14ae8ec5065b666d7a9fe6c90aa0eaf6f8bed1ff8866ec64c0145",
    ),
    10: ("0010_notices.sql", "c7d2073bd3ea1079c6c6974549ed9cd1091d574adbfdbdb4d2d674bd8420779f"),
    11: (
        "0011_case_updates.sql",
        "feb5eb8d6bf14507b6c119ded631826343c75462be7ebfdde5c8ccf428c5bc4f",
    ),
    12: ("0012_followups.sql", "256008d853e0d211bb75f326f55ef43ecfba22bc6f6ae322e707b1e0b453b633"),
    13: (
        "0013_report_links.sql",
        "fdd49883be8f866c8a0161fde5d350ebe6f741c7986d70dbb055cba516464511",
    ),
    14: ("0014_recipients.sql", "810f6227c7b2e9309265dcd33332a7e7dd87bc44b854344154517a98d5c5775d"),
    15: ("0015_casebooks.sql", "0dedc3ece3f3f9c850429813d2689de4308745f877086ea319362f6840178e0c"),
    17: (
        "0017_phone_digits.sql",
        "12dfdedcf3886bef33f0c70c17d423a1ffb3d630563d6e1db3c1ed24e10ce5ea",
    ),
    18: (
        "0018_document_marks.sql",
        "b8b23ec00b94503891e6b5da9c70530f3ff9c5db666f8a93dbf4da8db5820656",
    ),
    16: (
        "0016_recipient_amendments.sql",
        "7b0279c31af6609194f9856b14a84845a5c94f22cdbf5bd35048af6132438010",
    ),
    2: (
        "0002_attachments_and_search.sql",
        "d17e19a01f6915b8ffed4329db876bf8210d2eb86d664018e63ae8cb75a7baf9",
    ),
}


def _schema(db: Database) -> list[tuple[object, ...]]:
    return db.all(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    )


def _seed(db: Database, version: int) -> None:
    """Data as a store at ``version`` would hold it."""
    with db.transaction():
        db.execute("INSERT INTO store_meta (key, value) VALUES ('centre_code', 'RIVA')")
        db.execute(
            "INSERT INTO users (id, name, name_key, role, active, slot_id, created_at) "
            "VALUES ('u1', 'Amina', 'amina', 'coordinator', 1, 's1', '2026-01-01T00:00:00Z')"
        )
        db.execute(
            "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
            "data) VALUES ('r1', 'RIVA-2026-00001-X', 'ready', 'u1', 'a', 'b', ?)",
            (json.dumps({"perception": "kept across upgrades"}),),
        )
        db.execute("INSERT INTO report_strands (report_id, strand) VALUES ('r1', 'race')")
        if version >= 4:  # written when the report was marked ready
            for dimension, value in (("strand", "race"), ("consent", "not_recorded")):
                db.execute(
                    "INSERT INTO statistics_entries VALUES ('r1', '2026-01', 0, ?, ?)",
                    (dimension, value),
                )
        if version >= 2:
            db.execute(
                "INSERT INTO attachments (id, report_id, label, media_type, size, sha256, "
                "added_at, added_by, content) VALUES ('a1', 'r1', 'x', 'image/png', 1, 'h', 't', "
                "'u1', x'00')"
            )
        if version >= 3:  # the report went to the force in batch 1, acknowledged
            db.execute(
                "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
                "previous_sha256, report_count, acknowledged_at) "
                "VALUES ('b1', 1, 'a', 'u1', 'f', 'p', 1, 'c')"
            )
            db.execute(
                "INSERT INTO batch_members (batch_id, report_id, outcome) "
                "VALUES ('b1', 'r1', 'accepted')"
            )


EARLIER = [m.version for m in all_migrations() if m.version < LATEST]


@pytest.mark.parametrize("start", EARLIER)
def test_every_earlier_version_upgrades_with_its_data(tmp_path: Path, start: int) -> None:
    key = secrets.token_bytes(32)
    old = Database(tmp_path / "old.db", key, create=True)
    assert migrate(old, target=start) == start
    _seed(old, start)
    assert migrate(old) == LATEST
    fresh = Database(tmp_path / "fresh.db", key, create=True)
    migrate(fresh)
    assert _schema(old) == _schema(fresh)
    assert old.scalar("SELECT data FROM reports WHERE id = 'r1'") == json.dumps(
        {"perception": "kept across upgrades"}
    )
    assert old.scalar("SELECT strand FROM report_strands") == "race"
    counted = old.all("SELECT dimension, value FROM statistics_entries ORDER BY dimension, value")
    assert ("strand", "race") in counted and ("consent", "not_recorded") in counted
    if start >= 3:  # batches from before notices carried none, and a notice can now wait
        assert old.all("SELECT sequence, notice_count FROM batches") == [(1, 0)]
        with old.transaction():
            old.execute(
                "INSERT INTO notices (report_id, kind, created_at) VALUES ('r1', 'erasure', 'd')"
            )
        assert old.scalar("SELECT count(*) FROM notices WHERE batch_id IS NULL") == 1
        # batches acknowledged before case updates do not say when the force received them,
        # and the force's updates on their reports can now be kept
        assert old.all("SELECT received_at FROM batches") == [(None,)]
        with old.transaction():
            old.execute(
                "INSERT INTO case_update_files VALUES (1, 'h', 'leicestershire', 'c', 'i', 1)"
            )
            old.execute(
                "INSERT INTO case_updates (report_id, file_sequence, updated_on, crime_reference, "
                "recorded_as, contacted_on, outcome, closed) "
                "VALUES ('r1', 1, '2026-11-20', 'LP/1', 'crime', NULL, '', 0)"
            )
        assert old.scalar("SELECT recorded_as FROM case_updates") == "crime"
    # Reports counted before links existed count as linked to no earlier report, and two
    # reports can now be linked (once for each reason).
    if start < 13:  # migration 13 counted what was there; a store seeded after it is not
        assert ("repeat", "none") in counted
    with old.transaction():
        old.execute(
            "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
            "data) VALUES ('r9', 'RIVA-2026-00009-X', 'ready', 'u1', 'a', 'b', '{}')"
        )
        old.execute(
            "INSERT INTO report_links (first_id, second_id, reason, created_at, created_by) "
            "VALUES ('r1', 'r9', 'same_person', 'c', 'u1')"
        )
    with pytest.raises(Exception, match=r"UNIQUE|constraint"), old.transaction():
        old.execute(
            "INSERT INTO report_links (first_id, second_id, reason, created_at, created_by) "
            "VALUES ('r1', 'r9', 'same_person', 'd', 'u1')"
        )
    with pytest.raises(Exception, match=r"CHECK|constraint"), old.transaction():
        old.execute(
            "INSERT INTO report_links (first_id, second_id, reason, created_at, created_by) "
            "VALUES ('r9', 'r1', 'same_place', 'd', 'u1')"
        )
    _check_users_and_follow_ups(old, start)
    _a_recipient_and_its_batch(old)
    assert old.integrity_problems() == []
    old.close()
    fresh.close()


def _check_users_and_follow_ups(db: Database, start: int) -> None:
    """Migration 12 rebuilt the users table: its rows, unique names and references remain, a
    caseworker can be added, and cases and follow-ups can be kept."""
    assert db.all("SELECT id, name, role, active, slot_id FROM users") == [
        ("u1", "Amina", "coordinator", 1, "s1")
    ]
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.all("PRAGMA foreign_key_check") == []
    with db.transaction():
        db.execute(
            "INSERT INTO users (id, name, name_key, role, created_at) "
            "VALUES ('u2', 'Bea', 'bea', 'caseworker', 't')"
        )
        db.execute("INSERT INTO case_assignments VALUES ('r1', 'u2', 't', 'u1')")
        db.execute(
            "INSERT INTO follow_ups (id, report_id, kind, created_at, created_by, details, "
            "due_on) VALUES ('f1', 'r1', 'note', 't', 'u2', '{}', '2026-02-01')"
        )
    for wrong in (
        "INSERT INTO users (id, name, name_key, role, created_at) "
        "VALUES ('u3', 'C', 'c', 'officer', 't')",
        "INSERT INTO users (id, name, name_key, role, created_at) "
        "VALUES ('u3', 'Amina', 'amina', 'volunteer', 't')",
        "INSERT INTO follow_ups (id, report_id, kind, created_at, created_by, details) "
        "VALUES ('f2', 'nowhere', 'note', 't', 'u2', '{}')",
        "INSERT INTO case_assignments VALUES ('r1', 'u9', 't', 'u1')",
    ):
        with pytest.raises(sqlcipher3.IntegrityError), db.transaction():
            db.execute(wrong)
    assert db.scalar("SELECT count(*) FROM follow_ups") == 1


def _a_recipient_and_its_batch(db: Database) -> None:
    """An upgraded store takes recipients besides the police, with batches numbered apart from
    the force's (a second batch 1), and an erasure waiting for one of them."""
    with db.transaction():
        db.execute("INSERT INTO recipients VALUES ('leicester-asb', '{}', 'a', 'u1')")
        for recipient in ("leicester-asb", "st-margarets"):
            db.execute(
                "INSERT INTO recipient_batches (id, recipient, sequence, created_at, created_by, "
                "file_sha256, previous_sha256, report_count) "
                "VALUES (?, ?, 1, 'a', 'u1', 'f', 'p', 1)",
                (f"rb-{recipient}", recipient),
            )
            db.execute(
                "INSERT INTO recipient_batch_members (batch_id, report_id) VALUES (?, 'r1')",
                (f"rb-{recipient}",),
            )
        db.execute(
            "INSERT INTO recipient_notices (recipient, report_id, kind, created_at) "
            "VALUES ('leicester-asb', 'r1', 'erasure', 'd')"
        )
    assert db.all("SELECT recipient, sequence FROM recipient_batches ORDER BY recipient") == [
        ("leicester-asb", 1),
        ("st-margarets", 1),
    ]
    # each recipient's numbers are its own
    with pytest.raises(Exception, match="UNIQUE"), db.transaction():
        db.execute(
            "INSERT INTO recipient_batches (id, recipient, sequence, created_at, created_by, "
            "file_sha256, previous_sha256, report_count) "
            "VALUES ('again', 'st-margarets', 1, 'a', 'u1', 'f', 'p', 0)"
        )


def test_recipients_notices_keep_their_rows_and_ids_and_take_amendments(tmp_path: Path) -> None:
    """Migration 16 made ``recipient_notices`` again to take amendments: an erasure sent before,
    and its id, remain; ids go on from there; a kind it does not know is still refused."""
    db = Database(tmp_path / "old.db", secrets.token_bytes(32), create=True)
    assert migrate(db, target=15) == 15
    _seed(db, 15)
    with db.transaction():
        db.execute(
            "INSERT INTO recipient_batches (id, recipient, sequence, created_at, created_by, "
            "file_sha256, previous_sha256, report_count, notice_count) "
            "VALUES ('rb1', 'leicester-asb', 1, 'a', 'u1', 'f', 'p', 0, 1)"
        )
        db.execute(
            "INSERT INTO recipient_notices (id, recipient, report_id, kind, created_at, batch_id, "
            "outcome) VALUES (7, 'leicester-asb', 'r1', 'erasure', 'd', 'rb1', 'confirmed')"
        )
    with pytest.raises(Exception, match=r"CHECK|constraint"), db.transaction():
        db.execute(
            "INSERT INTO recipient_notices (recipient, report_id, kind, created_at) "
            "VALUES ('leicester-asb', 'r1', 'amendment', 'd')"
        )
    assert migrate(db) == LATEST
    kept = "SELECT id, recipient, kind, batch_id, outcome FROM recipient_notices"
    assert db.all(kept) == [(7, "leicester-asb", "erasure", "rb1", "confirmed")]
    with db.transaction():
        db.execute(
            "INSERT INTO recipient_notices (recipient, report_id, kind, created_at) "
            "VALUES ('leicester-asb', 'r1', 'amendment', 'e')"
        )
    assert db.scalar("SELECT max(id) FROM recipient_notices") == 8
    for wrong in ("amendment", "correction"):  # one waiting of a kind; no other kind
        with pytest.raises(Exception, match=r"UNIQUE|CHECK|constraint"), db.transaction():
            db.execute(
                "INSERT INTO recipient_notices (recipient, report_id, kind, created_at) "
                "VALUES ('leicester-asb', 'r1', ?, 'f')",
                (wrong,),
            )
    assert db.all("PRAGMA foreign_key_check") == [] and db.integrity_problems() == []
    db.close()


def test_migrations_are_numbered_without_gaps_and_unchanged() -> None:
    migrations = all_migrations()
    assert [m.version for m in migrations] == list(range(1, LATEST + 1))
    for migration in migrations:
        if migration.version in SHIPPED:
            name, digest = SHIPPED[migration.version]
            assert migration.name == name
            assert hashlib.sha256(migration.sql.encode()).hexdigest() == digest


def test_a_store_from_a_newer_app_is_refused(data_dir: Path, session) -> None:  # type: ignore[no-untyped-def]
    session.db.execute(f"PRAGMA user_version = {LATEST + 1}")
    session.close()
    with pytest.raises(Exception, match="newer version"):
        unlock(data_dir, "Amina", PASSPHRASE)


def test_new_store_is_at_the_latest_version(session) -> None:  # type: ignore[no-untyped-def]
    assert current_version(session.db) == LATEST


def _old_report(**fields: object) -> str:
    base: dict[str, object] = {"perception": "p", "under_16": False, "strands": []}
    return json.dumps({**base, **fields})


@pytest.mark.parametrize("start", range(1, 9))
def test_reports_from_before_under_18_and_race_categories_are_upgraded(
    tmp_path: Path, start: int
) -> None:
    from intake_app.domain.report import Report, StrandChoice

    key = secrets.token_bytes(32)
    old = Database(tmp_path / "old.db", key, create=True)
    migrate(old, target=start)
    _seed(old, start)
    rows = {
        "r2": _old_report(under_16=True),
        # 17 when the report was taken (2026-01-01): a child, though not under 16
        "r3": _old_report(person={"date_of_birth": "2008-06-01"}),
        "r4": _old_report(person={"date_of_birth": "1990-06-01"}),
        "r5": _old_report(
            strands=[
                {"strand": "race", "sub_category": ""},
                {"strand": "gypsy_roma_traveller", "sub_category": ""},
                {"strand": "religion", "sub_category": "jewish"},
            ]
        ),
    }
    with old.transaction():
        for report_id, data in rows.items():
            old.execute(
                "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
                "data) VALUES (?, ?, 'ready', 'u1', '2026-01-01T10:00:00Z', 'b', ?)",
                (report_id, f"RIVA-2026-0000{report_id[1]}-X", data),
            )
        for strand in ("race", "gypsy_roma_traveller", "religion"):
            sub = "jewish" if strand == "religion" else ""
            old.execute(
                "INSERT INTO report_strands (report_id, strand, sub_category) VALUES ('r5', ?, ?)",
                (strand, sub),
            )
            if start >= 4:
                old.execute(
                    "INSERT INTO statistics_entries VALUES ('r5', '2026-01', 0, 'strand', ?)",
                    (strand,),
                )
    assert migrate(old) == LATEST

    def read(report_id: str) -> Report:
        report, problems = Report.from_dict(
            json.loads(old.scalar("SELECT data FROM reports WHERE id = ?", (report_id,)))
        )
        assert problems == []
        return report

    assert read("r2").under_18 and read("r3").under_18 and not read("r4").under_18
    assert read("r5").strands == [
        StrandChoice("race", "gypsy_roma_traveller"),
        StrandChoice("religion", "jewish"),
    ]
    assert old.all(
        "SELECT strand, sub_category FROM report_strands WHERE report_id = 'r5' ORDER BY strand"
    ) == [("race", "gypsy_roma_traveller"), ("religion", "jewish")]
    if start >= 4:
        assert old.all(
            "SELECT value FROM statistics_entries WHERE report_id = 'r5' AND dimension = 'strand' "
            "ORDER BY value"
        ) == [("race",), ("religion",)]
        assert old.all(
            "SELECT value FROM statistics_entries WHERE report_id = 'r1' AND dimension = 'victim'"
        ) == [("person",)]
    old.close()


def test_reports_already_kept_are_found_by_phone_after_the_upgrade(tmp_path: Path) -> None:
    """Migration 17 keeps the digits of each report's phone numbers beside it, worked out from
    the document for the reports already in the store."""
    db = Database(tmp_path / "old.db", secrets.token_bytes(32), create=True)
    assert migrate(db, target=16) == 16
    _seed(db, 16)
    document = {"person": {"phone": "0116 496-0777"}, "reporter": {"phone": "+44 (7700) 900.456"}}
    with db.transaction():
        db.execute(
            "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
            "data) VALUES ('r2', 'RIVA-2026-00002-X', 'ready', 'u1', 'a', 'b', ?)",
            (json.dumps(document),),
        )
    assert migrate(db) == LATEST
    found = dict(db.all("SELECT id, phone_digits FROM reports"))
    assert found == {"r1": "", "r2": "01164960777 447700900456"}
