"""The sections of the guided report form, in the order a volunteer talks with the person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.report import CONSENT_LABELS, REPORTER_LABELS
from intake_app.domain.text_rules import MEDIUM
from intake_app.domain.vocabulary import Vocabulary
from intake_app.ui.form.form_fields import Binder, form_layout
from intake_app.ui.form.form_widgets import EntryList, StrandPicker, TermPicker
from intake_app.ui.widgets.date_fields import DateField, DateTimeInput


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paths: tuple[str, ...]  # field paths whose problems belong to this section


SECTIONS = (
    Section("consent", "Consent and who is reporting",
            ("reporter_type", "anonymous", "consent", "referral_to_support", "under_16", "parental_consent")),
    Section("person", "The person", ("person", "reporter")),
    Section("what", "What happened and why", ("perception", "strands", "incident_types", "description")),
    Section("when_where", "When and where", ("when", "where")),
    Section("offenders", "Who did it", ("offender_count", "offenders")),
    Section("evidence", "Witnesses and evidence", ("witnesses", "evidence", "harm")),
    Section("support", "Support and contact needs",
            ("contact", "interpreter_language", "access_needs", "history")),
    Section("review", "Review and send", ()),
)  # fmt: skip


def section_of(path: str) -> int:
    head = path.split(".")[0].split("[")[0]
    for index, section in enumerate(SECTIONS):
        if path in section.paths or head in section.paths:
            return index
    return 0


def page(*parts: QWidget | QFormLayout, intro: str = "") -> QScrollArea:
    body = QWidget()
    column = QVBoxLayout(body)
    if intro:
        note = QLabel(intro)
        note.setWordWrap(True)
        column.addWidget(note)
    for part in parts:
        if isinstance(part, QFormLayout):
            holder = QWidget()
            holder.setLayout(part)
            column.addWidget(holder)
        else:
            column.addWidget(part)
    column.addStretch(1)
    scroll = FormPage()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
    return scroll


class FormPage(QScrollArea):
    """A section's page that scrolls to whatever gets the focus in it, however it got there
    (Tab already does; an Alt+letter key or the review's links did not)."""

    def __init__(self) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        body = self.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.ensureWidgetVisible(new, 16, 24)


def group(title: str, form: QFormLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form)
    return box


class SectionBuilder:
    """Builds each page's widgets into one binder; keeps the widgets the form needs later."""

    def __init__(self, binder: Binder, vocab: Vocabulary, on_change: Callable[[], None]) -> None:
        self.binder, self.vocab, self.on_change = binder, vocab, on_change

    def consent(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        self.reporter_type = b.choice(
            form, "reporter_type", "&Who is reporting?", list(REPORTER_LABELS.items())
        )
        self.anonymous = b.check(
            form,
            "anonymous",
            "The person wants to stay &anonymous (no names or contact details are taken)",
        )
        self.consent_choice = b.choice(
            form, "consent", "What may happen to the &report?", list(CONSENT_LABELS.items())
        )
        b.answer(form, "referral_to_support", "Referral to a &support service?")
        self.under_16 = b.check(form, "under_16", "The person is &under 16")
        self.parental = b.answer(form, "parental_consent", "Does a &parent or carer agree?")
        return page(
            form, intro="Ask these first: they decide what else may be asked and passed on."
        )

    def person(self) -> QScrollArea:
        b = self.binder
        person = form_layout()
        b.line(person, "person.name", "Na&me")
        born = DateField(self.on_change, "Date of birth")
        b.custom(person, "person.date_of_birth", "&Date of birth", born, born.value, born.set_value)
        b.text(person, "person.address", "&Address", lines=2)
        b.line(person, "person.postcode", "&Postcode", "e.g. LE1 5WW", 10)
        b.line(person, "person.phone", "Ph&one", "e.g. 0116 496 0123 or +48 512 345 678", 30)
        b.line(person, "person.email", "&Email", limit=254)
        self.person_group = group("The person it happened to", person)
        reporter = form_layout()
        b.line(reporter, "reporter.name", "&Reporter's name")
        b.line(reporter, "reporter.relationship", "Rela&tionship to the person")
        b.line(reporter, "reporter.organisation", "Or&ganisation (if any)")
        b.line(reporter, "reporter.phone", "Reporter's phone", limit=30)
        b.line(reporter, "reporter.email", "Reporter's email", limit=254)
        self.reporter_group = group("Who is reporting (a witness or third party)", reporter)
        self.anonymous_note = QLabel(
            "This report is anonymous, so no names or contact details are asked for: not the "
            "person's, and not those of whoever is reporting."
        )
        self.anonymous_note.setWordWrap(True)
        self.kept_note = QLabel(
            "As the person agreed, these details stay at the centre: they are not passed to the "
            "police. The centre keeps them to contact the person or give them support."
        )
        self.kept_note.setWordWrap(True)
        self.kept_note.hide()
        return page(self.anonymous_note, self.kept_note, self.person_group, self.reporter_group)

    def what(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        b.text(form, "perception", "&Why do they think this happened? (in their words)", lines=4)
        self.strands = StrandPicker(self.vocab, self.on_change)
        b.custom(
            form,
            "strands",
            "Which strands does it touch?",  # no Alt key: it would tick the first box
            self.strands,
            self.strands.value,
            self.strands.set_value,
        )
        self.incidents = TermPicker(self.vocab.incident_types, self.on_change, "Kind of incident")
        b.custom(
            form,
            "incident_types",
            "What kind of incident?",
            self.incidents,
            self.incidents.value,
            self.incidents.set_value,
        )
        b.text(form, "description", "What ha&ppened?", lines=8)
        return page(
            form, intro="Record their perception as given; it is not for us to question it."
        )

    def when_where(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        start = DateTimeInput(self.on_change, "When")
        b.custom(
            form,
            "when.start",
            "&When did it happen? (or when it started)",
            start,
            start.value,
            start.set_value,
        )
        end = DateTimeInput(self.on_change, "Until")
        b.custom(
            form, "when.end", "If over a period or not sure: &until", end, end.value, end.set_value
        )
        places = [(t.code, t.label) for t in self.vocab.place_types]
        b.choice(form, "where.place_type", "Whe&re did it happen?", places)
        b.text(form, "where.address", "&Address or description of the place", lines=2)
        b.line(form, "where.postcode", "P&ostcode (if known)", "e.g. LE1 5WW", 10)
        b.line(form, "where.transport_route", "&Bus, train or tram route (public transport)")
        b.line(form, "where.online_platform", "Websi&te or app (online)")
        b.text(form, "where.details", "Anything &else about the place", lines=2)
        return page(form)

    def offenders(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        b.line(form, "offender_count_text", "How &many people did it? (if known)", "a number", 4)
        self.offender_list = EntryList(
            "offender", self._offender_fields, self.on_change, add_label="&Add an offender"
        )
        return page(form, self.offender_list)

    @staticmethod
    def _offender_fields(b: Binder, form: QFormLayout) -> None:
        b.answer(form, "known_to_victim", "Known to the person?")
        b.line(form, "name", "Name (if known)")
        b.line(form, "sex", "Sex")
        b.line(form, "age_range", "Age (or a guess)")
        b.line(form, "height", "Height")
        b.line(form, "build", "Build")
        b.line(form, "hair", "Hair")
        b.line(form, "distinguishing_marks", "Distinguishing marks")
        b.line(form, "clothing", "Clothing")
        b.line(form, "vehicle", "Vehicle")
        b.answer(form, "could_recognise", "Could they recognise them again?")

    def evidence(self, attachments: QWidget) -> QScrollArea:
        b = self.binder
        self.witness_list = EntryList(
            "witness", self._witness_fields, self.on_change, add_label="Add a &witness"
        )
        evidence = form_layout()
        b.answer(evidence, "evidence.cctv", "Is there &CCTV?")
        b.answer(evidence, "evidence.photos_or_video", "&Photos or video?")
        b.answer(evidence, "evidence.online_screenshots", "&Screenshots of online abuse?")
        b.text(evidence, "evidence.notes", "N&otes about the evidence", lines=2)
        harm = form_layout()
        b.text(harm, "harm.injuries", "In&juries", lines=2)
        b.answer(harm, "harm.medical_help", "Did anyone need me&dical help?")
        b.text(harm, "harm.loss_or_damage", "Loss or dama&ge", lines=2)
        return page(
            self.witness_list,
            group("Evidence", evidence),
            attachments,
            group("Injuries, loss or damage", harm),
        )

    @staticmethod
    def _witness_fields(b: Binder, form: QFormLayout) -> None:
        b.line(form, "name", "Name")
        b.line(form, "phone", "Phone", limit=30)
        b.line(form, "email", "Email", limit=254)
        b.text(form, "notes", "What they saw", lines=2, limit=MEDIUM)

    def support(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        self.contact_form = form
        b.answer(form, "contact.phone_ok", "May the police &phone?")
        b.answer(form, "contact.visit_ok", "May the police vi&sit?")
        b.answer(form, "contact.letter_ok", "May they &write?")
        b.answer(form, "contact.email_ok", "May they e&mail?")
        b.answer(form, "contact.plain_clothes_officer", "Plain-&clothes officer preferred?")
        b.choice(
            form,
            "contact.officer_sex",
            "&Officer preferred",
            [
                ("no_preference", "No preference"),
                ("female", "Female officer"),
                ("male", "Male officer"),
            ],
        )
        b.line(form, "contact.best_times", "Best &times to make contact")
        b.line(form, "interpreter_language", "Inte&rpreter needed in (language)", limit=100)
        b.text(form, "access_needs", "Other &access needs", lines=2)
        history = form_layout()
        b.answer(history, "history.happened_before", "Has this happened &before?")
        b.answer(history, "history.reported_before", "Was it reported befor&e?")
        b.line(history, "history.reported_to", "Reporte&d to whom?")
        return page(form, group("Has it happened before?", history))
