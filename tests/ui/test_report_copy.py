"""'Copy for the person…' on the form and on the report view: print or save, audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.dialogs import report_copy_actions
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.main_window import MainWindow
from tests.conftest import full_report
from tests.leaflets.test_report_copy import copy_text


def mnemonics(buttons: list[QAbstractButton]) -> list[str]:
    found = (re.search("&([^&])", b.text()) for b in buttons)
    return [m.group(1).lower() for m in found if m]


def copy_actions(session: Session, record_id: str) -> list[tuple[str, str | None]]:
    return [
        (e.action, e.detail)
        for e in session.audit.entries(limit=10, target=record_id)
        if e.action == "report.copy_made"
    ]


@pytest.fixture
def chosen_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The save dialog answers with a file in tmp_path; the names it offered are kept."""
    offered: list[str] = []

    def answer(_parent: QWidget, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(Path(name).name)  # offered in the Documents folder
        return str(tmp_path / Path(name).name), "PDF (*.pdf)"

    monkeypatch.setattr(report_copy_actions.QFileDialog, "getSaveFileName", answer)
    return offered


@pytest.fixture
def chosen_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The print dialog is accepted, with the printer writing to a PDF file."""
    out = tmp_path / "printed.pdf"

    class Accepting:
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))

        def exec(self) -> QPrintDialog.DialogCode:
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(report_copy_actions, "QPrintDialog", Accepting)
    return out


def test_form_saves_the_draft_then_saves_or_prints_the_copy(
    qtbot: QtBot, session: Session, tmp_path: Path, chosen_file: list[str], chosen_printer: Path
) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(1)  # New report: nothing saved yet
    form = window.form
    assert form is not None and form.record is None
    header = [form.leaflet_button, form.copy_button, form.previous, form.next]
    assert len(set(mnemonics(header))) == len(header)
    form.copy_button.save_action.trigger()
    assert form.record is not None  # the draft was saved first
    reference = form.record.reference
    assert chosen_file == [f"{reference}-copy.pdf"]
    assert reference in copy_text((tmp_path / chosen_file[0]).read_bytes(), tmp_path)
    assert f"Saved the copy for the person as {reference}-copy.pdf" in (
        window.statusBar().currentMessage()
    )  # said where it went
    form.copy_button.print_action.trigger()
    assert chosen_printer.stat().st_size > 5_000
    assert copy_actions(session, form.record.id) == [
        ("report.copy_made", "printed"),
        ("report.copy_made", "saved"),
    ]
    window.close()


def test_report_view_offers_the_copy_beside_leaflet_and_close(
    qtbot: QtBot, session: Session, tmp_path: Path, chosen_file: list[str]
) -> None:
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.open_report(window.model.summary_at(0))
    (view,) = window.findChildren(ReportView)
    buttons = view.findChildren(QAbstractButton)
    assert view.copy_button in buttons
    keys = mnemonics(buttons)
    assert len(set(keys)) == len(keys) and "y" in keys
    assert "c" not in keys  # some platforms show the Close button as "&Close"
    view.copy_button.save_action.trigger()
    assert chosen_file == [f"{record.reference}-copy.pdf"]
    text = copy_text((tmp_path / chosen_file[0]).read_bytes(), tmp_path)
    assert "Zenobia Quarterfield" in text and "Ready to send" in text
    assert copy_actions(session, record.id) == [("report.copy_made", "saved")]
    assert view.isVisible()  # the copy does not close the view
    window.close()


def test_a_cancelled_dialog_makes_no_copy(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = session.reports.get(session.reports.create_draft(full_report()).id)
    monkeypatch.setattr(report_copy_actions.QFileDialog, "getSaveFileName", lambda *_: ("", ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert report_copy_actions.save_copy(parent, session, record) is None
    assert copy_actions(session, record.id) == []


def test_the_copy_can_be_made_in_the_persons_language(
    qtbot: QtBot, session: Session, tmp_path: Path, chosen_file: list[str]
) -> None:
    from intake_app.support import i18n

    record = session.reports.create_draft(full_report())
    view = ReportView(session.reports.get(record.id), session)
    qtbot.addWidget(view)
    view.show()
    button = next(b for b in view.findChildren(report_copy_actions.CopyForPersonButton))
    menu = button.menu()
    languages = next(a.menu() for a in menu.actions() if a.text() == "In the person's &language")
    assert languages.actions()[0].text() == "English"  # the list starts with English
    next(a for a in languages.actions() if a.text() == "Polski (Polish)").trigger()
    next(a for a in menu.actions() if a.text() == "&Save as PDF…").trigger()
    text = copy_text((tmp_path / chosen_file[0]).read_bytes(), tmp_path)
    assert i18n.load("pl").gettext("A copy of your report") in text
    assert "A copy of your report" not in text
    assert copy_actions(session, record.id) == [("report.copy_made", "saved, pl")]
