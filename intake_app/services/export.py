"""Sending ready reports to the force as one encrypted, signed batch file.

What goes, and how, follows each report's consent (see ``plan``): "monitoring only" never leaves
the centre; "without identifying details" leaves with every identifying field emptied and only the
attachments the person agreed to share. Demo reports never leave, whatever the caller asks for.
Every correction or withdrawal the force must be told of goes with the next batch, which may then
hold no report at all (``report_notices``, ``batch_contents``). Nothing is marked exported until
the file is completely written, synced, renamed and re-checked.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import minisign

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.batch_format import (
    FORMAT,
    GENESIS,
    VERSION,
    batch_file_name,
    trusted_comment,
)
from intake_app.exchange.batch_writer import BatchWriting, start_batch, verify_written
from intake_app.exchange.force_profile_format import (
    parse_profile,
    public_key,
    recipients,
    stored_profile,
)
from intake_app.exchange.plan import Planned, nothing_to_send, planned
from intake_app.exchange.receipts import read_receipt
from intake_app.services import report_notices
from intake_app.services.batch_contents import BatchContents
from intake_app.services.context import ServiceContext
from intake_app.services.receipt_import import ReceiptCounts, apply_receipt
from intake_app.services.report_notices import Notice
from intake_app.services.reports import ReportService
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

_MARKED_AT_ONCE = 500  # reports marked exported per statement


@dataclass(frozen=True)
class BatchResult:
    path: Path
    batch_id: str
    sequence: int
    report_count: int
    notice_count: int = 0  # corrections and erasures


class ExportService:
    def __init__(
        self,
        context: ServiceContext,
        reports: ReportService,
        *,
        # Files' bytes for a coordinator's batch, in the order of the (id, size) pairs given.
        attachment_contents: Callable[[list[tuple[str, int]]], Iterator[bytes]],
        record_head: Callable[[], None],  # record the audit head, after a batch or a receipt
    ) -> None:
        self.context, self.db, self.reports = context, context.db, reports
        self.record_head = record_head
        self.contents = BatchContents(context.centre.code, reports.stored_many, attachment_contents)

    # --- keys and the force profile -----------------------------------------------------------

    def _secret_key(self) -> minisign.SecretKey:
        stored = self.db.scalar("SELECT value FROM store_meta WHERE key = 'centre_signing_key'")
        if stored:
            return minisign.SecretKey.from_base64(str(stored).encode("ascii"))
        pair = minisign.KeyPair.generate()
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('centre_signing_key', ?)",
                (pair.secret_key.to_base64().decode("ascii"),),
            )
            self.context.audit.append(self.context.actor, "centre.signing_key_made")
        return pair.secret_key

    def signing_key(self) -> minisign.SecretKey:
        """The centre's signing key, made on first use: every recipient's batches carry the
        same signature as the police force's, checked with the same public key."""
        return self._secret_key()

    def centre_public_key(self) -> str:
        """The centre's public key as a minisign .pub file, for the force to register."""
        public = minisign.PublicKey.from_secret_key(self._secret_key())
        return f"untrusted comment: intake centre {self.context.centre.code}\n{public.to_base64().decode('ascii')}\n"

    def profile(self) -> ForceProfile | None:
        return stored_profile(self.db)

    def read_profile(self, raw: bytes) -> ForceProfile:
        """Check a profile file and show what it is, before importing it."""
        return parse_profile(raw)

    def import_profile(self, raw: bytes) -> ForceProfile:
        self.context.require(COORDINATOR)
        profile = parse_profile(raw)
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO store_meta (key, value) VALUES ('force_profile', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (profile.to_bytes().decode("utf-8"),),
            )
            self.context.audit.append(
                self.context.actor, "force_profile.imported", detail=profile.force_code
            )
        return profile

    # --- planning and writing -----------------------------------------------------------------

    def plan(self, report_ids: list[str] | None = None) -> list[Planned]:
        """Every ready report (or those named, by id or reference) and whether, and how, it
        would go. Demo reports are listed as staying."""
        self.context.require(COORDINATOR)
        # One plain query: the reports list's columns (strands, notices) cost a third of a
        # second over ten thousand reports, and a plan needs none of them.
        rows = self.db.all(
            "SELECT id, reference, coalesce(consent, ''), is_demo FROM reports "
            "WHERE status = 'ready' ORDER BY reference LIMIT 100000"
        )
        named = None if report_ids is None else set(report_ids)
        return [
            planned(str(r[0]), str(r[1]), str(r[2]), bool(r[3]))
            for r in rows
            if named is None or r[0] in named or r[1] in named
        ]

    def waiting_notices(self) -> list[Notice]:
        """The corrections and erasures waiting for the next batch, whatever reports go."""
        self.context.require(COORDINATOR)
        return report_notices.waiting(self.db)

    def export(
        self,
        folder: Path,
        report_ids: list[str] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> BatchResult:
        self.context.require(COORDINATOR)
        profile = self.profile()
        if profile is None:
            raise IntakeError(
                _("Import the force's profile first: it holds the key reports are encrypted to.")
            )
        planned = self.plan(report_ids)
        going = [p for p in planned if p.goes and not p.is_demo]
        notices = report_notices.waiting(self.db)
        if not going and not notices:
            raise IntakeError(_(nothing_to_send(planned)))
        last = self.db.one(
            "SELECT sequence, file_sha256 FROM batches ORDER BY sequence DESC LIMIT 1"
        )
        sequence, previous = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
        batch_id = secrets.token_hex(16)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        head = self.context.audit.head()
        path, writing = self._start(
            folder, profile, going, notices, batch_id, sequence, previous, now, head, progress,
            cancelled,
        )  # fmt: skip
        # Every report is read and encrypted: the store's changes are made while the file is
        # signed, synced, renamed and checked, and committed only once all that is done.
        try:
            with self.db.transaction():
                self.db.execute("PRAGMA defer_foreign_keys = ON")  # the batch's row comes last
                self.db.execute(
                    "INSERT INTO batch_members (batch_id, report_id) "
                    "SELECT ?, value FROM json_each(?)",
                    (batch_id, json.dumps([p.report_id for p in going])),
                )
                # A few hundred at a time: a statement keeps a copy of every page it changes
                # until it ends (in memory), which for ten thousand reports is 40 MB.
                for start in range(0, len(going), _MARKED_AT_ONCE):
                    self.db.execute(
                        "UPDATE reports SET status = 'exported', updated_at = ? "
                        "WHERE +status = 'ready' AND id IN (SELECT value FROM json_each(?))",
                        (now, json.dumps([p.report_id for p in going[start : start + _MARKED_AT_ONCE]])),
                    )  # fmt: skip
                self.context.audit.append(
                    self.context.actor, "batch.exported", batch_id, str(len(going))
                )
                report_notices.mark_sent(self.context, notices, batch_id)
                digest = writing.finish()
                self.db.execute(
                    "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
                    "previous_sha256, report_count, audit_head, notice_count) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (batch_id, sequence, now, self.context.user.id, digest, previous, len(going),
                     head, len(notices)),
                )  # fmt: skip
                self.db.execute(
                    "INSERT INTO batch_copies VALUES (?, ?, ?)", (batch_id, digest, now)
                )
        except BaseException:
            with contextlib.suppress(BaseException):
                writing.finish()  # not left running; the store's failure is the one told
            raise
        self.record_head()
        if progress:
            progress(len(going), len(going))
        return BatchResult(path, batch_id, sequence, len(going), len(notices))

    def rewrite(self, sequence: int, folder: Path) -> BatchResult:
        """Write a batch not yet acknowledged again (a lost USB stick): the same batch id and
        reports, so the force imports it once whichever copy arrives."""
        self.context.require(COORDINATOR)
        profile = self.profile()
        row = self.db.one(
            "SELECT id, created_at, previous_sha256, acknowledged_at, audit_head FROM batches "
            "WHERE sequence = ?",
            (sequence,),
        )
        if row is None:
            # Translators: {sequence} is a batch's number.
            raise IntakeError(_("There is no batch {sequence}.").format(sequence=sequence))
        if row[3]:
            raise IntakeError(
                # Translators: {sequence} is a batch's number.
                _(
                    "Batch {sequence} has been acknowledged by the force; it need not be sent "
                    "again."
                ).format(sequence=sequence)
            )
        if profile is None:
            raise IntakeError(_("Import the force's profile first."))
        going = [
            Planned(str(r[0]), str(r[1]), True, r[2] == "police_with_contact", "written again")
            for r in self.db.all(
                "SELECT r.id, r.reference, r.consent FROM batch_members m JOIN reports r ON r.id = m.report_id "
                "WHERE m.batch_id = ? ORDER BY r.reference",
                (row[0],),
            )
        ]
        notices = report_notices.in_batch(self.db, str(row[0]))
        path, writing = self._start(
            folder,
            profile,
            going,
            notices,
            str(row[0]),
            sequence,
            str(row[2]),
            str(row[1]),
            str(row[4] or self.context.audit.head()),  # the same head as the first copy
            None,
            lambda: False,
        )
        digest = writing.finish()
        with self.db.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO batch_copies VALUES (?, ?, ?)",
                (row[0], digest, self.context.now_text()),
            )
            self.context.audit.append(self.context.actor, "batch.rewritten", str(row[0]))
        return BatchResult(path, str(row[0]), sequence, len(going), len(notices))

    def _start(
        self,
        folder: Path,
        profile: ForceProfile,
        going: list[Planned],
        notices: list[Notice],
        batch_id: str,
        sequence: int,
        previous: str,
        created: str,
        audit_head: str,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> tuple[Path, BatchWriting]:
        manifest: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "centre_code": self.context.centre.code,
            "batch_id": batch_id, "sequence": sequence, "previous_batch_sha256": previous,
            "created_at": created, "force_code": profile.force_code, "report_count": len(going),
            # The audit log's head, covered by the manifest's signature (a key only coordinators
            # hold); the force's receipt echoes it, so a log rewritten later is caught.
            "audit_head": audit_head,
            # Version 3: the corrections and erasures of reports the force already holds.
            "amendment_count": sum(1 for n in notices if n.kind == "amendment"),
            "erasure_count": sum(1 for n in notices if n.kind == "erasure"),
        }  # fmt: skip
        members = self.contents.members(going, notices, progress)

        path = Path(folder) / batch_file_name(self.context.centre.code, sequence)
        recorded = self.db.scalar("SELECT 1 FROM batches WHERE sequence = ?", (sequence,))
        # A file for a sequence the store never recorded was left by an export interrupted after
        # the rename and before the commit: none of its reports counts as sent, so it is replaced.
        if path.exists() and recorded:
            raise IntakeError(
                # Translators: {file} is the batch file's name.
                _("{file} is already there. Choose another folder, or move it away.").format(
                    file=path.name
                )
            )
        count = len(profile.age_recipients)
        writing = start_batch(
            path, recipients=recipients(profile), secret_key=self._secret_key(), manifest=manifest,
            members=members, trusted_comment=trusted_comment(batch_id, sequence, self.context.centre.code),
            cancelled=cancelled, check=lambda written, digest: verify_written(written, digest, count),
        )  # fmt: skip
        return path, writing

    # --- receipts -----------------------------------------------------------------------------

    def import_receipt(self, raw: bytes) -> ReceiptCounts:
        """Apply the force's receipt: accepted reports become acknowledged, rejected ones return
        to ready with the force's reason; corrections and erasures are confirmed or refused."""
        self.context.require(COORDINATOR)
        profile = self.profile()
        if profile is None:
            raise IntakeError(
                _("Import the force's profile first: it holds the key receipts are checked with.")
            )
        counts = apply_receipt(self.context, read_receipt(raw, public_key(profile)))
        self.record_head()
        return counts

    def rejection_reason(self, report_id: str) -> str | None:
        """The force's reason, if it sent this report back."""
        value = self.db.scalar(
            "SELECT reason FROM batch_members WHERE report_id = ? AND outcome = 'rejected' "
            "ORDER BY rowid DESC LIMIT 1",
            (report_id,),
        )
        return None if value is None else str(value)

    def batches(self) -> list[tuple[int, str, int, str | None, int]]:
        """(sequence, created_at, report count, acknowledged_at, notice count), newest first."""
        rows = self.db.all(
            "SELECT sequence, created_at, report_count, acknowledged_at, notice_count FROM batches "
            "ORDER BY sequence DESC"
        )
        return [
            (int(r[0]), str(r[1]), int(r[2]), None if r[3] is None else str(r[3]), int(r[4]))
            for r in rows
        ]
