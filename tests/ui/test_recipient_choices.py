"""The form's choice of recipients besides the police, made by keyboard as a volunteer does."""

from __future__ import annotations

from pathlib import Path

import minisign
import pyrage
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.report import SharedWith
from tests.ui.test_languages import pick_in_combo
from tests.ui.test_users import go_to, opened


def _register(session: Session, code: str, name: str, kind: str) -> None:
    profile = ForceProfile(
        force_code=code, force_name=name,
        age_recipients=(str(pyrage.x25519.Identity.generate().to_public()),),
        minisign_public_key=minisign.KeyPair.generate().public_key.to_base64().decode(),
        kind=kind,
    )  # fmt: skip
    session.recipients.add(profile.to_bytes(), profile.fingerprint)


def test_no_question_about_other_recipients_until_one_is_registered(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    _app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "New report")
    assert screen.sees("What may happen to the report?")
    assert not screen.sees("Others who may receive it")


def test_a_volunteer_chooses_a_council_by_keyboard_and_it_is_kept(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    _register(session, "leicester-asb", "Leicester ASB team", "council")
    _register(session, "st-margarets", "St Margaret's School", "school")
    app, screen = opened(qtbot, data_dir, session)
    go_to(screen, "New report")
    assert screen.sees("Others who may receive it")
    screen.alt("o")  # "&Others who may receive it": the first recipient's choice
    assert screen.focused_name() == "Leicester ASB team (Council)"
    pick_in_combo(screen, "Leicester ASB team (Council)", "Without identifying details")
    screen.key(Qt.Key.Key_Tab)
    assert screen.focused_name() == "St Margaret's School (School)"  # left: not passed on
    form = app.window.form  # type: ignore[union-attr]
    assert form is not None and form.save_now() and form.record is not None
    record = session.reports.get(form.record.reference)
    assert record.report.shared_with == [SharedWith("leicester-asb", identifying=False)]
    deliveries = session.recipient_batches.deliveries(record.id, record.report.shared_with)
    assert [d.sentence() for d in deliveries] == [
        "Leicester ASB team: the person agreed; not sent yet"
    ]


def test_a_coordinator_registers_writes_for_and_removes_a_recipient_on_the_send_page(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    from intake_app.domain.report import SharedWith
    from intake_app.ui.pages.export_page import ExportPage
    from tests.conftest import full_report
    from tests.screen import Screen

    keys = minisign.KeyPair.generate()
    profile = ForceProfile(
        force_code="leicester-asb", force_name="Leicester ASB team",
        age_recipients=(str(pyrage.x25519.Identity.generate().to_public()),),
        minisign_public_key=keys.public_key.to_base64().decode(), kind="council",
    )  # fmt: skip
    (tmp_path / "council.json").write_bytes(profile.to_bytes())
    agreed = full_report(shared_with=[SharedWith("leicester-asb", identifying=False)])
    going = session.reports.create_draft(agreed)
    session.reports.mark_ready(going.id)
    page = ExportPage(session)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    box = page.recipients_box
    box.register_file(tmp_path / "council.json", lambda name: "0000 1111")
    assert "The fingerprint does not match" in box.message.text()
    assert session.recipients.all() == []
    box.register_file(tmp_path / "council.json", lambda name: profile.fingerprint.lower())
    assert box.message.text() == "Registered Leicester ASB team (leicester-asb)."
    screen = Screen(qtbot)
    screen.tab_to("Other recipients")
    screen.key(Qt.Key.Key_Down)
    assert box.listing.currentItem().text().startswith("Leicester ASB team (Council)")
    out = tmp_path / "usb"
    out.mkdir()
    box.export_to(session.recipients.get("leicester-asb"), out)
    qtbot.waitUntil(lambda: "written to" in box.message.text() or "⚠" in box.message.text())
    assert "RIVA-leicester-asb-batch-00001.intake: 1 report." in box.message.text()
    screen.tab_to("Other recipients")
    screen.alt("m")  # Remove the chosen recipient
    assert box.message.text() == "Removed leicester-asb: no more batches go to it."
    assert session.recipients.all() == []


def test_a_recipients_batch_is_chosen_and_written_again_by_keyboard(
    qtbot: QtBot, tmp_path: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QTableView

    from intake_app.ui.pages import batch_flow
    from intake_app.ui.pages.export_page import ExportPage
    from tests.conftest import full_report
    from tests.screen import shown_active

    _register(session, "leicester-asb", "Leicester ASB team", "council")
    record = session.reports.create_draft(full_report(shared_with=[SharedWith("leicester-asb")]))
    session.reports.mark_ready(record.id)
    (tmp_path / "first").mkdir()
    (tmp_path / "again").mkdir()
    session.recipient_batches.export("leicester-asb", tmp_path / "first")
    asked: list[str] = []

    def answer(_parent: object, title: str, _start: str) -> str:
        asked.append(title)
        return str(tmp_path / "again")

    monkeypatch.setattr(batch_flow.QFileDialog, "getExistingDirectory", answer)
    page = ExportPage(session)
    screen = shown_active(qtbot, page)
    screen.tab_to("Other recipients")
    screen.key(Qt.Key.Key_Down)  # the council: its batches are listed
    table = screen.find("The chosen recipient's batches", QTableView)
    screen.wait(lambda: table.model().rowCount() == 1)  # type: ignore[attr-defined]
    screen.alt("e")  # Write the recipient's chosen batch again…, before a batch is chosen
    screen.wait(lambda: screen.sees("Choose a batch in the list first."))
    screen.tab_to("The chosen recipient's batches")
    screen.key(Qt.Key.Key_Home)
    screen.alt("e")
    screen.wait(
        lambda: screen.sees("Batch 1 written again to RIVA-leicester-asb-batch-00001.intake.")
    )
    assert asked == ["Where to write batch 1 again"]
    assert (tmp_path / "again" / "RIVA-leicester-asb-batch-00001.intake").exists()
    page.close()


def test_the_reports_window_says_a_correction_waits_for_a_recipient_holding_it(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from intake_app.ui.form.report_view import ReportView
    from tests.conftest import full_report
    from tests.screen import shown_active

    _register(session, "leicester-asb", "Leicester ASB team", "council")
    record = session.reports.create_draft(full_report(shared_with=[SharedWith("leicester-asb")]))
    session.reports.mark_ready(record.id)
    session.recipient_batches.export("leicester-asb", tmp_path)
    report = session.reports.get(record.id).report
    report.person.phone = "0116 496 0999"
    session.reports.correct(record.id, report)
    view = ReportView(session.reports.get(record.id), session)
    screen = shown_active(qtbot, view)
    details = screen.find("Report details", QTextBrowser, view)
    assert (
        "Leicester ASB team: sent, waiting for its receipt · Correction waiting for the next batch"
        in details.toPlainText()  # type: ignore[attr-defined]
    )
    view.close()
