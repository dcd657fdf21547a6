"""What is due: next actions on cases due today or overdue (a caseworker's on their own cases),
then, apart, those coming up in the next seven days. Enter on a row opens its report, where its
follow-ups are shown and added; "Mark done" (Alt+D) marks the chosen row's next action done, says
so beside the button and leaves the keyboard in the list it was in."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intake_app.app.session import Session
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.ui.models.due_model import DueModel
from intake_app.ui.widgets.row_table import RowTable

COMING_DAYS = 7


class DuePage(QWidget):
    open_requested = Signal(str)  # the report's id

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = DueModel()
        # Translators: the accessible name of the list of next actions due.
        self.table = RowTable(_("Next actions due"), self.model)
        self.coming_model = DueModel()
        # Translators: the accessible name of the list of next actions due in the coming days.
        self.coming_table = RowTable(_("Next actions coming up"), self.coming_model)
        self.last_table = self.table  # the list "Mark done" acts on: the one last in use
        for table in (self.table, self.coming_table):
            table.activated.connect(self._open)
            table.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.coming_summary = QLabel()
        self.coming_summary.setWordWrap(True)
        # Translators: a button on the Due screen: the chosen next action was done.
        self.done_button = QPushButton(_("Mark &done"))
        self.done_button.clicked.connect(self.mark_done)
        self.message = QLabel()
        self.message.setWordWrap(True)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_button)
        done_row.addWidget(self.message, 1)
        column = QVBoxLayout(self)
        # Translators: the heading of the Due screen.
        title = html.escape(_("Due today and overdue"), quote=False)
        about = html.escape(
            _(
                "Next actions on cases, earliest first. Enter opens the report; Mark done "
                "marks the chosen one done."
            ),
            quote=False,
        )
        column.addWidget(QLabel(f"<h2>{title}</h2><p>{about}</p>"))
        column.addWidget(self.summary)
        column.addWidget(self.table, 2)
        column.addLayout(done_row)
        # Translators: a heading on the Due screen, below what is due; {count} is a number of days.
        coming = ngettext(
            "Coming up in the next {count} day", "Coming up in the next {count} days", COMING_DAYS
        ).format(count=COMING_DAYS)
        column.addSpacing(self.fontMetrics().lineSpacing())
        column.addWidget(QLabel(f"<h3>{html.escape(coming, quote=False)}</h3>"))
        column.addWidget(self.coming_summary)
        column.addWidget(self.coming_table, 1)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.table, self.coming_table):
            self.last_table = watched
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        due = self.session.follow_ups
        today = due.today()
        rows = due.due(today)
        self.model.show(rows, today)
        coming = due.coming(COMING_DAYS, today)
        self.coming_model.show(coming, today)
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
        self.coming_summary.setText(
            ngettext(
                "{count} next action coming up.", "{count} next actions coming up.", len(coming)
            ).format(count=len(coming))
            if coming
            else _("Nothing else is due in these days.")
        )

    def mark_done(self) -> None:
        """Mark the chosen next action (in the list last used) done, and go back to that list."""
        table = self.last_table
        row = table.selected_row()
        if row is None:
            self.message.setText("⚠ " + _("Choose a next action in a list first."))
            table.setFocus()
            return
        chosen = table.rows.row_at(row)
        try:
            self.session.follow_ups.mark_done(chosen.id)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            table.setFocus()
            return
        self.refresh()
        # Translators: after marking a next action done; {action} is what was to be done,
        # {reference} the report's reference.
        self.message.setText(
            _("Done: {action} ({reference}).").format(
                action=chosen.due_text(), reference=chosen.reference
            )
        )
        count = table.model().rowCount()
        if count:
            table.selectRow(min(row, count - 1))
        table.setFocus()

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        if index.isValid():
            self.open_requested.emit(index.model().row_at(index.row()).report_id)
