"""One volunteer's whole journey through the app, end to end, as the issue describes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from intake_app.ui.app import IntakeApp
from tests.conftest import PASSPHRASE
from tests.test_ui_form import fill_minimal_report


def test_setup_unlock_report_search_autolock_unlock_draft_intact(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "store"
    app = IntakeApp(data_dir)
    # First run: the setup wizard.
    app.start()
    wizard = app.wizard
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.centre_page.centre_name, "Riverside Advice Centre")
    qtbot.keyClicks(wizard.centre_page.centre_code, "RIVA")
    wizard.next()
    page = wizard.coordinator_page
    qtbot.keyClicks(page.user_name, "Amina")
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.repeat, PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=20000)
    recovery = wizard.recovery_page
    qtbot.keyClicks(
        recovery.confirm, recovery.key_label.text().split("-")[recovery.group_number - 1]
    )
    wizard.accept()
    window = app.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)

    # A report typed in and clicked through, then found in the list.
    window.nav.setCurrentRow(window.nav_targets.index("new"))
    form = window.form
    assert form is not None
    fill_minimal_report(qtbot, form)
    form.go_to(1)
    qtbot.keyClicks(form.binder.fields["person.name"].widget, "Not shown when anonymous")
    form.go_to(2)
    qtbot.keyClicks(form.binder.fields["perception"].widget, " It keeps happening.")
    assert form.save_now()
    reference = form.record.reference  # type: ignore[union-attr]
    window.nav.setCurrentRow(window.nav_targets.index("reports"))
    qtbot.keyClicks(window.search, "quillfeather")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.summary_at(0).reference == reference

    # Back into the draft, then the app locks itself.
    window.open_report(window.model.summary_at(0))
    form = window.form
    assert form is not None
    form.go_to(2)
    description = form.binder.fields["description"].widget
    description.moveCursor(QTextCursor.MoveOperation.End)  # type: ignore[attr-defined]
    qtbot.keyClicks(description, " They came back the next day.")
    app.inactivity.set_timeout(150)
    app.inactivity.arm()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.form is None and window.table.model() is None

    # Unlock: the same place, the draft intact, nothing lost.
    dialog = app.unlock_dialog
    qtbot.keyClicks(dialog.user_name, "Amina")
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase entirely")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not unlock" in dialog.message.text(), timeout=10000)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.isVisible(), timeout=10000)
    form = window.form
    assert form is not None and form.section == 2
    report, _ = form.collect()
    assert report.perception == "They shouted about my turban. It keeps happening."
    assert report.description.endswith("They came back the next day.")
    assert report.person.name == "Not shown when anonymous"
    app.inactivity.remove()
    window.on_closed = None
    window.close()
