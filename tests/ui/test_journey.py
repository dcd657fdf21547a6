"""One coordinator's whole journey, reached only as a person reaches the app: windows on screen,
controls by what they show or what a screen reader announces, keys to move and type.

Setup, unlock with Enter, a new report typed by keyboard with a photo attached, marked ready,
opened in its own window, locked with that window open and a search still running, unlocked
again: everything still there and nothing went wrong on the way.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from intake_app.ui.app import IntakeApp
from intake_app.ui.background import run_in_background
from tests.conftest import PASSPHRASE
from tests.screen import Screen


def when_window_shows(screen: Screen, title: str, then: callable) -> None:  # type: ignore[valid-type]
    """A modal dialog runs its own loop: act in it once it is on screen."""

    def poll() -> None:
        if any(title in w.windowTitle() for w in screen.windows()):
            screen.wait_for_window(title)
            then()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def choose(screen: Screen, name: str, item: str) -> None:
    """Tab to a drop-down and pick an item by typing its first letters, as a person does."""
    screen.tab_to(name)
    combo = screen.focused()
    for _ in range(30):
        if combo.currentText() == item:  # type: ignore[union-attr]
            return
        screen.key(Qt.Key.Key_Down)
    raise AssertionError(f"{item!r} is not offered in {name!r}")


@pytest.mark.slow
def test_a_coordinators_day_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    photo = tmp_path / "graffiti.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    image.save(str(photo))
    screen = Screen(qtbot)
    app = IntakeApp(tmp_path / "store")
    app.start()

    # First run: the setup wizard, by keyboard.
    wizard = screen.wait_for_window("Set up Intake")
    qtbot.addWidget(wizard)
    screen.fill("Centre name", "Riverside Advice Centre")
    screen.fill("Centre code", "RIVA")
    screen.alt("n")
    screen.wait(lambda: screen.sees("The first coordinator"))
    screen.fill("Your name", "Amina")
    screen.fill("Passphrase", PASSPHRASE)
    screen.fill("Type the passphrase again", PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("Your recovery key"), timeout=30_000)
    key = screen.find("The recovery key (six groups of five letters and digits):")
    typed_group = int(screen.text_on_screen().split("type group ")[1][0])
    group = key.buddy().text().split("-")[typed_group - 1]  # type: ignore[attr-defined]
    screen.fill(f"Group {typed_group} of the recovery key", group)
    assert screen.sees("That is right")
    screen.key(Qt.Key.Key_Return)  # Finish
    window = screen.wait_for_window("Intake — Riverside Advice Centre — Amina")
    qtbot.addWidget(window)

    # A new report, typed in by keyboard, with a photo added through the file chooser.
    screen.ctrl("n")
    choose(screen, "Who is reporting?", "The person it happened to")
    choose(
        screen, "What may happen to the report?", "Pass to the police without identifying details"
    )
    choose(screen, "Referral to a support service?", "No")
    screen.alt("n")
    assert screen.focused_name() == "Name"  # Next puts the focus in the section's first field
    screen.alt("n")
    screen.type("They shouted about my turban.")
    screen.tab_to("Strand: Religion or belief")
    screen.key(Qt.Key.Key_Space)
    screen.tab_to("Kind of incident: Verbal abuse")
    screen.key(Qt.Key.Key_Space)
    screen.tab_to("What happened?")
    screen.type("Shouted at outside the Quillfeather gurdwara, and the wall sprayed.")
    screen.alt("n")
    screen.type("03/02/2026")  # the UK way
    choose(screen, "Where did it happen?", "Place of worship")
    for _ in range(2):
        screen.alt("n")
    screen.tab_to("Add files…")

    def pick_photo() -> None:
        screen.type(str(photo))
        screen.key(Qt.Key.Key_Return)

    when_window_shows(screen, "Add files to the report", pick_photo)
    screen.key(Qt.Key.Key_Space)
    screen.wait(lambda: screen.sees("Added 1."))
    screen.wait_for_window("Intake — Riverside Advice Centre — Amina")
    attachments = screen.find("Attachments")
    assert [attachments.item(i).text() for i in range(attachments.count())] == ["graffiti.png"]  # type: ignore[attr-defined]
    screen.ctrl("s")
    title = next(t for t in screen.text_on_screen().split(" | ") if t.startswith("Report RIVA-"))
    reference = title.removeprefix("Report ")
    screen.tab_to("Form sections")
    screen.key(Qt.Key.Key_End)  # Review and send
    # Passed on without details: read the police's words first, and say they name nobody.
    assert screen.find("What happened, as the police get it")
    screen.press("I have read it through: it names nobody")
    screen.press("Ready to send")
    screen.wait(lambda: screen.sees("It is ready to send, so it is shown read-only."))

    # Found in the list, opened in its own window; locked with it open and a search running.
    screen.ctrl("f")
    screen.type("quillfeather")
    screen.wait(lambda: screen.sees("1 report"))
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {reference}")
    session = window.session  # a slow job on the store, still running when the lock comes
    answers: list[object] = []
    run_in_background(
        lambda: (time.sleep(0.4), session.reports.count())[1], answers.append, answers.append
    )
    screen.ctrl("l")
    screen.wait(lambda: not window.isVisible() and not view.isVisible())
    assert [w.windowTitle() for w in screen.windows()] == ["Unlock the reports"]
    assert answers == []  # the job finished before the store closed; its answer was dropped

    # Unlock with Enter: the same person's name is filled in, only the passphrase is asked for.
    screen.wait_for_window("Unlock the reports")
    assert screen.focused_name() == "Passphrase"
    assert screen.find("User name").text() == "Amina"  # type: ignore[attr-defined]
    screen.type("not my passphrase")
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("did not unlock"))
    screen.fill("Passphrase", PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window("Intake — Riverside Advice Centre — Amina")
    screen.ctrl("f")
    screen.type("quillfeather")
    screen.wait(lambda: screen.sees("1 report"))
    assert not screen.sees("Something went wrong")
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window(f"Report {reference}")
    details = screen.find("Report details").toPlainText()  # type: ignore[attr-defined]
    assert "Status: Ready" in details and "Quillfeather gurdwara" in details
    screen.key(Qt.Key.Key_Escape)
    app.inactivity.remove()
    window.on_closed = None
    window.close()
