"""A coordinator corrects a report the police already have, from its view, with the keyboard: the
form says the correction goes to the force, and saving it says the next batch takes it."""

from __future__ import annotations

from pathlib import Path

import minisign
import pyrage
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.ui.main_window import MainWindow
from tests.conftest import full_report
from tests.force_desk import ForceDesk, acknowledged
from tests.screen import Screen
from tests.ui.test_walkers import choose_in_list, settle


def test_a_sent_report_is_corrected_from_its_view_and_the_force_will_be_told(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    identity, keys = pyrage.x25519.Identity.generate(), minisign.KeyPair.generate()
    profile = ForceProfile("leicestershire", "Leicestershire Police",
                           (str(identity.to_public()),), keys.public_key.to_base64().decode())  # fmt: skip
    session.exports.import_profile(profile.to_bytes())
    desk = ForceDesk(tmp_path / "force", identity, keys)
    desk.register("RIVA", session.exports.centre_public_key())
    report_id = acknowledged(session, desk, tmp_path / "usb", full_report())
    reference = session.reports.get(report_id).reference
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    screen = Screen(qtbot)
    window.open_report(next(s for s in session.reports.list() if s.id == report_id))
    screen.wait_for_window(f"Report {reference}")
    screen.alt("r")  # Correct…
    screen.wait_for_window("Intake")
    assert screen.sees("Correcting a report the police have.", window)
    choose_in_list(screen, "Form sections", "Who it happened to")
    settle(qtbot)
    screen.fill("Phone", "0116 496 0999")
    screen.ctrl("s")
    form = window.form
    assert form is not None
    screen.wait(lambda: "Correction saved" in form.save_state.text())
    assert form.save_state.text().endswith("; the next batch takes it to the force")
    notice = session.reports.notice(report_id)
    assert notice is not None and notice.label() == "Correction waiting for the next batch"
    assert session.reports.get(report_id).report.person.phone == "0116 496 0999"
    window.close()
