"""The questions practice asks, answered by keyboard: an organisation or building as the victim,
who saw the hostility, the exact words, contact through a trusted person; and the centre's rule
on a parent's agreement, changed on the settings page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.report import Organisation
from tests.ui.test_languages import pick_in_combo
from tests.ui.test_users import go_to, opened


def test_an_attack_on_a_gurdwara_is_recorded_by_keyboard(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "New report")
    window = app.window
    assert window is not None
    assert not screen.sees("Name of the organisation or building")
    screen.alt("t")  # Who or what was targeted?
    assert screen.focused_name() == "Who or what was targeted?"
    pick_in_combo(screen, "Who or what was targeted?", "An organisation or a building")
    screen.alt("n")  # Next: The person
    assert screen.sees("Name of the organisation or building")
    screen.fill("Name of the organisation or building", "Wexcombe Gurdwara")
    pick_in_combo(
        screen,
        "What kind of organisation?",
        "Place of worship (mosque, synagogue, gurdwara, temple, church)",
    )
    screen.alt("n")  # What happened and why
    screen.tab_to("Saw it as hostile: A witness")
    screen.key(Qt.Key.Key_Space)
    screen.alt("x")  # The exact words used
    screen.type("Go back where you came from")
    screen.alt("n")
    screen.alt("n")
    screen.alt("n")
    screen.alt("n")  # Support and contact needs
    pick_in_combo(screen, "Contact through a trusted person?", "Yes")
    screen.fill(
        "Details of the trusted person (who, and how to reach them)", "The granthi, 0116 496 0999"
    )
    screen.ctrl("s")
    form = window.form
    assert form is not None
    screen.wait(lambda: form.record is not None and not form.dirty)
    assert form.record is not None
    kept = session.reports.get(form.record.id).report
    assert kept.victim_type == "organisation"
    assert kept.organisation == Organisation("Wexcombe Gurdwara", "place_of_worship")
    assert kept.perceived_by == ["witness"]
    assert kept.exact_words == "Go back where you came from"
    assert kept.contact.through_trusted_person is True
    assert kept.contact.trusted_person == "The granthi, 0116 496 0999"
    app.inactivity.remove()


def test_a_coordinator_can_let_a_childs_report_go_without_a_parents_agreement(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    from tests.conftest import full_report

    child = full_report(under_18=True)
    assert any(path == "parental_consent" for path, _ in session_problems(session, child))
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "Centre settings")
    rule = "A child's report (under 18) goes to the police only if a parent or carer agrees"
    box = screen.find(rule)
    assert box.isChecked()  # type: ignore[attr-defined]
    screen.alt("c")  # the rule's own Alt key ticks and unticks it
    assert not box.isChecked()  # type: ignore[attr-defined]
    screen.alt("s")  # Save settings
    assert screen.sees("Settings saved.")
    assert session.settings.children_need_parental_consent is False
    assert not any(path == "parental_consent" for path, _ in session_problems(session, child))
    assert session.audit.entries(limit=1)[0].detail == "children_need_parental_consent"
    app.inactivity.remove()


def session_problems(session: Session, report: object) -> list[tuple[str, str]]:
    from intake_app.domain.validation import problems

    return problems(
        report,  # type: ignore[arg-type]
        session.vocabulary,
        session.local_now(),
        complete=True,
        children_need_parental_consent=session.settings.children_need_parental_consent,
    )
