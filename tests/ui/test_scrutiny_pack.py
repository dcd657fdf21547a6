"""The case pack for the scrutiny panel, made from the Intake menu by keyboard (coordinators): a
case the force has not closed is refused by its reference before any file is asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.dialogs import scrutiny_pack_dialog
from tests.conftest import full_report
from tests.leaflets.test_leaflets import pdf_text
from tests.scrutiny_world import sent_cases
from tests.ui.test_users import opened


def test_a_coordinator_makes_a_pack_of_two_cases_with_the_centre_s_questions(
    qtbot: QtBot,
    data_dir: Path,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    force: Any,
) -> None:
    refs = sent_cases(session, force, [full_report(), full_report()])
    (still_open,) = sent_cases(session, force, [full_report()], closed=False)
    out = tmp_path / "pack.pdf"
    asked: list[str] = []

    def where(*_args: object) -> tuple[str, str]:
        asked.append("where")
        return str(out), "PDF (*.pdf)"

    monkeypatch.setattr(scrutiny_pack_dialog.QFileDialog, "getSaveFileName", where)
    app, screen = opened(qtbot, data_dir, session)
    done: list[str] = []

    def in_the_dialog() -> None:
        screen.alt("r")  # References of the closed cases
        assert screen.focused_name() == "References of the cases"
        screen.type(f"{refs[0]} {still_open}")
        screen.alt("m")  # Make the pack…: refused at once, naming the case, and nothing asked
        screen.wait(lambda: screen.sees(f"{still_open} is not closed"))
        assert asked == [] and not out.exists()
        assert screen.focused_name() == "References of the cases"  # back where it is put right
        screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        screen.type(" ".join(refs))  # one a line, or with spaces between
        screen.alt("q")  # the panel's questions
        screen.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        screen.type("Was the Victims' Code met?")
        screen.alt("m")  # Make the pack…
        screen.wait(lambda: screen.sees("Saved a case pack of 2 cases."))
        done.append("made")
        screen.key(Qt.Key.Key_Escape)

    screen.when_shown("Case pack for the scrutiny panel", in_the_dialog)
    window = app.window
    assert window is not None
    intake = window.menuBar().actions()[0].menu()
    assert intake is not None
    intake.aboutToShow.emit()  # as it opens: the item is there for a coordinator
    item = next(a for a in intake.actions() if a.text() == "Case pac&k for the scrutiny panel…")
    assert item.isVisible()
    item.trigger()  # a menu's own loop cannot be driven offscreen: the item, as Alt+I, K does
    screen.wait(lambda: bool(done))
    text = pdf_text(out.read_bytes(), tmp_path)
    assert refs[0] in text and refs[1] in text
    assert "Was the Victims' Code met?" in text and "Zenobia" not in text
    assert "First contact within 5 working days: kept" in text and asked == ["where"]
    assert session.scrutiny_packs.questions() == ["Was the Victims' Code met?"]
    app.inactivity.remove()
