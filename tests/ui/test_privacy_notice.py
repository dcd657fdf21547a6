"""The privacy notice beside the leaflet, and the lawful basis among the centre settings, reached
as a person does: from the window, by what the controls are called, with keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.leaflets.privacy_notice import load_texts
from intake_app.ui.pages import leaflets_page
from tests.conftest import full_report
from tests.leaflets.test_privacy_notice import notice_text, plain
from tests.ui.test_languages import pick_in_combo
from tests.ui.test_users import go_to, opened


@pytest.fixture
def chosen_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The save dialog answers with a file in tmp_path; the titles and names offered are kept."""
    offered: list[str] = []

    def answer(_parent: QWidget, title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.extend([title, Path(name).name])
        return str(tmp_path / Path(name).name), "PDF (*.pdf)"

    monkeypatch.setattr(leaflets_page.QFileDialog, "getSaveFileName", answer)
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

    monkeypatch.setattr(leaflets_page, "QPrintDialog", Accepting)
    return out


@pytest.mark.slow
def test_the_privacy_notice_is_chosen_saved_and_printed_in_the_persons_language(
    qtbot: QtBot,
    data_dir: Path,
    session: Session,
    tmp_path: Path,
    chosen_file: list[str],
    chosen_printer: Path,
) -> None:
    record = session.reports.create_draft(full_report())
    session.retention.set_days(after_acknowledged=400, monitoring_only=60)
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Leaflets")
    screen.tab_to("Leaflet")  # the choice that is on; the arrow keys move to the other
    screen.key(Qt.Key.Key_Right)
    notice = screen.focused()
    assert isinstance(notice, QRadioButton) and screen.focused_name() == "Privacy notice"
    assert notice.isChecked()
    assert not screen.find("Report reference", QLineEdit).isEnabled()  # it is for everyone
    pick_in_combo(screen, "Language", "Polish (Polski) — translation not yet reviewed")
    screen.press("Save as PDF…")
    screen.wait(lambda: screen.sees("Privacy notice saved."), timeout=30_000)
    assert chosen_file == ["Save the privacy notice", "privacy-notice.pdf"]
    text = notice_text((tmp_path / "privacy-notice.pdf").read_bytes(), tmp_path)
    polish = load_texts("pl")
    assert plain(polish["title"]) in text and plain(polish["basis_consent"]) in text
    assert "400 dni" in text and "60 dni" in text
    assert "Zenobia" not in text and record.reference not in text
    screen.press("Print…")
    screen.wait(lambda: screen.sees("Sent to the printer."))
    assert chosen_printer.stat().st_size > 10_000
    entries = [(e.action, e.target, e.detail) for e in session.audit.entries(limit=2)]
    assert entries == [("privacy_notice.printed", None, "pl"), ("privacy_notice.saved", None, "pl")]
    screen.alt("f")  # back to the leaflet: the report's reference can be typed again
    assert screen.find("Report reference", QLineEdit).isEnabled()
    app.inactivity.remove()


def test_a_coordinator_chooses_the_lawful_basis_by_keyboard(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Centre settings")
    screen.alt("w")
    assert screen.focused_name() == "Lawful basis for personal data"
    screen.key(Qt.Key.Key_Down)
    screen.alt("v")
    assert screen.focused_name() == "Condition for sensitive data (race, religion, health…)"
    screen.key(Qt.Key.Key_Down)
    screen.alt("s")
    assert screen.sees("Settings saved.")
    assert (
        session.data_protection.lawful_basis,
        session.data_protection.special_category_condition,
    ) == ("legitimate_interests", "substantial_public_interest")
    go_to(screen, "Users")
    go_to(screen, "Centre settings")  # read again from the store
    shown = screen.find("Lawful basis for personal data")
    assert shown.currentText() == "Legitimate interests"  # type: ignore[attr-defined]
    app.inactivity.remove()
