"""Assigning a case from the app, as a coordinator does it: the report opened from the list with
keys, Alt+G, a caseworker chosen with the arrow keys, Enter; the list says who has each case and
narrows to one caseworker's cases or nobody's; Alt+T takes the case back. Each step is in the
audit log, as the command line's. The windows keep unique Alt keys in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QTextBrowser
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.support import i18n
from intake_app.ui.dialogs.case_assign_dialog import CaseAssignDialog
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.language import apply_language
from intake_app.ui.main_window import MainWindow
from intake_app.ui.pages.reports_page import ReportsPage
from tests.conftest import full_report
from tests.screen import Screen, shown_active, shown_rows, wait_for_the_list
from tests.walkers import clipped_labels, dead_mnemonics, mnemonic_clashes


def _ready(session: Session) -> str:
    record = session.reports.create_draft(full_report())
    return str(session.reports.mark_ready(record.id).reference)


def _rows_by_reference(table: QTableView) -> dict[str, str]:
    """Each listed report's reference and what its Caseworker column shows."""
    return {row[0]: row[6] for row in shown_rows(table)}


def _choose_filter(screen: Screen, entry: str) -> None:
    combo = screen.find("Caseworker filter", QComboBox)
    screen.alt("w")  # Caseworker: (the filter)
    assert screen.focused() is combo
    screen.key(Qt.Key.Key_Home)
    while combo.currentText() != entry:  # type: ignore[attr-defined]
        screen.key(Qt.Key.Key_Down)
    wait_for_the_list(screen)


def test_a_coordinator_assigns_a_case_by_keyboard_and_takes_it_back(
    qtbot: QtBot, session: Session
) -> None:
    first, second = _ready(session), _ready(session)
    session.users.add("Bea", "caseworker", "copper lantern meadow nine")
    session.users.add("Cai", "caseworker", "willow kettle harbour four")
    session.users.add("Dot", "caseworker", "amber pigeon lighthouse two")
    session.users.deactivate("Dot")  # not offered
    draft = session.reports.create_draft(full_report()).reference  # not a case yet
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("f")
    table = wait_for_the_list(screen)
    assert isinstance(table, QTableView)
    assert _rows_by_reference(table) == {
        first: "Not assigned",
        second: "Not assigned",
        draft: "—",
    }

    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Home)
    while table.currentIndex().data() != first:
        screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(f"Report {first}")
    browser = screen.find("Report details", QTextBrowser, view)
    assert "The case is not assigned to anyone yet." in browser.toPlainText()

    screen.alt("g")  # Assign to a caseworker…
    dialog = screen.wait_for_window(f"Assign {first} to a caseworker")
    assert not screen.find_all("Take the case back", window=dialog)  # nobody has it yet
    workers = screen.find("Caseworker", QComboBox, dialog)
    assert [workers.itemText(i) for i in range(workers.count())] == ["Bea", "Cai"]  # type: ignore[attr-defined]
    screen.alt("w")  # Caseworker:
    assert screen.focused() is workers
    screen.key(Qt.Key.Key_Down)  # Cai
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees(f"{first} is assigned to Cai.", view))
    screen.wait(lambda: QApplication.activeWindow() is view)
    assert "The case is assigned to Cai." in browser.toPlainText()
    assert [c.reference for c in session.cases.mine()] == [first]
    screen.key(Qt.Key.Key_Escape)
    screen.wait(lambda: QApplication.activeWindow() is window)
    screen.wait(lambda: _rows_by_reference(table).get(first) == "Cai")

    _choose_filter(screen, "Cai")
    assert list(_rows_by_reference(table)) == [first]
    _choose_filter(screen, "Not assigned")  # cases only: not the draft
    assert list(_rows_by_reference(table)) == [second]
    _choose_filter(screen, "Every report")
    assert len(_rows_by_reference(table)) == 3

    window.open_report(next(s for s in session.reports.list() if s.reference == first))
    view = screen.wait_for_window(f"Report {first}")
    screen.alt("g")
    dialog = screen.wait_for_window(f"Assign {first} to a caseworker")
    assert screen.sees("The case is assigned to Cai.", dialog)
    screen.alt("t")  # Take the case back
    screen.wait(lambda: screen.sees("The case is no longer assigned to anyone.", view))
    assert session.cases.mine() == []
    screen.key(Qt.Key.Key_Escape)

    report_id = session.reports.get(first).id
    entries = [
        (e.action, e.detail)
        for e in session.audit.entries(limit=10, target=report_id)
        if e.action.startswith("case.")
    ]
    cai = next(u for u in session.users.list() if u.name == "Cai")
    assert entries == [("case.unassigned", None), ("case.assigned", cai.id)]
    window.close()


def test_the_assign_dialog_says_when_there_is_nobody_to_assign_to(
    qtbot: QtBot, session: Session
) -> None:
    reference = _ready(session)
    view = ReportView(session.reports.get(reference), session)
    screen = shown_active(qtbot, view)
    screen.alt("g")
    dialog = screen.wait_for_window(f"Assign {reference} to a caseworker")
    assert screen.sees("There is no active caseworker. Add one on the Users screen first.", dialog)
    assert not screen.find("Assign", window=dialog).isEnabled()
    screen.key(Qt.Key.Key_Escape)
    view.close()


def test_only_a_coordinator_is_offered_assigning_and_the_caseworker_column(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    from intake_app.app.session import unlock

    reference = _ready(session)
    session.users.add("Bea", "caseworker", "copper lantern meadow nine")
    session.cases.assign(reference, "Bea")
    bea = unlock(data_dir, "Bea", "copper lantern meadow nine")
    page = ReportsPage()
    qtbot.addWidget(page)
    page.show_session(bea)
    page.show()
    screen = Screen(qtbot)
    assert not screen.find_all("Caseworker filter", window=page)
    assert page.model is not None and page.model.columnCount() == 6
    view = ReportView(bea.reports.get(reference), bea)
    qtbot.addWidget(view)
    view.show()
    assert not screen.find_all("Assign to a caseworker…", window=view)
    bea.close()


@pytest.mark.parametrize("code", [lang.code for lang in i18n.LANGUAGES])
def test_the_assigning_windows_keep_unique_keys_in_each_language(
    qtbot: QtBot, session: Session, code: str
) -> None:
    reference = _ready(session)
    session.users.add("Bea", "caseworker", "copper lantern meadow nine")
    session.cases.assign(reference, "Bea")  # so "Take the case back" is on screen too
    record = session.reports.get(reference)
    apply_language(code)
    view = ReportView(record, session)
    qtbot.addWidget(view)
    view.show()
    dialog = CaseAssignDialog(session, record.id, reference, view)
    dialog.show()
    QApplication.processEvents()
    for window in (view, dialog):
        found = mnemonic_clashes(window) + dead_mnemonics(window) + clipped_labels(window)
        assert found == [], (code, window.windowTitle(), found)
