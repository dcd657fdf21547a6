"""Next actions due today or overdue (or coming up soon), as a Qt table model: the report, when,
and what to do."""

from __future__ import annotations

from datetime import date

from intake_app.domain import dates
from intake_app.domain.follow_up import FollowUp
from intake_app.support.i18n import N_, _
from intake_app.ui.models.rows_model import Cell, RowsModel


class DueModel(RowsModel[FollowUp]):
    columns = (
        # Translators: a column header: a report's reference number.
        N_("Reference"),
        # Translators: a column header: the day a next action is due.
        N_("Due"),
        # Translators: a column header: the next action to take on a case.
        N_("Next action"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.today = date.today()

    def show(self, rows: list[FollowUp], today: date) -> None:
        self.today = today
        self.apply(rows)

    def key(self, row: FollowUp) -> object:
        return row.id

    def cell(self, row: FollowUp, column: int) -> Cell:
        if column == 0:
            return Cell(row.reference)
        if column == 1:
            assert row.due_on is not None
            if row.due_on > self.today:  # coming up
                return Cell(dates.uk(row.due_on))
            if row.due_on == self.today:
                # Translators: in the Due list: the next action is due today.
                return Cell(_("Today"))
            # Translators: in the Due list: {date} is the day it was due, 23/04/2026.
            return Cell("⚠ " + _("Overdue since {date}").format(date=dates.uk(row.due_on)))
        return Cell(row.due_text())
