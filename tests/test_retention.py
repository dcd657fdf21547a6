"""Retention: personal data goes when its time is up; the anonymised counts stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from intake_app.report_record import ReportQuery
from intake_app.session import Session, unlock
from tests.conftest import PASSPHRASE, full_report


def _later(days: int):  # type: ignore[no-untyped-def]
    return lambda: datetime.now(UTC) + timedelta(days=days)


def test_monitoring_only_reports_lose_personal_data_after_the_setting(session: Session) -> None:
    record = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(record.id)
    session.retention.set_days(after_acknowledged=30, monitoring_only=90)
    assert session.retention.purge().total == 0  # not yet
    session.clock = _later(91)
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
            "INSERT INTO batches VALUES ('b1', 1, ?, ?, 'h', 'p', 1, ?)",
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


def test_purged_text_is_nowhere_in_the_data_folder(data_dir: Path, session: Session) -> None:
    """Decrypting is the only way to read the store, so look at the decrypted pages too."""
    record = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(record.id)
    session.retention.set_days(after_acknowledged=30, monitoring_only=1)
    session.clock = _later(2)
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
