"""The main window: navigation between the list, the form and the coordinator's screens, the
menus and their shortcuts, and the lock that hides everything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.report import Report
from intake_app.domain.report_record import ReportSummary
from intake_app.support import i18n
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.ui.background import stop_all
from intake_app.ui.dialogs.new_recovery_key import show_if_replaced
from intake_app.ui.form.form_focus import focus_first_field
from intake_app.ui.form.report_form import ReportForm
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.lock_state import (
    Resume,
    close_our_windows,
    unlocked_message,
    where_they_are,
    window_title,
)
from intake_app.ui.main_menus import build_menus, screens_for
from intake_app.ui.main_pages import PAGES, show_screen
from intake_app.ui.models.reports_model import ReportsModel
from intake_app.ui.pages.audit_page import AuditPage
from intake_app.ui.pages.centre_settings_page import CentreSettingsPage
from intake_app.ui.pages.due_page import DuePage
from intake_app.ui.pages.export_page import ExportPage
from intake_app.ui.pages.leaflets_page import LeafletsPage
from intake_app.ui.pages.reports_page import ReportsPage
from intake_app.ui.pages.scrolling_page import ScrollingHolder
from intake_app.ui.pages.statistics_page import StatisticsPage
from intake_app.ui.pages.users_page import UsersPage
from intake_app.ui.widgets.clipboard import clear_if_ours
from intake_app.ui.widgets.layout_helpers import fit_to_contents, fit_to_screen

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, on_lock: Callable[[], None], resume: Resume | None = None
    ) -> None:
        """``resume``: where the same user was in the window this one replaces (the language
        changed), so they come back to it with what they typed."""
        super().__init__()
        self.on_lock = on_lock
        self.session: Session | None = None
        build_menus(self)
        self.reports_page = ReportsPage()
        self.reports_page.open_requested.connect(self.open_report)
        # Short names used by the menu and the lock.
        self.search, self.status, self.table = (
            self.reports_page.search,
            self.reports_page.status,
            self.reports_page.table,
        )
        self.count_label = self.reports_page.count_label
        self.pages = QStackedWidget()
        self.pages.addWidget(self.reports_page)
        self.form: ReportForm | None = None
        self._resume: Resume | None = resume
        self.on_language_chosen: Callable[[str], None] | None = None
        self.language = i18n.current().code  # the language its words are in
        self.nav = QListWidget()
        # Translators: the accessible name of the list of screens on the left (Reports, Users…).
        self.nav.setAccessibleName(_("Go to"))
        self.users_page: UsersPage | None = None
        self.settings_page: CentreSettingsPage | None = None
        self.audit_page: AuditPage | None = None
        self.leaflets_page: LeafletsPage | None = None
        self.export_page: ExportPage | None = None
        self.statistics_page: StatisticsPage | None = None
        self.due_page: DuePage | None = None
        self.on_auto_lock_changed: Callable[[int], None] | None = None
        self.on_closed: Callable[[], None] | None = None
        self.last_user_name = ""
        fit_to_contents(self.nav)
        self.nav.currentRowChanged.connect(self._navigate)
        # Clicking the row already current (Reports, while a draft is open) still navigates.
        self.nav.itemClicked.connect(lambda item: self._navigate(self.nav.row(item)))
        # Arrow keys in the list show each page and leave the focus in the list; Enter goes in.
        self.nav.itemActivated.connect(lambda _item: self._focus_page())
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        fit_to_screen(self)
        self.show_session(session)

    def _build_nav(self, session: Session) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        screens = screens_for(session.user.role)
        self.nav_targets = [target for target, _label in screens]
        self.nav.addItems([label for _target, label in screens])
        self.nav.blockSignals(False)
        for name in PAGES:
            self.drop_page(name)

    def drop_page(self, name: str) -> None:
        """Take a page off screen. It is let go of rather than destroyed at once, so a dialog
        of its that is still returning (a file chooser closed by the lock) finds it intact."""
        page = getattr(self, name)
        holder = page.parentWidget() if page is not None else None
        while holder is not None and not isinstance(holder, ScrollingHolder):
            holder = holder.parentWidget()  # (a scroll area puts it in its viewport)
        if holder is not None:
            self.pages.removeWidget(holder)
            holder.let_go()
        if page is not None:
            self.pages.removeWidget(page)
            page.hide()
            page.setParent(None)
            setattr(self, name, None)

    def _select_nav(self, target: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.nav_targets.index(target))
        self.nav.blockSignals(False)

    def show_session(self, session: Session) -> None:
        self.session = session
        self._build_nav(session)
        self.reports_page.show_session(session)
        resume, self._resume = self._resume, None
        self._select_nav("reports")
        self.pages.setCurrentIndex(0)
        returning = resume is not None and resume.user_id == session.user.id
        if (
            resume is not None
            and returning
            and resume.page == "form"
            and self._open_form(resume.report_id, resume.section, resume.unsaved)
        ):
            self._focus_page()
        else:
            if resume is not None and returning and resume.page not in ("form", "reports", "new"):
                self._go(resume.page)  # back to the page they were on (Users, Audit log…)
                self._focus_page()  # in it: a name typed there does not jump to another screen
            else:  # the reports: what is typed first is a name or reference to find
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setWindowTitle(window_title(session))
        self.statusBar().showMessage(unlocked_message(session))
        show_if_replaced(self, session)

    @property
    def model(self) -> ReportsModel:
        assert self.reports_page.model is not None, "the window is locked"
        return self.reports_page.model

    def open_report(self, summary: ReportSummary) -> None:
        self._open_report(summary.id, summary.status)

    def open_linked_report(self, report_id: str) -> None:
        """A report linked to the one that was open (its view asked for it)."""
        if self.session is None:
            return
        try:
            status = self.session.reports.visible(report_id).status
        except IntakeError as exc:
            QMessageBox.warning(self, _("Cannot open the report"), str(exc))
            return
        self._open_report(report_id, status)

    def _open_report(self, report_id: str, status: str) -> None:
        if self.session is None:
            return
        if status == "draft":
            self._open_draft(report_id)
            return
        self.view_report(report_id)

    def view_report(self, report_id: str) -> None:
        """A report that is no longer a draft, in its own window."""
        if self.session is None:
            return
        try:
            record = self.session.reports.get(report_id)
        except IntakeError as exc:
            QMessageBox.warning(self, _("Cannot open the report"), str(exc))
            return
        reason = (
            self.session.exports.rejection_reason(record.id) if record.status == "ready" else None
        )
        note = ""
        if reason:
            # Translators: {reason} is the police force's reason, as the force wrote it.
            note = _("The force sent this report back: {reason}").format(reason=reason)
        view = ReportView(record, self.session, self, note)
        view.leaflet_requested.connect(self.open_leaflets)
        view.correct_requested.connect(self.correct_report)
        view.changed.connect(self.reports_page.refresh)
        view.open_requested.connect(self.open_linked_report)
        view.changed.connect(self._refresh_due)
        view.finished.connect(lambda _result: self.activateWindow())  # the keys come back here
        view.open()

    def _refresh_due(self) -> None:
        if self.due_page is not None:
            self.due_page.refresh()

    def correct_report(self, report_id: str) -> None:
        """A coordinator corrects a ready report in the form."""
        if self._open_form(report_id) and self.form is not None:
            self.form.start_correcting()

    def _open_draft(self, report_id: str) -> None:
        if self._open_form(report_id):
            self._focus_page()

    # --- navigation -------------------------------------------------------------------------------

    def _go(self, target: str) -> None:
        if self.session is not None and target in self.nav_targets:
            self._navigate(self.nav_targets.index(target))

    def _navigate(self, row: int) -> None:
        if self.session is None or not 0 <= row < len(self.nav_targets):
            return
        target, session = self.nav_targets[row], self.session
        if target != "new" and not self._close_form():
            self._select_nav("new" if self.form and self.form.record is None else "reports")
            return
        if target == "reports":
            self.reports_page.refresh_caseworkers()
            self.reports_page.refresh()
            self.pages.setCurrentIndex(0)
        elif target == "new":
            self._open_form(None)
            return
        elif target == "leaflets":
            self.open_leaflets("")
            return
        else:
            show_screen(self, target, session)
        self._select_nav(target)

    def open_leaflets(self, reference: str) -> None:
        """The Leaflets screen, for a report (reference filled in) or blank."""
        if self.session is None or not self._close_form():
            return
        self.drop_page("leaflets_page")
        self.leaflets_page = LeafletsPage(self.session, reference)
        self.pages.addWidget(self.leaflets_page)
        self.pages.setCurrentWidget(self.leaflets_page)
        self._select_nav("leaflets")

    def _focus_page(self) -> None:
        if self.form is not None and self.pages.currentWidget() is self.form:
            self.form.go_to(self.form.section, focus=True)
        else:
            focus_first_field(self.pages.currentWidget())

    def new_report(self) -> None:
        self._go("new")
        self._focus_page()

    def find_reports(self) -> None:
        self._go("reports")
        if self.pages.currentWidget() is self.reports_page:
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    def save_now(self) -> None:
        if self.form is not None and self.form.save_now():
            self.statusBar().showMessage(_("Saved."), 3000)

    # --- the report form ------------------------------------------------------------------------

    def _open_form(
        self, report_id: str | None, section: int = 0, unsaved: Report | None = None
    ) -> bool:
        if self.session is None or not self._close_form():
            return False
        try:
            record = self.session.reports.get(report_id) if report_id else None
        except IntakeError as exc:
            QMessageBox.warning(self, _("Cannot open the report"), str(exc))
            return False
        self.form = ReportForm(self.session, record, unsaved=unsaved)
        if record is not None and record.view_not_recorded:
            self.statusBar().showMessage(f"⚠ {record.view_not_recorded}")
        self.form.leaflet_requested.connect(self.open_leaflets)
        self.form.marked_ready.connect(
            lambda ref: self.statusBar().showMessage(
                # Translators: {reference} is a report's reference number.
                _("{reference} has been handed to the centre.").format(reference=ref)
                if self.session is not None and self.session.in_workspace
                # Translators: {reference} is a report's reference number.
                else _("{reference} is ready to send.").format(reference=ref),
                5000,
            )
        )
        self.pages.addWidget(self.form)
        self.pages.setCurrentWidget(self.form)
        self.form.go_to(section)
        self._select_nav("new" if record is None else "reports")
        return True

    def _close_form(self, ask: bool = True) -> bool:
        """Save and take the form away. If it cannot be saved, ask before anything typed is
        lost; False (the form stays) when the person chooses to stay."""
        if self.form is None:
            return True
        if not self.form.closing() and ask:
            answer = QMessageBox.warning(
                self,
                _("The report is not saved"),
                self.form.save_state.text().lstrip("⚠ ")
                + "\n\n"
                + _("Leave it anyway? What was typed since it was last saved will be lost."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return False
        self.pages.removeWidget(self.form)
        self.form.hide()
        self.form.setParent(None)
        self.form = None
        return True

    # --- locking ----------------------------------------------------------------------------------

    def lock(self) -> None:
        """Save what was typed, stop background work, close every window of ours, let go of
        every page that shows report data, close the store; then ask for a passphrase again."""
        if self.session is None:
            return
        session = self._take_leave()
        clear_if_ours()
        session.close()
        self.hide()
        self.on_lock()

    def choose_language(self, code: str) -> None:
        """A language chosen from the menu: the app keeps it for this user and makes its
        windows again in it (``on_language_chosen``), back where the user was."""
        if self.session is not None and self.on_language_chosen is not None:
            self.on_language_chosen(code)

    def hand_over(self) -> tuple[Session, Resume | None] | None:
        """Let go of the open store for a window that replaces this one (in another language):
        what was typed is saved or kept, other windows close, the store stays open."""
        if self.session is None:
            return None
        session = self._take_leave()
        resume, self._resume = self._resume, None
        self.on_closed = None
        self.hide()
        return session, resume

    def _take_leave(self) -> Session:
        """Note where the user was and what could not be saved, then let go of every page,
        background job and other window. Returns the session, still open."""
        session = self.session
        assert session is not None
        self.last_user_name = session.user.name  # filled in at the unlock window
        self._resume = where_they_are(self, session)
        if self.form is not None:
            self._close_form(ask=False)
        stop_all()
        close_our_windows(keep=self)
        for name in PAGES:
            self.drop_page(name)
        self.pages.setCurrentIndex(0)
        self.reports_page.clear()
        self.session = None
        return session

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.session is not None and not self._close_form():
            event.ignore()
            return
        self.reports_page.search_timer.stop()
        stop_all()
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)
        if self.on_closed is not None:
            self.on_closed()
