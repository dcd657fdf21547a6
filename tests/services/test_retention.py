"""Retention: personal data goes when its time is up; the anonymised counts stay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intake_app.app.session import Session, create_store, unlock
from intake_app.domain.report_record import ReportQuery
from intake_app.storage.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE, full_report


class MovingClock:
    """Now, or ``days`` later once a test lets time pass."""

    def __init__(self) -> None:
        self.days = 0

    def __call__(self) -> datetime:
        return datetime.now(UTC) + timedelta(days=self.days)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def session(data_dir: Path, clock: MovingClock) -> Iterator[Session]:
    session, _ = create_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
        clock=clock,
    )
    yield session
    session.close()


def test_monitoring_only_reports_lose_personal_data_after_the_setting(
    session: Session, clock: MovingClock
) -> None:
    record = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(record.id)
    session.retention.set_days(after_acknowledged=30, monitoring_only=90)
    assert session.retention.purge().total == 0  # not yet
    clock.days = 91
    assert session.retention.purge().monitoring_only == 1
    stored = session.reports.get(record.id)
    assert (
        stored.status == "purged"
        and stored.report.person.name == ""
        and stored.report.description == ""
    )
    assert [s.strand for s in stored.report.strands] == ["religion", "race"]
    assert session.reports.count(ReportQuery(strand="religion")) == 1  # still counted
    assert session.reports.list(ReportQuery(search="Zenobia")) == []


def test_acknowledged_reports_are_purged_after_the_force_has_them(
    data_dir: Path, session: Session
) -> None:
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    long_ago = (datetime.now(UTC) - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with session.db.transaction():  # as a receipt would leave it
        session.db.execute(
            "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
            "previous_sha256, report_count, acknowledged_at) VALUES ('b1', 1, ?, ?, 'h', 'p', 1, ?)",
            (long_ago, session.user.id, long_ago),
        )
        session.db.execute(
            "INSERT INTO batch_members VALUES ('b1', ?, 'accepted', '')", (record.id,)
        )
        session.db.execute("UPDATE reports SET status = 'acknowledged' WHERE id = ?", (record.id,))
    session.close()
    again = unlock(data_dir, "Amina", PASSPHRASE)  # unlocking runs the purge
    assert again.reports.get(record.id).status == "purged"
    assert [e.action for e in again.audit.entries(target=record.id)][:2] == [
        "report.viewed",
        "report.purged",
    ]
    again.close()


def test_purged_text_is_nowhere_in_the_data_folder(
    data_dir: Path, session: Session, clock: MovingClock
) -> None:
    """Decrypting is the only way to read the store, so look at the decrypted pages too."""
    record = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(record.id)
    session.retention.set_days(after_acknowledged=30, monitoring_only=1)
    clock.days = 2
    session.retention.purge()
    session.retention.compact()
    plain = data_dir.parent / "plain.db"
    session.db.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    session.db.execute("SELECT sqlcipher_export('plain')")
    session.db.execute("DETACH DATABASE plain")
    session.close()
    readable = plain.read_bytes()
    assert b"SQLite format 3" in readable[:16]  # the decrypted copy is readable…
    for secret in (b"Zenobia", b"Quarterfield", b"Wexcombe", b"Larkspur", b"Orange hivis"):
        assert secret not in readable  # …and the purged text is not in it


def _acknowledge(session: Session, report_id: str, batch: str, days_ago: int, outcome: str) -> None:
    """Record the report as sent in ``batch``, answered ``days_ago`` with ``outcome``."""
    when = (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sequence = int(session.db.scalar("SELECT count(*) FROM batches") or 0) + 1
    status = "acknowledged" if outcome == "accepted" else "ready"
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
            "previous_sha256, report_count, acknowledged_at) VALUES (?, ?, ?, ?, 'h', 'p', 1, ?)",
            (batch, sequence, when, session.user.id, when),
        )
        session.db.execute(
            "INSERT INTO batch_members VALUES (?, ?, ?, '')", (batch, report_id, outcome)
        )
        session.db.execute("UPDATE reports SET status = ? WHERE id = ?", (status, report_id))


def test_a_monitoring_only_draft_past_retention_is_purged(
    session: Session, clock: MovingClock
) -> None:
    draft = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.retention.set_days(after_acknowledged=30, monitoring_only=90)
    clock.days = 91
    assert session.retention.due() == ([], [draft.id])
    assert session.retention.purge().monitoring_only == 1
    assert session.reports.get(draft.id).status == "purged"


def test_only_reports_past_their_time_are_purged(session: Session, clock: MovingClock) -> None:
    def ready(**changes: object) -> str:
        record = session.reports.create_draft(full_report(**changes))
        session.reports.mark_ready(record.id)
        return record.id

    with_contact_draft = session.reports.create_draft(full_report()).id  # consent decides nothing
    without_details = ready(consent="police_without_details")
    withdrawn = ready(consent="monitoring_only")
    session.reports.withdraw(withdrawn)
    acknowledged_lately = ready()
    _acknowledge(session, acknowledged_lately, "b1", days_ago=10, outcome="accepted")
    rejected_long_ago = ready()
    _acknowledge(session, rejected_long_ago, "b2", days_ago=400, outcome="rejected")
    acknowledged_long_ago = ready()
    _acknowledge(session, acknowledged_long_ago, "b3", days_ago=400, outcome="accepted")
    session.retention.set_days(after_acknowledged=200, monitoring_only=90)
    assert session.retention.due() == ([acknowledged_long_ago], [])
    clock.days = 91  # every report here was taken more than 90 days ago
    assert session.retention.purge().total == 1
    statuses = {r.id: r.status for r in session.reports.list()}
    assert statuses == {
        with_contact_draft: "draft",
        without_details: "ready",
        withdrawn: "withdrawn",
        acknowledged_lately: "acknowledged",
        rejected_long_ago: "ready",
        acknowledged_long_ago: "purged",
    }
    assert session.retention.purge().total == 0  # nothing is purged twice


def test_the_purge_reads_only_reports_that_may_be_due(session: Session) -> None:
    """It runs on every unlock: no query plan may read the whole reports table."""
    from intake_app.services.retention import DUE_ACKNOWLEDGED, DUE_MONITORING_ONLY

    plans = {
        query: [str(row[3]) for row in session.db.all(f"EXPLAIN QUERY PLAN {query}", ("x",))]
        for query in (DUE_ACKNOWLEDGED, DUE_MONITORING_ONLY)
    }
    assert not [step for steps in plans.values() for step in steps if step.startswith("SCAN")]
    assert "SEARCH r USING INDEX reports_by_status (status=?)" in plans[DUE_ACKNOWLEDGED]
    assert plans[DUE_MONITORING_ONLY] == [
        "SEARCH reports USING INDEX reports_monitoring_only (status=? AND created_at<?)"
    ]
