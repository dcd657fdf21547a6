"""Leaflets: choose the leaflet or the privacy notice, the language and options, see the pages,
print them or save the PDF.

Printing and saving are recorded in the audit log. A translation not yet reviewed by a fluent
speaker is pointed out before it is printed.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.leaflets.content import ContentPack
from intake_app.services.leaflets import Leaflet, LeafletRequest
from intake_app.services.privacy_notices import PrivacyNotice, PrivacyNoticeRequest
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.layout_helpers import in_documents
from intake_app.ui.widgets.pdf_pages import page_images, print_pdf

PREVIEW_DPI = 60

Made = Leaflet | PrivacyNotice
Request = LeafletRequest | PrivacyNoticeRequest


class LeafletsPage(QWidget):
    def __init__(self, session: Session, reference: str = "") -> None:
        super().__init__()
        self.session = session
        self.leaflet: Made | None = None
        self.request: Request | None = None
        # Translators: a choice of what to print: the victim-information leaflet…
        self.leaflet_choice = QRadioButton(_("Lea&flet"))
        self.leaflet_choice.setChecked(True)
        # Translators: …or the privacy notice: what happens to the person's information, who
        # receives it, how long it is kept, their rights.
        self.notice_choice = QRadioButton(_("Privacy &notice"))
        self.notice_choice.setToolTip(
            _(
                "What happens to the person's information, who receives it, how long it is "
                "kept and their rights: give it to them when you take a report"
            )
        )
        kinds = QHBoxLayout()
        kinds.addWidget(self.leaflet_choice)
        kinds.addWidget(self.notice_choice)
        kinds.addStretch(1)
        self.language = QComboBox()
        # Translators: the language a leaflet is printed in.
        self.language.setAccessibleName(_("Language"))
        for pack in _languages(session):
            label = (
                pack.english_name
                if pack.name == pack.english_name
                else f"{pack.english_name} ({pack.name})"
            )
            if not pack.reviewed:
                # Translators: a choice of language for a leaflet, whose translation has not
                # been checked by a fluent speaker; {language} is the language's name.
                label = _("{language} — translation not yet reviewed").format(language=label)
            self.language.addItem(label, pack.language)
        # English until someone chooses: the list is alphabetical, and its first language is
        # not a sensible guess for the person across the table.
        self.language.setCurrentIndex(max(0, self.language.findData("en")))
        # Translators: a tick box: print the English text beside the chosen language.
        self.bilingual = QCheckBox(_("English alongside"))
        # Translators: a tick box; "pt" is points, the size of the letters.
        self.large_print = QCheckBox(_("Large print (16 pt and over)"))
        self.reference = QLineEdit(reference)
        self.reference.setPlaceholderText(_("leave empty for a blank leaflet for the display rack"))
        self.reference.setAccessibleName(_("Report reference"))
        form = QFormLayout()
        # Translators: the label of the choice between the leaflet and the privacy notice.
        form.addRow(_("What to print"), kinds)
        # Translators: the label of the leaflet's language choice.
        form.addRow(_("&Language"), self.language)
        form.addRow("", self.bilingual)
        form.addRow("", self.large_print)
        # Translators: the label of a field for a report's reference: the leaflet is for it.
        form.addRow(_("For &report"), self.reference)
        # Translators: a button: show the leaflet's pages.
        self.preview_button = QPushButton(_("&Preview"))
        # Translators: a button: print the leaflet.
        self.print_button = QPushButton(_("Prin&t…"))
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_leaflet)
        # Not connected directly: clicked(bool) would pass False for the path, and nothing saved.
        self.save_button.clicked.connect(lambda: self.save())
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.pages = QWidget()
        self.pages_row = QHBoxLayout(self.pages)
        self.pages_row.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setAccessibleName(_("Leaflet pages"))
        column = QVBoxLayout(self)
        heading = html.escape(_("Leaflets"), quote=False)
        column.addWidget(QLabel(f"<h2>{heading}</h2>"))
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(scroll, 1)
        self.stale_note = _numbers_to_check(session) if session.user.is_coordinator else ""
        self.message.setText(self.stale_note)
        for widget in (self.language, self.bilingual, self.large_print, self.notice_choice):
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.toggled
            signal.connect(lambda *_args: self._forget())
        # The notice is the same for everyone: it is not made for a report.
        self.notice_choice.toggled.connect(lambda notice: self.reference.setEnabled(not notice))

    def _forget(self) -> None:
        self.leaflet = None

    def _current_request(self) -> Request:
        language = str(self.language.currentData())
        if self.notice_choice.isChecked():
            return PrivacyNoticeRequest(
                language, self.bilingual.isChecked(), self.large_print.isChecked()
            )
        return LeafletRequest(
            language=language,
            bilingual=self.bilingual.isChecked(),
            large_print=self.large_print.isChecked(),
            reference=self.reference.text().strip() or None,
        )

    def _make(self, then: str) -> None:
        request = self._current_request()
        notice = isinstance(request, PrivacyNoticeRequest)
        self.message.setText(
            _("Making the privacy notice…") if notice else _("Making the leaflet…")
        )
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(False)

        def work() -> tuple[Made, list]:  # type: ignore[type-arg]
            made: Made = (
                self.session.privacy_notices.make(request)
                if isinstance(request, PrivacyNoticeRequest)
                else self.session.leaflets.make(request)
            )
            return made, page_images(made.pdf, PREVIEW_DPI)

        def done(result: tuple[Made, list]) -> None:  # type: ignore[type-arg]
            self._enable()
            self.leaflet, self.request = result[0], request
            self._show(result[1])
            if then == "print":
                self.print_leaflet()
            elif then == "save":
                self.save()

        def failed(message: str) -> None:
            self._enable()
            self.message.setText(f"⚠ {message}")

        run_in_background(work, done, failed)

    def _enable(self) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(True)

    def _show(self, images: list) -> None:  # type: ignore[type-arg]
        while self.pages_row.count():
            item = self.pages_row.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            # Translators: a page of the leaflet, in the preview: "Page 2".
            page.setAccessibleName(_("Page {number}").format(number=number))
            page.setStyleSheet("border: 1px solid #888; background: white;")
            self.pages_row.addWidget(page)
        notes = []
        if self.leaflet and self.leaflet.unreviewed:
            notes.append("⚠ " + _unreviewed_note(self.leaflet.unreviewed))
        if self.stale_note:
            notes.append(self.stale_note)
        # Translators: the size of the leaflet: how many pages, on A4 paper.
        pages = ngettext("{count} pages, A4.", "{count} pages, A4.", len(images))
        notes.append(pages.format(count=len(images)))
        self.message.setText(" ".join(notes))

    def preview(self) -> None:
        self._make("preview")

    def _ready(self, then: str) -> bool:
        if self.leaflet is None or self.request != self._current_request():
            self._make(then)
            return False
        return True

    def print_leaflet(self) -> None:
        if not self._ready("print"):
            return
        assert self.leaflet is not None and self.request is not None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        assert self.leaflet is not None and self.request is not None
        print_pdf(printer, self.leaflet.pdf)
        self._record("printed")
        self.message.setText(_("Sent to the printer."))

    def _record(self, how: str) -> None:
        """The print or save goes in the audit log, as the leaflet or as the notice."""
        if isinstance(self.request, PrivacyNoticeRequest):
            self.session.privacy_notices.record(self.request, how)
        elif isinstance(self.leaflet, Leaflet) and self.request is not None:
            self.session.leaflets.record(self.leaflet, self.request, how)

    def save(self, path: str | None = None) -> None:
        if not self._ready("save"):
            return
        assert self.leaflet is not None and self.request is not None
        notice = isinstance(self.request, PrivacyNoticeRequest)
        if path is None:
            # A plain default name: never the person's name or anything from the report.
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the privacy notice") if notice else _("Save the leaflet"),
                in_documents("privacy-notice.pdf" if notice else "leaflet.pdf"),
                # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
                _("PDF (*.pdf)"),
            )
        if not path:
            return
        try:
            atomic_write(Path(path), self.leaflet.pdf)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            return
        self._record("saved")
        self.message.setText(_("Privacy notice saved.") if notice else _("Leaflet saved."))


def _languages(session: Session) -> list[ContentPack]:
    """Every language there is a leaflet or a privacy notice in, each named as its leaflet
    names it (or its notice, if it has no leaflet yet), in code order."""
    try:
        packs = {pack.language: pack for pack in session.privacy_notices.languages()}
    except IntakeError:  # a centre's own texts that do not fit: said when the notice is made
        packs = {}
    packs.update({pack.language: pack for pack in session.leaflets.languages()})
    return [packs[code] for code in sorted(packs)]


def _numbers_to_check(session: Session) -> str:
    """For coordinators: the numbers due for checking, and any notes left for them beside a
    number (these are never printed on a leaflet)."""
    stale = session.leaflets.stale_numbers()
    sentences = []
    if stale:
        sentences.append(
            # Translators: {count} is how many phone numbers; {names} lists up to four of the
            # helplines' names, separated by commas (with … after them when there are more).
            ngettext(
                "{count} phone number on leaflets was last checked over a year ago: {names}",
                "{count} phone numbers on leaflets were last checked over a year ago: {names}",
                len(stale),
            ).format(
                count=len(stale),
                names=", ".join(h.name for h in stale[:4]) + ("…" if len(stale) > 4 else ""),
            )
        )
    for line in session.leaflets.coordinator_notes():
        sentences.append(
            # Translators: {name} is a helpline's name, {note} a note about it for coordinators
            # (as the force profile or the list of numbers has it, often in English).
            _("For coordinators, not printed on leaflets: {name}: {note}").format(
                name=line.name, note=line.coordinator_note
            )
        )
    return " ".join(sentences)


def _unreviewed_note(languages: list[str]) -> str:
    """That the leaflet's translation (one language, or two) has not been checked yet."""
    first, *others = languages
    if not others:
        # Translators: {language} is the name of a language (in English), e.g. "Polish".
        return _(
            "The {language} translation has not yet been reviewed by a fluent speaker. Check "
            "with the person that it reads well."
        ).format(language=first)
    # Translators: {language} and {other_language} are the names of two languages (in English).
    return _(
        "The {language} and {other_language} translation has not yet been reviewed by a fluent "
        "speaker. Check with the person that it reads well."
    ).format(language=first, other_language=", ".join(others))
