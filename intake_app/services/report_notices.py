"""Telling the force of a correction or a withdrawal of a report it already holds (UK GDPR:
whoever received personal data is told of its rectification or erasure).

A report has gone to the police once it is in a batch the force has not sent back. Correcting
it then queues an **amendment**; withdrawing it an **erasure** (which drops a correction still
waiting: there is nothing left to correct). At most one notice of each kind waits per report,
for the next batch, which carries the waiting notices whatever reports go with it (or none).
The batch's receipt confirms or refuses each one. Each step is audited with the report's id and
the notice's kind, never its content. The retention purge sends no erasure: when the centre
stops keeping its copy, the force keeps its own under its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake_app.domain.report_notice import AMENDMENT, ERASURE, NoticeState
from intake_app.exchange.receipts import ReceiptInvalid
from intake_app.services.context import ServiceContext
from intake_app.services.report_finding import NOTICE_STATE
from intake_app.storage.database import Database
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

QUEUED = {AMENDMENT: "notice.amendment_queued", ERASURE: "notice.erasure_queued"}


@dataclass(frozen=True)
class Notice:
    id: int
    report_id: str
    reference: str
    kind: str  # amendment | erasure


def sent_batch(db: Database, report_id: str) -> int | None:
    """The number of the latest batch that took the report to the police and was not sent back
    by the force; None if it has not gone."""
    found = db.scalar(
        "SELECT b.sequence FROM batch_members m JOIN batches b ON b.id = m.batch_id "
        "WHERE m.report_id = ? AND m.outcome <> 'rejected' ORDER BY b.sequence DESC LIMIT 1",
        (report_id,),
    )
    return None if found is None else int(found)


def queue(context: ServiceContext, report_id: str, kind: str) -> None:
    """Inside the caller's transaction: a notice of ``kind`` waits for the next batch. A
    correction still waiting is replaced by a new one, or by an erasure: a batch being written
    with the old one is then refused when it is recorded (``mark_sent``), so what reaches the
    force is never older than the store."""
    db = context.db
    drop_waiting(db, report_id, AMENDMENT)
    added = db.execute(
        "INSERT OR IGNORE INTO notices (report_id, kind, created_at) VALUES (?, ?, ?)",
        (report_id, kind, context.now_text()),
    )
    if added:
        context.audit.append(context.actor, QUEUED[kind], report_id)


def _notices(db: Database, where: str, params: tuple[Any, ...]) -> list[Notice]:
    sql = (
        "SELECT n.id, n.report_id, r.reference, n.kind FROM notices n "  # noqa: S608 - fixed
        f"JOIN reports r ON r.id = n.report_id WHERE {where} ORDER BY n.kind, r.reference"
    )
    rows = db.all(sql, params)
    return [Notice(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def waiting(db: Database) -> list[Notice]:
    """Every notice waiting for the next batch: amendments, then erasures, by reference."""
    return _notices(db, "n.batch_id IS NULL", ())


def in_batch(db: Database, batch_id: str) -> list[Notice]:
    return _notices(db, "n.batch_id = ?", (batch_id,))


def state(db: Database, report_id: str) -> NoticeState | None:
    """What the force was last told of the report, if anything, with its reason if refused."""
    row = db.one(
        f"{NOTICE_STATE}, coalesce(n.reason, '') FROM notices n "
        "WHERE n.report_id = ? ORDER BY n.id DESC LIMIT 1",
        (report_id,),
    )
    return None if row is None else NoticeState.parse(row[0], str(row[1]))


def mark_sent(context: ServiceContext, notices: list[Notice], batch_id: str) -> None:
    """Inside the transaction that records the batch: each notice it carries is now sent.
    Refused (and so nothing recorded) if one stopped waiting while the file was written."""
    for notice in notices:
        if not context.db.execute(
            "UPDATE notices SET batch_id = ? WHERE id = ? AND batch_id IS NULL",
            (batch_id, notice.id),
        ):
            raise IntakeError(
                _(
                    "A report was corrected or withdrawn while the batch was being written. "
                    "Nothing was marked as sent: write the batch again."
                )
            )
        context.audit.append(context.actor, "notice.sent", notice.report_id, notice.kind)


def drop_waiting(db: Database, report_id: str, kind: str | None = None) -> None:
    """No notice about the report (of ``kind``, or of any kind) waits any more: the force sent
    the report back, so it goes again whole; or its content was erased at the centre."""
    db.execute(
        "DELETE FROM notices WHERE report_id = ? AND batch_id IS NULL AND kind = coalesce(?, kind)",
        (report_id, kind),
    )


def apply_outcomes(
    context: ServiceContext, batch_id: str, entries: list[dict[str, Any]]
) -> tuple[int, int]:
    """Inside the receipt's transaction: each notice of the batch confirmed or refused, as the
    receipt says. Returns (confirmed, refused)."""
    sent = {(n.report_id, n.kind): n for n in in_batch(context.db, batch_id)}
    if {(e["id"], e["kind"]) for e in entries} != set(sent):
        raise ReceiptInvalid(
            _(
                "The receipt does not list exactly the corrections and erasures in that batch. "
                "Nothing was changed."
            )
        )
    confirmed = refused = 0
    for entry in entries:
        notice = sent[(entry["id"], entry["kind"])]
        ok = entry["outcome"] == "applied"
        context.db.execute(
            "UPDATE notices SET outcome = ?, reason = ? WHERE id = ?",
            ("confirmed" if ok else "refused", str(entry["reason"])[:500] or None, notice.id),
        )
        action = "notice.confirmed" if ok else "notice.refused"
        context.audit.append(context.actor, action, notice.report_id, notice.kind)
        confirmed, refused = confirmed + ok, refused + (not ok)
    return confirmed, refused
