"""What is due: next actions on cases due today or overdue (a caseworker's on their own cases).
Enter on a row opens its report, where its follow-ups are shown and added."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from intake_app.app.session import Session
from intake_app.support.i18n import _, ngettext
from intake_app.ui.models.due_model import DueModel
from intake_app.ui.widgets.row_table import RowTable


class DuePage(QWidget):
    open_requested = Signal(str)  # the report's id

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = DueModel()
        # Translators: the accessible name of the list of next actions due.
        self.table = RowTable(_("Next actions due"), self.model)
        self.table.activated.connect(self._open)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        column = QVBoxLayout(self)
        # Translators: the heading of the Due screen.
        title = html.escape(_("Due today and overdue"), quote=False)
        about = html.escape(
            _("Next actions on cases, earliest first. Enter opens the report."), quote=False
        )
        column.addWidget(QLabel(f"<h2>{title}</h2><p>{about}</p>"))
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        due = self.session.follow_ups
        today = due.today()
        rows = due.due(today)
        self.model.show(rows, today)
        late = sum(1 for row in rows if row.due_on is not None and row.due_on < today)
        if not rows:
            self.summary.setText(_("Nothing is due today, and nothing is overdue."))
        else:
            # Translators: {count} is how many next actions are due; {late} how many of them
            # are overdue.
            self.summary.setText(
                ngettext(
                    "{count} next action due, {late} of them overdue.",
                    "{count} next actions due, {late} of them overdue.",
                    len(rows),
                ).format(count=len(rows), late=late)
            )

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).report_id)
