"""Finding reports: the list, searching as one types, and counts, always limited to what the
signed-in user may see (a volunteer: their own drafts)."""

from __future__ import annotations

from typing import Any

from intake_app.domain.accounts import COORDINATOR, User
from intake_app.domain.report_notice import NoticeState
from intake_app.domain.report_record import NOT_ASSIGNED, ReportQuery, ReportSummary
from intake_app.domain.search_query import MAX_EXPANSION, phone_digits, reference_prefix, to_fts
from intake_app.services.case_assignments import WORKABLE
from intake_app.storage.database import Database

_ORDER = {
    "updated": "r.updated_at",
    "created": "r.created_at",
    "occurred": "coalesce(r.occurred_on, '')",
    "reference": "r.reference",
}


# The latest notice to the force about a report, as kind:state (see domain/report_notice.py).
NOTICE_STATE = (
    "SELECT n.kind || ':' || CASE WHEN n.batch_id IS NULL THEN 'waiting' "
    "WHEN n.outcome = 'waiting' THEN 'sent' ELSE n.outcome END"
)

_SUMMARY_COLUMNS = (
    "r.id, r.reference, r.status, r.created_by, r.created_at, r.updated_at, "  # noqa: S608
    "coalesce(r.occurred_on, ''), coalesce(r.consent, ''), "
    "(SELECT group_concat(strand, ',') FROM (SELECT DISTINCT strand FROM report_strands s "
    "WHERE s.report_id = r.id)), r.is_demo, "
    f"({NOTICE_STATE} FROM notices n WHERE n.report_id = r.id ORDER BY n.id DESC LIMIT 1), "
    "(SELECT u.name FROM case_assignments a JOIN users u ON u.id = a.caseworker_id "
    "WHERE a.report_id = r.id)"
)
_WORKABLE = ", ".join(f"'{status}'" for status in WORKABLE)


# The digits of the person's and the reporter's phone numbers (kept beside each report) hold
# what was typed: someone ringing back is found by their number, however it was written.
# The scan reads only the index of those digits (reports_by_phone), not the reports' pages.
_PHONE_MATCH = (
    "r.rowid IN (SELECT rowid FROM reports INDEXED BY reports_by_phone "
    "WHERE phone_digits != '' AND instr(phone_digits, ?) > 0)"
)


class ReportFinder:
    def __init__(self, db: Database, user: User) -> None:
        self.db = db
        self.user = user
        self._vocab_ready = False

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

    def _visibility(self) -> tuple[str, list[Any]]:
        """SQL limiting what the user may see: volunteers see their own drafts
        only; caseworkers, the cases assigned to them."""
        if self.user.role == COORDINATOR:
            return "1", []
        if self.user.role == "volunteer":
            return "(r.created_by = ? AND r.status = 'draft')", [self.user.id]
        if self.user.is_caseworker:  # only the cases assigned to them
            return (
                "r.id IN (SELECT report_id FROM case_assignments WHERE caseworker_id = ?)",
                [self.user.id],
            )
        return "0", []

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
        if query.caseworker == NOT_ASSIGNED:  # cases (reports that reached the centre) only
            parts.append(
                f"r.status IN ({_WORKABLE}) AND "  # noqa: S608 - fixed words
                "NOT EXISTS (SELECT 1 FROM case_assignments a WHERE a.report_id = r.id)"
            )
        elif query.caseworker:
            parts.append(
                "EXISTS (SELECT 1 FROM case_assignments a WHERE a.report_id = r.id "
                "AND a.caseworker_id = ?)"
            )
            values.append(query.caseworker)
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
        digits = phone_digits(typed)
        if digits:
            return f"reports r WHERE {_PHONE_MATCH} AND", [digits], None
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
                notice=NoticeState.parse(r[10]),
                caseworker=str(r[11] or ""),
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
