"""Help, About Intake: the version, the engine and every bundled part's licence."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from intake_app import __version__
from intake_app.app.session import Session
from intake_app.ui.dialogs.about_dialog import AboutDialog
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


def test_every_action_the_app_records_reads_in_words_in_the_audit_log() -> None:
    """A new audit action without words would show its code ("report.copy_made") on screen."""
    import re
    from pathlib import Path

    from intake_app.services.audit import ACTION_WORDS

    source = "".join(p.read_text() for p in Path("intake_app").rglob("*.py"))
    prefixes = (
        "report|batch|receipt|leaflet|user|store|session|attachment|statistics|settings|notice"
    )
    found = set(re.findall(rf'"((?:{prefixes}|demo|force_profile|centre)\.[a-z_]+)"', source))
    files = {name for name in found if name.endswith((".db", ".pdf", ".lock"))}
    assert found - files - set(ACTION_WORDS) == set()


def test_about_and_the_language_menu_say_which_translations_are_reviewed(
    qtbot: QtBot, session: Session
) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Polski (Polish) — not yet reviewed by a fluent speaker" in text
    assert "اردو (Urdu) — not yet reviewed by a fluent speaker" in text
    assert "docs/translating.md" in text
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Lan&guage")
    items = [a.text() for a in menu.actions()]  # type: ignore[union-attr]
    assert items[0] == "English"
    assert "Cymraeg (Welsh) — not yet reviewed by a fluent speaker" in items
    assert [a.isChecked() for a in menu.actions()].count(True) == 1  # type: ignore[union-attr]
