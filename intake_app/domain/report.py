"""The report: what a person tells the centre about a hate crime or hate incident.

Plain dataclasses, turned to and from JSON-friendly dicts. Text is kept exactly as given (the form
records the person's perception in their words). Codes for strands, incident and place types come
from the vocabulary files; see ``vocabulary.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from intake_app.domain import dates
from intake_app.domain.report_codec import decode, encode
from intake_app.domain.report_upgrade import upgraded
from intake_app.domain.text_rules import is_postcode_district, is_uk_postcode, normalise_postcode
from intake_app.support.i18n import N_

REPORTER_TYPES = ("victim", "witness", "third_party")
VICTIM_TYPES = ("person", "organisation")
ORGANISATION_KINDS = (
    "place_of_worship", "community_building", "school", "business", "charity_or_group", "other",
)  # fmt: skip
PERCEIVERS = ("victim", "witness", "centre_staff", "someone_else")
CONSENTS = ("police_with_contact", "police_without_details", "monitoring_only")
OFFICER_SEX = ("", "no_preference", "female", "male")
STATUSES = ("draft", "ready", "exported", "acknowledged", "withdrawn", "purged")
EDITABLE_STATUSES = ("draft",)

# Labels for the codes, marked for translation and translated where shown: ``_(CONSENT_LABELS[code])``.
CONSENT_LABELS = {
    "police_with_contact": N_("Pass to the police with contact details"),
    "police_without_details": N_("Pass to the police without identifying details"),
    "monitoring_only": N_("Keep at the centre for monitoring only"),
}
# How a report may go to a recipient other than the police, as the form offers it.
SHARING_LABELS = {
    "": N_("Not passed on"),
    "with_contact": N_("With contact details"),
    "without_details": N_("Without identifying details"),
}
CONSENT_SHORT = {
    # Translators: a consent choice in a column of the reports list: keep it short.
    "police_with_contact": N_("Police, with contact"),
    # Translators: a consent choice in a column of the reports list: keep it short.
    "police_without_details": N_("Police, no details"),
    # Translators: a consent choice in a column of the reports list: keep it short.
    "monitoring_only": N_("Monitoring only"),
}
REPORTER_LABELS = {
    "victim": N_("The person it happened to"),
    "witness": N_("A witness"),
    "third_party": N_("Someone reporting on the victim's behalf"),
}
VICTIM_LABELS = {
    "person": N_("A person (or people)"),
    "organisation": N_("An organisation or a building"),
}
ORGANISATION_LABELS = {
    "place_of_worship": N_("Place of worship (mosque, synagogue, gurdwara, temple, church)"),
    "community_building": N_("Community centre or building"),
    "school": N_("School, college or university"),
    "business": N_("Business or shop"),
    "charity_or_group": N_("Charity or community group"),
    "other": N_("Another organisation"),
}
# Who saw the incident as hostile: what hate crime recording rests on.
PERCEIVER_LABELS = {
    "victim": N_("The person or organisation it happened to"),
    "witness": N_("A witness"),
    "centre_staff": N_("Centre staff or a volunteer"),
    "someone_else": N_("Someone else"),
}


@dataclass
class Person:
    """The person it happened to. Identifying: erased on withdrawal, never sent without consent."""

    name: str = ""
    date_of_birth: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Reporter:
    """Who is reporting, when it is not the victim (a witness or a third party)."""

    name: str = ""
    relationship: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class ContactPreferences:
    phone_ok: bool | None = None
    visit_ok: bool | None = None
    letter_ok: bool | None = None
    email_ok: bool | None = None
    plain_clothes_officer: bool | None = None
    officer_sex: str = ""
    best_times: str = ""
    # Contact through someone the person trusts (a relative, a support worker): who, and how.
    through_trusted_person: bool | None = None
    trusted_person: str = ""


@dataclass
class Organisation:
    """When what was targeted is an organisation or a building (a mosque, a synagogue, a
    business), as Tell MAMA and CST count them. Its name identifies it as a name does a person."""

    name: str = ""
    kind: str = ""


@dataclass
class StrandChoice:
    strand: str = ""
    sub_category: str = ""


@dataclass
class When:
    """``start`` is ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``; ``end`` only for an approximate range."""

    start: str = ""
    end: str = ""


@dataclass
class Where:
    place_type: str = ""
    address: str = ""
    postcode: str = ""
    transport_route: str = ""
    online_platform: str = ""
    details: str = ""


@dataclass
class Harm:
    injuries: str = ""
    medical_help: bool | None = None
    loss_or_damage: str = ""


@dataclass
class Offender:
    known_to_victim: bool | None = None
    name: str = ""
    sex: str = ""
    age_range: str = ""
    height: str = ""
    build: str = ""
    hair: str = ""
    distinguishing_marks: str = ""
    clothing: str = ""
    vehicle: str = ""
    could_recognise: bool | None = None


@dataclass
class Witness:
    name: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


@dataclass
class Evidence:
    cctv: bool | None = None
    photos_or_video: bool | None = None
    online_screenshots: bool | None = None
    notes: str = ""


@dataclass
class History:
    happened_before: bool | None = None
    reported_before: bool | None = None
    reported_to: str = ""


@dataclass
class PoliceCopy:
    """The centre's own note on the copy the police get of a report passed on without
    identifying details (never sent itself): words a volunteer took out of the person's free
    text, and the fingerprint of the text they then read and confirmed names nobody."""

    removed: list[str] = field(default_factory=list)
    checked: str = ""


@dataclass
class SharedWith:
    """The person's agreement that one registered recipient other than the police (a council's
    anti-social behaviour team, a housing provider, a school, a support service) receives the
    report, and whether with their contact details. Kept at the centre only: a batch never
    says who else received the report."""

    recipient: str = ""  # the recipient's code, as its profile names it
    identifying: bool = False  # with contact details; else without identifying details


@dataclass
class Report:
    # Consent and who is reporting come first: they decide what else may be asked.
    reporter_type: str = ""
    anonymous: bool = False
    consent: str = ""
    referral_to_support: bool | None = None
    # Enhanced rights under the Victims' Code; a child or an adult at risk may be referred for
    # safeguarding without consent.
    under_18: bool = False
    parental_consent: bool | None = None
    adult_at_risk: bool = False
    victim_type: str = "person"
    organisation: Organisation = field(default_factory=Organisation)
    person: Person = field(default_factory=Person)
    reporter: Reporter = field(default_factory=Reporter)
    contact: ContactPreferences = field(default_factory=ContactPreferences)
    interpreter_language: str = ""
    access_needs: str = ""
    # What happened and why they think it happened.
    perception: str = ""
    strands: list[StrandChoice] = field(default_factory=list)
    incident_types: list[str] = field(default_factory=list)
    description: str = ""
    exact_words: str = (
        ""  # what the offender said or wrote, word for word: the evidence of hostility
    )
    perceived_by: list[str] = field(default_factory=list)  # PERCEIVERS: who saw it as hostile
    when: When = field(default_factory=When)
    where: Where = field(default_factory=Where)
    harm: Harm = field(default_factory=Harm)
    offender_count: int | None = None
    offenders: list[Offender] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)
    evidence: Evidence = field(default_factory=Evidence)
    history: History = field(default_factory=History)
    # Kept at the centre only: see police_copy.py (batches leave it out, report_schema too).
    police_copy: PoliceCopy = field(default_factory=PoliceCopy)
    # Kept at the centre only: the recipients besides the police that the person agreed to.
    shared_with: list[SharedWith] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        result: dict[str, object] = encode(self)
        return result

    @classmethod
    def from_dict(cls, data: object) -> tuple[Report, list[tuple[str, str]]]:
        """Parse a dict; returns the report and a list of (field, problem) for bad shapes."""
        problems: list[tuple[str, str]] = []
        report = decode(cls, upgraded(data), "", problems)
        return report, problems

    def with_stored_dates(self) -> Report:
        """The same report with every date that can be understood in its stored ISO form
        (``23/04/1990`` becomes ``1990-04-23``); dates not understood yet stay as typed."""
        return replace(
            self,
            person=replace(self.person, date_of_birth=dates.stored_day(self.person.date_of_birth)),
            when=When(dates.stored_moment(self.when.start), dates.stored_moment(self.when.end)),
        )

    def anonymised(self) -> Report:
        """Only what statistics need: no names, contact details, free text or exact places."""
        return Report(
            reporter_type=self.reporter_type,
            anonymous=self.anonymous,
            consent=self.consent,
            referral_to_support=self.referral_to_support,
            under_18=self.under_18,
            adult_at_risk=self.adult_at_risk,
            victim_type=self.victim_type,
            organisation=Organisation(kind=self.organisation.kind),
            strands=[StrandChoice(s.strand, s.sub_category) for s in self.strands],
            incident_types=list(self.incident_types),
            perceived_by=list(self.perceived_by),
            when=When(start=self.when.start[:7]),
            where=Where(
                place_type=self.where.place_type, postcode=postcode_district(self.where.postcode)
            ),
            harm=Harm(medical_help=self.harm.medical_help),
            offender_count=self.offender_count,
            history=History(
                happened_before=self.history.happened_before,
                reported_before=self.history.reported_before,
            ),
        )

    def search_text(self) -> str:
        """Everything a volunteer may want to find the report by, for the full-text index."""
        parts: list[str] = [
            self.person.name,
            self.person.postcode,
            self.organisation.name,
            self.contact.trusted_person,
            self.reporter.name,
            self.reporter.organisation,
            self.perception,
            self.description,
            self.exact_words,
            self.where.address,
            self.where.postcode,
            self.where.transport_route,
            self.where.online_platform,
            self.where.details,
            self.harm.injuries,
            self.harm.loss_or_damage,
            self.evidence.notes,
            self.history.reported_to,
        ]
        for offender in self.offenders:
            parts += [
                offender.name,
                offender.clothing,
                offender.vehicle,
                offender.distinguishing_marks,
            ]
        for witness in self.witnesses:
            parts += [witness.name, witness.notes]
        return "\n".join(p for p in parts if p)


def postcode_district(postcode: str) -> str:
    """The outward code (``LE1`` of ``LE1 5WW``): the finest location statistics may show, and
    all a batch passed on without identifying details carries. A district typed alone stays;
    anything that is not a UK postcode gives nothing (it may be an address)."""
    compact = "".join(postcode.split()).upper()
    if is_postcode_district(compact):
        return compact  # only the first part was known
    if is_uk_postcode(compact):
        return normalise_postcode(compact).split(" ")[0]
    return ""
