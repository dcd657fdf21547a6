"""A centre's store (RIVA) holding the report the committed update files name (tests/fixtures/
case_updates), sent in batch 1 and received by the force, with that force's profile imported."""

from __future__ import annotations

import json
from pathlib import Path

from intake_app.app.session import Session
from tests.conftest import full_report

FIXTURES = Path(__file__).parent / "fixtures" / "case_updates"
REPORT_ID, REFERENCE = "ab" * 16, "RIVA-2026-00001-I"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def with_a_sent_report(session: Session) -> Session:
    """The report is a child's (under 18: enhanced rights), taken 10 November 2026, sent on the
    11th, received by the force that day."""
    session.exports.import_profile(fixture("force-profile.json"))
    report = full_report().to_dict()
    report["under_18"] = True
    db = session.db
    with db.transaction():
        db.execute(
            "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, data) "
            "VALUES (?, ?, 'acknowledged', ?, '2026-11-10T10:00:00Z', '2026-11-12T09:00:00Z', ?)",
            (REPORT_ID, REFERENCE, session.context.actor, json.dumps(report)),
        )
        db.execute(
            "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
            "previous_sha256, report_count, acknowledged_at, received_at) VALUES "
            "('b1', 1, '2026-11-11T09:00:00Z', ?, 'f', 'p', 1, '2026-11-12T09:00:00Z', "
            "'2026-11-11T15:00:00Z')",
            (session.context.actor,),
        )
        db.execute(
            "INSERT INTO batch_members (batch_id, report_id, outcome) VALUES ('b1', ?, 'accepted')",
            (REPORT_ID,),
        )
    return session
