"""Users and centre settings, as a coordinator uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.ui.app import IntakeApp
from intake_app.ui.dialogs.user_dialogs import ResetPassphraseDialog
from intake_app.ui.main_window import MainWindow
from intake_app.ui.pages.centre_settings_page import CentreSettingsPage
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE
from tests.screen import Screen, announced_entry, shown_rows
from tests.walkers import clipped_labels


def opened(qtbot: QtBot, data_dir: Path, session: Session) -> tuple[IntakeApp, Screen]:
    app = IntakeApp(data_dir)
    app._opened(session)
    assert app.window is not None
    qtbot.addWidget(app.window)
    screen = Screen(qtbot)
    screen.wait_for_window("Intake — ")
    return app, screen


def go_to(screen: Screen, page: str) -> None:
    """Shift+Tab back to the list of screens (before the search box, where the keyboard starts),
    choose a page in it with the arrow keys and go into it with Enter."""
    screen.tab_to("Go to", backwards=True)
    screen.choose("Go to", page)
    screen.key(Qt.Key.Key_Return)


def test_coordinator_adds_a_volunteer_by_keyboard_and_the_list_shows_them(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Users")
    assert screen.focused_name() == "Users"  # Enter went into the page: its list first
    assert announced_entry(screen.find("Users", QTableView)) == ("Amina", True)
    screen.key(Qt.Key.Key_Tab)  # Tab leaves the list, rather than walking through its cells
    assert screen.focused_name() == "Add a user…"
    screen.key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert screen.focused_name() == "Users"
    screen.alt("a")  # Add a user…
    dialog = screen.wait_for_window("Add a user")
    screen.fill("User name", "Thaddeus")
    screen.fill("New passphrase", "short")
    assert screen.sees("at least 12", dialog)
    qtbot.wait(50)  # the dialog lays itself out again around the longer message
    assert clipped_labels(dialog) == []
    assert not screen.find("OK").isEnabled()
    screen.fill("New passphrase", VOLUNTEER_PASSPHRASE)
    screen.fill("Type the new passphrase again", VOLUNTEER_PASSPHRASE)
    screen.press("OK")
    screen.wait(lambda: not dialog.isVisible())
    screen.wait_for_window("Intake — ")
    assert screen.sees("User added.")
    # The keyboard is on the list, at the person just added (not lost in the page list).
    assert screen.focused_name() == "Users"
    assert announced_entry(screen.find("Users", QTableView)) == ("Thaddeus", True)
    users = screen.find("Users", QTableView)
    assert [row[:2] for row in shown_rows(users)] == [  # type: ignore[arg-type]
        ["Amina", "Coordinator"],
        ["Thaddeus", "Volunteer"],
    ]
    unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE).close()

    screen.tab_to("Users")
    screen.key(Qt.Key.Key_Down)
    assert announced_entry(users) == ("Thaddeus", True)
    asked: list[str] = []

    def yes() -> None:
        asked.append(screen.window().windowTitle())
        screen.alt("y")

    screen.when_shown("Deactivate this user?", yes)
    screen.alt("d")  # Deactivate…
    screen.wait(lambda: asked == ["Deactivate this user?"])
    screen.wait_for_window("Intake — ")
    # Deactivating re-keys the store, off the GUI thread.
    screen.wait(lambda: screen.sees("has been deactivated"), timeout=20000)
    assert screen.sees("new key")
    assert shown_rows(users)[1] == ["Thaddeus", "Volunteer", "Deactivated"]  # type: ignore[arg-type]
    screen.alt("d")  # a second time, Thaddeus still chosen: said so, nothing asked
    assert screen.sees("Thaddeus is already deactivated.")
    app.inactivity.remove()


def test_coordinator_changes_a_centre_setting_by_keyboard_and_it_is_saved(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Centre settings")
    assert screen.focused_name() == "Lock after this many minutes without use"
    screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    screen.type("12")
    screen.alt("n")  # Centre name
    assert screen.focused_name() == "Centre name"
    screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    screen.type("Riverside Community Advice")
    screen.alt("p")  # every field has its Alt key: Phone
    assert screen.focused_name() == "Centre phone, for leaflets"
    screen.type("0116 496 0000")
    screen.alt("s")  # Save settings
    assert screen.sees("Settings saved.")
    store = app.window.session if app.window is not None else None
    assert store is not None
    assert store.settings.auto_lock_minutes == 12
    assert store.centre.name == "Riverside Community Advice"
    go_to(screen, "Users")
    go_to(screen, "Centre settings")  # read again from the store
    assert screen.find("Centre name").text() == "Riverside Community Advice"  # type: ignore[attr-defined]
    assert screen.find("Centre phone, for leaflets").text() == "0116 496 0000"  # type: ignore[attr-defined]
    assert screen.find("Lock after this many minutes without use").value() == 12  # type: ignore[attr-defined]
    app.inactivity.remove()


def test_reset_with_a_wrong_recovery_key_says_so(qtbot: QtBot, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    dialog = ResetPassphraseDialog(session, "Thaddeus")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.recovery, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAA")
    qtbot.keyClicks(dialog.passphrase.first, "amber tractor willow four")
    qtbot.keyClicks(dialog.passphrase.second, "amber tractor willow four")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "⚠" in dialog.message.text(), timeout=10000)
    assert "recovery key" in dialog.message.text()


def test_settings_change_the_auto_lock_time(qtbot: QtBot, session: Session) -> None:
    changed: list[int] = []
    page = CentreSettingsPage(session, changed.append)
    qtbot.addWidget(page)
    page.auto_lock.setValue(12)
    page.centre_name.setText("Riverside Community Advice")
    page._save_settings()
    assert changed == [12]
    assert session.settings.auto_lock_minutes == 12
    assert session.centre.name == "Riverside Community Advice"


def test_volunteers_do_not_see_users_nor_centre_settings(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    assert "users" in window.nav_targets and "settings" in window.nav_targets
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    window.lock()
    window.show_session(volunteer)
    assert window.nav_targets == ["reports", "new", "leaflets"]
    window.close()


def test_audit_log_page_names_people_and_references_and_checks_the_chain(
    qtbot: QtBot, session: Session
) -> None:
    from tests.conftest import full_report

    record = session.reports.create_draft(full_report())
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(window.nav_targets.index("audit"))
    page = window.audit_page
    assert page is not None
    rows = shown_rows(page.table)
    assert ["Amina", "Created a report", record.reference] in [row[1:] for row in rows]
    assert all("Zenobia" not in " ".join(row) for row in rows)
    page.verify()
    assert page.verdict.text().startswith("✓")
    window.close()


def test_another_user_unlocking_gets_their_own_view_not_the_draft(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    from tests.conftest import full_report

    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(window.nav_targets.index("new"))
    assert window.form is not None
    window.form.binder.fields["perception"].set("Amina's draft")
    window.form.dirty = True
    window.lock()
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    window.show_session(volunteer)
    assert window.form is None  # not Amina's draft
    assert window.model.rowCount() == 0  # and not her reports
    # Amina (whose session the lock closed) adds a report Thaddeus must not be able to open.
    amina = unlock(data_dir, "Amina", "violet kettle harbour seven")
    hers = amina.reports.create_draft(full_report())
    amina.close()
    summary = next(iter(volunteer.reports.list()), None)
    assert summary is None
    import pytest

    from intake_app.support.errors import NotAllowed

    with pytest.raises(NotAllowed):
        volunteer.reports.get(hers.id)
    window.close()


def test_centre_contact_details_are_saved_for_leaflets(qtbot: QtBot, session: Session) -> None:
    page = CentreSettingsPage(session)
    qtbot.addWidget(page)
    page.centre_address.setText("12 Mill Lane, Leicester")
    page.centre_phone.setText("0116 496 0000")
    page._save_settings()
    assert session.leaflets.centre_details().phone == "0116 496 0000"
    page.centre_phone.setText("123")
    page._save_settings()
    assert "UK phone" in page.message.text()


def test_retention_and_receipt_settings(qtbot: QtBot, session: Session) -> None:
    page = CentreSettingsPage(session)
    qtbot.addWidget(page)
    assert page.keep_after_ack.value() == 365
    page.keep_after_ack.setValue(180)
    page.keep_monitoring.setValue(730)
    page.receipt_due.setValue(21)
    page._save_settings()
    assert (session.retention.after_acknowledged_days, session.retention.monitoring_only_days) == (
        180,
        730,
    )
    assert session.settings.receipt_due_days == 21


def test_after_a_lock_the_coordinator_is_back_on_the_page_they_were_on(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Audit log")
    assert screen.sees("Check the log has not been altered")
    screen.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # lock
    screen.wait_for_window("Unlock")
    assert not screen.sees("Check the log has not been altered")  # nothing shown while locked
    screen.type(PASSPHRASE)  # the name is filled in; the passphrase has the keyboard
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window("Intake — ")
    screen.wait(lambda: screen.sees("Check the log has not been altered"))
    # In the page they were on (its list), not the list of screens: a letter typed stays here.
    assert screen.focused_name() == "Audit log"
    screen.type("u")
    assert screen.sees("Check the log has not been altered")
    assert app.window is not None and app.window.session is not None
    app.inactivity.remove()
    app.window.session.close()


def test_coordinator_sets_how_often_reports_go_to_the_police_by_keyboard(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Centre settings")
    interval = "Usual sending interval: days between sendings of reports to the police"
    assert screen.find(interval).value() == 7  # type: ignore[attr-defined]
    assert screen.sees("Usually send reports to the police every")
    screen.alt("u")
    assert screen.focused_name() == interval
    screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    screen.type("14")
    screen.alt("s")  # Save settings
    assert screen.sees("Settings saved.")
    store = app.window.session if app.window is not None else None
    assert store is not None and store.settings.sending_interval_days == 14
    go_to(screen, "Users")
    go_to(screen, "Centre settings")  # read again from the store
    assert screen.find(interval).value() == 14  # type: ignore[attr-defined]
    app.inactivity.remove()


def test_after_unlocking_what_is_typed_first_searches_the_reports(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    """The keyboard starts in the search box, so a name typed at once finds reports rather
    than jumping to the screen whose name starts with its first letter; so again after a lock."""
    app, screen = opened(qtbot, data_dir, session)
    for _time in range(2):
        screen.wait(lambda: screen.focused_name() == "Search reports")
        screen.type("Users")
        assert not screen.sees("Add a user…")  # still on the reports
        search = screen.focused()
        assert search is not None and search.text() == "Users"  # type: ignore[attr-defined]
        screen.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # lock
        screen.wait_for_window("Unlock")
        screen.type(PASSPHRASE)
        screen.key(Qt.Key.Key_Return)
        screen.wait_for_window("Intake — ")
    assert app.window is not None and app.window.session is not None
    app.inactivity.remove()
    app.window.session.close()
