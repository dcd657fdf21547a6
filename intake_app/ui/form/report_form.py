"""The guided report form: sections on the left, autosave every few seconds, review at the end.

Saving never blocks typing: the draft is written by the background helper, and whatever was
typed is kept (over-long text and half-typed values are problems that stop "Ready to send",
never a reason not to save). A report marked ready is shown read-only; a coordinator may
correct it (once the police have it, the next batch takes them the correction).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from shiboken6 import isValid

from intake_app.app.session import Session
from intake_app.domain.report import PoliceCopy, Report
from intake_app.domain.report_record import ReportRecord
from intake_app.domain.validation import problems
from intake_app.support.errors import IntakeError, ValidationFailed
from intake_app.support.i18n import _
from intake_app.ui.dialogs.report_copy_actions import CopyForPersonButton
from intake_app.ui.form.attachments_box import AttachmentsBox
from intake_app.ui.form.draft_writer import DraftWriter, one_shot
from intake_app.ui.form.form_correction import may_correct, save_correction, stop_correcting
from intake_app.ui.form.form_document import form_document, report_from_form
from intake_app.ui.form.form_fields import Binder
from intake_app.ui.form.form_focus import focus_first_field, set_editable
from intake_app.ui.form.form_layout import arrange
from intake_app.ui.form.form_pages import SECTIONS, section_of
from intake_app.ui.form.form_questions import (
    IdentifyingDetails,
    follow_answers,
    show_what_is_asked,
    widget_for,
)
from intake_app.ui.form.report_sections import SectionBuilder
from intake_app.ui.form.report_status_row import (
    NOT_SAVED_AT_LOCK,
    SAVED_AFTER_LOCK,
    StatusRow,
    report_title,
)
from intake_app.ui.form.review_page import ReviewPage
from intake_app.ui.widgets.layout_helpers import fit_to_contents

AUTOSAVE_MS = 3000
CHECK_DELAY_MS = 400


class ReportForm(QWidget):
    saved = Signal(str)  # the reference, after every save
    marked_ready = Signal(str)
    leaflet_requested = Signal(str)  # the reference

    def __init__(
        self,
        session: Session,
        record: ReportRecord | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        unsaved: Report | None = None,
    ) -> None:
        """``unsaved``: what was typed but could not be saved (shown in place of the record)."""
        super().__init__()
        self.session = session
        # The centre's rule, read once: checks run on a timer, and may not touch the store.
        self.parental_rule = session.settings.children_need_parental_consent
        self.record = record
        self.dirty = False
        self._changes = 0  # counts changes, so a save knows whether more came while it ran
        self._loading = False
        self.correcting = False
        self.writer = DraftWriter(session)
        self.binder = Binder(self._changed)
        self.sections = SectionBuilder(
            self.binder,
            session.vocabulary,
            self._changed,
            session.recipients.choices(),
        )
        self.identifying = IdentifyingDetails(self.binder)
        b = self.sections

        self.title = QLabel()
        self.save_state = QLabel(_("✓ Saved") if record else _("Not saved yet"))
        self.save_state.setWordWrap(True)
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Form sections"))
        self.stack = QStackedWidget()
        self.police_copy = PoliceCopy()  # the centre's note on the police copy's free text
        self.review = ReviewPage(self.go_to_field, self.mark_ready, self._police_copy_changed)
        self.attachments = AttachmentsBox(session, self._saved_id)
        pages = [b.consent(), b.person(), b.what(), b.when_where(), b.offenders(),
                 b.evidence(self.attachments), b.support(), self.review]  # fmt: skip
        for section, page in zip(SECTIONS, pages, strict=True):
            self.nav.addItem(_(section.title))
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._section_changed)
        self.nav.itemActivated.connect(lambda _item: focus_first_field(self.stack.currentWidget()))
        self.previous = QPushButton(_("← Pre&vious"))
        self.next = QPushButton(_("&Next →"))
        self.previous.clicked.connect(lambda: self.go_to(self.section - 1, focus=True))
        self.next.clicked.connect(lambda: self.go_to(self.section + 1, focus=True))

        self.leaflet_button = QPushButton(_("&Leaflet…"))
        self.leaflet_button.setToolTip(_("Make a leaflet for this report"))
        self.leaflet_button.clicked.connect(self._leaflet)
        self.status_row = StatusRow()
        self.status_row.correct.clicked.connect(self.start_correcting)
        self.status_row.stop.clicked.connect(self._stop_correcting)
        self.copy_button = CopyForPersonButton()
        self.copy_button.serve(session, lambda: self.record if self._saved_id() else None)
        arrange(self)
        fit_to_contents(self.nav)

        self.autosave = one_shot(self, autosave_ms, self.save_soon)
        self.check_timer = one_shot(self, CHECK_DELAY_MS, self.check)

        b.anonymous.toggled.connect(self._anonymous_toggled)
        follow_answers(b, self._update_visibility)
        self.load(unsaved or (record.report if record else Report()))
        if record is not None:
            self.attachments.load(record.attachments)
        self._recovered = unsaved is not None
        if unsaved is not None:
            self.dirty = True
            self.save_state.setText(_(NOT_SAVED_AT_LOCK))
        self._show_status()
        self.go_to(0)

    # --- reading and writing the widgets -------------------------------------------------------

    def load(self, report: Report) -> None:
        document = form_document(report)
        # Filling the boxes is not a change: a tick box set here must not start a save (which
        # stamped a new "Saved at" and a "Changed a report" in the audit log on merely opening).
        self._loading = True
        self.police_copy = report.police_copy
        try:
            self.binder.fill_from(document)
            self.sections.offender_list.set_value(document["offenders"])
            self.sections.witness_list.set_value(document["witnesses"])
        finally:
            self._loading = False
        self._update_visibility()
        self._update_title()
        self.check()

    def collect(self) -> tuple[Report, list[tuple[str, str]]]:
        document: dict[str, Any] = {}
        self.binder.read_into(document)
        document["offenders"] = self.sections.offender_list.value()
        document["witnesses"] = self.sections.witness_list.value()
        return report_from_form(document, self.police_copy)

    # --- changes, checks and saving -------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.record is None or self.record.status == "draft" or self.correcting

    def _changed(self) -> None:
        if not self.editable or self._loading:
            return
        self.review.stop_confirming()  # something changed: Ready asks afresh
        self.dirty = True
        self._changes += 1
        if self.correcting:
            self.save_state.setText(_("Correction not saved yet: press Ctrl+S to save it."))
        else:
            self.save_state.setText(_("Changed — saving in a moment"))
            if not self.autosave.isActive():
                self.autosave.start()  # not restarted while typing: saves every few seconds
        self.check_timer.start()

    def _police_copy_changed(self, note: PoliceCopy) -> None:
        """Words taken out of (or put back into) the police copy, or its check given or taken
        back: saved with the draft, and the review shown again at once."""
        if not self.editable:
            return
        self.police_copy = note
        self._changed()
        self.check()

    def check(self) -> list[tuple[str, str]]:
        report, shape = self.collect()
        now = self.session.local_now()
        found = dict(shape + problems(report, self.session.vocabulary, now))
        self.binder.show_errors(found)
        self.sections.offender_list.show_errors(found, "offenders")
        self.sections.witness_list.show_errors(found, "witnesses")
        complete = shape + problems(
            report,
            self.session.vocabulary,
            now,
            complete=True,
            children_need_parental_consent=self.parental_rule,
        )
        labels = {path: field.label for path, field in self.binder.fields.items()}
        labels["police_copy"] = self.review.police.title()
        demo = self.record is not None and self.record.is_demo
        self.review.show_report(report, complete, labels, demo=demo)
        return complete

    def save_soon(self) -> None:
        """Autosave: write the draft off the GUI thread, so typing never waits for the disk."""
        self.autosave.stop()
        if not self.dirty or self.writer.busy or self.correcting or not self.editable:
            return
        record_id = self.record.id if self.record else None
        self.writer.start(record_id, self.collect()[0], self._changes, self._settle)

    def _settle(self) -> None:
        """Take in the answer of the background save, if one was running."""
        answer = self.writer.settle()
        if answer is None or not isValid(self.save_state):
            return  # none running, or the form was taken away (a lock) before the answer came
        if answer.record is None:
            self._not_saved(answer.error or IntakeError(_("The draft could not be saved.")))
            return
        if self._changes == answer.changes:
            self.dirty = False  # nothing was typed while it saved
        self._saved(answer.record)
        if self.dirty and not self.autosave.isActive():
            self.autosave.start()

    def _saved(self, record: ReportRecord) -> None:
        attachments = self.record.attachments if self.record else []
        self.record = record
        self.record.attachments = record.attachments or attachments
        if not self.dirty:
            when = QTime.currentTime().toString("HH:mm:ss")
            if self._recovered:
                self._recovered = False
                self.save_state.setText(_(SAVED_AFTER_LOCK).format(time=when))
            else:
                # Translators: {time} is the time of day it was saved, "14:05:09".
                self.save_state.setText(_("✓ Saved at {time}").format(time=when))
        self._update_title()
        self.saved.emit(record.reference)

    def _not_saved(self, exc: IntakeError) -> None:
        if isinstance(exc, ValidationFailed):
            # Translators: {problem} is what stops it saving, a whole sentence.
            self.save_state.setText(_("⚠ Not saved: {problem}").format(problem=exc.problems[0][1]))
            self.binder.show_errors(dict(exc.problems))
        else:
            self.save_state.setText(
                # Translators: {problem} is what stopped it saving, a whole sentence.
                _("⚠ Not saved: {problem} What you typed is still here.").format(problem=exc)
            )

    def save_now(self) -> bool:
        """Save at once (leaving, locking, Ctrl+S). True when everything typed is saved."""
        self.autosave.stop()
        self._settle()
        if not self.dirty:
            return True
        if self.correcting:
            return self.save_correction()
        report, _shape = self.collect()
        try:
            record = self.writer.write_now(self.record.id if self.record else None, report)
        except IntakeError as exc:
            self._not_saved(exc)
            return False
        self.dirty = False
        self._saved(record)
        return True

    def unsaved_report(self) -> Report | None:
        """What was typed and is not in the store (after a save failed), to keep in memory."""
        return self.collect()[0] if self.dirty else None

    def _leaflet(self) -> None:
        if self._saved_id() is not None and self.record is not None:
            self.leaflet_requested.emit(self.record.reference)

    def _saved_id(self) -> str | None:
        """The draft's id, saving it first if it has never been saved."""
        if self.record is None:
            self.dirty = True
        return self.record.id if self.save_now() and self.record is not None else None

    def mark_ready(self) -> None:
        if not self.save_now() or self.record is None:
            return
        if self.check():
            self.go_to(len(SECTIONS) - 1)
            return
        if self.session.in_workspace and not self.review.confirming:
            self.review.ask_to_confirm()  # it cannot be undone: a second press hands it over
            return
        try:
            self.record = self.session.reports.mark_ready(self.record.id)
        except ValidationFailed as exc:
            self.binder.show_errors(dict(exc.problems))
            self.save_state.setText(_("⚠ Not ready yet: see what is still to do."))
            return
        except IntakeError as exc:
            self.save_state.setText(f"⚠ {exc}")
            return
        self.save_state.setText(
            _("✓ Handed to the centre") if self.session.in_workspace else _("✓ Ready to send")
        )
        self._show_status()
        self.marked_ready.emit(self.record.reference)

    # --- ready reports: read-only, corrected by a coordinator ------------------------------------

    def _show_status(self) -> None:
        status = self.record.status if self.record else "draft"
        for index in range(self.stack.count()):
            set_editable(self.stack.widget(index), self.editable)
        if self.editable:
            self._update_visibility()  # what the answers switch off stays off (a parent's
            # consent, asked only for an under-16)
        in_workspace = self.session.in_workspace
        self.review.show_state(status, hands_over=in_workspace)
        # Once handed over, the report is no longer in the workspace to copy from.
        self.copy_button.setVisible(status == "draft" or not in_workspace)
        shown = "handed_over" if status == "ready" and in_workspace else status
        self.status_row.show_for(
            shown, correcting=self.correcting, may_correct=may_correct(self.session, status),
            sent=status in ("exported", "acknowledged"),
        )  # fmt: skip

    def start_correcting(self) -> None:
        self.correcting = True
        self._show_status()
        focus_first_field(self.stack.currentWidget())

    def save_correction(self) -> bool:
        return save_correction(self)

    def _stop_correcting(self) -> None:
        stop_correcting(self)

    # --- navigation and what is shown ----------------------------------------------------------

    def go_to(self, index: int, focus: bool = False) -> None:
        index = max(0, min(index, len(SECTIONS) - 1))
        if index != len(SECTIONS) - 1:
            self.review.stop_confirming()
        self.nav.setCurrentRow(index)
        if focus:
            focus_first_field(self.stack.currentWidget())

    def go_to_field(self, path: str) -> None:
        """Show the section a field is in and put the focus in it."""
        self.go_to(section_of(path))
        widget = (  # the police copy's problem leads to its check (its words are just above)
            self.review.police.names_nobody
            if path == "police_copy"
            else widget_for(path, self.binder, self.sections)
        )
        if widget is not None and widget.isVisible():
            widget.setFocus()
        else:
            focus_first_field(self.stack.currentWidget())

    def _section_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(SECTIONS) - 1)
        if index == len(SECTIONS) - 1:
            self.check()
        self.save_soon()  # leaving a section saves it

    @property
    def section(self) -> int:
        return self.stack.currentIndex()

    def _update_title(self) -> None:
        self.title.setText(f"<h2>{html.escape(report_title(self.record))}</h2>")

    def _update_visibility(self) -> None:
        show_what_is_asked(self.binder, self.sections)

    def _anonymous_toggled(self, anonymous: bool) -> None:
        """Anonymous: names and contact details are not asked for, and what was typed is taken
        out of the report (kept on screen only, to bring back if the box is unticked)."""
        said = self.identifying.toggled(anonymous)
        if said:
            self.save_state.setText(said)
        self._update_visibility()

    def closing(self) -> bool:
        """Save before the form goes away (leaving it, locking, quitting)."""
        return self.save_now()
