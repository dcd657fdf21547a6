"""Nothing a person types is lost: not over a field's limit, not at a lock, not on a full disk;
and a lock in the middle of an export leaves no error and nothing half-sent."""

from __future__ import annotations

from pathlib import Path

import minisign
import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.services.reports import ReportService
from intake_app.support.errors import DiskFull
from intake_app.ui.app import IntakeApp
from tests.conftest import PASSPHRASE, full_report
from tests.screen import Screen

LONG_NOTE = "They came back every evening and shouted at the door. " * 400  # 22,000 characters


def opened(qtbot: QtBot, data_dir: Path, session: Session) -> tuple[IntakeApp, Screen]:
    app = IntakeApp(data_dir)
    app._opened(session)
    assert app.window is not None
    qtbot.addWidget(app.window)
    screen = Screen(qtbot)
    screen.wait_for_window("Intake — ")
    return app, screen


def unlock_again(screen: Screen) -> None:
    screen.wait_for_window("Unlock the reports")
    screen.type(PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    screen.wait_for_window("Intake — ")


def test_a_pasted_note_over_the_limit_is_saved_locked_and_back(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    screen.ctrl("n")
    screen.tab_to("Form sections")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Down)  # What happened and why
    screen.tab_to("What happened?")
    QGuiApplication.clipboard().setText(LONG_NOTE)
    screen.ctrl("v")
    assert screen.sees(
        f"{len(LONG_NOTE):,} characters: {len(LONG_NOTE) - 20_000:,} over the 20,000 limit"
    )
    screen.ctrl("l")  # locks at once: the draft is saved first
    unlock_again(screen)
    assert screen.focused_name() == "Why do they think this happened? (in their words)"
    screen.tab_to("What happened?")
    assert screen.focused().toPlainText() == LONG_NOTE  # type: ignore[union-attr]
    assert screen.sees("the limit is 20,000. Shorten it.")  # shown under the field
    assert screen.sees("✓ Saved") and not screen.sees("⚠ Not saved")
    app.inactivity.remove()


def test_when_the_disk_is_full_at_a_lock_the_typed_text_comes_back_and_says_so(
    qtbot: QtBot, data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = session.reports.create_draft(full_report())
    app, screen = opened(qtbot, data_dir, session)
    screen.ctrl("f")
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)  # the draft opens in the form
    screen.wait(lambda: screen.sees(f"Report {record.reference}"))

    def full(*args: object, **kwargs: object) -> None:
        raise DiskFull("The disk is full, so the last change was not saved.")

    monkeypatch.setattr(ReportService, "update_draft", full)
    screen.tab_to("Who is reporting?")
    screen.tab_to("Referral to a support service?")
    screen.key(Qt.Key.Key_Down)  # a change that cannot be saved
    screen.ctrl("l")
    assert app.window is not None and not app.window.isVisible()  # it still locks
    monkeypatch.undo()
    unlock_again(screen)
    screen.wait(lambda: screen.sees("with what could not be saved when the app locked"))
    assert screen.find("Referral to a support service?").currentText() == "No"  # type: ignore[attr-defined]
    assert session_now(app).reports.get(record.id).report.referral_to_support is False
    app.inactivity.remove()


def session_now(app: IntakeApp) -> Session:
    assert app.window is not None and app.window.session is not None
    return app.window.session


def test_a_lock_during_an_export_stops_it_cleanly(
    qtbot: QtBot,
    data_dir: Path,
    session: Session,
    tmp_path: Path,
    force: tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile],
) -> None:
    session.exports.import_profile(force[2].to_bytes())
    for _ in range(60):
        session.reports.mark_ready(session.reports.create_draft(full_report()).id)
    app, screen = opened(qtbot, data_dir, session)
    window = app.window
    assert window is not None
    window._go("export")
    page = window.export_page
    assert page is not None
    qtbot.waitSignal(page.refreshed, timeout=5000).wait()
    out = tmp_path / "usb"
    out.mkdir()
    page.export_to(out)  # as "Write the batch…" does once a folder is chosen
    screen.ctrl("l")
    assert not window.isVisible()
    unlock_again(screen)
    again = session_now(app)
    written = again.db.all("SELECT sequence FROM batches")
    exported = again.db.scalar("SELECT count(*) FROM reports WHERE status = 'exported'")
    assert (written, exported) in (([], 0), ([(1,)], 60))  # stopped, or finished: never half
    assert not screen.sees("Something went wrong")
    app.inactivity.remove()


def test_alt_letters_reach_their_field_in_view_and_a_stray_one_types_nothing(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app, screen = opened(qtbot, data_dir, session)
    assert app.window is not None
    app.window.resize(900, 420)  # a short window: the section scrolls
    screen.ctrl("n")
    screen.tab_to("Form sections")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Down)  # What happened and why
    screen.alt("p")  # What happened? (at the bottom of the section)
    field = screen.focused()
    assert screen.focused_name() == "What happened?"
    assert field is not None and not field.visibleRegion().isEmpty()  # scrolled into view
    screen.alt("q")  # answered by nothing on this screen
    assert field.toPlainText() == ""  # type: ignore[attr-defined]
    app.inactivity.remove()
