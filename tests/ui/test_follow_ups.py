"""Follow-ups reached as a person reaches them: a report opened from the list with keys, Alt+F,
the fields by their Alt keys, Enter; then the Due screen, found in the list on the left by typing
its first letter, lists it as overdue with a fixed clock, and Enter opens its report. A
caseworker's window lists only their cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTableView,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.domain.follow_up import FollowUpEntry
from intake_app.support import i18n
from intake_app.ui.dialogs.follow_up_dialog import FollowUpDialog
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.language import apply_language
from intake_app.ui.main_window import MainWindow
from intake_app.ui.models.due_model import DueModel
from tests.conftest import PASSPHRASE, full_report
from tests.screen import Screen, shown_active, shown_rows, wait_for_the_list
from tests.walkers import clipped_labels, dead_mnemonics, mnemonic_clashes

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _fixed() -> datetime:
    return NOW


def _ready(session: Session) -> str:
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    return str(record.reference)


def test_a_follow_up_added_by_keyboard_is_listed_as_due(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    reference = _ready(session)
    session.close()
    amina = unlock(data_dir, "Amina", PASSPHRASE, clock=_fixed)
    window = MainWindow(amina, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("f")
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {reference}")
    browser = screen.find("Report details", QTextBrowser, view)
    assert "No follow-ups yet." in browser.toPlainText()

    screen.alt("f")  # Follow-up…
    dialog = screen.wait_for_window(f"Add a follow-up to {reference}")
    assert mnemonic_clashes(dialog) == [] and dead_mnemonics(dialog) == []
    kind = cast(QComboBox, screen.find("Kind", QComboBox, dialog))
    assert kind.currentText() == "Contact"  # the most common kind, chosen to start with
    due = cast(QLineEdit, screen.find("Due date, such as 23/04/1990", QLineEdit, dialog))
    assert due.placeholderText() == "e.g. 23/04/1990"  # the format, before anything is typed
    width = screen.find("Next action", QLineEdit, dialog).width()
    assert width >= due.fontMetrics().horizontalAdvance("Ring the housing officer about the repair")
    screen.alt("k")  # Kind: a note
    screen.key(Qt.Key.Key_End)
    assert kind.currentText() == "Note"
    screen.alt("w")
    screen.type("Spoke to her neighbour")
    screen.alt("n")
    screen.type("Ring the housing officer")
    screen.alt("d")
    screen.type("31/02/2026")
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("There is no such date", dialog))  # nothing lost
    screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    screen.type("19/11/2026")
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("Follow-up added.", view))
    screen.wait(lambda: QApplication.activeWindow() is view)
    shown = browser.toPlainText()
    assert "Note: Spoke to her neighbour" in shown
    assert "Ring the housing officer (due 19/11/2026)" in shown
    screen.key(Qt.Key.Key_Escape)
    screen.wait(lambda: QApplication.activeWindow() is window)

    screen.ctrl("f")  # the search box, beside the list of screens
    screen.tab_to("Go to", backwards=True)
    screen.type("D")  # the list finds "Due" by its first letter
    screen.wait(lambda: screen.sees("Due today and overdue"))
    screen.key(Qt.Key.Key_Return)  # into the page: the list of what is due
    table = screen.find("Next actions due", QTableView)
    screen.wait(lambda: screen.focused() is table)
    assert shown_rows(table) == [  # type: ignore[arg-type]
        [reference, "⚠ Overdue since 19/11/2026", "Ring the housing officer"]
    ]
    assert screen.sees("1 next action due, 1 of them overdue.")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window(f"Report {reference}")
    screen.key(Qt.Key.Key_Escape)
    window.close()


def test_a_caseworker_sees_only_their_cases_and_what_is_due_on_them(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    mine, other = _ready(session), _ready(session)
    session.users.add("Bea", "caseworker", "copper lantern meadow nine")
    session.cases.assign(mine, "Bea")
    bea = unlock(data_dir, "Bea", "copper lantern meadow nine", clock=_fixed)
    window = MainWindow(bea, lambda: None)
    screen = shown_active(qtbot, window)
    assert window.windowTitle() == "Intake — Riverside Advice Centre — Bea (caseworker)"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Reports",
        "Due",
        "Leaflets",
    ]
    screen.ctrl("f")
    listed = screen.find("Reports", QTableView)
    screen.wait(lambda: listed.model() is not None and listed.model().rowCount() == 1)
    assert mine in shown_rows(listed)[0] and other not in str(shown_rows(listed))
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window(f"Report {mine}")
    # Her casebook holds copies: links are made at the centre, so she is not offered it.
    assert not screen.sees("Link to another report…") and screen.sees("Timeline")
    window.close()


@pytest.mark.parametrize("code", [lang.code for lang in i18n.LANGUAGES])
def test_the_follow_up_windows_keep_unique_keys_in_each_language(
    qtbot: QtBot, session: Session, code: str
) -> None:
    record = session.reports.get(_ready(session))
    entry = FollowUpEntry("note", text="n", next_action="Ring", due_on=date(2026, 11, 19))
    session.follow_ups.add(record.reference, entry)  # its next actions are shown, with Mark done
    apply_language(code)
    view = ReportView(record, session)
    qtbot.addWidget(view)
    view.show()
    dialog = FollowUpDialog(session, record.reference, view)
    dialog.kind.setCurrentIndex(dialog.kind.findData("referral"))  # every field on screen
    dialog.show()
    QApplication.processEvents()
    for window in (view, dialog):
        found = mnemonic_clashes(window) + dead_mnemonics(window) + clipped_labels(window)
        assert found == [], (code, window.windowTitle(), found)
    assert DueModel().header(2) == (dialog.next_action.accessibleName())


def _due_screen(screen: Screen) -> QTableView:
    """Ctrl+F, Shift+Tab to the list of screens, D for Due, Enter: the keyboard in its list."""
    screen.ctrl("f")
    screen.tab_to("Go to", backwards=True)
    screen.type("D")
    screen.wait(lambda: screen.sees("Due today and overdue"))
    screen.key(Qt.Key.Key_Return)
    table = screen.find("Next actions due", QTableView)
    screen.wait(lambda: screen.focused() is table)
    return table  # type: ignore[return-value]


def test_next_actions_are_marked_done_on_the_due_screen_by_keyboard(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    reference = _ready(session)
    session.close()
    amina = unlock(data_dir, "Amina", PASSPHRASE, clock=_fixed)
    for day, action in (
        (18, "Ring the housing officer"),
        (20, "Visit with the interpreter"),
        (23, "Write to the school"),
        (27, "Check on the referral"),
        (28, "Too far ahead to show"),
    ):
        entry = FollowUpEntry("note", text="n", next_action=action, due_on=date(2026, 11, day))
        amina.follow_ups.add(reference, entry)
    window = MainWindow(amina, lambda: None)
    screen = shown_active(qtbot, window)
    table = _due_screen(screen)
    assert shown_rows(table) == [
        [reference, "⚠ Overdue since 18/11/2026", "Ring the housing officer"],
        [reference, "Today", "Visit with the interpreter"],
    ]
    assert screen.sees("Coming up in the next 7 days")
    coming = screen.find("Next actions coming up", QTableView)
    assert shown_rows(coming) == [  # type: ignore[arg-type]
        [reference, "23/11/2026", "Write to the school"],
        [reference, "27/11/2026", "Check on the referral"],
    ]
    assert screen.sees("2 next actions coming up.")

    screen.alt("d")  # Mark done: the chosen row, the first
    screen.wait(lambda: screen.sees(f"Done: Ring the housing officer ({reference})."))
    screen.wait(lambda: screen.focused() is table)  # the keyboard is back in the list
    assert shown_rows(table) == [[reference, "Today", "Visit with the interpreter"]]
    assert screen.sees("1 next action due, 0 of them overdue.")
    screen.key(Qt.Key.Key_Tab)  # past the button, to the list of what is coming up
    screen.tab_to("Next actions coming up")
    screen.key(Qt.Key.Key_Down)
    screen.alt("d")
    screen.wait(lambda: screen.sees(f"Done: Check on the referral ({reference})."))
    screen.wait(lambda: screen.focused() is coming)
    assert shown_rows(coming) == [[reference, "23/11/2026", "Write to the school"]]  # type: ignore[arg-type]
    assert [f.due_text() for f in amina.follow_ups.due()] == ["Visit with the interpreter"]
    assert [f.done_at != "" for f in amina.follow_ups.of_case(reference)] == [
        True, False, False, True, False,
    ]  # fmt: skip
    screen.key(Qt.Key.Key_Return)  # Enter on a row still opens its report
    screen.wait_for_window(f"Report {reference}")
    screen.key(Qt.Key.Key_Escape)
    window.close()


def test_a_next_action_is_marked_done_in_the_report_s_window(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    reference = _ready(session)
    session.close()
    amina = unlock(data_dir, "Amina", PASSPHRASE, clock=_fixed)
    for action, due in (
        ("Ring the housing officer", date(2026, 11, 19)),
        ("Send a leaflet", date(2026, 11, 25)),
    ):
        amina.follow_ups.add(
            reference, FollowUpEntry("note", text="Spoke", next_action=action, due_on=due)
        )
    window = MainWindow(amina, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("f")
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {reference}")
    screen.alt("t")  # Next actions to do
    listing = screen.find("Next actions to do", QListWidget, view)
    assert screen.focused() is listing
    assert [listing.item(i).text() for i in range(listing.count())] == [  # type: ignore[attr-defined]
        "Ring the housing officer (due 19/11/2026)",
        "Send a leaflet (due 25/11/2026)",
    ]
    screen.key(Qt.Key.Key_Down)
    screen.alt("d")  # Mark done
    screen.wait(lambda: screen.sees(f"Done: Send a leaflet ({reference}).", view))
    assert screen.focused() is listing
    assert listing.count() == 1  # type: ignore[attr-defined]
    browser = screen.find("Report details", QTextBrowser, view)
    assert "Send a leaflet (due 25/11/2026): done" in browser.toPlainText()
    screen.alt("d")
    screen.wait(lambda: screen.sees(f"Done: Ring the housing officer ({reference}).", view))
    assert not screen.find_all("Next actions to do", QListWidget, view)  # nothing left to do
    assert amina.follow_ups.due() == []
    screen.key(Qt.Key.Key_Escape)
    window.close()
