"""The main window: navigation between the list, the form and users, and the lock command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from intake_app.errors import IntakeError
from intake_app.report_record import ReportSummary
from intake_app.session import Session
from intake_app.ui.about_dialog import AboutDialog
from intake_app.ui.audit_page import AuditPage
from intake_app.ui.clipboard import clear_if_ours, copy_text
from intake_app.ui.export_page import ExportPage
from intake_app.ui.layout_helpers import fit_to_contents
from intake_app.ui.leaflets_page import LeafletsPage
from intake_app.ui.report_form import ReportForm
from intake_app.ui.report_view import ReportView
from intake_app.ui.reports_model import ReportsModel
from intake_app.ui.reports_page import ReportsPage
from intake_app.ui.statistics_page import StatisticsPage
from intake_app.ui.user_dialogs import ChangePassphraseDialog
from intake_app.ui.users_page import UsersPage

SEARCH_DELAY_MS = 250


PageT = TypeVar("PageT", bound=QWidget)


class MainWindow(QMainWindow):
    def __init__(self, session: Session, on_lock: Callable[[], None]) -> None:
        super().__init__()
        self.on_lock = on_lock
        self.session: Session | None = None
        self.resize(1000, 640)
        lock = QAction("&Lock", self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        menu = self.menuBar().addMenu("&Intake")
        menu.addAction(lock)
        copy_reference = QAction("&Copy reference", self)
        copy_reference.setShortcut(QKeySequence.StandardKey.Copy)
        copy_reference.triggered.connect(self.copy_reference)
        menu.addAction(copy_reference)
        passphrase = QAction("Change my &passphrase…", self)
        passphrase.triggered.connect(self.change_passphrase)
        menu.addAction(passphrase)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        about = QAction("&About Intake", self)
        about.triggered.connect(lambda: AboutDialog(self).exec())
        self.menuBar().addMenu("&Help").addAction(about)

        self.reports_page = ReportsPage()
        self.reports_page.open_requested.connect(self.open_report)
        # Short names used by the menu, the lock and tests.
        self.search, self.status, self.table = (
            self.reports_page.search,
            self.reports_page.status,
            self.reports_page.table,
        )
        self.count_label = self.reports_page.count_label
        self.pages = QStackedWidget()
        self.pages.addWidget(self.reports_page)
        self.form: ReportForm | None = None
        self._resume: tuple[str, str, int] | None = None  # user id, report id, section
        self.nav = QListWidget()
        self.nav.setAccessibleName("Go to")
        self.users_page: UsersPage | None = None
        self.audit_page: AuditPage | None = None
        self.leaflets_page: LeafletsPage | None = None
        self.export_page: ExportPage | None = None
        self.statistics_page: StatisticsPage | None = None
        self.on_auto_lock_changed: Callable[[int], None] | None = None
        self.on_closed: Callable[[], None] | None = None
        fit_to_contents(self.nav)
        self.nav.currentRowChanged.connect(self._navigate)
        # Clicking the row already current (Reports, while a draft is open) still navigates.
        self.nav.itemClicked.connect(lambda item: self._navigate(self.nav.row(item)))
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.show_session(session)

    def _build_nav(self, session: Session) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav_targets = ["reports", "new", "leaflets"]
        labels = ["Reports", "New report", "Leaflets"]
        if session.user.is_coordinator:
            self.nav_targets += ["export", "statistics", "users", "audit"]
            labels += ["Send to the police", "Statistics", "Users and settings", "Audit log"]
        self.nav.addItems(labels)
        self.nav.blockSignals(False)
        self._drop_page("users_page")
        self._drop_page("audit_page")
        self._drop_page("leaflets_page")
        self._drop_page("export_page")
        self._drop_page("statistics_page")

    def _drop_page(self, name: str) -> None:
        page = getattr(self, name)
        if page is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
            setattr(self, name, None)

    def show_session(self, session: Session) -> None:
        self.session = session
        self._build_nav(session)
        self.reports_page.show_session(session)
        resume, self._resume = self._resume, None
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.pages.setCurrentIndex(0)
        if resume and resume[0] == session.user.id:
            self._open_form(resume[1], resume[2])  # the same user returns to the same place
        role = "coordinator" if session.user.is_coordinator else "volunteer"
        self.setWindowTitle(f"Intake — {session.centre.name} — {session.user.name} ({role})")
        note = (
            "" if session.keyring_bound else "  Protected by passphrases alone (no secure keyring)."
        )
        self.statusBar().showMessage(f"Unlocked.{note}")

    @property
    def model(self) -> ReportsModel:
        assert self.reports_page.model is not None, "the window is locked"
        return self.reports_page.model

    def open_report(self, summary: ReportSummary) -> None:
        if self.session is None:
            return
        if summary.status == "draft":
            self._open_form(summary.id)
            return
        try:
            record = self.session.reports.get(summary.id)
        except IntakeError as exc:
            QMessageBox.warning(self, "Cannot open the report", str(exc))
            return
        reason = (
            self.session.exports.rejection_reason(record.id) if record.status == "ready" else None
        )
        note = f"The force sent this report back: {reason}" if reason else ""
        view = ReportView(record, self.session.vocabulary, self, note)
        view.leaflet_requested.connect(self.open_leaflets)
        view.copy_button.serve(self.session, lambda: record)
        view.open()

    # --- the report form ------------------------------------------------------------------------

    def _navigate(self, row: int) -> None:
        if self.session is None or not 0 <= row < len(self.nav_targets):
            return
        target, session = self.nav_targets[row], self.session
        if target == "reports":
            self._close_form()
            self.reports_page.refresh()
            self.pages.setCurrentIndex(0)
        elif target == "new":
            self._open_form(None)
        elif target == "users":
            self._close_form()
            if self.users_page is None:
                self.users_page = UsersPage(self.session, self.on_auto_lock_changed)
                self.pages.addWidget(self.users_page)
            self.users_page.refresh()
            self.pages.setCurrentWidget(self.users_page)
        elif target == "export":
            self.export_page = self._fresh_page("export_page", lambda: ExportPage(session))
        elif target == "statistics":
            self.statistics_page = self._fresh_page(
                "statistics_page", lambda: StatisticsPage(session)
            )
        elif target == "leaflets":
            self.open_leaflets("")
        elif target == "audit":
            self.audit_page = self._fresh_page("audit_page", lambda: AuditPage(session))

    def _fresh_page(self, name: str, make: Callable[[], PageT]) -> PageT:
        """Show a newly made page in place of the old one (so it shows the store as it is now)."""
        self._close_form()
        self._drop_page(name)
        page = make()
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        return page

    def open_leaflets(self, reference: str) -> None:
        """The Leaflets screen, for a report (reference filled in) or blank."""
        if self.session is None:
            return
        self._close_form()
        self._drop_page("leaflets_page")
        self.leaflets_page = LeafletsPage(self.session, reference)
        self.pages.addWidget(self.leaflets_page)
        self.pages.setCurrentWidget(self.leaflets_page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.nav_targets.index("leaflets"))
        self.nav.blockSignals(False)

    def _open_form(self, report_id: str | None, section: int = 0) -> None:
        if self.session is None:
            return
        self._close_form()
        try:
            record = self.session.reports.get(report_id) if report_id else None
        except IntakeError as exc:
            QMessageBox.warning(self, "Cannot open the report", str(exc))
            return
        self.form = ReportForm(self.session, record)
        self.form.leaflet_requested.connect(self.open_leaflets)
        self.form.marked_ready.connect(
            lambda ref: self.statusBar().showMessage(f"{ref} is ready to send.", 5000)
        )
        self.pages.addWidget(self.form)
        self.pages.setCurrentWidget(self.form)
        self.form.go_to(section)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(1 if record is None else 0)
        self.nav.blockSignals(False)

    def _close_form(self) -> None:
        if self.form is None:
            return
        self.form.closing()
        self.pages.removeWidget(self.form)
        self.form.deleteLater()
        self.form = None

    def change_passphrase(self) -> None:
        if self.session is None:
            return
        dialog = ChangePassphraseDialog(self.session, self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Your passphrase has been changed.", 5000)
        )
        dialog.open()

    def copy_reference(self) -> None:
        summary = self.reports_page.selected()
        if summary is not None:
            copy_text(summary.reference)
            self.statusBar().showMessage("Reference copied.", 3000)

    def lock(self) -> None:
        """Hide every report and close the store; the app asks for a passphrase again."""
        if self.session is None:
            return
        if self.form is not None:
            if self.form.closing() and self.form.record is not None:
                self._resume = (self.session.user.id, self.form.record.id, self.form.section)
            self._close_form()
        for dialog in self.findChildren(ReportView):
            dialog.reject()  # no report stays on screen
        self._drop_page("users_page")
        self._drop_page("audit_page")
        self._drop_page("leaflets_page")
        self._drop_page("export_page")
        self.pages.setCurrentIndex(0)
        clear_if_ours()
        if self.session is not None:
            self.reports_page.clear()
            self.session.close()
            self.session = None
        self.hide()
        self.on_lock()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.reports_page.search_timer.stop()
        self._close_form()
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)
        if self.on_closed is not None:
            self.on_closed()
