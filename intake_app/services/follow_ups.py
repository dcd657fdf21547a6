"""Follow-ups after the hand-off: contacts, referrals and notes on a case, each with an optional
next action and due date, and what is due today or overdue.

The text lives only inside the encrypted store; the audit log records who added which kind of
follow-up to which report, and when, never the text."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta

from intake_app.domain.accounts import CASEWORKER, COORDINATOR
from intake_app.domain.follow_up import FollowUp, FollowUpEntry, check_entry
from intake_app.services.case_assignments import CaseAssignments
from intake_app.services.context import ServiceContext
from intake_app.storage.database import Database
from intake_app.support.errors import NotFound
from intake_app.support.i18n import _

_SELECT = (
    "SELECT f.id, f.report_id, r.reference, f.kind, f.created_at, f.created_by, f.details, "
    "f.next_action, f.due_on, f.done_at FROM follow_ups f JOIN reports r ON r.id = f.report_id "
)


def _follow_up(row: tuple[object, ...]) -> FollowUp:
    details = json.loads(str(row[6]))
    return FollowUp(
        id=str(row[0]),
        report_id=str(row[1]),
        reference=str(row[2]),
        kind=str(row[3]),
        created_at=str(row[4]),
        created_by=str(row[5]),
        text=str(details.get("text", "")),
        method=str(details.get("method", "")),
        agency=str(details.get("agency", "")),
        referral_state=str(details.get("referral_state", "")),
        next_action=str(row[7] or ""),
        due_on=date.fromisoformat(str(row[8])) if row[8] else None,
        done_at=str(row[9] or ""),
    )


def follow_ups_of(db: Database, report_id: str) -> list[FollowUp]:
    """A report's follow-ups, oldest first (no check of who asks: callers check)."""
    rows = db.all(_SELECT + "WHERE f.report_id = ? ORDER BY f.created_at, f.rowid", (report_id,))
    return [_follow_up(r) for r in rows]


class FollowUps:
    """Adding and reading follow-ups; a caseworker only on the cases assigned to them."""

    def __init__(self, context: ServiceContext, cases: CaseAssignments) -> None:
        self.context = context
        self.cases = cases
        self.db = context.db

    def add(self, ref_or_id: str, entry: FollowUpEntry) -> FollowUp:
        case = self.cases.case(ref_or_id)
        entry = check_entry(entry)
        follow_up_id = secrets.token_hex(8)
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO follow_ups (id, report_id, kind, created_at, created_by, details, "
                "next_action, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    follow_up_id,
                    case.report_id,
                    entry.kind,
                    self.context.now_text(),
                    self.context.actor,
                    json.dumps(entry.details(), ensure_ascii=False, sort_keys=True),
                    entry.next_action or None,
                    entry.due_on.isoformat() if entry.due_on else None,
                ),
            )
            # The kind only: never the text.
            self.context.audit.append(
                self.context.actor, "follow_up.added", case.report_id, entry.kind
            )
        return self._one(follow_up_id)

    def _one(self, follow_up_id: str) -> FollowUp:
        row = self.db.one(
            _SELECT + "WHERE f.id = ?",
            (follow_up_id,),
        )
        if row is None:
            raise NotFound(_("There is no such follow-up."))
        return _follow_up(row)

    def of_case(self, ref_or_id: str) -> list[FollowUp]:
        """A case's follow-ups, oldest first."""
        return follow_ups_of(self.db, self.cases.case(ref_or_id).report_id)

    def mark_done(self, follow_up_id: str) -> None:
        """The next action was done: it is no longer due (marking it again changes nothing)."""
        found = self._one(follow_up_id)
        self.cases.case(found.report_id)
        if found.done_at:
            return
        with self.db.transaction():
            self.db.execute(
                "UPDATE follow_ups SET done_at = ? WHERE id = ?",
                (self.context.now_text(), follow_up_id),
            )
            self.context.audit.append(
                self.context.actor, "follow_up.done", found.report_id, found.kind
            )

    def today(self) -> date:
        return self.context.local_now().date()

    def due(self, on: date | None = None) -> list[FollowUp]:
        """Next actions due on ``on`` (today by default) or before, not yet done, earliest
        first; a caseworker's only on their own cases."""
        return self._open_actions(None, on or self.today())

    def coming(self, days: int = 7, today: date | None = None) -> list[FollowUp]:
        """Next actions due after today and within ``days`` days, not yet done, earliest
        first; a caseworker's only on their own cases."""
        today = today or self.today()
        return self._open_actions(today, today + timedelta(days=days))

    def _open_actions(self, after: date | None, until: date) -> list[FollowUp]:
        user = self.context.user
        if self.context.in_workspace or user.role not in (COORDINATOR, CASEWORKER):
            return []
        sql = (
            _SELECT + "WHERE f.due_on IS NOT NULL AND f.done_at IS NULL AND f.due_on <= ? "
            "AND r.status IN ('ready', 'exported', 'acknowledged')"
        )
        params: list[str] = [until.isoformat()]
        if after is not None:
            sql += " AND f.due_on > ?"
            params.append(after.isoformat())
        if user.role == CASEWORKER:
            sql += (
                " AND f.report_id IN "
                "(SELECT report_id FROM case_assignments WHERE caseworker_id = ?)"
            )
            params.append(user.id)
        rows = self.db.all(sql + " ORDER BY f.due_on, r.reference", params)
        return [_follow_up(r) for r in rows]
