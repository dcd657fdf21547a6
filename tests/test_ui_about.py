"""Help, About Intake: the version, the engine and every bundled part's licence."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from intake_app import __version__
from intake_app.session import Session
from intake_app.ui.about_dialog import AboutDialog
from intake_app.ui.main_window import MainWindow


def test_about_names_the_version_engine_and_licences(qtbot: QtBot, session: Session) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions()] == ["&About Intake"]  # type: ignore[union-attr]
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert f"Intake {__version__}" in text
    assert "SQLCipher 4." in text
    for licence in ("LGPL-3.0", "SIL Open Font License 1.1", "zlib", "MIT", "Public domain"):
        assert licence in text
