"""Users and settings, as a coordinator uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from intake_app.session import Session, unlock
from intake_app.ui.main_window import MainWindow
from intake_app.ui.user_dialogs import AddUserDialog, ResetPassphraseDialog
from intake_app.ui.users_page import UsersPage
from tests.conftest import VOLUNTEER_PASSPHRASE


def test_coordinator_adds_a_volunteer_who_can_then_unlock(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    page = UsersPage(session)
    qtbot.addWidget(page)
    dialog = AddUserDialog(session, page)
    qtbot.keyClicks(dialog.name, "Thaddeus")
    qtbot.keyClicks(dialog.passphrase.first, "short")
    assert not dialog.ok.isEnabled()
    assert "at least 12" in dialog.passphrase.feedback.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.first, VOLUNTEER_PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, VOLUNTEER_PASSPHRASE)
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    page.refresh()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]  # type: ignore[union-attr]
    assert names == ["Amina", "Thaddeus"]
    unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE).close()
    page.deactivate_user("Thaddeus")  # re-keys the store, off the GUI thread
    qtbot.waitUntil(lambda: "has been deactivated" in page.message.text(), timeout=20000)
    assert page.table.item(1, 2).text() == "Deactivated"  # type: ignore[union-attr]
    assert "new key" in page.message.text()
    page.table.selectRow(1)
    page.deactivate.click()  # a second time: said so, nothing asked
    assert page.message.text() == "Thaddeus is already deactivated."


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
    page = UsersPage(session, changed.append)
    qtbot.addWidget(page)
    page.auto_lock.setValue(12)
    page.centre_name.setText("Riverside Community Advice")
    page._save_settings()
    assert changed == [12]
    assert session.settings.auto_lock_minutes == 12
    assert session.centre.name == "Riverside Community Advice"


def test_volunteers_do_not_see_users_and_settings(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    assert "users" in window.nav_targets
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
    rows = [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]  # type: ignore[union-attr]
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

    from intake_app.errors import NotAllowed

    with pytest.raises(NotAllowed):
        volunteer.reports.get(hers.id)
    window.close()


def test_centre_contact_details_are_saved_for_leaflets(qtbot: QtBot, session: Session) -> None:
    page = UsersPage(session)
    qtbot.addWidget(page)
    page.centre_address.setText("12 Mill Lane, Leicester")
    page.centre_phone.setText("0116 496 0000")
    page._save_settings()
    assert session.leaflets.centre_details().phone == "0116 496 0000"
    page.centre_phone.setText("123")
    page._save_settings()
    assert "UK phone" in page.message.text()


def test_retention_and_receipt_settings(qtbot: QtBot, session: Session) -> None:
    page = UsersPage(session)
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
