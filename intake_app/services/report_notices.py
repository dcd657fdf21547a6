"""Telling whoever holds a report of its correction or withdrawal (UK GDPR: whoever received
personal data is told of its rectification or erasure): the police force, and every recipient
besides it (a council's team, a housing provider, a school, a support service). One queue,
keyed by who receives the notice: the force (``FORCE``) or a recipient (its code).

A receiver holds a report once it is in one of that receiver's batches that was not sent back.
Correcting it then queues an **amendment** for that receiver; withdrawing it an **erasure**
(which drops a correction still waiting: there is nothing left to correct). At most one notice
of each kind waits per report and receiver, for that receiver's next batch, which carries the
waiting notices whatever reports go with it (or none). The batch's receipt confirms or refuses
each one. Each step is audited with the report's id and the notice's kind (and, for a recipient,
its code), never the content. The retention purge sends no erasure: when the centre stops keeping
its copy, each receiver keeps its own under its own rules.

The force's notices are kept in ``notices``, a recipient's in ``recipient_notices`` (each table's
batches are the receiver's own); nothing else differs.
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

Receiver = str | None  # who receives a notice: FORCE, or a recipient's code
FORCE: Receiver = None

QUEUED = {AMENDMENT: "notice.amendment_queued", ERASURE: "notice.erasure_queued"}


@dataclass(frozen=True)
class Notice:
    id: int
    report_id: str
    reference: str
    kind: str  # amendment | erasure


def _table(receiver: Receiver) -> tuple[str, str, tuple[Any, ...]]:
    """The receiver's table, and the condition (on ``n``) and parameters narrowing it to them."""
    if receiver is FORCE:
        return "notices", "1", ()
    return "recipient_notices", "n.recipient = ?", (receiver,)


def sent_batch(db: Database, report_id: str) -> int | None:
    """The number of the latest batch that took the report to the police and was not sent back
    by the force; None if it has not gone."""
    found = db.scalar(
        "SELECT b.sequence FROM batch_members m JOIN batches b ON b.id = m.batch_id "
        "WHERE m.report_id = ? AND m.outcome <> 'rejected' ORDER BY b.sequence DESC LIMIT 1",
        (report_id,),
    )
    return None if found is None else int(found)


def holders(db: Database, report_id: str) -> list[Receiver]:
    """Who holds the report: the force (first) and the recipients, each once it is in one of
    their batches that was not sent back, and (a recipient) until it is asked to erase it."""
    rows = db.all(
        "SELECT DISTINCT b.recipient FROM recipient_batch_members m "
        "JOIN recipient_batches b ON b.id = m.batch_id "
        "WHERE m.report_id = ? AND m.outcome <> 'rejected' AND NOT EXISTS (SELECT 1 FROM "
        "recipient_notices n WHERE n.recipient = b.recipient AND n.report_id = m.report_id "
        "AND n.kind = 'erasure' AND n.outcome <> 'refused') ORDER BY b.recipient",
        (report_id,),
    )
    force: list[Receiver] = [FORCE] if sent_batch(db, report_id) is not None else []
    return force + [str(r[0]) for r in rows]


def queue(context: ServiceContext, report_id: str, kind: str, receiver: Receiver = FORCE) -> None:
    """Inside the caller's transaction: a notice of ``kind`` waits for the receiver's next
    batch. A correction still waiting is replaced by a new one, or by an erasure: a batch being
    written with the old one is then refused when it is recorded (``mark_sent``), so what
    reaches the receiver is never older than the store."""
    db = context.db
    drop_waiting(db, report_id, AMENDMENT, receiver)
    if receiver is FORCE:
        added = db.execute(
            "INSERT OR IGNORE INTO notices (report_id, kind, created_at) VALUES (?, ?, ?)",
            (report_id, kind, context.now_text()),
        )
    else:
        added = db.execute(
            "INSERT OR IGNORE INTO recipient_notices (recipient, report_id, kind, created_at) "
            "VALUES (?, ?, ?, ?)",
            (receiver, report_id, kind, context.now_text()),
        )
    if added:
        context.audit.append(context.actor, QUEUED[kind], report_id, receiver)


def _notices(receiver: Receiver, where: str, params: tuple[Any, ...], db: Database) -> list[Notice]:
    table, mine, narrowing = _table(receiver)
    sql = (
        f"SELECT n.id, n.report_id, r.reference, n.kind FROM {table} n "  # noqa: S608 - fixed
        f"JOIN reports r ON r.id = n.report_id WHERE {mine} AND {where} "
        "ORDER BY n.kind, r.reference"
    )
    rows = db.all(sql, (*narrowing, *params))
    return [Notice(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def waiting(db: Database, receiver: Receiver = FORCE) -> list[Notice]:
    """Every notice waiting for the receiver's next batch: amendments, then erasures, by
    reference."""
    return _notices(receiver, "n.batch_id IS NULL", (), db)


def in_batch(db: Database, batch_id: str, receiver: Receiver = FORCE) -> list[Notice]:
    return _notices(receiver, "n.batch_id = ?", (batch_id,), db)


def state(db: Database, report_id: str, receiver: Receiver = FORCE) -> NoticeState | None:
    """What the receiver was last told of the report, if anything, with its reason if
    refused."""
    table, mine, narrowing = _table(receiver)
    row = db.one(
        f"{NOTICE_STATE}, coalesce(n.reason, '') FROM {table} n "
        f"WHERE {mine} AND n.report_id = ? ORDER BY n.id DESC LIMIT 1",
        (*narrowing, report_id),
    )
    return None if row is None else NoticeState.parse(row[0], str(row[1]))


def mark_sent(
    context: ServiceContext, notices: list[Notice], batch_id: str, receiver: Receiver = FORCE
) -> None:
    """Inside the transaction that records the batch: each notice it carries is now sent.
    Refused (and so nothing recorded) if one stopped waiting while the file was written."""
    table = _table(receiver)[0]
    for notice in notices:
        if not context.db.execute(
            f"UPDATE {table} SET batch_id = ? WHERE id = ? AND batch_id IS NULL",  # noqa: S608
            (batch_id, notice.id),
        ):
            raise IntakeError(
                _(
                    "A report was corrected or withdrawn while the batch was being written. "
                    "Nothing was marked as sent: write the batch again."
                )
            )
        context.audit.append(context.actor, "notice.sent", notice.report_id, notice.kind)


def drop_waiting(
    db: Database, report_id: str, kind: str | None = None, receiver: Receiver = FORCE
) -> None:
    """No notice about the report (of ``kind``, or of any kind) waits any more for the
    receiver: it sent the report back, so it goes again whole; or its content was erased at
    the centre."""
    table, mine, narrowing = _table(receiver)
    db.execute(
        f"DELETE FROM {table} AS n WHERE {mine} AND n.report_id = ? "  # noqa: S608 - fixed
        "AND n.batch_id IS NULL AND n.kind = coalesce(?, n.kind)",
        (*narrowing, report_id, kind),
    )


def apply_outcomes(
    context: ServiceContext,
    batch_id: str,
    entries: list[dict[str, Any]],
    receiver: Receiver = FORCE,
) -> tuple[int, int]:
    """Inside the receipt's transaction: each notice of the batch confirmed or refused, as the
    receipt says. Returns (confirmed, refused)."""
    table = _table(receiver)[0]
    sent = {(n.report_id, n.kind): n for n in in_batch(context.db, batch_id, receiver)}
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
            f"UPDATE {table} SET outcome = ?, reason = ? WHERE id = ?",  # noqa: S608 - fixed
            ("confirmed" if ok else "refused", str(entry["reason"])[:500] or None, notice.id),
        )
        action = "notice.confirmed" if ok else "notice.refused"
        context.audit.append(context.actor, action, notice.report_id, notice.kind)
        confirmed, refused = confirmed + ok, refused + (not ok)
    return confirmed, refused
