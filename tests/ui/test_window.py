"""The desktop app, driven through real widgets on the offscreen platform."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.storage import keyslots
from intake_app.storage.kdf import Argon2Params
from intake_app.ui.dialogs.setup_wizard import SetupWizard
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog
from intake_app.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, full_report


def test_setup_wizard_creates_the_store_and_confirms_the_recovery_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "store"
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.centre_page.centre_name, "Riverside Advice Centre")
    qtbot.keyClicks(wizard.centre_page.centre_code, "riva")
    assert wizard.centre_page.centre_code.text() == "RIVA"
    wizard.next()
    page = wizard.coordinator_page
    qtbot.keyClicks(page.user_name, "Amina")
    qtbot.keyClicks(page.passphrase, "short")
    assert "at least 12" in page.feedback.text()
    assert not page.isComplete()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.repeat, PASSPHRASE[:-1])
    assert "not the same" in page.feedback.text()
    qtbot.keyClicks(page.repeat, PASSPHRASE[-1])
    assert page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=20000)
    recovery = wizard.recovery_page
    key = recovery.key_label.text()
    assert key.count("-") == 5
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.keyClicks(recovery.confirm, "00000")
    assert not recovery.isComplete()
    recovery.confirm.clear()
    qtbot.keyClicks(recovery.confirm, key.split("-")[recovery.group_number - 1].lower())
    assert recovery.isComplete()
    assert wizard.session is not None
    wizard.session.close()
    unlock(data_dir, "Amina", PASSPHRASE).close()
    # Made as a person makes it: the production key derivation cost (the command-line tests
    # use the light test settings, see tests/light_kdf.py).
    assert keyslots.load(data_dir / "keyslots.json").params == Argon2Params()


def test_wrong_passphrase_shows_one_plain_message(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.close()
    dialog = UnlockDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_name, "Amina")
    qtbot.keyClicks(dialog.passphrase, "not my passphrase")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not unlock" in dialog.message.text(), timeout=10000)
    assert dialog.session is None
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.session is not None and dialog.session.user.name == "Amina"
    dialog.session.close()


def test_list_shows_reports_search_filters_and_lock_hides_them(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    wexcombe = session.reports.create_draft(full_report())
    for _ in range(3):
        session.reports.create_draft(
            full_report(description="Shouting outside the library", perception="x")
        )
    locked: list[bool] = []
    window = MainWindow(session, lambda: locked.append(True))
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 4
    assert "4 reports" in window.count_label.text()
    qtbot.keyClicks(window.search, "wexcomb")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.summary_at(0).reference == wexcombe.reference
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    window.status.setCurrentIndex(window.status.findData("ready"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5000)
    assert window.count_label.text() == "0 reports"
    window.lock()
    assert locked == [True]
    assert window.table.model() is None
    assert not window.isVisible()


def test_list_loads_lazily(qtbot: QtBot, session: Session) -> None:

    session.demo.generate(450, ready_share=0)
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    assert window.model.total == 450
    assert window.model.rowCount() == 200
    window.model.fetchMore()  # read by the background helper: the rows arrive a moment later
    assert not window.model.canFetchMore()  # one page at a time
    qtbot.waitUntil(lambda: window.model.rowCount() == 400, timeout=15000)
    window.model.fetchMore()
    qtbot.waitUntil(lambda: window.model.rowCount() == 450, timeout=15000)
    assert not window.model.canFetchMore()


def test_reports_model_without_a_view(qtbot: QtBot, session: Session) -> None:
    from PySide6.QtCore import Qt as QtNs

    from intake_app.ui.models.reports_model import ReportsModel

    first = session.reports.create_draft(full_report())
    second = session.reports.create_draft(full_report(consent="monitoring_only"))
    model = ReportsModel(
        session.reports, {"religion": "Religion or belief", "race": "Race or ethnicity"}
    )
    assert model.rowCount() == 2 and model.columnCount() == 6
    assert model.data(model.index(0, 0)) == second.reference  # most recently changed first
    assert model.data(model.index(0, 3)) == "Race or ethnicity, Religion or belief"
    assert model.data(model.index(0, 4)) == "Monitoring only"
    assert "centre for monitoring" in model.data(model.index(0, 4), QtNs.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(model.refreshed, timeout=5000):
        model.sort(0, QtNs.SortOrder.AscendingOrder)  # asks the store off the GUI thread
    assert model.data(model.index(0, 0)) == first.reference
    model.set_query(search="Wexcombe", status="ready")
    assert model.rowCount() == 0


def test_caps_lock_is_pointed_out(qtbot: QtBot, data_dir: Path, session: Session) -> None:
    session.close()
    dialog = UnlockDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "VIOLET")  # capitals typed without Shift
    assert dialog.caps_lock.isVisible()
    qtbot.keyClicks(dialog.passphrase, "kettle")
    assert not dialog.caps_lock.isVisible()
    qtbot.keyClick(dialog.passphrase, "K", Qt.KeyboardModifier.ShiftModifier)  # Shift+K
    assert not dialog.caps_lock.isVisible()


def test_strand_and_date_filters(qtbot: QtBot, session: Session) -> None:
    from intake_app.domain.report import StrandChoice, When

    session.reports.create_draft(
        full_report(strands=[StrandChoice("disability", "")], when=When("2025-06-01"))
    )
    march = session.reports.create_draft(full_report())  # religion and race, 2026-03-14
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    page = window.reports_page
    page.strand.setCurrentIndex(page.strand.findData("religion"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.summary_at(0).id == march.id
    page.strand.setCurrentIndex(0)
    qtbot.keyClicks(page.date_to.edit, "31/12/2025")
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 1 and window.model.summary_at(0).id != march.id,
        timeout=5000,
    )
    qtbot.keyClicks(page.date_from.edit, "2026-13")
    qtbot.waitUntil(lambda: "day/month/year" in page.filter_message.text(), timeout=5000)
    assert page.filter_message.text().startswith("⚠ Happened from:")
    window.close()


def test_recovery_sheet_pdf_holds_the_key(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from intake_app.ui.dialogs.recovery_sheet_printing import save_pdf

    parent = QWidget()
    qtbot.addWidget(parent)
    out = save_pdf(
        parent,
        "Riverside Advice Centre",
        "YP93D-55VR6-AN495-NQXMH-SEANT-5XYP7",
        str(tmp_path / "sheet.pdf"),
    )
    data = (tmp_path / "sheet.pdf").read_bytes()
    assert out and data.startswith(b"%PDF-")
    import subprocess

    text = subprocess.run(
        ["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "YP93D 55VR6 AN495 NQXMH SEANT 5XYP7" in " ".join(text.split())
    assert "Riverside Advice Centre" in text


def test_long_tasks_report_progress_and_stop_when_cancelled(qtbot: QtBot) -> None:
    import time

    from intake_app.ui.background import TaskControl, start_task

    seen: list[tuple[int, int]] = []
    outcome: list[str] = []

    def work(control: TaskControl) -> int:
        for step in range(1000):
            control.check()
            control.report(step, 1000)
            time.sleep(0.005)
        return 1000

    control = start_task(work, lambda _: outcome.append("finished"), outcome.append,
                         lambda done, total: seen.append((done, total)),
                         lambda: outcome.append("cancelled"))  # fmt: skip
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    control.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert seen[0] == (0, 1000) and seen[-1][0] < 999
