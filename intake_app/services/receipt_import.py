"""A force's signed receipt applied to the batch it answers: accepted reports become
acknowledged, rejected ones return to ready with the force's reason, each correction or erasure
the batch carried is confirmed or refused (``report_notices``), and the audit head the force
echoed is kept. The receipt's signature is checked before this (``exchange.receipts``); here it
must answer a batch this centre sent, exactly, once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from intake_app.exchange.receipts import ReceiptInvalid
from intake_app.services import report_notices
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


class ReceiptCounts(NamedTuple):
    accepted: int  # reports
    rejected: int
    confirmed: int = 0  # corrections and erasures
    refused: int = 0


def apply_receipt(context: ServiceContext, receipt: dict[str, Any]) -> ReceiptCounts:
    """Nothing is changed unless all of it applies."""
    db = context.db
    batch = db.one(
        "SELECT b.id, b.acknowledged_at, b.audit_head FROM batches b "
        "JOIN batch_copies c ON c.batch_id = b.id "
        "WHERE b.id = ? AND c.file_sha256 = ?",
        (receipt.get("batch_id"), receipt.get("batch_sha256")),
    )
    if batch is None or receipt.get("centre_code") != context.centre.code:
        raise ReceiptInvalid(
            _("That receipt answers a batch this centre did not send. Nothing was changed.")
        )
    if batch[1]:
        raise IntakeError(_("That receipt was imported before. Nothing was changed."))
    echoed = receipt.get("audit_head")
    if echoed is not None and batch[2] is not None and echoed != batch[2]:
        raise ReceiptInvalid(
            _(
                "The force's receipt records a different state of this centre's audit log than "
                "this centre's own record of the batch: the log or the batch record has been "
                "changed since it was sent. Nothing was changed; tell the force and check the "
                "audit log."
            )
        )
    members = {
        str(r[0])
        for r in db.all("SELECT report_id FROM batch_members WHERE batch_id = ?", (batch[0],))
    }
    entries = receipt.get("reports", [])
    if {e.get("id") for e in entries} != members:
        raise ReceiptInvalid(
            _("The receipt does not list exactly the reports in that batch. Nothing was changed.")
        )
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    accepted = rejected = 0
    with db.transaction():
        for entry in entries:
            ok = entry.get("outcome") == "accepted"
            reason = str(entry.get("reason", ""))[:500]
            db.execute(
                "UPDATE batch_members SET outcome = ?, reason = ? WHERE batch_id = ? AND report_id = ?",
                ("accepted" if ok else "rejected", reason, batch[0], entry["id"]),
            )
            db.execute(
                "UPDATE reports SET status = ?, updated_at = ? WHERE id = ? AND status = 'exported'",
                ("acknowledged" if ok else "ready", now, entry["id"]),
            )
            if not ok:
                report_notices.drop_waiting(db, entry["id"])
            accepted, rejected = accepted + ok, rejected + (not ok)
        confirmed, refused = report_notices.apply_outcomes(
            context, batch[0], receipt.get("notices", [])
        )
        db.execute(
            "UPDATE batches SET acknowledged_at = ?, received_at = ? WHERE id = ?",
            (now, receipt.get("created_at"), batch[0]),
        )
        if echoed is not None:  # the force, under its signature, saw the log reach this far
            db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('acknowledged_audit_head', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value "
                "WHERE CAST(substr(excluded.value, 1, instr(excluded.value, ':') - 1) "
                "AS INTEGER) > CAST(substr(value, 1, instr(value, ':') - 1) AS INTEGER)",
                (echoed,),
            )
        context.audit.append(context.actor, "receipt.imported", batch[0], f"{accepted}/{rejected}")

    return ReceiptCounts(accepted, rejected, confirmed, refused)
