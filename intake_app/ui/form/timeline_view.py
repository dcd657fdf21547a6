"""A report's timeline in its view: first each promise of the force and whether it was kept (a
broken one marked ⚠), so none is below the fold, then one line an event (taken, ready, sent,
received, recorded as, crime reference, first contact, outcome, closed). A list a keyboard
reaches (Alt+M, or Tab) and a screen reader reads line by line, as tall as its lines up to
``MAX_LINES``; more scroll, so the report's details above keep their room."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QVBoxLayout, QWidget

from intake_app.domain.case_promises import BROKEN
from intake_app.domain.dates import day_for_people
from intake_app.services.case_timeline import CaseTimeline, event_text, promise_text
from intake_app.support.i18n import _

MIN_LINES, MAX_LINES = 3, 6


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Translators: a heading over a report's history: taken, sent, received, recorded…
        self.heading = QLabel(_("Ti&meline"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Timeline"))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.heading.setBuddy(self.list)
        self._fit(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)

    def _fit(self, lines: int) -> None:
        """As tall as ``lines`` lines, within MIN_LINES and MAX_LINES."""
        shown = min(max(lines, MIN_LINES), MAX_LINES)
        row = self.list.sizeHintForRow(0) if self.list.count() else 0
        row = max(row, self.list.fontMetrics().lineSpacing())
        self.list.setFixedHeight(row * shown + 2 * self.list.frameWidth() + 4)

    def show_timeline(self, timeline: CaseTimeline) -> None:
        self.list.clear()
        for promise in timeline.promises:  # first: what the force promised, and if it kept it
            self.list.addItem(("⚠ " if promise.state == BROKEN else "") + promise_text(promise))
        for event in timeline.events:
            # Translators: a line of a report's timeline: {day} a date, {event} what happened.
            self.list.addItem(
                _("{day}: {event}").format(day=day_for_people(event.day), event=event_text(event))
            )
        self._fit(self.list.count())
        if self.list.count():
            self.list.setCurrentRow(0)
