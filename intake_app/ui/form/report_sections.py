"""The sections of the guided report form, in the order a volunteer talks with the person."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from intake_app.domain.report import (
    CONSENT_LABELS,
    ORGANISATION_LABELS,
    PERCEIVER_LABELS,
    REPORTER_LABELS,
    VICTIM_LABELS,
)
from intake_app.domain.text_rules import MEDIUM
from intake_app.domain.vocabulary import Vocabulary
from intake_app.support.i18n import _, pgettext
from intake_app.ui.form.form_fields import Binder, form_layout
from intake_app.ui.form.form_pages import OFFICER_SEX, Choice, group, page, translated
from intake_app.ui.form.form_widgets import EntryList, StrandPicker, TermPicker
from intake_app.ui.form.recipient_choices import RecipientChoices
from intake_app.ui.widgets.date_fields import DateField, DateTimeInput


class SectionBuilder:
    """Builds each page's widgets into one binder; keeps the widgets the form needs later."""

    def __init__(
        self,
        binder: Binder,
        vocab: Vocabulary,
        on_change: Callable[[], None],
        recipients: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        """``recipients``: (code, name, kind) of each recipient besides the police."""
        self.binder, self.vocab, self.on_change = binder, vocab, on_change
        self.recipients = recipients

    def consent(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        self.reporter_type = b.choice(
            form,
            "reporter_type",
            # Translators: the form's labels: the letter after "&" is the one that, with Alt,
            # goes to the field. Keep one "&" in each, before a letter of your translation.
            _("&Who is reporting?"),
            translated(REPORTER_LABELS.items()),
        )
        self.victim_type = b.choice(
            form, "victim_type", _("Who or what was &targeted?"), translated(VICTIM_LABELS.items())
        )
        self.anonymous = b.check(
            form,
            "anonymous",
            _("The person wants to stay &anonymous (no names or contact details are taken)"),
        )
        self.consent_choice = b.choice(
            form,
            "consent",
            _("What may happen to the &report?"),
            translated(CONSENT_LABELS.items()),
        )
        self.shared_with = RecipientChoices(self.recipients, self.on_change)
        b.custom(
            form,
            "shared_with",
            # Translators: recipients besides the police, such as a council's anti-social
            # behaviour team or a housing provider; below it, one choice for each.
            _("&Others who may receive it"),
            self.shared_with,
            self.shared_with.value,
            self.shared_with.set_value,
        )
        if not self.recipients:  # (showing a row not yet in a page would make it a window)
            b.set_row_visible("shared_with", False)
        b.answer(form, "referral_to_support", _("Referral to a &support service?"))
        self.under_18 = b.check(form, "under_18", _("The person is &under 18"))
        self.parental = b.answer(form, "parental_consent", _("Does a &parent or carer agree?"))
        b.check(
            form,
            "adult_at_risk",
            # Translators: an adult who needs care and support and cannot protect themselves
            # (the safeguarding term); a child is "under 18" instead.
            _("The person is an adult at ris&k (safeguarding)"),
        )
        return page(
            form, intro=_("Ask these first: they decide what else may be asked and passed on.")
        )

    def person(self) -> QScrollArea:
        b = self.binder
        person = form_layout()
        b.line(person, "person.name", _("Na&me"))
        # Translators: names the date's box and its Calendar button for screen readers.
        born = DateField(self.on_change, _("Date of birth"))
        b.custom(
            person, "person.date_of_birth", _("&Date of birth"), born, born.value, born.set_value
        )
        b.text(person, "person.address", _("&Address"), lines=2)
        b.line(
            person,
            "person.postcode",
            _("&Postcode"),
            # Translators: an example in an empty box: keep the British postcode as it is.
            _("e.g. LE1 5WW"),
            10,
        )
        b.line(
            person,
            "person.phone",
            _("Ph&one"),
            # Translators: an example in an empty box: keep the phone numbers as they are.
            _("e.g. 0116 496 0123 or +48 512 345 678"),
            30,
        )
        b.line(person, "person.email", _("&Email"), limit=254)
        self.person_group = group(_("The person it happened to"), person)
        reporter = form_layout()
        b.line(reporter, "reporter.name", _("&Reporter's name"))
        b.line(reporter, "reporter.relationship", _("Rela&tionship to the person"))
        b.line(reporter, "reporter.organisation", _("Or&ganisation (if any)"))
        b.line(reporter, "reporter.phone", _("Reporter's phone"), limit=30)
        b.line(reporter, "reporter.email", _("Reporter's email"), limit=254)
        self.reporter_group = group(_("Who is reporting (a witness or third party)"), reporter)
        organisation = form_layout()
        b.line(organisation, "organisation.name", _("Name of the organisation or &building"))
        b.choice(
            organisation,
            "organisation.kind",
            _("What &kind of organisation?"),
            translated(ORGANISATION_LABELS.items()),
        )
        self.organisation_group = group(_("The organisation or building targeted"), organisation)
        self.anonymous_note = QLabel(
            _(
                "This report is anonymous, so no names or contact details are asked for: not the "
                "person's, and not those of whoever is reporting."
            )
        )
        self.anonymous_note.setWordWrap(True)
        self.kept_note = QLabel(
            _(
                "As the person agreed, these details stay at the centre: they are not passed to "
                "the police. The centre keeps them to contact the person or give them support."
            )
        )
        self.kept_note.setWordWrap(True)
        self.kept_note.hide()
        return page(
            self.anonymous_note,
            self.kept_note,
            self.organisation_group,
            self.person_group,
            self.reporter_group,
        )

    def what(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        b.text(form, "perception", _("&Why do they think this happened? (in their words)"), lines=4)
        seen = [Choice(code, _(label)) for code, label in PERCEIVER_LABELS.items()]
        # Translators: names each tick box of who saw it as hostile, for screen readers: "Saw it
        # as hostile: A witness".
        self.perceived_by = TermPicker(seen, self.on_change, _("Saw it as hostile"))
        b.custom(
            form,
            "perceived_by",
            _("Who saw it as hostile?"),  # no Alt key: it would tick the first box
            self.perceived_by,
            self.perceived_by.value,
            self.perceived_by.set_value,
        )
        self.strands = StrandPicker(self.vocab, self.on_change)
        b.custom(
            form,
            "strands",
            _("Which strands does it touch?"),  # no Alt key: it would tick the first box
            self.strands,
            self.strands.value,
            self.strands.set_value,
        )
        # Translators: names each incident's tick box for screen readers: "Kind of incident:
        # Verbal abuse".
        kind = _("Kind of incident")
        self.incidents = TermPicker(self.vocab.incident_types, self.on_change, kind)
        b.custom(
            form,
            "incident_types",
            _("What kind of incident?"),
            self.incidents,
            self.incidents.value,
            self.incidents.set_value,
        )
        b.text(form, "description", _("What ha&ppened?"), lines=8)
        b.text(
            form,
            "exact_words",
            _("The e&xact words used, if any (as said or written)"),
            lines=3,
        )
        return page(
            form, intro=_("Record their perception as given; it is not for us to question it.")
        )

    def when_where(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        # Translators: names the boxes of when it happened, for screen readers: "When, day/month/year".
        start = DateTimeInput(self.on_change, _("When"))
        b.custom(
            form,
            "when.start",
            _("&When did it happen? (or when it started)"),
            start,
            start.value,
            start.set_value,
        )
        # Translators: names the boxes of when it ended, for screen readers: "Until, day/month/year".
        end = DateTimeInput(self.on_change, _("Until"))
        b.custom(
            form,
            "when.end",
            _("If over a period or not sure: &until"),
            end,
            end.value,
            end.set_value,
        )
        places = [(t.code, t.label) for t in self.vocab.place_types]
        b.choice(form, "where.place_type", _("Whe&re did it happen?"), places)
        b.text(form, "where.address", _("&Address or description of the place"), lines=2)
        b.line(form, "where.postcode", _("P&ostcode (if known)"), _("e.g. LE1 5WW"), 10)
        b.line(form, "where.transport_route", _("&Bus, train or tram route (public transport)"))
        b.line(form, "where.online_platform", _("Websi&te or app (online)"))
        b.text(form, "where.details", _("Anything &else about the place"), lines=2)
        return page(form)

    def offenders(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        b.line(
            form,
            "offender_count_text",
            _("How &many people did it? (if known)"),
            # Translators: in the empty box of how many people did it.
            _("a number"),
            4,
        )
        self.offender_list = EntryList(
            self._offender_fields,
            self.on_change,
            add_label=_("&Add an offender"),
            remove_label=_("Remove this offender"),
            # Translators: the heading of one offender's details: "Offender 2".
            title=_("Offender {number}"),
        )
        return page(form, self.offender_list)

    @staticmethod
    def _offender_fields(b: Binder, form: QFormLayout) -> None:
        b.answer(form, "known_to_victim", _("Known to the person?"))
        b.line(form, "name", _("Name (if known)"))
        # Translators: the offenders' details, as the person describes them.
        b.line(form, "sex", _("Sex"))
        b.line(form, "age_range", _("Age (or a guess)"))
        b.line(form, "height", _("Height"))
        b.line(form, "build", pgettext("a person's body shape", "Build"))
        b.line(form, "hair", _("Hair"))
        b.line(form, "distinguishing_marks", _("Distinguishing marks"))
        b.line(form, "clothing", _("Clothing"))
        b.line(form, "vehicle", _("Vehicle"))
        b.answer(form, "could_recognise", _("Could they recognise them again?"))

    def evidence(self, attachments: QWidget) -> QScrollArea:
        b = self.binder
        self.witness_list = EntryList(
            self._witness_fields,
            self.on_change,
            add_label=_("Add a &witness"),
            remove_label=_("Remove this witness"),
            # Translators: the heading of one witness's details: "Witness 2".
            title=_("Witness {number}"),
        )
        evidence = form_layout()
        b.answer(evidence, "evidence.cctv", _("Is there &CCTV?"))
        b.answer(evidence, "evidence.photos_or_video", _("&Photos or video?"))
        b.answer(evidence, "evidence.online_screenshots", _("&Screenshots of online abuse?"))
        b.text(evidence, "evidence.notes", _("N&otes about the evidence"), lines=2)
        harm = form_layout()
        b.text(harm, "harm.injuries", _("In&juries"), lines=2)
        b.answer(harm, "harm.medical_help", _("Did anyone need me&dical help?"))
        b.text(harm, "harm.loss_or_damage", _("Loss or d&amage"), lines=2)
        # Injuries and damage before the (tall) attachments box: below it, they went unseen.
        return page(
            self.witness_list,
            group(_("Evidence"), evidence),
            group(_("Injuries, loss or damage"), harm),
            attachments,
        )

    @staticmethod
    def _witness_fields(b: Binder, form: QFormLayout) -> None:
        b.line(form, "name", pgettext("a person's name", "Name"))
        b.line(form, "phone", _("Phone"), limit=30)
        b.line(form, "email", _("Email"), limit=254)
        b.text(form, "notes", _("What they saw"), lines=2, limit=MEDIUM)

    def support(self) -> QScrollArea:
        b, form = self.binder, form_layout()
        self.contact_form = form
        b.answer(form, "contact.phone_ok", _("May the police &phone?"))
        b.answer(form, "contact.visit_ok", _("May the police vi&sit?"))
        b.answer(form, "contact.letter_ok", _("May they &write?"))
        b.answer(form, "contact.email_ok", _("May they e&mail?"))
        b.answer(form, "contact.plain_clothes_officer", _("Plain-&clothes officer preferred?"))
        b.choice(
            form,
            "contact.officer_sex",
            _("&Officer preferred"),
            translated(OFFICER_SEX),
        )
        b.line(form, "contact.best_times", _("Best &times to make contact"))
        b.answer(form, "contact.through_trusted_person", _("Contact through a tr&usted person?"))
        b.line(
            form,
            "contact.trusted_person",
            # Translators: a relative, friend or support worker the person wants contact through.
            _("Details o&f the trusted person (who, and how to reach them)"),
        )
        b.line(form, "interpreter_language", _("Inte&rpreter needed in (language)"), limit=100)
        b.text(form, "access_needs", _("Other &access needs"), lines=2)
        history = form_layout()
        b.answer(history, "history.happened_before", _("Has this happened &before?"))
        b.answer(history, "history.reported_before", _("Was it reported befor&e?"))
        b.line(history, "history.reported_to", _("Reporte&d to whom?"))
        return page(form, group(_("Has it happened before?"), history))
