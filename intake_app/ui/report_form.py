"""The guided report form: sections on the left, autosave every few seconds, review at the end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from intake_app.errors import IntakeError, ValidationFailed
from intake_app.report import Report
from intake_app.report_record import ReportRecord
from intake_app.session import Session
from intake_app.ui.attachments_box import AttachmentsBox
from intake_app.ui.form_fields import Binder
from intake_app.ui.layout_helpers import fit_to_contents
from intake_app.ui.report_sections import SECTIONS, SectionBuilder
from intake_app.ui.review_page import ReviewPage
from intake_app.validation import problems

AUTOSAVE_MS = 3000
CHECK_DELAY_MS = 400


class ReportForm(QWidget):
    saved = Signal(str)  # the reference, after every save
    marked_ready = Signal(str)
    leaflet_requested = Signal(str)  # the reference

    def __init__(
        self, session: Session, record: ReportRecord | None = None, autosave_ms: int = AUTOSAVE_MS
    ) -> None:
        super().__init__()
        self.session = session
        self.record = record
        self.dirty = False
        self._hidden_person: dict[str, Any] | None = None
        self.binder = Binder(self._changed)
        self.sections = SectionBuilder(self.binder, session.vocabulary, self._changed)
        b = self.sections

        self.title = QLabel()
        self.title.setAccessibleName("Report title")
        self.save_state = QLabel("Not saved yet")
        self.save_state.setAccessibleName("Save status")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Form sections")
        self.stack = QStackedWidget()
        self.review = ReviewPage(self.go_to, self.mark_ready)
        self.attachments = AttachmentsBox(session, self._saved_id)
        pages = [
            b.consent(),
            b.person(),
            b.what(),
            b.when_where(),
            b.offenders(),
            b.evidence(self.attachments),
            b.support(),
            self.review,
        ]
        for section, page in zip(SECTIONS, pages, strict=True):
            self.nav.addItem(section.title)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._section_changed)
        self.previous = QPushButton("← &Previous")
        self.next = QPushButton("&Next →")
        self.previous.clicked.connect(lambda: self.go_to(self.stack.currentIndex() - 1))
        self.next.clicked.connect(lambda: self.go_to(self.stack.currentIndex() + 1))

        self.leaflet_button = QPushButton("&Leaflet…")
        self.leaflet_button.setAccessibleName("Make a leaflet for this report")
        self.leaflet_button.clicked.connect(self._leaflet)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.save_state)
        header.addWidget(self.leaflet_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(header)
        outer.addLayout(body, 1)
        fit_to_contents(self.nav)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(autosave_ms)
        self.autosave.timeout.connect(self.save_now)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check)

        b.anonymous.toggled.connect(self._anonymous_toggled)
        b.reporter_type.currentIndexChanged.connect(lambda _: self._update_visibility())
        b.under_16.toggled.connect(lambda _: self._update_visibility())
        self.load(record.report if record else Report())
        if record is not None:
            self.attachments.load(record.attachments)
        self.go_to(0)

    # --- reading and writing the widgets -------------------------------------------------------

    def load(self, report: Report) -> None:
        document = report.to_dict()
        document["offender_count_text"] = (
            "" if report.offender_count is None else str(report.offender_count)
        )
        self.binder.fill_from(document)
        self.sections.offender_list.set_value(document["offenders"])
        self.sections.witness_list.set_value(document["witnesses"])
        self._update_visibility()
        self._update_title()
        self.check()

    def collect(self) -> tuple[Report, list[tuple[str, str]]]:
        document: dict[str, Any] = {}
        self.binder.read_into(document)
        count_text = str(document.pop("offender_count_text", "")).strip()
        extra: list[tuple[str, str]] = []
        document["offender_count"] = int(count_text) if count_text.isdigit() else None
        if count_text and not count_text.isdigit():
            extra.append(("offender_count_text", "Enter a number, or leave it blank if not known."))
        document["offenders"] = self.sections.offender_list.value()
        document["witnesses"] = self.sections.witness_list.value()
        report, shape = Report.from_dict(document)
        return report, shape + extra

    # --- changes, checks and saving -------------------------------------------------------------

    def _changed(self) -> None:
        self.dirty = True
        self.save_state.setText("Changed — saving in a moment")
        if not self.autosave.isActive():
            self.autosave.start()  # not restarted while typing: saves every few seconds
        self.check_timer.start()

    def check(self) -> list[tuple[str, str]]:
        report, shape = self.collect()
        now = self.session.local_now()
        found = dict(shape + problems(report, self.session.vocabulary, now))
        self.binder.show_errors(found)
        self.sections.offender_list.show_errors(found, "offenders")
        self.sections.witness_list.show_errors(found, "witnesses")
        complete = shape + problems(report, self.session.vocabulary, now, complete=True)
        labels = {path: field.label for path, field in self.binder.fields.items()}
        demo = self.record is not None and self.record.is_demo
        self.review.show_report(report, complete, labels, demo=demo)
        return complete

    def save_now(self) -> bool:
        """Save the draft if anything changed. True when everything typed is saved."""
        self.autosave.stop()
        if not self.dirty:
            return True
        report, _ = self.collect()
        try:
            if self.record is None:
                self.record = self.session.reports.create_draft(report, strict=False)
            else:
                self.record = self.session.reports.update_draft(
                    self.record.id, report, strict=False
                )
        except ValidationFailed as exc:
            self.save_state.setText(f"⚠ Not saved: {exc.problems[0][1]}")
            self.binder.show_errors(dict(exc.problems))
            return False
        except IntakeError as exc:
            self.save_state.setText(f"⚠ Not saved: {exc}")
            return False
        self.dirty = False
        self.save_state.setText(f"✓ Saved at {QTime.currentTime().toString('HH:mm:ss')}")
        self._update_title()
        self.saved.emit(self.record.reference)
        return True

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
        try:
            self.record = self.session.reports.mark_ready(self.record.id)
        except ValidationFailed as exc:
            self.binder.show_errors(dict(exc.problems))
            self.save_state.setText("⚠ Not ready yet: see what is still to do.")
            return
        self.save_state.setText("✓ Ready to send")
        self.marked_ready.emit(self.record.reference)

    # --- navigation and what is shown ----------------------------------------------------------

    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(SECTIONS) - 1))
        self.nav.setCurrentRow(index)

    def _section_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(SECTIONS) - 1)
        if index == len(SECTIONS) - 1:
            self.check()
        self.save_now()  # leaving a section saves it

    @property
    def section(self) -> int:
        return self.stack.currentIndex()

    def _update_title(self) -> None:
        if self.record is None:
            self.title.setText("<h2>New report</h2>")
        else:
            demo = " (demo: made up for practice, never sent)" if self.record.is_demo else ""
            self.title.setText(f"<h2>Report {self.record.reference}{demo}</h2>")

    def _update_visibility(self) -> None:
        b = self.sections
        anonymous = b.anonymous.isChecked()
        b.person_group.setVisible(not anonymous)
        b.anonymous_note.setVisible(anonymous)
        b.reporter_group.setVisible(b.reporter_type.currentData() in ("witness", "third_party"))
        b.parental.setEnabled(b.under_16.isChecked())

    def _anonymous_toggled(self, anonymous: bool) -> None:
        person_paths = [p for p in self.binder.fields if p.startswith("person.")]
        if anonymous:
            document: dict[str, Any] = {}
            self.binder.read_into(document)
            kept = {k: v for k, v in document.get("person", {}).items() if v}
            if kept:
                self._hidden_person = {"person": dict(document["person"])}
                self.save_state.setText(
                    "Name and contact details removed, as the report is anonymous. "
                    "Untick 'anonymous' to bring them back."
                )
            for path in person_paths:
                self.binder.fields[path].set("")
        elif self._hidden_person:
            self.binder.fill_from({**self._hidden_person})
            self._hidden_person = None
        self._update_visibility()

    def closing(self) -> bool:
        """Save before the form goes away (leaving it, locking, quitting)."""
        return self.save_now()
