"""A report as labelled lines for people: vocabulary labels instead of codes, dates the UK way,
phone numbers in a standard form, blanks left out."""

from __future__ import annotations

import re

from intake_app.domain import dates
from intake_app.domain.report import CONSENT_LABELS, REPORTER_LABELS, Report
from intake_app.domain.report_codec import encode
from intake_app.domain.text_rules import phone_for_people
from intake_app.domain.vocabulary import Vocabulary

_FIELD_LABELS = {
    "reporter_type": "Who is reporting",
    "anonymous": "Anonymous",
    "consent": "Consent",
    "referral_to_support": "Referral to support",
    "under_16": "Under 16",
    "parental_consent": "Parent or carer agrees",
    "interpreter_language": "Interpreter needed in",
    "access_needs": "Access needs",
    "perception": "Why they think it happened",
    "description": "What happened",
    "offender_count": "Number of offenders",
    "strands": "Strands",
    "incident_types": "Kind of incident",
    "person.name": "Name",
    "person.date_of_birth": "Date of birth",
    "person.address": "Address",
    "person.postcode": "Postcode",
    "person.phone": "Phone",
    "person.email": "Email",
    "reporter.name": "Reporter's name",
    "reporter.relationship": "Reporter's relationship to the person",
    "reporter.organisation": "Reporter's organisation",
    "reporter.phone": "Reporter's phone",
    "reporter.email": "Reporter's email",
    "contact.phone_ok": "May the police phone",
    "contact.visit_ok": "May the police visit",
    "contact.letter_ok": "May they write",
    "contact.email_ok": "May they email",
    "contact.plain_clothes_officer": "Plain-clothes officer preferred",
    "contact.officer_sex": "Officer preferred",
    "contact.best_times": "Best times to make contact",
    "when.start": "When it happened (or began)",
    "when.end": "Until",
    "where.place_type": "Where",
    "where.address": "Address or description of the place",
    "where.postcode": "Postcode of the place",
    "where.transport_route": "Route (public transport)",
    "where.online_platform": "Website or app",
    "where.details": "More about the place",
    "harm.injuries": "Injuries",
    "harm.medical_help": "Needed medical help",
    "harm.loss_or_damage": "Loss or damage",
    "evidence.cctv": "CCTV",
    "evidence.photos_or_video": "Photos or video",
    "evidence.online_screenshots": "Screenshots of online abuse",
    "evidence.notes": "Notes about the evidence",
    "history.happened_before": "Happened before",
    "history.reported_before": "Reported before",
    "history.reported_to": "Reported to",
}
_ENTRY_FIELDS = {
    "known_to_victim": "known to the person",
    "age_range": "age",
    "distinguishing_marks": "distinguishing marks",
    "could_recognise": "could recognise them again",
    "notes": "what they saw",
}
_ENTRY = re.compile(r"(offenders|witnesses)\[(\d+)\](?:\.(\w+))?")
_OFFICER = {"no_preference": "No preference", "female": "Female officer", "male": "Male officer"}


def _label(path: str) -> str:
    return _FIELD_LABELS.get(path) or path.replace("_", " ").replace(".", " › ").capitalize()


def field_label(path: str) -> str:
    """A field's dotted path as people read it: ``offenders[0].clothing`` → ``Offender 1:
    clothing``, ``contact.phone_ok`` → ``May the police phone``."""
    entry = _ENTRY.fullmatch(path)
    if entry:
        who = f"{'Offender' if entry[1] == 'offenders' else 'Witness'} {int(entry[2]) + 1}"
        leaf = entry[3]
        return f"{who}: {_ENTRY_FIELDS.get(leaf, leaf.replace('_', ' '))}" if leaf else who
    return _label(re.sub(r"\[\d+\].*$", "", path))


def _value(path: str, value: object, vocab: Vocabulary) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    text = str(value)
    if path == "consent":
        return CONSENT_LABELS.get(text, text)
    if path == "reporter_type":
        return REPORTER_LABELS.get(text, text)
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
        return _OFFICER.get(text, text)
    return text


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
            shown.append(f"{label} ({term.label})" if term else label)
        lines.append(("Strands", ", ".join(shown)))
    if report.incident_types:
        kinds = [vocab.incident_type(code) for code in report.incident_types]
        lines.append(
            (
                "Kind of incident",
                ", ".join(
                    k.label if k else c for k, c in zip(kinds, report.incident_types, strict=True)
                ),
            )
        )

    def walk(path: str, value: object) -> None:
        if path in ("strands", "incident_types"):
            return  # shown above, each on one line
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{path}.{key}" if path else key, item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(f"{path}[{i}]", item)
        elif value not in ("", None) and not (value is False and path in ("anonymous", "under_16")):
            lines.append((field_label(path), _value(path, value, vocab)))

    walk("", encode(report))
    return lines
