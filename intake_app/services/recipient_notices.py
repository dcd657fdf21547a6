"""Telling every recipient besides the police of a withdrawal (UK GDPR: whoever received personal
data is told of its erasure). A recipient holds a report once it is in one of that recipient's
batches that was not sent back; a withdrawal then queues an erasure for that recipient's next
batch, whose receipt confirms or refuses it. The police force's own notices are in
``report_notices``."""

from __future__ import annotations

from typing import Any

from intake_app.exchange.receipts import ReceiptInvalid
from intake_app.services.context import ServiceContext
from intake_app.services.report_notices import Notice
from intake_app.storage.database import Database
from intake_app.support.i18n import _


def holders(db: Database, report_id: str) -> list[str]:
    """The recipients (besides the police) that hold the report."""
    rows = db.all(
        "SELECT DISTINCT b.recipient FROM recipient_batch_members m "
        "JOIN recipient_batches b ON b.id = m.batch_id "
        "WHERE m.report_id = ? AND m.outcome <> 'rejected' ORDER BY b.recipient",
        (report_id,),
    )
    return [str(r[0]) for r in rows]


def queue_erasures(context: ServiceContext, report_id: str) -> None:
    """Inside the withdrawal's transaction: an erasure waits for each holder's next batch."""
    for recipient in holders(context.db, report_id):
        added = context.db.execute(
            "INSERT OR IGNORE INTO recipient_notices (recipient, report_id, kind, created_at) "
            "VALUES (?, ?, 'erasure', ?)",
            (recipient, report_id, context.now_text()),
        )
        if added:
            context.audit.append(context.actor, "notice.erasure_queued", report_id, recipient)


def _notices(db: Database, where: str, params: tuple[Any, ...]) -> list[Notice]:
    sql = (
        "SELECT n.id, n.report_id, r.reference, n.kind FROM recipient_notices n "  # noqa: S608
        f"JOIN reports r ON r.id = n.report_id WHERE {where} ORDER BY r.reference"
    )
    return [Notice(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in db.all(sql, params)]


def waiting(db: Database, recipient: str) -> list[Notice]:
    return _notices(db, "n.recipient = ? AND n.batch_id IS NULL", (recipient,))


def in_batch(db: Database, batch_id: str) -> list[Notice]:
    return _notices(db, "n.batch_id = ?", (batch_id,))


def mark_sent(context: ServiceContext, notices: list[Notice], batch_id: str) -> None:
    for notice in notices:
        context.db.execute(
            "UPDATE recipient_notices SET batch_id = ? WHERE id = ? AND batch_id IS NULL",
            (batch_id, notice.id),
        )
        context.audit.append(context.actor, "notice.sent", notice.report_id, notice.kind)


def apply_outcomes(
    context: ServiceContext, batch_id: str, entries: list[dict[str, Any]]
) -> tuple[int, int]:
    """Inside the receipt's transaction: (confirmed, refused)."""
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
            "UPDATE recipient_notices SET outcome = ?, reason = ? WHERE id = ?",
            ("confirmed" if ok else "refused", str(entry["reason"])[:500] or None, notice.id),
        )
        action = "notice.confirmed" if ok else "notice.refused"
        context.audit.append(context.actor, action, notice.report_id, notice.kind)
        confirmed, refused = confirmed + ok, refused + (not ok)
    return confirmed, refused
