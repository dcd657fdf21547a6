"""Creating, editing, correcting, finding and withdrawing reports. Every change and view is audited."""

from __future__ import annotations

import builtins
import json
import secrets
from typing import TYPE_CHECKING, Any

from intake_app import handed_over as stubs
from intake_app import reference, report_corrections
from intake_app.errors import (
    InvalidState,
    NotAllowed,
    NotFound,
    StorageFailure,
    ValidationFailed,
)
from intake_app.report import EDITABLE_STATUSES, Report
from intake_app.report_corrections import Correction
from intake_app.report_numbering import next_reference, writer_of
from intake_app.report_record import HandedOver, ReportQuery, ReportRecord, ReportSummary
from intake_app.report_storage import columns, index, index_strands, save_content
from intake_app.search_query import MAX_EXPANSION, reference_prefix, to_fts
from intake_app.statistics.entries import record_entries
from intake_app.users import COORDINATOR
from intake_app.validation import problems, storage_problems

if TYPE_CHECKING:
    from intake_app.session import Session

_ORDER = {
    "updated": "r.updated_at",
    "created": "r.created_at",
    "occurred": "coalesce(r.occurred_on, '')",
    "reference": "r.reference",
}


def sort_value(summary: ReportSummary, order: str) -> str:
    """The value a list is ordered by, for asking for the rows after this one."""
    return {
        "updated": summary.updated_at,
        "created": summary.created_at,
        "occurred": summary.occurred_on,
        "reference": summary.reference,
    }.get(order, summary.updated_at)


_SUMMARY_COLUMNS = (
    "r.id, r.reference, r.status, r.created_by, r.created_at, r.updated_at, "
    "coalesce(r.occurred_on, ''), coalesce(r.consent, ''), "
    "(SELECT group_concat(strand, ',') FROM (SELECT DISTINCT strand FROM report_strands s "
    "WHERE s.report_id = r.id)), r.is_demo"
)


class ReportService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.db = session.db
        self._vocab_ready = False
        self._writer: int | None = None

    def _expand(self, prefix: str) -> list[str]:
        """Words in the search index that start with ``prefix``."""
        if not self._vocab_ready:
            self.db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.report_terms "
                "USING fts5vocab(main, report_search, 'row')"
            )
            self._vocab_ready = True
        rows = self.db.all(
            "SELECT term FROM temp.report_terms WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_EXPANSION),
        )
        return [str(r[0]) for r in rows]

    # --- permissions -----------------------------------------------------------------------

    def _visibility(self) -> tuple[str, list[Any]]:
        """SQL limiting what the user may see: volunteers see their own drafts only."""
        if self.session.user.role == COORDINATOR:
            return "1", []
        if self.session.user.role == "volunteer":
            return "(r.created_by = ? AND r.status = 'draft')", [self.session.user.id]
        return "0", []

    def _check_visible(self, created_by: str, status: str) -> None:
        user = self.session.user
        if user.role == COORDINATOR:
            return
        if user.role == "volunteer" and created_by == user.id and status == "draft":
            return
        raise NotAllowed(
            "You can open only your own reports, until they are marked ready. Ask a coordinator."
        )

    # --- reading ---------------------------------------------------------------------------

    def _record(self, row: Any) -> ReportRecord:
        report, _ = Report.from_dict(json.loads(row[7]))
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
        self._check_visible(record.created_by, record.status)
        return record

    def _load(self, ref_or_id: str) -> ReportRecord:
        row = self.db.one(
            "SELECT id, reference, status, created_by, created_at, updated_at, is_demo, data "
            "FROM reports WHERE id = ? OR reference = ?",
            (ref_or_id, reference.normalise(ref_or_id)),
        )
        if row is None:
            typed = reference.normalise(ref_or_id)
            if typed.count("-") == 3 and not reference.is_valid(typed):
                raise NotFound(
                    "That reference has a mistake in it (its last character does not match). "
                    "Check each character."
                )
            if self.session.in_workspace:
                raise stubs.not_in_workspace(self.db, ref_or_id)
            raise NotFound("There is no report with that reference.")
        record = self._record(row)
        record.attachments = self.session.attachments.list_for(record.id)
        return record

    def handed_over(self, ref_or_id: str) -> HandedOver | None:
        """In a volunteer's workspace, what is left of a report handed to the centre."""
        return stubs.find(self.db, ref_or_id) if self.session.in_workspace else None

    def handed_over_summary(self) -> str:
        """For a volunteer's list: how many reports went to the centre, and the latest."""
        return stubs.summary(self.db) if self.session.in_workspace else ""

    def load_many(self, ids: list[str]) -> list[ReportRecord]:
        """Several reports by id, in the order given, with their attachments (one query each for
        the reports and their attachments, for export). Missing ids are left out."""
        rows = self.db.all(
            "SELECT id, reference, status, created_by, created_at, updated_at, is_demo, data "
            "FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        found = {str(row[0]): self._record(row) for row in rows}
        attachments = self.session.attachments.list_for_many(list(found))
        for record in found.values():
            record.attachments = attachments.get(record.id, [])
        return [found[i] for i in ids if i in found]

    def get(self, ref_or_id: str) -> ReportRecord:
        """Open a report to read it (audited as a view).

        When the disk refuses the audit entry (full, read-only), the report is still given, with
        ``view_not_recorded`` saying why, so whoever reads it knows the view went unrecorded."""
        record = self._load(ref_or_id)
        try:
            with self.db.transaction():
                self.session.audit.append(self.session.actor, "report.viewed", record.id)
        except StorageFailure as exc:
            record.view_not_recorded = (
                f"Opening this report could not be recorded in the audit log, because {exc.cause}. "
                + exc.advice
            )
        return record

    def _where(self, query: ReportQuery) -> tuple[str, list[Any]]:
        clause, params = self._visibility()
        parts, values = [clause], list(params)
        if query.status:
            parts.append("r.status = ?")
            values.append(query.status)
        if query.strand:
            parts.append(
                "EXISTS (SELECT 1 FROM report_strands s WHERE s.report_id = r.id AND s.strand = ?)"
            )
            values.append(query.strand)
        if query.occurred_from:
            parts.append("r.occurred_on >= ?")
            values.append(query.occurred_from)
        if query.occurred_to:
            parts.append("r.occurred_on <= ?")
            values.append(query.occurred_to + "\uffff")
        if not query.include_demo:
            parts.append("r.is_demo = 0")
        ref_prefix = reference_prefix(query.search or "")
        if ref_prefix:
            parts.append("r.reference >= ? AND r.reference < ?")
            values += [ref_prefix, ref_prefix + "\uffff"]
        return " AND ".join(parts), values

    def _from(self, query: ReportQuery) -> tuple[str, list[Any], str | None]:
        """FROM clause, its parameters, and the search order if a word search applies."""
        typed = query.search or ""
        match = None if reference_prefix(typed) else to_fts(typed, self._expand)
        if match:
            return (
                "report_search JOIN reports r ON r.id = report_search.report_id "
                "WHERE report_search MATCH ? AND",
                [match],
                "report_search.rowid DESC",  # most recently changed first, without sorting
            )
        if query.search and not reference_prefix(query.search):  # only punctuation typed
            return "reports r WHERE 0 AND", [], None
        return "reports r WHERE", [], None

    def list(self, query: ReportQuery | None = None) -> list[ReportSummary]:
        query = query or ReportQuery()
        source, source_values, search_order = self._from(query)
        where, values = self._where(query)
        direction = "DESC" if query.descending else "ASC"
        column = _ORDER.get(query.order, "r.updated_at")
        order = search_order or f"{column} {direction}, r.reference {direction}"
        offset = query.offset
        if query.after is not None and not search_order:
            # Keyset paging: the next page starts after the last row seen, without the cost of
            # skipping every earlier row (OFFSET grows slower with every page).
            where += f" AND ({column}, r.reference) {'<' if query.descending else '>'} (?, ?)"
            values = [*values, *query.after]
            offset = 0
        rows = self.db.all(
            f"SELECT {_SUMMARY_COLUMNS} FROM {source} {where} "  # noqa: S608 - fixed fragments
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            (*source_values, *values, query.limit, offset),
        )
        return [
            ReportSummary(
                id=r[0],
                reference=r[1],
                status=r[2],
                created_by=r[3],
                created_at=r[4],
                updated_at=r[5],
                occurred_on=r[6],
                consent=r[7],
                strands=tuple(sorted((r[8] or "").split(","))) if r[8] else (),
                is_demo=bool(r[9]),
            )
            for r in rows
        ]

    def count(self, query: ReportQuery | None = None, *, cap: int | None = None) -> int:
        """How many reports match; with ``cap``, counting stops there (a search for a common
        word matches most of the store, and an exact count would take seconds)."""
        query = query or ReportQuery()
        source, source_values = self._from(query)[:2]
        where, values = self._where(query)
        inner = f"SELECT 1 FROM {source} {where}"  # noqa: S608 - fixed fragments
        params: tuple[Any, ...] = (*source_values, *values)
        if cap is not None:
            inner += " LIMIT ?"
            params = (*params, cap)
        return int(self.db.scalar(f"SELECT count(*) FROM ({inner})", params) or 0)  # noqa: S608

    # --- writing ---------------------------------------------------------------------------

    def _validate(self, report: Report, *, complete: bool, strict: bool = True) -> None:
        if strict:
            found = problems(
                report, self.session.vocabulary, self.session.local_now(), complete=complete
            )
        else:
            found = storage_problems(report)
        if found:
            raise ValidationFailed(found)

    def _next_reference(self, year: int) -> str:
        if self._writer is None:  # a workspace's writer number never changes: read it once
            self._writer = writer_of(self.db)
        return next_reference(self.db, self.session.centre.code, year, self._writer)

    def create_draft(
        self, report: Report, *, is_demo: bool = False, strict: bool = True
    ) -> ReportRecord:
        """Save a new draft. ``strict=False`` (the form's autosave) keeps half-typed values such
        as an unfinished postcode; only what can never be stored is refused. 'Ready' checks all."""
        if self.session.user.role not in (COORDINATOR, "volunteer"):
            raise NotAllowed("Sign in as a user to write reports.")
        report = report.with_stored_dates()
        self._validate(report, complete=False, strict=strict)
        report_id = secrets.token_hex(16)
        now = self.session.now_text()
        with self.db.transaction():
            ref = self._next_reference(self.session.local_now().year)
            self.db.execute(
                "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
                "is_demo, consent, reporter_type, occurred_on, place_type, data) "
                "VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report_id,
                    ref,
                    self.session.user.id,
                    now,
                    now,
                    int(is_demo),
                    *columns(report),
                ),
            )
            index(self.db, report_id, report)
            self.session.audit.append(self.session.actor, "report.created", report_id)
        return ReportRecord(
            report_id, ref, "draft", self.session.user.id, now, now, is_demo, report
        )

    def update_draft(self, ref_or_id: str, report: Report, *, strict: bool = True) -> ReportRecord:
        record = self._load(ref_or_id)
        if record.status not in EDITABLE_STATUSES:
            raise InvalidState(
                "Only a draft can be changed. This report is already " + record.status + "."
            )
        report = report.with_stored_dates()
        self._validate(report, complete=False, strict=strict)
        now = self.session.now_text()
        with self.db.transaction():
            if not save_content(self.db, record.id, report, now, "draft"):
                raise InvalidState(
                    "This report stopped being a draft while it was being changed; "
                    "the changes were not saved."
                )
            self.session.audit.append(self.session.actor, "report.updated", record.id)
        record.report, record.updated_at = report, now
        return record

    def mark_ready(self, ref_or_id: str) -> ReportRecord:
        record = self._load(ref_or_id)
        if record.status != "draft":
            raise InvalidState(f"Only a draft can be marked ready; this report is {record.status}.")
        report = record.report.with_stored_dates()  # a draft saved before dates were converted
        self._validate(report, complete=True)
        now = self.session.now_text()
        with self.db.transaction():
            self.db.execute(
                "UPDATE reports SET status = 'ready', updated_at = ?, consent = ?, "
                "reporter_type = ?, occurred_on = ?, place_type = ?, data = ? WHERE id = ?",
                (now, *columns(report), record.id),
            )
            if not self.session.in_workspace:  # the centre counts it when it is taken in
                record_entries(self.db, record.id, report, record.created_at, record.is_demo)
            self.session.audit.append(self.session.actor, "report.ready", record.id)
        record.status, record.updated_at, record.report = "ready", now, report
        if self.session.in_workspace:
            self.session.deposits.hand_over(record.id)  # sealed to the centre; a stub stays
        self.session.record_head()
        return record

    def correct(self, ref_or_id: str, report: Report) -> ReportRecord:
        """A coordinator corrects a ready report not yet sent to the police; the audit log
        names the fields changed. Rules in ``report_corrections``."""
        report_corrections.check_may_correct(self.session.user)
        return report_corrections.correct(self.session, self._load(ref_or_id), report)

    def corrections(self, ref_or_id: str) -> builtins.list[Correction]:
        """Who corrected the report, when, and which fields (dotted paths), oldest first."""
        return report_corrections.corrections(self.db, self._load(ref_or_id).id)

    def withdraw(self, ref_or_id: str) -> ReportRecord:
        """The person withdrew: erase personal data and attachments, keep anonymised counts."""
        try:
            record = self._load(ref_or_id)
        except NotAllowed:
            raise NotAllowed(
                "You can withdraw only your own drafts. Ask a coordinator to withdraw this report."
            ) from None
        if record.status in ("withdrawn", "purged"):
            raise InvalidState(f"This report has already been {record.status}.")
        return self.erase_personal_data(record.id, "withdrawn", "report.withdrawn")

    def erase_personal_data(self, report_id: str, status: str, action: str) -> ReportRecord:
        """Keep only the anonymised fields; attachments and the search entry go too."""
        row = self.db.one(
            "SELECT id, reference, created_by, created_at, is_demo, data FROM reports WHERE id = ?",
            (report_id,),
        )
        if row is None:
            raise NotFound("There is no report with that reference.")
        report, _ = Report.from_dict(json.loads(row[5]))
        kept = report.anonymised()
        now = self.session.now_text()
        with self.db.transaction():
            self.db.execute(
                "UPDATE reports SET status = ?, withdrawn_at = ?, updated_at = ?, "
                "consent = ?, reporter_type = ?, occurred_on = ?, place_type = ?, data = ? "
                "WHERE id = ?",
                (status, now, now, *columns(kept), report_id),
            )
            self.db.execute("DELETE FROM attachments WHERE report_id = ?", (report_id,))
            index(self.db, report_id, None)  # no search row: nothing left to find it by
            index_strands(self.db, report_id, kept.strands)  # statistics still count it
            self.session.audit.append(self.session.actor, action, report_id)
        return ReportRecord(row[0], row[1], status, row[2], row[3], now, bool(row[4]), kept)
