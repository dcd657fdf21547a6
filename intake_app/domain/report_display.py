"""A report as labelled lines for people: vocabulary labels instead of codes, dates the UK way,
phone numbers in a standard form, blanks left out."""

from __future__ import annotations

import re

from intake_app.domain import dates
from intake_app.domain.report import (
    CONSENT_LABELS,
    ORGANISATION_LABELS,
    PERCEIVER_LABELS,
    REPORTER_LABELS,
    VICTIM_LABELS,
    Report,
)
from intake_app.domain.report_codec import encode
from intake_app.domain.text_rules import phone_for_people
from intake_app.domain.vocabulary import Vocabulary
from intake_app.support.i18n import N_, _, pgettext

_FIELD_LABELS = {
    "reporter_type": N_("Who is reporting"),
    "anonymous": N_("Anonymous"),
    "consent": N_("Consent"),
    "referral_to_support": N_("Referral to support"),
    "under_18": N_("Under 18"),
    "parental_consent": N_("Parent or carer agrees"),
    "adult_at_risk": N_("Adult at risk"),
    "victim_type": N_("Who or what was targeted"),
    "organisation.name": N_("Organisation's name"),
    "organisation.kind": N_("Kind of organisation"),
    "exact_words": N_("The exact words used"),
    "perceived_by": N_("Who saw it as hostility"),
    "contact.through_trusted_person": N_("Contact through a trusted person"),
    "contact.trusted_person": N_("Trusted person and how to reach them"),
    "interpreter_language": N_("Interpreter needed in"),
    "access_needs": N_("Access needs"),
    "perception": N_("Why they think it happened"),
    "description": N_("What happened"),
    "offender_count": N_("Number of offenders"),
    "strands": N_("Strands"),
    "incident_types": N_("Kind of incident"),
    # "person.name" is labelled in _label, with a context.
    "person.date_of_birth": N_("Date of birth"),
    "person.address": N_("Address"),
    "person.postcode": N_("Postcode"),
    "person.phone": N_("Phone"),
    "person.email": N_("Email"),
    "reporter.name": N_("Reporter's name"),
    "reporter.relationship": N_("Reporter's relationship to the person"),
    "reporter.organisation": N_("Reporter's organisation"),
    "reporter.phone": N_("Reporter's phone"),
    "reporter.email": N_("Reporter's email"),
    "contact.phone_ok": N_("May the police phone"),
    "contact.visit_ok": N_("May the police visit"),
    "contact.letter_ok": N_("May they write"),
    "contact.email_ok": N_("May they email"),
    "contact.plain_clothes_officer": N_("Plain-clothes officer preferred"),
    "contact.officer_sex": N_("Officer preferred"),
    "contact.best_times": N_("Best times to make contact"),
    "when.start": N_("When it happened (or began)"),
    "when.end": N_("Until"),
    "where.place_type": N_("Where"),
    "where.address": N_("Address or description of the place"),
    "where.postcode": N_("Postcode of the place"),
    "where.transport_route": N_("Route (public transport)"),
    "where.online_platform": N_("Website or app"),
    "where.details": N_("More about the place"),
    "harm.injuries": N_("Injuries"),
    "harm.medical_help": N_("Needed medical help"),
    "harm.loss_or_damage": N_("Loss or damage"),
    "evidence.cctv": N_("CCTV"),
    "evidence.photos_or_video": N_("Photos or video"),
    "evidence.online_screenshots": N_("Screenshots of online abuse"),
    "evidence.notes": N_("Notes about the evidence"),
    "history.happened_before": N_("Happened before"),
    "history.reported_before": N_("Reported before"),
    "history.reported_to": N_("Reported to"),
}
_ENTRY = re.compile(r"(offenders|witnesses)\[(\d+)\](?:\.(\w+))?")


def _entry_fields() -> dict[str, str]:
    """The labels of an offender's or a witness's fields, in the language spoken now."""
    return {
        "known_to_victim": pgettext("offender or witness detail", "known to the person"),
        "name": pgettext("offender or witness detail", "name"),
        "sex": pgettext("offender or witness detail", "sex"),
        "age_range": pgettext("offender or witness detail", "age"),
        "height": pgettext("offender or witness detail", "height"),
        # Translators: the build of a person's body (slim, heavy…).
        "build": pgettext("offender or witness detail", "build"),
        "hair": pgettext("offender or witness detail", "hair"),
        "distinguishing_marks": pgettext("offender or witness detail", "distinguishing marks"),
        "clothing": pgettext("offender or witness detail", "clothing"),
        "vehicle": pgettext("offender or witness detail", "vehicle"),
        "could_recognise": pgettext("offender or witness detail", "could recognise them again"),
        "phone": pgettext("offender or witness detail", "phone"),
        "email": pgettext("offender or witness detail", "email"),
        "notes": pgettext("offender or witness detail", "what they saw"),
    }


def _label(path: str) -> str:
    if path == "person.name":
        return pgettext("a person's name", "Name")
    label = _FIELD_LABELS.get(path)
    return _(label) if label else path.replace("_", " ").replace(".", " › ").capitalize()


def field_label(path: str) -> str:
    """A field's dotted path as people read it: ``offenders[0].clothing`` → ``Offender 1:
    clothing``, ``contact.phone_ok`` → ``May the police phone``."""
    entry = _ENTRY.fullmatch(path)
    if entry:
        number, leaf = int(entry[2]) + 1, entry[3]
        offender = entry[1] == "offenders"
        if not leaf:
            if offender:
                return _("Offender {number}").format(number=number)
            return _("Witness {number}").format(number=number)
        detail = _entry_fields().get(leaf, leaf.replace("_", " "))
        if offender:
            # Translators: {detail} is one of an offender's details, such as "clothing".
            return _("Offender {number}: {detail}").format(number=number, detail=detail)
        # Translators: {detail} is one of a witness's details, such as "what they saw".
        return _("Witness {number}: {detail}").format(number=number, detail=detail)
    return _label(re.sub(r"\[\d+\].*$", "", path))


def _value(path: str, value: object, vocab: Vocabulary) -> str:
    if value is True:
        return pgettext("a report's answer", "yes")
    if value is False:
        return pgettext("a report's answer", "no")
    text = str(value)
    if path == "consent":
        return _(CONSENT_LABELS[text]) if text in CONSENT_LABELS else text
    for field, labels in (
        ("reporter_type", REPORTER_LABELS),
        ("victim_type", VICTIM_LABELS),
        ("organisation.kind", ORGANISATION_LABELS),
    ):
        if path == field:
            return _(labels[text]) if text in labels else text
    if path.endswith(".strand"):
        strand = vocab.strand(text)
        return strand.label if strand else text
    if path.startswith("incident_types"):
        term = vocab.incident_type(text)
        return term.label if term else text
    if path == "person.date_of_birth":
        return dates.day_for_people(text)
    if path in ("when.start", "when.end"):
        return dates.moment_for_people(text)
    if path.endswith(".phone"):
        return phone_for_people(text)
    if path == "where.place_type":
        term = vocab.place_type(text)
        return term.label if term else text
    if path == "contact.officer_sex":
        officer = {
            "no_preference": _("No preference"),
            "female": _("Female officer"),
            "male": _("Male officer"),
        }
        return officer.get(text, text)
    return text


def status_label(status: str) -> str:
    """A report's status as a person reads it (the code itself, capitalised, if it is new)."""
    labels = {
        "draft": pgettext("report status", "Draft"),
        "ready": pgettext("report status", "Ready"),
        "exported": pgettext("report status", "Exported"),
        "acknowledged": pgettext("report status", "Acknowledged"),
        "withdrawn": pgettext("report status", "Withdrawn"),
        "purged": pgettext("report status", "Purged"),
    }
    return labels.get(status, status.capitalize())


def status_in_sentence(status: str) -> str:
    """A report's status as it completes a sentence ("this report is already ready"), in the
    language the app speaks; a status this version does not know, as stored."""
    # Translators: a report's status, as it completes a sentence such as "Only a draft can be
    # changed. This report is already {status}." Lower case.
    words = {
        "draft": pgettext("report status in a sentence", "draft"),
        "ready": pgettext("report status in a sentence", "ready"),
        "exported": pgettext("report status in a sentence", "exported"),
        "acknowledged": pgettext("report status in a sentence", "acknowledged"),
        "withdrawn": pgettext("report status in a sentence", "withdrawn"),
        "purged": pgettext("report status in a sentence", "purged"),
    }
    return words.get(status, status)


def _list(items: list[str]) -> str:
    # Translators: what separates the items of a list on one line (Arabic and Urdu use "، ").
    return pgettext("list separator", ", ").join(items)


def describe(report: Report, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(label, value) lines for every field that holds something; strands and kinds of
    incident each on one line."""
    lines: list[tuple[str, str]] = []
    if report.strands:
        shown = []
        for choice in report.strands:
            strand = vocab.strand(choice.strand)
            label = strand.label if strand else choice.strand
            term = (
                strand.sub_category(choice.sub_category) if strand and choice.sub_category else None
            )
            # Translators: a strand and one of its categories, such as "Disability (Learning)".
            pair = _("{strand} ({sub_category})")
            shown.append(pair.format(strand=label, sub_category=term.label) if term else label)
        lines.append((_label("strands"), _list(shown)))
    if report.incident_types:
        kinds = [vocab.incident_type(code) for code in report.incident_types]
        labels = [k.label if k else c for k, c in zip(kinds, report.incident_types, strict=True)]
        lines.append((_label("incident_types"), _list(labels)))
    if report.perceived_by:
        seen = [_(PERCEIVER_LABELS[c]) if c in PERCEIVER_LABELS else c for c in report.perceived_by]
        lines.append((_label("perceived_by"), _list(seen)))

    def walk(path: str, value: object) -> None:
        if path in ("strands", "incident_types", "perceived_by"):
            return  # shown above, each on one line
        if path == "victim_type" and value == "person":
            return  # what nearly every report says: only an organisation is worth a line
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{path}.{key}" if path else key, item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(f"{path}[{i}]", item)
        elif value not in ("", None) and not (
            value is False and path in ("anonymous", "under_18", "adult_at_risk")
        ):
            lines.append((field_label(path), _value(path, value, vocab)))

    walk("", encode(report))
    return lines
