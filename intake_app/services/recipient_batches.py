"""Batches for recipients besides the police, each in the batch format a force reads (opened
with ``intake-force``), with the recipient's own sequence numbers and chain of file hashes. A
report goes to a recipient when the person agreed to it (``Report.shared_with``), with or without
identifying details as agreed, once it is ready (whether or not it has gone to the police); each
correction of a report the recipient holds goes as an amendment, in the form the force gets it,
and each withdrawal as an erasure (``report_notices``). The recipient's signed receipt is
matched to it by its key, and applies only to that recipient's batches.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import minisign

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.delivery import Delivery
from intake_app.domain.report import Report, SharedWith
from intake_app.exchange.batch_format import FORMAT, GENESIS, VERSION, trusted_comment
from intake_app.exchange.batch_writer import verify_written, write_batch
from intake_app.exchange.force_profile_format import public_key, recipients
from intake_app.exchange.plan import GOES_WITH_CONTACT, GOES_WITHOUT_DETAILS, Planned
from intake_app.exchange.receipts import ReceiptInvalid, read_receipt
from intake_app.exchange.signed_file import MAX_SIGNATURE_BYTES, split_signature, verifies
from intake_app.services import report_notices
from intake_app.services.batch_contents import BatchContents
from intake_app.services.context import ServiceContext
from intake_app.services.export import BatchResult
from intake_app.services.receipt_import import ReceiptCounts
from intake_app.services.recipients import Recipient, RecipientService
from intake_app.services.report_notices import Notice
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

SENDABLE = ("ready", "exported", "acknowledged")


def _identifying(report: Report, code: str) -> bool:
    """Whether the person agreed this recipient may have their identifying details."""
    return any(s.identifying for s in report.shared_with if s.recipient == code)


def batch_file_name(centre_code: str, recipient: str, sequence: int) -> str:
    """A name with nothing personal in it, apart from the police force's batches."""
    return f"{centre_code}-{recipient}-batch-{sequence:05d}.intake"


class RecipientBatches:
    def __init__(
        self,
        context: ServiceContext,
        registry: RecipientService,
        contents: BatchContents,
        *,
        load_many: Callable[[list[str]], list[Any]],
        signing_key: Callable[[], minisign.SecretKey],
        record_head: Callable[[], None],
    ) -> None:
        self.context, self.db, self.registry = context, context.db, registry
        self.contents, self.load_many = contents, load_many
        self.signing_key, self.record_head = signing_key, record_head

    def plan(self, code: str) -> list[Planned]:
        """The reports that would go to this recipient: ready or sent to the police, the person
        agreed, not demo data, and not already with it."""
        self.context.require(COORDINATOR)
        rows = self.db.all(
            "SELECT id FROM reports r WHERE status IN (SELECT value FROM json_each(?)) "
            "AND is_demo = 0 AND NOT EXISTS (SELECT 1 FROM recipient_batch_members m "
            "JOIN recipient_batches b ON b.id = m.batch_id WHERE m.report_id = r.id "
            "AND b.recipient = ? AND m.outcome <> 'rejected') ORDER BY reference",
            (json.dumps(SENDABLE), code),
        )
        planned = []
        for record in self.load_many([str(r[0]) for r in rows]):
            for agreed in record.report.shared_with:
                if agreed.recipient == code:
                    why = _(GOES_WITH_CONTACT if agreed.identifying else GOES_WITHOUT_DETAILS)
                    planned.append(
                        Planned(record.id, record.reference, True, agreed.identifying, why)
                    )
        return planned

    def export(self, code: str, folder: Path) -> BatchResult:
        self.context.require(COORDINATOR)
        recipient = self.registry.get(code)
        going = self.plan(code)
        notices = report_notices.waiting(self.db, code)
        if not going and not notices:
            # Translators: {name} is a recipient's name, such as a council's team.
            raise IntakeError(
                _("Nothing to send to {name}: no ready report that the person agreed may go "
                  "there. No batch was written.").format(name=recipient.name)
            )  # fmt: skip
        last = self.db.one(
            "SELECT sequence, file_sha256 FROM recipient_batches WHERE recipient = ? "
            "ORDER BY sequence DESC LIMIT 1",
            (code,),
        )
        sequence, previous = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
        batch_id = secrets.token_hex(16)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        head = self.context.audit.head()
        path, digest = self._write(folder, recipient, going, notices, batch_id, sequence,
                                   previous, now, head)  # fmt: skip
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO recipient_batches (id, recipient, sequence, created_at, created_by, "
                "file_sha256, previous_sha256, report_count, notice_count, audit_head) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (batch_id, code, sequence, now, self.context.user.id, digest, previous,
                 len(going), len(notices), head),
            )  # fmt: skip
            self.db.execute(
                "INSERT INTO recipient_batch_copies VALUES (?, ?, ?)", (batch_id, digest, now)
            )
            self.db.execute(
                "INSERT INTO recipient_batch_members (batch_id, report_id) "
                "SELECT ?, value FROM json_each(?)",
                (batch_id, json.dumps([p.report_id for p in going])),
            )
            self.context.audit.append(self.context.actor, "recipient_batch.exported", batch_id,
                                      f"{code}:{len(going)}")  # fmt: skip
            report_notices.mark_sent(self.context, notices, batch_id, code)
        self.record_head()
        return BatchResult(path, batch_id, sequence, len(going), len(notices))

    def rewrite(self, code: str, sequence: int, folder: Path) -> BatchResult:
        """Write a recipient's batch not yet acknowledged again (a lost USB stick): the same
        batch id, reports and notices, so the recipient imports it once whichever copy
        arrives."""
        self.context.require(COORDINATOR)
        recipient = self.registry.get(code)
        row = self.db.one(
            "SELECT id, created_at, previous_sha256, acknowledged_at, audit_head "
            "FROM recipient_batches WHERE recipient = ? AND sequence = ?",
            (code, sequence),
        )
        if row is None:
            # Translators: {sequence} is a batch's number.
            raise IntakeError(_("There is no batch {sequence}.").format(sequence=sequence))
        if row[3]:
            raise IntakeError(
                # Translators: {sequence} is a batch's number; {name} a recipient's name.
                _("Batch {sequence} has been acknowledged by {name}; it need not be sent "
                  "again.").format(sequence=sequence, name=recipient.name)
            )  # fmt: skip
        batch_id = str(row[0])
        ids = [
            str(r[0])
            for r in self.db.all(
                "SELECT m.report_id FROM recipient_batch_members m JOIN reports r "
                "ON r.id = m.report_id WHERE m.batch_id = ? ORDER BY r.reference",
                (batch_id,),
            )
        ]
        going = [
            Planned(record.id, record.reference, True, _identifying(record.report, code),
                    "written again")
            for record in self.load_many(ids)
        ]  # fmt: skip
        going.sort(key=lambda planned: planned.reference)
        notices = report_notices.in_batch(self.db, batch_id, code)
        head = str(row[4] or self.context.audit.head())  # the same head as the first copy
        path, digest = self._write(folder, recipient, going, notices, batch_id, sequence,
                                   str(row[2]), str(row[1]), head)  # fmt: skip
        with self.db.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO recipient_batch_copies VALUES (?, ?, ?)",
                (batch_id, digest, self.context.now_text()),
            )
            self.context.audit.append(
                self.context.actor, "recipient_batch.rewritten", batch_id, code
            )
        return BatchResult(path, batch_id, sequence, len(going), len(notices))

    def _write(
        self,
        folder: Path,
        recipient: Recipient,
        going: list[Planned],
        notices: list[Notice],
        batch_id: str,
        sequence: int,
        previous: str,
        created: str,
        audit_head: str,
    ) -> tuple[Path, str]:
        manifest: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "centre_code": self.context.centre.code,
            "batch_id": batch_id, "sequence": sequence, "previous_batch_sha256": previous,
            "created_at": created, "force_code": recipient.code, "report_count": len(going),
            "audit_head": audit_head,
            "amendment_count": sum(1 for n in notices if n.kind == "amendment"),
            "erasure_count": sum(1 for n in notices if n.kind == "erasure"),
        }  # fmt: skip
        path = Path(folder) / batch_file_name(self.context.centre.code, recipient.code, sequence)
        if path.exists():
            raise IntakeError(
                # Translators: {file} is the batch file's name.
                _("{file} is already there. Choose another folder, or move it away.").format(
                    file=path.name
                )
            )
        digest = write_batch(
            path, recipients=recipients(recipient.profile), secret_key=self.signing_key(),
            manifest=manifest,
            members=self.contents.members(
                going, notices, None, lambda record: _identifying(record.report, recipient.code)
            ),
            trusted_comment=trusted_comment(batch_id, sequence, self.context.centre.code),
        )  # fmt: skip
        verify_written(path, digest, len(recipient.profile.age_recipients))
        return path, digest

    # --- receipts -----------------------------------------------------------------------------

    def signer(self, raw: bytes) -> Recipient:
        """The registered recipient whose key signed this receipt."""
        found = split_signature(raw[:MAX_SIGNATURE_BYTES])
        if found is not None:
            for recipient in self.registry.all():
                if verifies(public_key(recipient.profile), found[0], raw[found[1] :]):
                    return recipient
        raise ReceiptInvalid(
            _(
                "That receipt is not signed with the key of any registered recipient. It was "
                "not imported."
            )
        )

    def import_receipt(self, raw: bytes) -> tuple[Recipient, ReceiptCounts]:
        """Apply a recipient's receipt to that recipient's batch it answers; nothing changes
        unless all of it applies."""
        self.context.require(COORDINATOR)
        recipient = self.signer(raw)
        receipt = read_receipt(raw, public_key(recipient.profile))
        batch = self.db.one(
            "SELECT b.id, b.acknowledged_at, b.audit_head FROM recipient_batches b "
            "JOIN recipient_batch_copies c ON c.batch_id = b.id "
            "WHERE b.id = ? AND c.file_sha256 = ? AND b.recipient = ?",
            (receipt.get("batch_id"), receipt.get("batch_sha256"), recipient.code),
        )
        if batch is None or receipt.get("centre_code") != self.context.centre.code:
            raise ReceiptInvalid(
                # Translators: {name} is a recipient's name, such as a council's team.
                _("That receipt answers no batch this centre sent to {name}. Nothing was "
                  "changed.").format(name=recipient.name)
            )  # fmt: skip
        if batch[1]:
            raise IntakeError(_("That receipt was imported before. Nothing was changed."))
        echoed = receipt.get("audit_head")
        if echoed is not None and batch[2] is not None and echoed != batch[2]:
            raise ReceiptInvalid(
                _("The receipt records a different state of this centre's audit log than the "
                  "batch carried. Nothing was changed.")
            )  # fmt: skip
        members = {
            str(r[0])
            for r in self.db.all(
                "SELECT report_id FROM recipient_batch_members WHERE batch_id = ?", (batch[0],)
            )
        }
        entries = receipt.get("reports", [])
        if {e.get("id") for e in entries} != members:
            raise ReceiptInvalid(
                _("The receipt does not list exactly the reports in that batch. Nothing was "
                  "changed.")
            )  # fmt: skip
        now = self.context.now_text()
        accepted = rejected = 0
        with self.db.transaction():
            for entry in entries:
                ok = entry.get("outcome") == "accepted"
                self.db.execute(
                    "UPDATE recipient_batch_members SET outcome = ?, reason = ? "
                    "WHERE batch_id = ? AND report_id = ?",
                    ("accepted" if ok else "rejected", str(entry.get("reason", ""))[:500],
                     batch[0], entry["id"]),
                )  # fmt: skip
                if not ok:  # it goes again whole: no notice about it waits for the recipient
                    report_notices.drop_waiting(self.db, entry["id"], None, recipient.code)
                accepted, rejected = accepted + ok, rejected + (not ok)
            confirmed, refused = report_notices.apply_outcomes(
                self.context, batch[0], receipt.get("notices", []), recipient.code
            )
            self.db.execute(
                "UPDATE recipient_batches SET acknowledged_at = ? WHERE id = ?", (now, batch[0])
            )
            self.context.audit.append(self.context.actor, "recipient_receipt.imported", batch[0],
                                      f"{accepted}/{rejected}")  # fmt: skip
        self.record_head()
        return recipient, ReceiptCounts(accepted, rejected, confirmed, refused)

    # --- where a report stands ----------------------------------------------------------------

    def deliveries(self, report_id: str, shared: list[SharedWith]) -> list[Delivery]:
        """For each recipient the person agreed to (``shared``) or that was sent the report:
        whether it went, and whether the recipient acknowledged it."""
        names = {code: name for code, name, _kind in self.registry.choices()}
        rows = self.db.all(
            "SELECT b.recipient, m.outcome FROM recipient_batch_members m "
            "JOIN recipient_batches b ON b.id = m.batch_id WHERE m.report_id = ? "
            "ORDER BY b.sequence",
            (report_id,),
        )
        sent = {str(r[0]): str(r[1]) for r in rows}
        agreed = {s.recipient: s.identifying for s in shared}
        states = {"waiting": "exported", "accepted": "acknowledged", "rejected": "rejected"}
        return [
            Delivery(code, names.get(code, code), agreed.get(code, False),
                     states[sent[code]] if code in sent else "agreed",
                     report_notices.state(self.db, report_id, code) if code in sent else None)
            for code in sorted(set(agreed) | set(sent))
        ]  # fmt: skip

    def batches(self, code: str) -> list[tuple[int, str, int, str | None, int]]:
        """(sequence, created_at, report count, acknowledged_at, notice count), newest first."""
        rows = self.db.all(
            "SELECT sequence, created_at, report_count, acknowledged_at, notice_count "
            "FROM recipient_batches WHERE recipient = ? ORDER BY sequence DESC",
            (code,),
        )
        return [(int(r[0]), str(r[1]), int(r[2]), None if r[3] is None else str(r[3]),
                 int(r[4])) for r in rows]  # fmt: skip
