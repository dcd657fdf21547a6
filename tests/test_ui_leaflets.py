"""The Leaflets screen: preview, print, save; unreviewed translations pointed out; audited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from intake_app.session import Session
from intake_app.ui.leaflets_page import LeafletsPage
from intake_app.ui.main_window import MainWindow
from tests.conftest import full_report


def test_preview_save_and_print_a_personalised_leaflet(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    record = session.reports.create_draft(full_report())
    page = LeafletsPage(session, record.reference)
    qtbot.addWidget(page)
    page.language.setCurrentIndex(page.language.findData("bn"))
    page.bilingual.setChecked(True)
    page.preview()
    qtbot.waitUntil(lambda: page.pages_row.count() >= 2, timeout=20000)
    assert "Bengali translation has not yet been reviewed" in page.message.text()
    out = tmp_path / "leaflet.pdf"
    page.save(str(out))
    assert out.read_bytes().startswith(b"%PDF-")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    actions = [(e.action, e.target, e.detail) for e in session.audit.entries(limit=2)]
    assert actions == [
        ("leaflet.printed", record.id, "bn+en"),
        ("leaflet.saved", record.id, "bn+en"),
    ]


def test_leaflet_action_on_a_draft_opens_the_screen_with_its_reference(
    qtbot: QtBot, session: Session
) -> None:
    record = session.reports.create_draft(full_report())
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.open_report(window.model.summary_at(0))
    assert window.form is not None
    window.form.leaflet_button.click()
    assert window.leaflets_page is not None
    assert window.leaflets_page.reference.text() == record.reference
    window.close()


def test_the_leaflet_page_starts_in_english(qtbot: QtBot, session: Session) -> None:
    """The list is alphabetical (Arabic first); the page starts on English until chosen."""
    page = LeafletsPage(session)
    qtbot.addWidget(page)
    assert page.language.currentData() == "en"
