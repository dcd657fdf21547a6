"""Reading one report that is no longer a draft; a coordinator may correct it or withdraw it
(when the police have it, the next batch tells the force), assign its case to a caseworker, or
answer the person's subject access request. What the force was last told of it (a correction or
an erasure, waiting, sent, confirmed or refused) and who works the case are shown under its
status; its links to other reports below its details."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain import dates
from intake_app.domain.accounts import CASEWORKER
from intake_app.domain.report_display import describe, status_label
from intake_app.domain.report_record import ReportRecord
from intake_app.services.case_assignments import WORKABLE
from intake_app.services.users import COORDINATOR
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _
from intake_app.ui.dialogs.case_assign_dialog import CaseAssignDialog
from intake_app.ui.dialogs.follow_up_dialog import FollowUpDialog
from intake_app.ui.dialogs.report_copy_actions import CopyForPersonButton
from intake_app.ui.dialogs.subject_access_actions import SubjectAccessButton
from intake_app.ui.form.next_actions_box import NextActionsBox
from intake_app.ui.form.report_links_box import ReportLinksBox
from intake_app.ui.form.timeline_view import TimelineView
from intake_app.ui.widgets.layout_helpers import fit_to_screen

DEMO_LINE = N_("Demo report — made up for practice; it is never sent to the police.")


class ReportView(QDialog):
    leaflet_requested = Signal(str)  # the reference
    correct_requested = Signal(str)  # the report id
    changed = Signal()  # withdrawn here
    open_requested = Signal(str)  # a linked report's id, to open in place of this one

    def __init__(
        self, record: ReportRecord, session: Session, parent: QWidget | None = None, note: str = ""
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.record = record
        # Translators: a window's title; {reference} is the report's reference, "RIVA-2025-00012-K".
        self.setWindowTitle(_("Report {reference}").format(reference=record.reference))
        fit_to_screen(self, 660, 720)  # a laptop at 150 % has 512 points of height
        self.demo = QLabel(f"<b>⚠ {html.escape(_(DEMO_LINE))}</b>" if record.is_demo else "")
        self.demo.setWordWrap(True)
        self.demo.setStyleSheet(
            "background: #fff4c2; color: #3d2e00; border: 2px solid #8a6d00; padding: 8px;"
        )
        self.demo.setVisible(record.is_demo)
        self.unrecorded = QLabel(f"⚠ {record.view_not_recorded}")
        self.unrecorded.setObjectName("viewNotRecorded")
        self.unrecorded.setWordWrap(True)
        self.unrecorded.setStyleSheet(
            "background: #fde2e1; color: #4a0d0a; border: 2px solid #a3261c; padding: 8px;"
        )
        self.unrecorded.setVisible(bool(record.view_not_recorded))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_("Report details"))
        # The details come first: at 150 % on a laptop the lists below had squeezed them out.
        self.browser.setMinimumHeight(self.browser.fontMetrics().lineSpacing() * 8)
        self.timeline = TimelineView()
        self._fill(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Enter where no button has the focus closes the view (it changes nothing).
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        leaflet = buttons.addButton(_("&Leaflet…"), QDialogButtonBox.ButtonRole.ActionRole)
        leaflet.clicked.connect(self._leaflet)
        self.copy_button = CopyForPersonButton()
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.serve(session, lambda: self.record)
        coordinator = session.user.role == COORDINATOR
        self.follow_up: QPushButton | None = None
        if self._works_cases():
            self.follow_up = buttons.addButton(
                _("&Follow-up…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.follow_up.clicked.connect(self._add_follow_up)
        self.assign: QPushButton | None = None
        if coordinator and self._works_cases():
            self.assign = buttons.addButton(
                # Translators: a button in a report's window; & marks the Alt key.
                _("Assi&gn to a caseworker…"),
                QDialogButtonBox.ButtonRole.ActionRole,
            )
            self.assign.clicked.connect(self._assign)
        self.correct: QPushButton | None = None
        if coordinator and record.status in ("ready", "exported", "acknowledged"):
            self.correct = buttons.addButton(_("Co&rrect…"), QDialogButtonBox.ButtonRole.ActionRole)
            self.correct.clicked.connect(self._correct)
        self.withdraw: QPushButton | None = None
        if coordinator and record.status not in ("withdrawn", "purged"):
            self.withdraw = buttons.addButton(
                _("&Withdraw…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.withdraw.clicked.connect(self._withdraw)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.subject_access: SubjectAccessButton | None = None
        if coordinator:  # a volunteer is not offered it (the service refuses them too)
            self.subject_access = SubjectAccessButton()
            buttons.addButton(self.subject_access, QDialogButtonBox.ButtonRole.ActionRole)
            self.subject_access.serve(session, lambda: self.record, self._say)
        buttons.rejected.connect(self.reject)
        self.links = ReportLinksBox(
            session,
            record.id,
            # A caseworker's casebook holds copies: links are made at the centre.
            editable=record.status not in ("withdrawn", "purged")
            and not session.context.in_casebook,
        )
        self.links.open_requested.connect(self._open_linked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo)
        layout.addWidget(self.unrecorded)
        layout.addWidget(self.browser, 1)  # the details take the room; the rest what it needs
        self.next_actions: NextActionsBox | None = None
        if self._works_cases():
            self.next_actions = NextActionsBox(session, record.id)
            self.next_actions.marked.connect(self._fill)
            self.next_actions.marked.connect(self.changed)
            layout.addWidget(self.next_actions)
        layout.addWidget(self.timeline)
        layout.addWidget(self.links)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _works_cases(self) -> bool:
        return (
            self.session.user.role in (COORDINATOR, CASEWORKER)
            and not self.session.in_workspace
            and self.record.status in WORKABLE
        )

    def _follow_ups_html(self) -> str:
        """The case's follow-ups, oldest first, for those who work cases."""
        if not self._works_cases():
            return ""
        rows = []
        for item in self.session.follow_ups.of_case(self.record.id):
            # Translators: after a follow-up's next action; {date} is the day it is due.
            due = _("due {date}").format(date=dates.uk(item.due_on)) if item.due_on else ""
            action = f"{item.next_action} ({due})" if item.next_action and due else due
            if item.done_at:
                # Translators: a next action marked done; {action} is what was to be done.
                action = _("{action}: done").format(action=action)
            cells = (dates.timestamp_for_people(item.created_at), item.summary(), action)
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        # Translators: a heading in a report's window: contacts, referrals and notes on it.
        title = html.escape(_("Follow-ups"))
        empty = f"<p>{html.escape(_('No follow-ups yet.'))}</p>"
        listed = f"<table cellpadding=4>{''.join(rows)}</table>" if rows else empty
        return f"<h3>{title}</h3>{listed}"

    def _add_follow_up(self) -> None:
        dialog = FollowUpDialog(self.session, self.record.reference, self)
        dialog.accepted.connect(self._follow_up_added)
        dialog.finished.connect(lambda _result: self.activateWindow())  # the keys come back here
        dialog.open()

    def _follow_up_added(self) -> None:
        self._fill()
        if self.next_actions is not None:
            self.next_actions.refresh()
        self._say(_("Follow-up added."))
        self.changed.emit()

    def _assign(self) -> None:
        dialog = CaseAssignDialog(self.session, self.record.id, self.record.reference, self)
        dialog.accepted.connect(lambda: self._assigned(dialog.outcome))
        dialog.finished.connect(lambda _result: self.activateWindow())  # the keys come back here
        dialog.open()

    def _assigned(self, outcome: str) -> None:
        self._fill()
        self._say(outcome)
        self.changed.emit()

    def _caseworker_html(self) -> str:
        """Who works the case, for a coordinator (a caseworker sees only their own cases)."""
        if not (self.session.user.role == COORDINATOR and self._works_cases()):
            return ""
        worker = self.session.cases.worker(self.record.id)
        if worker is None:
            text = _("The case is not assigned to anyone yet.")
        else:
            # Translators: {name} is the caseworker's name.
            text = _("The case is assigned to {name}.").format(name=worker.name)
        return f"<p>{html.escape(text)}</p>"

    def _fill(self, note: str = "") -> None:
        record = self.record
        body = "".join(
            f"<tr><th align=left valign=top>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in describe(record.report, self.session.vocabulary)
        )
        demo = f"<p><b>⚠ {html.escape(_(DEMO_LINE))}</b></p>" if record.is_demo else ""
        # Translators: {status} is the report's status, as in the reports list ("Acknowledged").
        status = _("Status: {status}").format(status=status_label(record.status))
        notice = self.session.reports.notice(record.id)
        told = f"<p>{html.escape(notice.sentence())}</p>" if notice else ""
        deliveries = self.session.recipient_batches.deliveries(record.id, record.report.shared_with)
        told += "".join(f"<p>{html.escape(d.sentence())}</p>" for d in deliveries)
        self.browser.setHtml(
            f"<h2>{html.escape(record.reference)}</h2>{demo}<p>{html.escape(status)}</p>{told}"
            + self._caseworker_html()
            + (f"<p><b>⚠ {html.escape(note)}</b></p>" if note else "")
            + self._follow_ups_html()
            + f"<table cellpadding=4>{body}</table>"
        )
        self.timeline.show_timeline(self.session.timelines.for_report(record.id))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _leaflet(self) -> None:
        self.leaflet_requested.emit(self.record.reference)
        self.accept()

    def _open_linked(self, report_id: str) -> None:
        self.open_requested.emit(report_id)
        self.accept()

    def _correct(self) -> None:
        self.correct_requested.emit(self.record.id)
        self.accept()

    def _withdraw(self) -> None:
        sentences = [
            # Translators: {reference} is the report's reference, "RIVA-2025-00012-K".
            _(
                "Withdraw {reference}? The person's name, contact details, what they said and "
                "every attached file are erased for good. Only the anonymous figures stay."
            ).format(reference=self.record.reference)
        ]
        if self.session.reports.sent_batch(self.record.id) is not None:
            sentences.append(
                _("The police already have it: the next batch asks the force to erase its copy.")
            )
        answer = QMessageBox.question(
            self,
            _("Withdraw this report?"),
            " ".join(sentences),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.record = self.session.reports.withdraw(self.record.id)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            self.message.show()
            return
        self._fill()
        for button in (self.correct, self.withdraw, self.copy_button):
            if button is not None:
                button.hide()
        self.message.setText(
            # Translators: {reference} is the report's reference, "RIVA-2025-00012-K".
            _("{reference} was withdrawn; its personal data is erased.").format(
                reference=self.record.reference
            )
        )
        self.message.show()
        self.changed.emit()
