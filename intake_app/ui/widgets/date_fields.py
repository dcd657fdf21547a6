"""Date inputs: a day typed day/month/year, or chosen from a calendar, and an optional time.

The field shows dates the UK way and hands the form the stored form (``dates.stored_day``): ISO
once the typed day can be understood, the text as typed until then, so a draft saved half-way
through typing keeps exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import dates


class CalendarDialog(QDialog):
    """A month to pick a day from: arrow keys move, Enter or a click chooses, Escape cancels."""

    def __init__(self, parent: QWidget, title: str, selected: date | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Calendar: arrow keys move, Enter chooses")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        today = QDate.currentDate()
        self.calendar.setMaximumDate(today)  # reports and dates of birth are never in the future
        if selected is not None:
            self.calendar.setSelectedDate(QDate(selected.year, selected.month, selected.day))
        else:
            self.calendar.setSelectedDate(today)
        self.calendar.activated.connect(lambda _: self.accept())  # Enter or a double-click
        self.calendar.clicked.connect(lambda _: self.accept())
        for child in self.calendar.findChildren(QWidget):  # Qt's own parts of the calendar
            if child.focusPolicy() != Qt.FocusPolicy.NoFocus and not child.accessibleName():
                if isinstance(child, QAbstractItemView):
                    child.setAccessibleName("Days of the month: arrow keys move, Enter chooses")
                elif isinstance(child, QSpinBox | QLineEdit):
                    child.setAccessibleName("Year")
                else:
                    child.setAccessibleName(child.toolTip() or "Calendar")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        use = buttons.button(QDialogButtonBox.StandardButton.Ok)
        use.setText("&Use this date")
        use.setAccessibleName("Use this date")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel: keep the date as it is")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.calendar)
        column.addWidget(buttons)
        self.calendar.setFocus()

    def chosen(self) -> date:
        picked = self.calendar.selectedDate()
        return date(picked.year(), picked.month(), picked.day())


class DateField(QWidget):
    """A day typed as 23/04/1990 (or 1990-04-23), with a button that opens a calendar. In the
    field, Alt+Down or F4 opens the calendar too."""

    def __init__(self, on_change: Callable[[], None], label: str) -> None:
        super().__init__()
        self.label = label
        self.on_change = on_change
        self.dialog: CalendarDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(f"e.g. {dates.EXAMPLE}")
        self.edit.setAccessibleName(f"{label}, day/month/year")
        self.edit.setToolTip("Type the day, month and year, or press Alt+Down for a calendar.")
        self.edit.setMaxLength(10)
        self.edit.textEdited.connect(lambda _: on_change())
        self.pick = QPushButton("Calendar…")
        self.pick.setAccessibleName(f"{label}: choose from a calendar")
        self.pick.setToolTip("Choose from a calendar (or press Alt+Down in the date field)")
        self.pick.clicked.connect(self.open_calendar)
        self.edit.installEventFilter(self)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        self.setFocusProxy(self.edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Down or F4 in the field opens the calendar, as they open a drop-down list."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """Open the calendar (without blocking: it answers through its signals)."""
        self.dialog = CalendarDialog(
            self, f"{self.label}: choose a date", dates.parse_day(self.edit.text())
        )
        self.dialog.accepted.connect(self._picked)
        self.dialog.finished.connect(lambda _: self.edit.setFocus())
        self.dialog.open()

    def _picked(self) -> None:
        if self.dialog is None:
            return
        self.edit.setText(dates.uk(self.dialog.chosen()))
        self.on_change()

    def value(self) -> str:
        """The stored form: ISO once the day can be understood, else what was typed."""
        return dates.stored_day(self.edit.text())

    def set_value(self, value: Any) -> None:
        self.edit.setText(dates.day_for_people(str(value or "")))


class DateTimeInput(QWidget):
    """A day and an optional time (18:30), stored as ``2026-03-14T18:30``."""

    def __init__(self, on_change: Callable[[], None], label: str) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.day = DateField(on_change, label)
        self.date = self.day.edit
        self.time = QLineEdit()
        self.time.setPlaceholderText("time, e.g. 18:30 or 6pm (if known)")
        self.time.setAccessibleName(f"{label}: time, if known, hours:minutes")
        self.time.setMaxLength(10)  # "6.30 p.m."
        self.time.textEdited.connect(lambda _: on_change())
        row.addWidget(self.day, 2)
        row.addWidget(QLabel("at"))
        row.addWidget(self.time, 1)
        self.setFocusProxy(self.date)

    def value(self) -> str:
        return dates.join_moment(self.date.text(), self.time.text())

    def set_value(self, value: Any) -> None:
        day, time = dates.split_moment(str(value or ""))
        self.day.set_value(day)
        self.time.setText(time)
