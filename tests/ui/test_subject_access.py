"""'Subject access…' on a report, reached as a coordinator reaches it: the list, Enter, Alt+A, a
folder; the files appear, the view says which, and a second request asks before replacing them.
A volunteer is not offered it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.support import i18n
from intake_app.ui.dialogs import subject_access_actions
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.language import apply_language
from intake_app.ui.main_window import MainWindow
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.screen import shown_active, wait_for_the_list
from tests.walkers import clipped_labels, dead_mnemonics, mnemonic_clashes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NAME = "Write everything the centre holds about the person in this report (subject access)"


@pytest.fixture
def chosen_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The folder chooser answers with a folder the person chose (an empty one)."""
    folder = tmp_path / "for the person"
    folder.mkdir()

    def answer(_parent: QWidget, _title: str, _start: str) -> str:
        return str(folder)

    monkeypatch.setattr(subject_access_actions.QFileDialog, "getExistingDirectory", answer)
    return folder


def requests(session: Session, report_id: str) -> int:
    entries = session.audit.entries(limit=50, target=report_id)
    return sum(e.action == "report.subject_access" for e in entries)


def test_a_coordinator_writes_the_files_from_the_report_by_keyboard(
    qtbot: QtBot, session: Session, chosen_folder: Path
) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "door of the flat")
    session.reports.mark_ready(record.id)
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("f")
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {record.reference}")
    assert screen.find(NAME).isEnabled()

    screen.alt("a")  # Subject access…
    screen.wait(lambda: screen.sees("✓ Wrote 3 files into the chosen folder", view))
    base = f"subject-access-{record.reference}"
    names = [f"{base}.pdf", f"{base}.json", f"{base}-attachment-01.png"]
    assert sorted(p.name for p in chosen_folder.iterdir()) == sorted(names)
    assert (chosen_folder / names[2]).read_bytes() == PNG
    assert screen.sees("give them only to the person the report is about", view)
    assert requests(session, record.id) == 1
    pdf = (chosen_folder / names[0]).read_bytes()

    screen.when_shown("Replace the files?", lambda: screen.key(Qt.Key.Key_Escape))
    screen.alt("a")  # again: the files are there, and Escape keeps them
    screen.wait(lambda: QApplication.activeWindow() is view)
    assert (chosen_folder / names[0]).read_bytes() == pdf
    assert requests(session, record.id) == 1

    screen.when_shown("Replace the files?", lambda: screen.press("Yes"))
    screen.alt("a")
    screen.wait(lambda: requests(session, record.id) == 2)
    screen.wait(lambda: screen.sees("✓ Wrote 3 files", view))
    window.close()


def test_a_volunteer_is_not_offered_it(qtbot: QtBot, session: Session, data_dir: Path) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        record = thaddeus.reports.create_draft(full_report())
        view = ReportView(thaddeus.reports.get(record.id), thaddeus)
        screen = shown_active(qtbot, view)
        assert screen.find_all(NAME, window=view) == []
        assert not screen.sees("Subject access", view)
        view.close()


@pytest.mark.parametrize("code", [lang.code for lang in i18n.LANGUAGES])
def test_the_report_view_keeps_unique_keys_with_the_button_in_each_language(
    qtbot: QtBot, session: Session, code: str
) -> None:
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    i18n.use(code)
    apply_language(code)
    view = ReportView(session.reports.get(record.id), session)
    shown_active(qtbot, view)
    qtbot.wait(20)
    assert mnemonic_clashes(view) + dead_mnemonics(view) + clipped_labels(view) == []
    view.close()
