"""In a report's window, for those who work cases: the case's next actions not yet done, one line
each with its due date, and "Mark done" (Alt+D) for the chosen one. It says what it marked and
leaves the keyboard in the list; it is hidden while the case has no next action to do."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from intake_app.app.session import Session
from intake_app.domain import dates
from intake_app.domain.follow_up import FollowUp
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

LINES = 2  # more scroll: the report's details keep the room


class NextActionsBox(QWidget):
    marked = Signal()  # a next action was marked done

    def __init__(self, session: Session, report_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        self.open_actions: list[FollowUp] = []
        # Translators: a heading in a report's window over the next actions not yet done.
        self.heading = QLabel(_("Next ac&tions to do"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Next actions to do"))
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * LINES + 8)
        self.heading.setBuddy(self.list)
        self.done_button = QPushButton(_("Mark &done"))
        # Enter read anywhere in the report's window never marks an action done by itself.
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.mark_done)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.done_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addLayout(row)
        column.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        """Read the case's follow-ups again; show those whose next action is still to do."""
        self.open_actions = [
            item
            for item in self.session.follow_ups.of_case(self.report_id)
            if item.due_on is not None and not item.done_at
        ]
        self.open_actions.sort(key=lambda item: item.due_on or date.max)
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for item in self.open_actions:
            assert item.due_on is not None
            # Translators: a next action in a report's window; {action} is what to do,
            # {date} the day it is due.
            self.list.addItem(
                _("{action} (due {date})").format(
                    action=item.due_text(), date=dates.uk(item.due_on)
                )
            )
        if self.open_actions:
            self.list.setCurrentRow(min(row, len(self.open_actions) - 1))
        for widget in (self.heading, self.list, self.done_button):
            widget.setVisible(bool(self.open_actions))
        self.message.setVisible(bool(self.message.text()))

    def mark_done(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.open_actions):
            self.message.setText("⚠ " + _("Choose a next action in a list first."))
            self.message.show()
            return
        chosen = self.open_actions[row]
        try:
            self.session.follow_ups.mark_done(chosen.id)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            self.message.show()
            self.list.setFocus()
            return
        self.message.setText(
            _("Done: {action} ({reference}).").format(
                action=chosen.due_text(), reference=chosen.reference
            )
        )
        self.refresh()
        self.marked.emit()
        if self.list.isVisible():
            self.list.setFocus()
