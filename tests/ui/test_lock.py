"""Auto-lock and the lock command hide every report and clear only our clipboard text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.app import IntakeApp
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.main_menus import copy_reference
from intake_app.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, full_report


def test_inactivity_locks_and_unlock_brings_the_list_back(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    reference = session.reports.create_draft(full_report()).reference
    app = IntakeApp(data_dir, lock_after_ms=300)
    app.window = MainWindow(session, app.relock)
    qtbot.addWidget(app.window)
    app.window.show()
    view = ReportView(session.reports.get(reference), session, app.window)
    view.show()
    app.inactivity.arm()
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=5000)
    assert app.window.session is None
    assert app.window.table.model() is None
    assert not view.isVisible()
    dialog = app.unlock_dialog
    assert dialog.user_name.text() == "Amina"  # the same user's name, filled in after a lock
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window is not None and app.window.isVisible(), timeout=10000)
    assert app.window.model.summary_at(0).reference == reference
    app.inactivity.remove()
    app.window.session.close()


def test_activity_keeps_the_app_unlocked(qtbot: QtBot, session: Session) -> None:
    # Typing every 0.3 s for 6 s, three times the 2 s timeout: a key now and then is enough.
    # (The margin between keys is wide, so a busy test machine's pauses do not lock it: with a
    # 1 s timeout, a clean clone's run with two workers a core once stalled long enough.)
    app = IntakeApp(session.data_dir, lock_after_ms=2000)
    app.window = MainWindow(session, app.relock)
    qtbot.addWidget(app.window)
    app.window.show()
    app.inactivity.arm()
    for _key in range(20):
        qtbot.wait(300)
        qtbot.keyClick(app.window.search, Qt.Key.Key_A)
    assert app.window.isVisible() and app.window.session is not None
    app.inactivity.remove()
    app.window.close()


def test_lock_clears_the_clipboard_only_if_it_still_holds_our_text(
    qtbot: QtBot, session: Session
) -> None:
    session.reports.create_draft(full_report())
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(0)
    copy_reference(window)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text().startswith("RIVA-")
    window.lock()
    assert clipboard.text() == ""


def test_lock_leaves_text_copied_from_elsewhere(qtbot: QtBot, session: Session) -> None:
    session.reports.create_draft(full_report())
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.table.selectRow(0)
    copy_reference(window)
    QGuiApplication.clipboard().setText("a shopping list")
    window.lock()
    assert QGuiApplication.clipboard().text() == "a shopping list"
