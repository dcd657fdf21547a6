"""What happened to one report at the force: the batch it came in, the corrections and erasures
its centre sent (applied or refused), and the updates the force sent back about it."""

from __future__ import annotations

from dataclasses import dataclass

import minisign

from intake_app.exchange.case_updates import CaseUpdate, read_updates
from intake_app.force.backend import ForceDatabase
from intake_app.force.content_keys import ContentKeys, update_file_context


@dataclass(frozen=True)
class Notice:
    kind: str  # "amendment" or "erasure"
    batch: int  # the number of the batch that carried it
    outcome: str  # "applied" or "refused"
    reason: str  # as the receipt gave it (English); empty when applied plainly
    at: str  # when the batch was imported (UTC)


@dataclass(frozen=True)
class UpdateSent:
    file: int  # the update file's number for the centre
    written_at: str  # UTC
    update: CaseUpdate


@dataclass(frozen=True)
class History:
    batch: int | None  # the number of the batch the report came in
    notices: list[Notice]
    updates: list[UpdateSent]


def history(
    db: ForceDatabase,
    keys: ContentKeys,
    force_key: minisign.PublicKey,
    report_id: str,
    centre: str,
    batch_id: str,
) -> History:
    """Everything the database says of the report besides the report itself. The update files
    are opened (they are sealed) and read as a centre reads them, signature first."""
    batch = db.scalar("SELECT sequence FROM batches WHERE batch_id = ?", (batch_id,))
    notices = [
        Notice(str(kind), int(sequence), str(outcome), str(reason or ""), str(at))
        for kind, sequence, outcome, reason, at in db.all(
            "SELECT n.kind, b.sequence, n.outcome, n.reason, b.imported_at FROM notice_outcomes n "
            "JOIN batches b ON b.batch_id = n.batch_id WHERE n.report_id = ? ORDER BY b.sequence",
            (report_id,),
        )
    ]
    updates: list[UpdateSent] = []
    for sequence, sealed in db.all(
        "SELECT sequence, signed FROM update_files WHERE centre_code = ? ORDER BY sequence",
        (centre,),
    ):
        written = read_updates(
            keys.open(sealed, update_file_context(centre, int(sequence))), force_key
        )
        updates += [
            UpdateSent(written.sequence, written.created_at, u)
            for u in written.updates
            if u.report_id == report_id
        ]
    return History(int(batch) if batch is not None else None, notices, updates)
