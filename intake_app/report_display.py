"""A report as labelled lines for people: vocabulary labels instead of codes, dates the UK way,
phone numbers in a standard form, blanks left out."""

from __future__ import annotations

import re

from intake_app import dates
from intake_app.report import CONSENT_LABELS, REPORTER_LABELS, Report
from intake_app.report_codec import encode
from intake_app.text_rules import phone_for_people
from intake_app.vocabulary import Vocabulary

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
}


def _label(path: str) -> str:
    return _FIELD_LABELS.get(path) or path.replace("_", " ").replace(".", " › ").capitalize()


def field_label(path: str) -> str:
    """A field's dotted path as people read it: ``offenders[0].clothing`` → ``Offenders 1 ›
    clothing``."""
    return _label(re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1}", path))


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
    return text


def describe(report: Report, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(label, value) lines for every field that holds something."""
    lines: list[tuple[str, str]] = []

    def walk(path: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{path}.{key}" if path else key, item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(f"{path}[{i}]", item)
        elif value not in ("", None) and not (value is False and path in ("anonymous", "under_16")):
            label = field_label(path)  # strands[0] → strands 1, for people
            if path.startswith("strands[") and path.endswith(".sub_category"):
                strand_code = report.strands[int(path[8 : path.index("]")])].strand
                strand = vocab.strand(strand_code)
                term = strand.sub_category(str(value)) if strand else None
                lines.append((label, term.label if term else str(value)))
                return
            lines.append(
                (
                    label,
                    _value(
                        path.split("[")[0] if path.startswith("incident_types") else path,
                        value,
                        vocab,
                    ),
                )
            )

    walk("", encode(report))
    return lines
