"""Creating, editing, correcting, finding and withdrawing reports. Every change and view is audited."""

from __future__ import annotations

import builtins
import json
import secrets
from collections.abc import Callable
from typing import Any

from intake_app.domain import reference
from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.document_mark import current_mark
from intake_app.domain.report import EDITABLE_STATUSES, Report
from intake_app.domain.report_display import status_in_sentence
from intake_app.domain.report_notice import AMENDMENT, ERASURE, NoticeState
from intake_app.domain.report_record import (
    HandedOver,
    ReportQuery,
    ReportRecord,
    ReportSummary,
    StoredReport,
    sort_value,
)
from intake_app.domain.validation import problems, storage_problems
from intake_app.domain.vocabulary import Vocabulary
from intake_app.services import handed_over as stubs
from intake_app.services import report_corrections, report_notices
from intake_app.services.attachments import attachments_of, attachments_of_many
from intake_app.services.case_assignments import NOT_ASSIGNED, NOT_IN_CASEBOOK, assigned_to
from intake_app.services.context import ServiceContext
from intake_app.services.report_corrections import Correction
from intake_app.services.report_finding import ReportFinder
from intake_app.services.report_numbering import next_reference, writer_of
from intake_app.services.report_storage import (
    INSERTED,
    INSERTED_MARKS,
    SENT_END,
    UPDATED,
    columns,
    index,
    index_strands,
    save_content,
    sent_text,
)
from intake_app.statistics.entries import record_entries
from intake_app.support.errors import (
    InvalidState,
    NotAllowed,
    NotFound,
    StorageFailure,
    ValidationFailed,
)
from intake_app.support.i18n import _

__all__ = ["ReportService", "sort_value"]  # sort_value: for asking for the next page


class ReportService:
    def __init__(
        self,
        context: ServiceContext,
        *,
        vocabulary: Callable[[], Vocabulary],
        hand_over: Callable[[str], object],
        record_head: Callable[[], None],
        parental_rule: Callable[[], bool] = lambda: True,
    ) -> None:
        """``parental_rule``: the centre's rule, whether passing on a child's report needs a
        parent's or carer's agreement (read when a report is checked: a setting may change)."""
        self.context = context
        self.parental_rule = parental_rule
        self.db = context.db
        self.vocabulary = vocabulary
        self.hand_over = hand_over  # in a workspace: seal a ready report to the centre
        self.record_head = record_head  # record the audit head after a change that matters
        self._finder = ReportFinder(context.db, context.user)
        self._writer: int | None = None

    # --- permissions -----------------------------------------------------------------------

    def _check_visible(self, created_by: str, status: str) -> None:
        user = self.context.user
        if user.role == COORDINATOR:
            return
        if user.role == "volunteer" and created_by == user.id and status == "draft":
            return
        if user.is_caseworker:
            raise NotAllowed(NOT_ASSIGNED())
        raise NotAllowed(
            _("You can open only your own reports, until they are marked ready. Ask a coordinator.")
        )

    # --- reading ---------------------------------------------------------------------------

    def _record(self, row: Any) -> ReportRecord:
        if self.context.user.is_caseworker and assigned_to(self.db, row[0]) == self.context.user.id:
            return self._read(row)
        return self._read(row, check=True)

    def _read(self, row: Any, *, check: bool = False) -> ReportRecord:
        report, _problems = Report.from_dict(json.loads(row[7]))
        record = ReportRecord(
            id=row[0],
            reference=row[1],
            status=row[2],
            created_by=row[3],
            created_at=row[4],
            updated_at=row[5],
            is_demo=bool(row[6]),
            report=report,
        )
        if check:
            self._check_visible(record.created_by, record.status)
        return record

    def visible(self, ref_or_id: str) -> ReportRecord:
        """The report, with its attachments, if the signed-in user may see it (refused
        otherwise). Not audited: for checking a report before changing it or its files; to
        read one, use ``get``."""
        row = self.db.one(
            "SELECT id, reference, status, created_by, created_at, updated_at, is_demo, data "
            "FROM reports WHERE id = ? OR reference = ?",
            (ref_or_id, reference.normalise(ref_or_id)),
        )
        if row is None:
            typed = reference.normalise(ref_or_id)
            if typed.count("-") == 3 and not reference.is_valid(typed):
                raise NotFound(
                    _(
                        "That reference has a mistake in it (its last character does not match). "
                        "Check each character."
                    )
                )
            if self.context.in_workspace:
                raise stubs.not_in_workspace(self.db, ref_or_id)
            if self.context.in_casebook:  # the caseworker's casebook holds only their cases
                raise NotFound(NOT_IN_CASEBOOK())
            raise NotFound(_("There is no report with that reference."))
        record = self._record(row)
        record.attachments = attachments_of(self.db, record.id)
        return record

    def handed_over(self, ref_or_id: str) -> HandedOver | None:
        """In a volunteer's workspace, what is left of a report handed to the centre."""
        return stubs.find(self.db, ref_or_id) if self.context.in_workspace else None

    def handed_over_summary(self) -> str:
        """For a volunteer's list: how many reports went to the centre, and the latest."""
        return stubs.summary(self.db) if self.context.in_workspace else ""

    def load_many(self, ids: list[str]) -> list[ReportRecord]:
        """Several reports by id, in the order given, with their attachments (one query each for
        the reports and their attachments, for export). Missing ids are left out."""
        return [stored.record() for stored in self.stored_many(ids)]

    def stored_many(self, ids: list[str], *, sent: bool = False) -> list[StoredReport]:
        """Several reports by id, in the order given, with their attachments, each document as
        the store holds it (not yet a ``Report``): a batch uses most as they are. ``sent``: with
        each marked document as a batch sends it, its centre-only fields taken out here."""
        rows = self.db.all(
            "SELECT id, reference, status, created_by, created_at, updated_at, is_demo, data, "  # noqa: S608 - fixed text
            f"{SENT_END} FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (current_mark(), json.dumps(ids)),
        )
        found: dict[str, StoredReport] = {}
        user = self.context.user
        for row in rows:
            if not (user.is_caseworker and assigned_to(self.db, row[0]) == user.id):
                self._check_visible(row[3], row[2])  # as _record does
            found[str(row[0])] = StoredReport(
                row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7],
                sent=sent_text(row[7], row[8]) if sent and row[8] is not None else None,
            )  # fmt: skip
        attachments = attachments_of_many(self.db, list(found))
        for stored in found.values():
            stored.attachments = attachments.get(stored.id, [])
        return [found[i] for i in ids if i in found]

    def get(self, ref_or_id: str) -> ReportRecord:
        """Open a report to read it (audited as a view).

        When the disk refuses the audit entry (full, read-only), the report is still given, with
        ``view_not_recorded`` saying why, so whoever reads it knows the view went unrecorded."""
        record = self.visible(ref_or_id)
        try:
            with self.db.transaction():
                self.context.audit.append(self.context.actor, "report.viewed", record.id)
        except StorageFailure as exc:
            # Translators: {cause} finishes the sentence ("the disk is full"); {advice} is one or
            # two sentences saying what to do.
            record.view_not_recorded = _(
                "Opening this report could not be recorded in the audit log, because {cause}. "
                "{advice}"
            ).format(cause=exc.cause, advice=exc.advice)
        return record

    def list(self, query: ReportQuery | None = None) -> builtins.list[ReportSummary]:
        """The reports the user may see that match ``query``, a page at a time."""
        return self._finder.list(query)

    def count(self, query: ReportQuery | None = None, *, cap: int | None = None) -> int:
        """How many reports match; with ``cap``, counting stops there (a search for a common
        word matches most of the store, and an exact count would take seconds)."""
        return self._finder.count(query, cap=cap)

    # --- writing ---------------------------------------------------------------------------

    def _validate(self, report: Report, *, complete: bool, strict: bool = True) -> None:
        if strict:
            found = problems(
                report,
                self.vocabulary(),
                self.context.local_now(),
                complete=complete,
                children_need_parental_consent=self.parental_rule(),
            )
        else:
            found = storage_problems(report)
        if found:
            raise ValidationFailed(found)

    def _next_reference(self, year: int) -> str:
        if self._writer is None:  # a workspace's writer number never changes: read it once
            self._writer = writer_of(self.db)
        return next_reference(self.db, self.context.centre.code, year, self._writer)

    def create_draft(
        self, report: Report, *, is_demo: bool = False, strict: bool = True
    ) -> ReportRecord:
        """Save a new draft. ``strict=False`` (the form's autosave) keeps half-typed values such
        as an unfinished postcode; only what can never be stored is refused. 'Ready' checks all."""
        if self.context.user.role not in (COORDINATOR, "volunteer"):
            raise NotAllowed(_("Sign in as a user to write reports."))
        report = report.with_stored_dates()
        self._validate(report, complete=False, strict=strict)
        report_id = secrets.token_hex(16)
        now = self.context.now_text()
        with self.db.transaction():
            ref = self._next_reference(self.context.local_now().year)
            self.db.execute(
                "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "  # noqa: S608 - fixed names
                f"is_demo, {INSERTED}) VALUES (?, ?, 'draft', ?, ?, ?, ?, {INSERTED_MARKS})",
                (
                    report_id,
                    ref,
                    self.context.user.id,
                    now,
                    now,
                    int(is_demo),
                    *columns(report),
                ),
            )
            index(self.db, report_id, report)
            self.context.audit.append(self.context.actor, "report.created", report_id)
        return ReportRecord(
            report_id, ref, "draft", self.context.user.id, now, now, is_demo, report
        )

    def update_draft(self, ref_or_id: str, report: Report, *, strict: bool = True) -> ReportRecord:
        record = self.visible(ref_or_id)
        if record.status not in EDITABLE_STATUSES:
            raise InvalidState(
                # Translators: {status} is the report's status ("ready", "exported"…).
                _("Only a draft can be changed. This report is already {status}.").format(
                    status=status_in_sentence(record.status)
                )
            )
        report = report.with_stored_dates()
        self._validate(report, complete=False, strict=strict)
        now = self.context.now_text()
        with self.db.transaction():
            if not save_content(self.db, record.id, report, now, "draft"):
                raise InvalidState(
                    _(
                        "This report stopped being a draft while it was being changed; "
                        "the changes were not saved."
                    )
                )
            self.context.audit.append(self.context.actor, "report.updated", record.id)
        record.report, record.updated_at = report, now
        return record

    def mark_ready(self, ref_or_id: str) -> ReportRecord:
        record = self.visible(ref_or_id)
        if record.status != "draft":
            raise InvalidState(
                # Translators: {status} is the report's status ("ready", "exported"…).
                _("Only a draft can be marked ready; this report is {status}.").format(
                    status=status_in_sentence(record.status)
                )
            )
        report = record.report.with_stored_dates()  # a draft saved before dates were converted
        self._validate(report, complete=True)
        now = self.context.now_text()
        with self.db.transaction():
            self.db.execute(
                f"UPDATE reports SET status = 'ready', updated_at = ?, {UPDATED} WHERE id = ?",  # noqa: S608
                (now, *columns(report), record.id),
            )
            if not self.context.in_workspace:  # the centre counts it when it is taken in
                record_entries(self.db, record.id, report, record.created_at, record.is_demo)
            self.context.audit.append(self.context.actor, "report.ready", record.id)
        record.status, record.updated_at, record.report = "ready", now, report
        if self.context.in_workspace:
            self.hand_over(record.id)  # sealed to the centre; a stub stays
        self.record_head()
        return record

    def correct(self, ref_or_id: str, report: Report) -> ReportRecord:
        """A coordinator corrects a ready report; the audit log names the fields changed. When
        the police have it, the correction goes to the force with the next batch. Rules in
        ``report_corrections``."""
        report_corrections.check_may_correct(self.context.user)
        record = self.visible(ref_or_id)
        return report_corrections.correct(
            self.context, self.vocabulary(), record, report, parental_rule=self.parental_rule()
        )

    def corrections(self, ref_or_id: str) -> builtins.list[Correction]:
        """Who corrected the report, when, and which fields (dotted paths), oldest first."""
        return report_corrections.corrections(self.db, self.visible(ref_or_id).id)

    def notice(self, ref_or_id: str) -> NoticeState | None:
        """What the force was last told of the report (a correction or an erasure) and how far
        that has got; None if nothing."""
        return report_notices.state(self.db, self.visible(ref_or_id).id)

    def sent_batch(self, ref_or_id: str) -> int | None:
        """The batch that took the report to the police (not sent back), if it has gone."""
        return report_notices.sent_batch(self.db, self.visible(ref_or_id).id)

    def withdraw(self, ref_or_id: str) -> ReportRecord:
        """The person withdrew: erase personal data and attachments, keep anonymised counts.
        When the police have the report, the next batch tells the force to erase it too."""
        try:
            if self.context.user.is_caseworker:
                raise NotAllowed()
            record = self.visible(ref_or_id)
        except NotAllowed:
            raise NotAllowed(
                _(
                    "You can withdraw only your own drafts. Ask a coordinator to withdraw this "
                    "report."
                )
            ) from None
        if record.status == "withdrawn":
            raise InvalidState(_("This report has already been withdrawn."))
        if record.status == "purged":
            raise InvalidState(_("This report has already been purged."))
        return self.erase_personal_data(
            record.id, "withdrawn", "report.withdrawn", tell_the_force=True
        )

    def erase_personal_data(
        self, report_id: str, status: str, action: str, *, tell_the_force: bool = False
    ) -> ReportRecord:
        """Keep only the anonymised fields; attachments and the search entry go too. With
        ``tell_the_force``, a report the police have gets an erasure for the next batch (a
        withdrawal does; the retention purge does not: the force keeps its own copy under its
        own rules)."""
        row = self.db.one(
            "SELECT id, reference, created_by, created_at, is_demo, data FROM reports WHERE id = ?",
            (report_id,),
        )
        if row is None:
            raise NotFound(_("There is no report with that reference."))
        report, _problems = Report.from_dict(json.loads(row[5]))
        kept = report.anonymised()
        now = self.context.now_text()
        with self.db.transaction():
            self.db.execute(
                "UPDATE reports SET status = ?, withdrawn_at = ?, updated_at = ?, "  # noqa: S608
                f"{UPDATED} WHERE id = ?",
                (status, now, now, *columns(kept), report_id),
            )
            self.db.execute("DELETE FROM attachments WHERE report_id = ?", (report_id,))
            # links stay (statistics count them), without a note that could name someone
            self.db.execute(
                "UPDATE report_links SET note = '' WHERE first_id = ? OR second_id = ?",
                (report_id, report_id),
            )
            # What was done for the person is about them too; who worked the case is kept.
            self.db.execute("DELETE FROM follow_ups WHERE report_id = ?", (report_id,))
            index(self.db, report_id, None)  # no search row: nothing left to find it by
            index_strands(self.db, report_id, kept.strands)  # statistics still count it
            self.context.audit.append(self.context.actor, action, report_id)
            for receiver in report_notices.holders(self.db, report_id):
                if tell_the_force:  # the force, and every other recipient that holds it
                    report_notices.queue(self.context, report_id, ERASURE, receiver)
                else:  # a correction still waiting would carry what is left: it goes no further
                    report_notices.drop_waiting(self.db, report_id, AMENDMENT, receiver)
        return ReportRecord(row[0], row[1], status, row[2], row[3], now, bool(row[4]), kept)
