"""Linking reports to each other (the same person, place or offender), and removing links.

Both reports must be ones the signed-in user may see (a volunteer: their own drafts). A link is
kept once for the pair and reason, whichever way round it was made; adding it again is refused.
The audit log names the two reports and the reason's code, never the note. Links stay at the
centre: no batch, deposit or copy for the person carries them."""

from __future__ import annotations

from intake_app.domain.report_links import LINK_REASONS, NOTE_LIMIT, OTHER, ReportLink
from intake_app.domain.report_record import ReportRecord
from intake_app.services.context import ServiceContext
from intake_app.services.reports import ReportService
from intake_app.statistics.entries import refresh_repeat
from intake_app.support.errors import InvalidState, NotAllowed, NotFound
from intake_app.support.i18n import _


class ReportLinks:
    def __init__(self, context: ServiceContext, reports: ReportService) -> None:
        self.context = context
        self.db = context.db
        self.reports = reports

    def _pair(self, ref_or_id: str, other: str) -> tuple[ReportRecord, ReportRecord]:
        if self.context.in_workspace:
            raise NotAllowed(
                _(
                    "Reports are linked at the centre. Link them there once they have been "
                    "handed over."
                )
            )
        if self.context.in_casebook:
            raise NotAllowed(_("Reports are linked at the centre. Ask a coordinator to link them."))
        first = self.reports.visible(ref_or_id)
        second = self.reports.visible(other)
        if first.id == second.id:
            raise InvalidState(_("A report cannot be linked to itself. Give another reference."))
        return first, second

    def links(self, ref_or_id: str) -> list[ReportLink]:
        """The report's links, the other report's reference first (oldest link first)."""
        record = self.reports.visible(ref_or_id)
        rows = self.db.all(
            "SELECT r.id, r.reference, l.reason, l.note, l.created_at FROM report_links l "
            "JOIN reports r ON r.id = CASE WHEN l.first_id = ? THEN l.second_id "
            "                              ELSE l.first_id END "
            "WHERE l.first_id = ? OR l.second_id = ? ORDER BY l.created_at, r.reference, l.reason",
            (record.id, record.id, record.id),
        )
        return [ReportLink(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    def add(self, ref_or_id: str, other: str, reason: str, note: str = "") -> ReportLink:
        """Link two reports; refused if they are already linked for that reason."""
        note = " ".join(note.split())
        if reason not in LINK_REASONS:
            raise InvalidState(
                _("Choose why the reports are linked: the same person, place or offender, or "
                  "another reason.")
            )  # fmt: skip
        if reason == OTHER and not note:
            raise InvalidState(_("Say in a few words why the reports are linked."))
        if len(note) > NOTE_LIMIT:
            raise InvalidState(
                _("Keep the note to {limit} characters or fewer.").format(limit=NOTE_LIMIT)
            )
        first, second = self._pair(ref_or_id, other)
        low, high = sorted((first.id, second.id))
        now = self.context.now_text()
        with self.db.transaction():
            if self.db.one(
                "SELECT 1 FROM report_links WHERE first_id = ? AND second_id = ? AND reason = ?",
                (low, high, reason),
            ):
                raise InvalidState(
                    # Translators: {reference} is the other report's reference.
                    _("This report is already linked to {reference} for that reason.").format(
                        reference=second.reference
                    )
                )
            self.db.execute(
                "INSERT INTO report_links (first_id, second_id, reason, note, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?)",
                (low, high, reason, note if reason == OTHER else "", now, self.context.user.id),
            )
            self.context.audit.append(
                self.context.actor, "link.added", first.id, f"{second.id} {reason}"
            )
            refresh_repeat(self.db, low)
            refresh_repeat(self.db, high)
        return ReportLink(second.id, second.reference, reason, note if reason == OTHER else "",
                          now)  # fmt: skip

    def remove(self, ref_or_id: str, other: str) -> int:
        """Remove every link between the two reports; how many there were (refused if none)."""
        first, second = self._pair(ref_or_id, other)
        low, high = sorted((first.id, second.id))
        with self.db.transaction():
            reasons = [
                str(row[0])
                for row in self.db.all(
                    "SELECT reason FROM report_links WHERE first_id = ? AND second_id = ? "
                    "ORDER BY reason",
                    (low, high),
                )
            ]
            if not reasons:
                raise NotFound(
                    # Translators: {reference} is the other report's reference.
                    _("This report is not linked to {reference}.").format(
                        reference=second.reference
                    )
                )
            self.db.execute(
                "DELETE FROM report_links WHERE first_id = ? AND second_id = ?", (low, high)
            )
            for reason in reasons:
                self.context.audit.append(
                    self.context.actor, "link.removed", first.id, f"{second.id} {reason}"
                )
            refresh_repeat(self.db, low)
            refresh_repeat(self.db, high)
        return len(reasons)
