"""Closed cases for the scrutiny pack, as a centre comes by them: reports taken and made ready,
sent in a batch the force accepts (its signed receipt), then closed in the force's signed update
file; or left open, to be refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from intake_app.app.session import Session
from intake_app.domain.case_promises import ServicePromises
from intake_app.domain.report import Report
from intake_app.exchange.case_updates import CaseUpdate, UpdateFile, sign_updates
from intake_app.exchange.receipts import sign_receipt

PROMISES = ServicePromises(5, 2, 28)  # first contact in 5 working days; an update every 28 days
RECEIVED = date(2026, 11, 21)  # the receipt's day


def sent_cases(
    session: Session, force: Any, reports: list[Report], *, closed: bool = True, late: int = 0
) -> list[str]:
    """Each report made ready and sent in one batch the force accepts on 21 November 2026;
    then, in one update file, recorded as a crime, the person contacted two days after
    (``late`` days more) and, the day after, (``closed``) closed. The references."""
    _identity, keys, profile = force
    profile = replace(profile, promises=PROMISES)
    if session.exports.profile() is None:
        session.exports.import_profile(profile.to_bytes())
    records = []
    for report in reports:
        record = session.reports.create_draft(report)
        session.reports.mark_ready(record.id)
        records.append(record)
    sequence = int(session.db.scalar("SELECT coalesce(max(sequence), 0) FROM batches") or 0) + 1
    folder = session.data_dir.parent / f"usb-{sequence}"
    folder.mkdir(exist_ok=True)
    session.exports.export(folder)
    batch = session.db.one("SELECT id, file_sha256 FROM batches WHERE sequence = ?", (sequence,))
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": profile.force_code,
               "centre_code": "RIVA", "batch_id": batch[0], "sequence": sequence,
               "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": r.id, "reference": r.reference, "outcome": "accepted",
                            "reason": ""} for r in records]}  # fmt: skip
    session.exports.import_receipt(sign_receipt(receipt, keys.secret_key))
    close_cases(session, force, [(r.id, r.reference) for r in records], closed=closed, late=late)
    return [r.reference for r in records]


def close_cases(
    session: Session, force: Any, cases: list[tuple[str, str]], *, closed: bool = True,
    late: int = 0,
) -> None:  # fmt: skip
    """The force's signed update file on these cases (id, reference), received on 21 November
    2026: recorded as a crime, the person contacted two days after (``late`` days more) and, the
    day after, (``closed``) closed."""
    _identity, keys, profile = force
    contacted = RECEIVED + timedelta(days=2 + late)
    updates = tuple(
        CaseUpdate(report_id, reference, contacted + timedelta(days=1), "LP/2026/4242", "crime",
                   contacted_on=contacted, outcome="No further action", closed=closed)
        for report_id, reference in cases
    )  # fmt: skip
    number = int(session.db.scalar("SELECT coalesce(max(sequence), 0) FROM case_update_files") or 0)
    update_file = UpdateFile(
        profile.force_code, "RIVA", number + 1, "2026-11-21T12:00:00Z", updates
    )
    session.case_updates.import_file(sign_updates(update_file, keys.secret_key))
