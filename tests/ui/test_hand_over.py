"""A volunteer hands a report over, reached as a person reaches it: the unlock window, keys,
and what the screen says. Ready asks once more before the report leaves for good; afterwards the
list says it went to the centre, and the coordinator's sign-in says it was taken in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session, unlock
from intake_app.ui.app import IntakeApp
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report
from tests.screen import Screen, open_first_report, shown_active


def test_a_volunteer_hands_a_report_over_by_keyboard(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        reference = thaddeus.reports.create_draft(full_report()).reference
    screen = Screen(qtbot)
    app = IntakeApp(data_dir)
    app.start()
    screen.wait_for_window("Unlock the reports")
    screen.fill("User name", "Thaddeus")
    screen.fill("Passphrase", VOLUNTEER_PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    window = screen.wait_for_window("Intake — Riverside Advice Centre — Thaddeus (volunteer)")
    qtbot.addWidget(window)
    open_first_report(screen, reference)
    for _ in range(7):
        screen.alt("n")
    assert screen.sees("you will not be able to open it again")

    screen.alt("r")  # Ready to send: asks once more
    screen.wait(lambda: screen.sees("Hand it over now?"))
    assert not screen.sees("Handed to the centre")
    assert screen.focused_name() == "Yes, hand it over to the centre now"
    screen.alt("o")
    screen.wait(lambda: screen.sees("✓ Handed to the centre"))
    assert screen.sees("sealed so that only a coordinator can open it")
    assert not screen.find_all("Copy for the person…")  # nothing left to copy from

    screen.ctrl("f")
    screen.wait(lambda: screen.sees("1 report handed to the centre"))
    assert screen.sees(reference)

    screen.ctrl("l")
    screen.wait_for_window("Unlock the reports")
    screen.fill("User name", "Amina")
    screen.fill("Passphrase", PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    amina = screen.wait_for_window("Intake — Riverside Advice Centre — Amina (coordinator)")
    screen.wait(lambda: "1 report taken in from volunteers" in amina.statusBar().currentMessage())  # type: ignore[attr-defined]
    screen.ctrl("f")
    screen.type(reference)
    screen.wait(lambda: screen.sees("1 report"))
    app.inactivity.remove()
    amina.on_closed = None  # type: ignore[attr-defined]


def test_opening_a_draft_changes_nothing(qtbot: QtBot, session: Session) -> None:
    """Opening a draft to read it is not a change: no save starts, no "Changed a report" goes
    in the audit log (filling its tick boxes used to count as one)."""
    from intake_app.ui.main_window import MainWindow

    record = session.reports.create_draft(full_report())
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    open_first_report(screen, record.reference)
    qtbot.wait(2500)  # longer than the autosave's pause
    assert not screen.sees("Changed — saving")
    assert session.audit.entries(1)[0].action == "report.viewed"
    window.close()
