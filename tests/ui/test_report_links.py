"""A report's view shows its links; a coordinator links another report by its reference, opens
the linked report and removes the link, all with the keyboard, from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.support import i18n
from intake_app.ui.form.report_links_box import LinkDialog
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.language import apply_language
from intake_app.ui.main_window import MainWindow
from tests.conftest import full_report
from tests.screen import Screen, shown_active
from tests.walkers import clipped_labels, dead_mnemonics, mnemonic_clashes


def shown_rows(listing: object) -> list[str]:
    """A list's rows as a screen reader reads them."""
    return [listing.item(i).text() for i in range(listing.count())]  # type: ignore[attr-defined]


def _open_titles() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]


def _ready(session: Session) -> str:
    record = session.reports.create_draft(full_report())
    return session.reports.mark_ready(record.id).reference


def test_a_link_is_added_opened_and_removed_from_the_reports_view(
    qtbot: QtBot, session: Session
) -> None:
    first, second, third = _ready(session), _ready(session), _ready(session)
    session.links.add(first, third, "same_offender")
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    screen = Screen(qtbot)
    window.open_report(next(s for s in session.reports.list() if s.reference == first))
    view = screen.wait_for_window(f"Report {first}")
    listing = screen.find("Linked reports")
    assert shown_rows(listing) == [f"{third} — The same offender"]

    screen.alt("n")  # Link to another report…
    screen.wait_for_window("Link to another report")
    screen.fill("The other report's reference", first)
    screen.tab_to("Why they are linked")
    screen.key(Qt.Key.Key_Home)  # The same person
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("cannot be linked to itself"))  # said, and the dialog stays
    screen.fill("The other report's reference", second.lower())
    screen.tab_to("Why they are linked")
    screen.key(Qt.Key.Key_Home)
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("The reports are linked.", view))
    rows = sorted(shown_rows(listing))
    assert rows == [f"{second} — The same person", f"{third} — The same offender"]
    assert [(x.other_reference, x.reason) for x in session.links.links(second)] == [
        (first, "same_person")
    ]

    screen.wait_for_window(f"Report {first}")
    screen.tab_to("Linked reports")
    screen.key(Qt.Key.Key_Home)
    while not screen.focused() or listing.currentItem().text() != f"{third} — The same offender":  # type: ignore[attr-defined]
        screen.key(Qt.Key.Key_Down)
    screen.press("Remove link")
    screen.wait(lambda: screen.sees(f"The link to {third} was removed.", view))
    assert session.links.links(third) == []

    screen.tab_to("Linked reports")
    screen.key(Qt.Key.Key_Home)
    screen.alt("o")  # Open linked report
    opened = screen.wait_for_window(f"Report {second}")
    assert shown_rows(screen.find("Linked reports", window=opened)) == [
        f"{first} — The same person"
    ]
    window.close()


def test_enter_while_reading_a_report_with_links_opens_no_other_report(
    qtbot: QtBot, session: Session
) -> None:
    first, second = _ready(session), _ready(session)
    session.links.add(first, second, "same_person")
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    screen = Screen(qtbot)
    window.open_report(next(s for s in session.reports.list() if s.reference == first))
    screen.wait_for_window(f"Report {first}")
    assert "Status: Ready" in screen.find("Report details").toPlainText()  # as the list says
    screen.tab_to("Report details")
    screen.key(Qt.Key.Key_Return)  # reading, not choosing: the view closes, nothing opens
    screen.wait(lambda: not any(t.startswith("Report ") for t in _open_titles()))
    assert f"Report {second}" not in _open_titles()
    window.close()


@pytest.mark.parametrize("code", [lang.code for lang in i18n.LANGUAGES])
def test_the_link_dialog_and_a_view_with_links_keep_unique_keys_in_each_language(
    qtbot: QtBot, session: Session, code: str
) -> None:
    first, second = _ready(session), _ready(session)
    session.links.add(first, second, "other", "Both about the corner shop")
    i18n.use(code)
    apply_language(code)
    view = ReportView(session.reports.get(first), session)
    shown_active(qtbot, view)
    qtbot.wait(20)
    assert mnemonic_clashes(view) + dead_mnemonics(view) + clipped_labels(view) == []
    dialog = LinkDialog(session, session.reports.visible(first).id, view)
    shown_active(qtbot, dialog)
    qtbot.wait(20)
    assert mnemonic_clashes(dialog) + dead_mnemonics(dialog) + clipped_labels(dialog) == []
    dialog.close()
    view.close()
