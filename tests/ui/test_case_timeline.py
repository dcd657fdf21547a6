"""A report's timeline, reached as a coordinator reaches it: the list of reports, Enter, Alt+M;
the force's promises come first, in sight, a broken one saying so, then its updates, line by
line. The export page
imports update files (a forged one refused) and lists the broken promises."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.main_window import MainWindow
from intake_app.ui.pages.export_page import ExportPage
from tests.case_update_world import REFERENCE, fixture, with_a_sent_report
from tests.screen import announced_entry, shown_active, wait_for_the_list


def test_the_timeline_is_reached_by_keyboard_from_the_window(
    qtbot: QtBot, session: Session
) -> None:
    with_a_sent_report(session)
    session.case_updates.import_file(fixture("good-1.updates"))
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("f")
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {REFERENCE}")
    screen.alt("m")
    timeline = screen.focused()
    assert screen.focused_name() == "Timeline" and timeline is not None
    assert timeline.window() is view
    listing = cast(QListWidget, timeline)
    lines = [listing.item(row).text() for row in range(listing.count())]
    assert len(lines) == 8  # two promises and six events: six lines in sight, the rest scroll
    for row, line in enumerate(lines[:6]):  # the promises among them: not below the fold
        shown = listing.visualItemRect(listing.item(row))
        assert listing.viewport().rect().contains(shown), (line, shown)
    heard = []
    for _ in range(12):
        heard.append(announced_entry(timeline)[0])
        screen.key(Qt.Key.Key_Down)
    # the promises first, the broken one marked; then the events, oldest first
    assert heard[0].startswith("⚠ First contact within 2 working days (enhanced rights): broken")
    assert heard[1].startswith("An update at least every 28 days")
    assert heard[2] == "10/11/2026: Taken"
    for line in ("11/11/2026: Sent to the police in batch 1",
                 "11/11/2026: Received by the police (receipt)",
                 "18/11/2026: First contact by an officer",
                 "20/11/2026: Recorded as a crime",
                 "20/11/2026: Crime reference LP/2026/0001"):  # fmt: skip
        assert line in heard
    # a child: the faster promise, 2 working days from Wednesday 11th, and contact on the 18th
    assert any(
        h.startswith("⚠ First contact within 2 working days (enhanced rights): broken")
        for h in heard
    )


def test_the_export_page_imports_updates_and_lists_broken_promises(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    with_a_sent_report(session)
    page = ExportPage(session)
    qtbot.addWidget(page)
    panel = page.case_updates
    # no contact yet, and the day it was promised (Friday 13th) has gone
    qtbot.waitUntil(lambda: panel.broken.count() == 1, timeout=5000)
    assert panel.broken.item(0).text() == (
        f"{REFERENCE}: First contact within 2 working days (enhanced rights): broken "
        "(was due by 13/11/2026)"
    )
    forged = tmp_path / "forged.updates"
    forged.write_bytes(fixture("forged.updates"))
    panel.import_file(forged)
    qtbot.waitUntil(lambda: "⚠" in panel.message.text(), timeout=5000)
    assert "signature does not match" in panel.message.text()
    good = tmp_path / "good.updates"
    good.write_bytes(fixture("good-1.updates"))
    panel.import_file(good)
    qtbot.waitUntil(lambda: "imported: 1 update" in panel.message.text(), timeout=5000)
    # contact on the 18th: still late
    qtbot.waitUntil(lambda: panel.broken.count() == 1, timeout=5000)
    assert "(enhanced rights): broken" in panel.broken.item(0).text()
    panel.import_file(good)
    qtbot.waitUntil(
        lambda: "imported before: nothing changed" in panel.message.text(), timeout=5000
    )
