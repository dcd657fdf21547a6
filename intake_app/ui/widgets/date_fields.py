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
from intake_app.support.i18n import _, pgettext


class CalendarDialog(QDialog):
    """A month to pick a day from: arrow keys move, Enter or a click chooses, Escape cancels."""

    def __init__(self, parent: QWidget, title: str, selected: date | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName(_("Calendar: arrow keys move, Enter chooses"))
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        today = QDate.currentDate()
        self.calendar.setMaximumDate(today)  # reports and dates of birth are never in the future
        if selected is not None:
            self.calendar.setSelectedDate(QDate(selected.year, selected.month, selected.day))
        else:
            self.calendar.setSelectedDate(today)
        self.calendar.activated.connect(lambda _day: self.accept())  # Enter or a double-click
        self.calendar.clicked.connect(lambda _day: self.accept())
        for child in self.calendar.findChildren(QWidget):  # Qt's own parts of the calendar
            if child.focusPolicy() != Qt.FocusPolicy.NoFocus and not child.accessibleName():
                if isinstance(child, QAbstractItemView):
                    child.setAccessibleName(_("Days of the month: arrow keys move, Enter chooses"))
                elif isinstance(child, QSpinBox | QLineEdit):
                    child.setAccessibleName(_("Year"))
                else:
                    child.setAccessibleName(child.toolTip() or _("Calendar"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        use = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Translators: a button; & marks the letter that presses it with Alt.
        use.setText(_("&Use this date"))
        use.setAccessibleName(_("Use this date"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(_("Cancel: keep the date as it is"))
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
        # Translators: shown in an empty date box; {example} is a date such as 23/04/1990.
        self.edit.setPlaceholderText(_("e.g. {example}").format(example=dates.EXAMPLE))
        # Translators: {label} names the date asked for (such as "Date of birth"); dates are
        # typed day/month/year, in that order.
        self.edit.setAccessibleName(_("{label}, day/month/year").format(label=label))
        self.edit.setToolTip(_("Type the day, month and year, or press Alt+Down for a calendar."))
        self.edit.setMaxLength(10)
        self.edit.textEdited.connect(lambda _text: on_change())
        # Translators: a button beside a date box that opens a calendar.
        self.pick = QPushButton(_("Calendar…"))
        # Translators: {label} names the date asked for (such as "Date of birth").
        self.pick.setAccessibleName(_("{label}: choose from a calendar").format(label=label))
        self.pick.setToolTip(_("Choose from a calendar (or press Alt+Down in the date field)"))
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
        # Translators: a window's title; {label} names the date asked for ("Date of birth").
        title = _("{label}: choose a date").format(label=self.label)
        self.dialog = CalendarDialog(self, title, dates.parse_day(self.edit.text()))
        self.dialog.accepted.connect(self._picked)
        self.dialog.finished.connect(lambda _result: self.edit.setFocus())
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
        # Translators: shown in an empty time box (at most 10 characters are typed in it).
        # The app reads times as 18:30, 6pm or 6.30 p.m.; keep the examples in one of those forms.
        self.time.setPlaceholderText(_("time, e.g. 18:30 or 6pm (if known)"))
        # Translators: {label} names the moment asked for (such as "When it happened").
        self.time.setAccessibleName(_("{label}: time, if known, hours:minutes").format(label=label))
        self.time.setMaxLength(10)  # "6.30 p.m."
        self.time.textEdited.connect(lambda _text: on_change())
        row.addWidget(self.day, 2)
        # Translators: a short word between a date box and a time box: "[23/04/2026] at [18:30]".
        row.addWidget(QLabel(pgettext("a date at a time", "at")))
        row.addWidget(self.time, 1)
        self.setFocusProxy(self.date)

    def value(self) -> str:
        return dates.join_moment(self.date.text(), self.time.text())

    def set_value(self, value: Any) -> None:
        day, time = dates.split_moment(str(value or ""))
        self.day.set_value(day)
        self.time.setText(time)
