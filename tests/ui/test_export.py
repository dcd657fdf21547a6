"""The export screen: the plan with reasons, writing with progress, receipts, late batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import minisign
import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.receipts import sign_receipt
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.main_window import MainWindow
from intake_app.ui.pages.export_page import ExportPage
from tests.conftest import full_report
from tests.screen import Screen, accessible_name, shown_active, shown_rows


def test_plan_write_and_receipt_from_the_screen(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    keys = minisign.KeyPair.generate()
    profile = ForceProfile("leicestershire", "Leicestershire Police",
                                   (str(pyrage.x25519.Identity.generate().to_public()),),
                                   keys.public_key.to_base64().decode())  # fmt: skip
    (tmp_path / "profile.json").write_bytes(profile.to_bytes())
    going = session.reports.create_draft(full_report())
    session.reports.mark_ready(going.id)
    staying = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(staying.id)
    page = ExportPage(session)
    qtbot.addWidget(page)
    qtbot.waitSignal(page.refreshed, timeout=5000).wait()
    assert "No force profile" in page.profile_label.text() and not page.write_button.isEnabled()
    page.import_profile_file(tmp_path / "profile.json", lambda name, fingerprint: False)
    assert "not imported" in page.message.text()
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        page.import_profile_file(
            tmp_path / "profile.json", lambda name, fingerprint: fingerprint == profile.fingerprint
        )
    assert "Leicestershire Police" in page.profile_label.text()
    rows = {row[0]: row[1] for row in shown_rows(page.plan_table)}
    assert rows == {going.reference: "Goes", staying.reference: "Stays here"}
    out = tmp_path / "usb"
    out.mkdir()
    page.export_to(out)
    qtbot.waitUntil(
        lambda: "written to" in page.message.text() or "⚠" in page.message.text(), timeout=20000
    )
    assert ": 1 report." in page.message.text()
    qtbot.waitUntil(lambda: len(shown_rows(page.batch_table)) == 1, timeout=5000)
    assert shown_rows(page.batch_table)[0][3] == "Waiting for the receipt"
    batch = session.db.one("SELECT id, file_sha256 FROM batches")
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": "leicestershire", "centre_code": "RIVA",
               "batch_id": batch[0], "sequence": 1, "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": going.id, "reference": going.reference, "outcome": "rejected",
                            "reason": "Duplicate of a report made directly to us"}]}  # fmt: skip
    (tmp_path / "receipt.json").write_bytes(sign_receipt(receipt, keys.secret_key))
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        page.import_receipt_file(tmp_path / "receipt.json")  # checked off the GUI thread
    assert "1 came back" in page.message.text()
    assert session.reports.get(going.id).status == "ready"
    assert session.exports.rejection_reason(going.id) == "Duplicate of a report made directly to us"
    assert shown_rows(page.batch_table)[0][3].startswith("Received")


def _table_cells(window: QWidget, name: str) -> list[list[str]]:
    """The text of every cell of the table with this accessible name, found from the window."""
    (table,) = [t for t in window.findChildren(QTableView) if t.accessibleName() == name]
    return shown_rows(table)


def test_demo_reports_are_marked_on_the_export_screen_the_report_and_the_audit_log(
    qtbot: QtBot, session: Session
) -> None:
    real = session.reports.create_draft(full_report())
    session.reports.mark_ready(real.id)
    demo = session.reports.create_draft(full_report(), is_demo=True)
    session.reports.mark_ready(demo.id)
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()

    window.nav.setCurrentRow(window.nav_targets.index("export"))
    qtbot.waitUntil(lambda: len(_table_cells(window, "Ready reports and what will go")) == 2)
    rows = _table_cells(window, "Ready reports and what will go")
    assert [real.reference, "Goes", "Goes with contact details, as agreed."] in rows
    assert [
        f"{demo.reference} (demo)",
        "Stays here",
        "Demo report: demo data never leaves the centre.",
    ] in rows

    summary = next(s for s in session.reports.list() if s.id == demo.id)
    window.open_report(summary)
    view = window.findChild(ReportView)
    assert view is not None
    assert Screen(qtbot).sees(
        "⚠ Demo report — made up for practice; it is never sent to the police", view
    )
    view.close()

    window.nav.setCurrentRow(window.nav_targets.index("audit"))
    which = [row[3] for row in _table_cells(window, "Audit log")]
    assert f"{demo.reference} (demo)" in which and real.reference in which
    window.close()


def test_the_report_view_of_a_real_report_has_no_demo_line(qtbot: QtBot, session: Session) -> None:
    record = session.reports.create_draft(full_report())
    view = ReportView(session.reports.get(record.id), session)
    qtbot.addWidget(view)
    view.show()
    assert "Demo" not in Screen(qtbot).text_on_screen(view)


def test_a_demo_draft_says_nothing_of_it_reaches_the_police(qtbot: QtBot, session: Session) -> None:
    demo = session.reports.create_draft(full_report(), is_demo=True)
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.open_report(next(s for s in session.reports.list() if s.id == demo.id))
    assert window.form is not None
    assert "(demo" in window.form.title.text()
    window.form.check()
    sharing = window.form.review.sharing.text()
    assert "this is a demo report" in sharing and "never sent to the police" in sharing
    window.close()


def test_a_correction_of_a_sent_report_goes_from_the_screen_and_shows_where_the_status_does(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    """The batch is written with the correction alone; the reports list and the report view say
    how far it has got."""
    from tests.force_desk import ForceDesk

    identity, keys = pyrage.x25519.Identity.generate(), minisign.KeyPair.generate()
    profile = ForceProfile("leicestershire", "Leicestershire Police",
                           (str(identity.to_public()),), keys.public_key.to_base64().decode())  # fmt: skip
    session.exports.import_profile(profile.to_bytes())
    desk = ForceDesk(tmp_path / "force", identity, keys)
    desk.register("RIVA", session.exports.centre_public_key())
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    (tmp_path / "usb1").mkdir()
    first = session.exports.export(tmp_path / "usb1")
    desk.take(first.path)
    session.exports.import_receipt(desk.receipt(first.path))
    corrected = full_report(description="Two men followed her from the Wexcombe tram stop.")
    session.reports.correct(record.id, corrected)

    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.nav_targets.index("reports"))
    qtbot.waitUntil(lambda: bool(_table_cells(window, "Reports")))
    row = next(r for r in _table_cells(window, "Reports") if r[0] == record.reference)
    assert row[1] == "Acknowledged · Correction waiting for the next batch"

    window.nav.setCurrentRow(window.nav_targets.index("export"))
    page = window.export_page
    assert page is not None
    qtbot.waitUntil(lambda: page.write_button.isEnabled(), timeout=5000)  # no report is ready
    assert Screen(qtbot).sees(
        "Also going with the next batch, for reports the police already have: corrections 1, "
        "erasures 0.",
        window,
    )
    (tmp_path / "usb2").mkdir()
    page.export_to(tmp_path / "usb2")
    qtbot.waitUntil(lambda: "written to" in page.message.text(), timeout=20000)
    assert page.message.text().endswith("It also tells the force of 1 correction or erasure.")
    qtbot.waitUntil(lambda: len(shown_rows(page.batch_table)) == 2, timeout=5000)
    assert shown_rows(page.batch_table)[0][2] == "0 (+1)"
    qtbot.waitUntil(lambda: not page.write_button.isEnabled(), timeout=5000)

    second = tmp_path / "usb2" / "RIVA-batch-00002.intake"
    desk.take(second)
    (tmp_path / "receipt").write_bytes(desk.receipt(second))
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        page.import_receipt_file(tmp_path / "receipt")
    assert "Corrections and erasures: 1 confirmed, 0 refused by the force." in page.message.text()

    window.open_report(next(s for s in session.reports.list() if s.id == record.id))
    view = window.findChild(ReportView)
    assert view is not None
    (details,) = [w for w in Screen.visible_widgets(view) if accessible_name(w) == "Report details"]
    assert "Status: Acknowledged\nCorrection confirmed" in details.toPlainText()  # type: ignore[attr-defined]
    view.close()
    window.close()


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150%"])
def text_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * request.param)
    qapp.setFont(bigger)
    yield request.param
    qapp.setFont(original)


def test_the_send_page_scrolls_in_a_window_that_fits_a_1366_by_768_screen(
    qtbot: QtBot, session: Session, text_scale: float
) -> None:
    """The page chosen by keyboard in the list of screens: the window asks for no more than a
    1366×768 screen holds (less its task bar), and the page's last button is reached by Tab,
    scrolled into view."""
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    window.resize(1366, 700)
    screen.choose("Go to", "Send to the police")
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees("Send reports to the police"))
    for hint in (window.sizeHint(), window.minimumSizeHint()):
        assert hint.width() <= 1366 and hint.height() <= 700, (text_scale, hint)
    button = screen.tab_to("Import a recipient's receipt…")
    screen.wait(lambda: button.visibleRegion().boundingRect().height() == button.height())
    scroll = next(w for w in window.findChildren(QScrollArea) if w.isAncestorOf(button))
    assert scroll.verticalScrollBar().value() > 0  # the page scrolled to show it
    window.close()
