"""The audit log cannot be edited quietly."""

from __future__ import annotations

import pytest

from intake_app.app.session import Session
from intake_app.storage.database import Database
from tests.conftest import full_report


def _bypass_triggers(db: Database) -> None:
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def test_the_log_refuses_updates_and_deletes(session: Session) -> None:
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("DELETE FROM audit_log")


def test_an_edited_entry_is_found(session: Session) -> None:
    session.reports.create_draft(full_report())
    _bypass_triggers(session.db)
    session.db.execute("UPDATE audit_log SET action = 'report.viewed' WHERE seq = 2")
    verdict = session.audit.verify()
    assert not verdict.ok and "entry 2 has been altered" in verdict.message


def test_a_removed_entry_is_found(session: Session) -> None:
    for _ in range(3):
        session.reports.create_draft(full_report())
    _bypass_triggers(session.db)
    session.db.execute("DELETE FROM audit_log WHERE seq = 3")
    verdict = session.audit.verify()
    assert not verdict.ok and "missing" in verdict.message


def test_entries_cut_from_the_end_are_found(session: Session) -> None:
    for _ in range(3):
        session.reports.create_draft(full_report())
    _bypass_triggers(session.db)
    last = session.db.scalar("SELECT max(seq) FROM audit_log")
    session.db.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    verdict = session.audit.verify()
    assert not verdict.ok and "end of the audit log" in verdict.message
