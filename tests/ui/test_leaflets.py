"""The Leaflets screen: preview, print, save; unreviewed translations pointed out; audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.ui.main_window import MainWindow
from intake_app.ui.pages.leaflets_page import LeafletsPage
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report


@pytest.mark.slow
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
    _assert_previews_are_a4_pages_with_print_on_them(page)
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


def _assert_previews_are_a4_pages_with_print_on_them(page: LeafletsPage) -> None:
    for index in range(page.pages_row.count()):
        item = page.pages_row.itemAt(index)
        label = item.widget() if item is not None else None
        assert isinstance(label, QLabel)
        image = label.pixmap().toImage()
        # A4 (595 x 842 points) at the preview's 60 dots an inch, rounded up.
        assert (image.width(), image.height()) == (497, 702)
        samples = [
            QColor(image.pixel(x, y)).lightness()
            for x in range(0, image.width(), 4)
            for y in range(0, image.height(), 4)
        ]
        inked = sum(1 for lightness in samples if lightness < 128)
        assert 500 < inked < len(samples) // 2, f"page {index + 1}: {inked} of {len(samples)}"


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


def test_welsh_is_offered_among_the_leaflet_languages(qtbot: QtBot, session: Session) -> None:
    page = LeafletsPage(session)
    qtbot.addWidget(page)
    shown = [page.language.itemText(i) for i in range(page.language.count())]
    assert "Welsh (Cymraeg) — translation not yet reviewed" in shown
    assert (
        page.language.itemData(shown.index("Welsh (Cymraeg) — translation not yet reviewed"))
        == "cy"
    )


def test_coordinators_see_a_numbers_note_that_no_leaflet_prints(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    with session.db.transaction():
        session.db.execute("UPDATE store_meta SET value = 'west-mercia' WHERE key = 'force_code'")
    session.close()  # the centre's force is read when the store is unlocked
    coordinator = unlock(data_dir, "Amina", PASSPHRASE)
    page = LeafletsPage(coordinator)
    qtbot.addWidget(page)
    assert (
        "For coordinators, not printed on leaflets: West Mercia Victim Advice Line: a new service "
        "began on 1 August 2025: check this number" in page.message.text()
    )
    coordinator.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    page = LeafletsPage(volunteer)
    qtbot.addWidget(page)
    assert "check this number" not in page.message.text()
    volunteer.close()
    coordinator.close()
