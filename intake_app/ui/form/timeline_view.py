"""A report's timeline in its view: one line an event (taken, ready, sent, received, recorded as,
crime reference, first contact, outcome, closed), then each promise of the force and whether it
was kept. A list a keyboard reaches (Alt+M, or Tab) and a screen reader reads line by line."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from intake_app.domain.dates import day_for_people
from intake_app.services.case_timeline import CaseTimeline, event_text, promise_text
from intake_app.support.i18n import _


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Translators: a heading over a report's history: taken, sent, received, recorded…
        self.heading = QLabel(_("Ti&meline"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Timeline"))
        # Five lines; more scroll: the report's details above keep the room.
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 5 + 8)
        self.heading.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)

    def show_timeline(self, timeline: CaseTimeline) -> None:
        self.list.clear()
        for event in timeline.events:
            # Translators: a line of a report's timeline: {day} a date, {event} what happened.
            self.list.addItem(
                _("{day}: {event}").format(day=day_for_people(event.day), event=event_text(event))
            )
        for promise in timeline.promises:
            self.list.addItem(("⚠ " if promise.state == "broken" else "") + promise_text(promise))
        if self.list.count():
            self.list.setCurrentRow(0)
