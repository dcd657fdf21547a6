"""The audit log as a Qt table model: when, who, what (in words) and to which record."""

from __future__ import annotations

from intake_app.domain.dates import timestamp_for_people
from intake_app.services.audit import AuditEntry, AuditLog, action_words
from intake_app.support.i18n import N_, _
from intake_app.ui.models.rows_model import Cell, RowsModel


class AuditModel(RowsModel[AuditEntry]):
    """The latest entries, newest first."""

    columns = (
        # Translators: a column header of the audit log: when something was done, in UTC.
        N_("When (UTC)"),
        # Translators: a column header of the audit log: who did something.
        N_("Who"),
        # Translators: a column header of the audit log: what they did.
        N_("What"),
        # Translators: a column header of the audit log: to which record (a report's reference).
        N_("Which"),
    )

    def __init__(self, audit: AuditLog) -> None:
        super().__init__()
        self.audit = audit
        self.refresh()

    def refresh(self) -> None:
        self.apply(self.audit.readable())

    def key(self, row: AuditEntry) -> object:
        return row.seq

    def cell(self, row: AuditEntry, column: int) -> Cell:
        if column == 0:
            return Cell(timestamp_for_people(row.at, utc=True))
        if column == 1:
            return Cell(row.actor)
        if column == 2:
            return Cell(action_words(row.action))
        # Translators: what a screen reader says for an audit entry about no particular record.
        return Cell(row.target or "", spoken="" if row.target else _("No record"))
