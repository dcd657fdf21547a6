"""Dates in the form: typed day/month/year or chosen from a calendar by keyboard, stored as ISO."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.report_display import describe
from intake_app.ui.form.report_form import ReportForm
from intake_app.ui.models.reports_model import ReportsModel
from intake_app.ui.widgets.date_fields import CalendarDialog, DateField
from tests.conftest import full_report

DAY_HINT = "Type the date as day/month/year, such as 23/04/1990."


def by_name(parent: QWidget, name: str) -> QLineEdit:
    found = [e for e in parent.findChildren(QLineEdit) if e.accessibleName() == name]
    assert len(found) == 1, [e.accessibleName() for e in parent.findChildren(QLineEdit)]
    return found[0]


def saved_form(qtbot: QtBot, session: Session) -> ReportForm:
    form = ReportForm(session, autosave_ms=50)
    qtbot.addWidget(form)
    form.show()
    return form


def test_a_date_typed_the_uk_way_is_saved_as_iso_and_shown_back_the_uk_way(
    qtbot: QtBot, session: Session
) -> None:
    form = saved_form(qtbot, session)
    form.go_to(1)
    born = by_name(form, "Date of birth, day/month/year")
    qtbot.keyClicks(born, "23/04/1990")
    qtbot.waitUntil(lambda: form.record is not None and not form.dirty, timeout=5000)
    assert form.record is not None
    stored = session.reports.get(form.record.id).report
    assert stored.person.date_of_birth == "1990-04-23"
    assert not form.binder.fields["person.date_of_birth"].error.isVisibleTo(form)
    again = ReportForm(session, session.reports.get(form.record.id))
    qtbot.addWidget(again)
    assert by_name(again, "Date of birth, day/month/year").text() == "23/04/1990"
    assert ("Date of birth", "23/04/1990") in describe(stored, session.vocabulary)


def test_a_half_typed_date_is_saved_as_typed_and_named_under_its_field(
    qtbot: QtBot, session: Session
) -> None:
    form = saved_form(qtbot, session)
    form.go_to(3)
    qtbot.keyClicks(by_name(form, "When, day/month/year"), "23/04")
    qtbot.keyClicks(by_name(form, "When: time, if known, hours:minutes"), "18:30")
    qtbot.waitUntil(lambda: form.record is not None and not form.dirty, timeout=5000)
    assert form.record is not None
    assert session.reports.get(form.record.id).report.when.start == "23/04T18:30"
    form.check()
    error = form.binder.fields["when.start"].error
    assert error.isVisibleTo(form) and error.text() == f"⚠ {DAY_HINT}"
    assert by_name(form, "When, day/month/year").accessibleDescription() == DAY_HINT
    assert not form.review.ready.isEnabled()
    again = ReportForm(session, session.reports.get(form.record.id))
    qtbot.addWidget(again)
    assert by_name(again, "When, day/month/year").text() == "23/04"
    assert by_name(again, "When: time, if known, hours:minutes").text() == "18:30"


def test_an_approximate_range_typed_the_uk_way_is_stored_as_iso(
    qtbot: QtBot, session: Session
) -> None:
    form = saved_form(qtbot, session)
    form.go_to(3)
    qtbot.keyClicks(by_name(form, "When, day/month/year"), "1.3.2026")
    qtbot.keyClicks(by_name(form, "Until, day/month/year"), "14-03-2026")
    qtbot.keyClicks(by_name(form, "Until: time, if known, hours:minutes"), "6:30")
    qtbot.waitUntil(lambda: form.record is not None and not form.dirty, timeout=5000)
    assert form.record is not None
    when = session.reports.get(form.record.id).report.when
    assert (when.start, when.end) == ("2026-03-01", "2026-03-14T06:30")


def open_by_keyboard(qtbot: QtBot, field: DateField) -> CalendarDialog:
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    dialog = field.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_a_day_is_chosen_from_the_calendar_by_keyboard(qtbot: QtBot) -> None:
    changes: list[int] = []
    field = DateField(lambda: changes.append(1), "When")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field.edit, "14/03/2026")
    dialog = open_by_keyboard(qtbot, field)
    assert dialog.calendar.selectedDate() == QDate(2026, 3, 14)  # starts at the typed day
    days = dialog.focusWidget()
    assert days is not None and "Days of the month" in days.accessibleName()
    qtbot.keyClick(days, Qt.Key.Key_Left)
    qtbot.keyClick(days, Qt.Key.Key_Up)  # a week earlier
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert field.edit.text() == "06/03/2026"
    assert field.value() == "2026-03-06"
    assert changes  # the form hears of it, so it is saved


def test_escape_closes_the_calendar_and_keeps_the_date(qtbot: QtBot) -> None:
    field = DateField(lambda: None, "When")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field.edit, "14/03/2026")
    dialog = open_by_keyboard(qtbot, field)
    days = dialog.focusWidget()
    assert days is not None
    qtbot.keyClick(days, Qt.Key.Key_Left)
    qtbot.keyClick(days, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert field.edit.text() == "14/03/2026"


def test_the_calendar_button_opens_it_and_no_future_day_can_be_chosen(qtbot: QtBot) -> None:
    field = DateField(lambda: None, "Date of birth")
    qtbot.addWidget(field)
    field.show()
    assert field.pick.accessibleName() == "Date of birth: choose from a calendar"
    assert field.pick.focusPolicy() != Qt.FocusPolicy.NoFocus  # reachable with Tab
    qtbot.keyClick(field.pick, Qt.Key.Key_Space)
    dialog = field.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.calendar.maximumDate() == QDate.currentDate()
    dialog.calendar.setSelectedDate(QDate.currentDate().addDays(1))
    dialog.accept()
    assert field.edit.text() == date.today().strftime("%d/%m/%Y")
    field.edit.setText("31/02/2026")  # not a day: the calendar opens at today
    dialog = open_by_keyboard(qtbot, field)
    assert dialog.calendar.selectedDate() == QDate.currentDate()
    dialog.reject()


def test_every_focusable_part_of_a_date_field_and_its_calendar_has_a_name(qtbot: QtBot) -> None:
    field = DateField(lambda: None, "Happened from")
    qtbot.addWidget(field)
    field.show()
    dialog = open_by_keyboard(qtbot, field)
    for parent in (field, dialog):
        for widget in parent.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                assert widget.accessibleName(), type(widget).__name__
    dialog.reject()


def test_the_reports_list_shows_when_it_happened_the_uk_way(qtbot: QtBot, session: Session) -> None:
    session.reports.create_draft(full_report())  # happened 2026-03-14T18:30
    model = ReportsModel(session.reports, {})
    assert model.data(model.index(0, 2)) == "14/03/2026 18:30"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", model.data(model.index(0, 5)))
