"""Field-by-field validation of a report, with one plain message per problem.

Two levels: a draft may be incomplete but what is there must be well formed (so a draft always
saves); a report marked ready must also have everything its consent choice needs. An anonymous
report never demands identifying details; it refuses them.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from intake_app.domain import dates
from intake_app.domain import text_rules as tr
from intake_app.domain import validation_people as people
from intake_app.domain.police_copy import is_checked, needs_checking
from intake_app.domain.report import CONSENTS, OFFICER_SEX, REPORTER_TYPES, Report
from intake_app.domain.vocabulary import Vocabulary
from intake_app.support.i18n import N_, _, ngettext

Problem = tuple[str, str]
MAX_OFFENDERS = 50
MAX_WITNESSES = 50
PHONE_MESSAGE = N_(
    "Enter a phone number, such as 0116 496 0123, or with the country code, such as "
    "+48 512 345 678."
)

# (path, limit, multiline) for every text field.
_TEXT_LIMITS: dict[str, tuple[int, bool]] = {
    "reporter_type": (40, False),
    "victim_type": (20, False),
    "organisation.name": (tr.SHORT, False),
    "organisation.kind": (40, False),
    "consent": (40, False),
    "person.name": (tr.SHORT, False),
    "person.date_of_birth": (10, False),
    "person.address": (tr.MEDIUM, True),
    "person.postcode": (10, False),
    "person.phone": (30, False),
    "person.email": (254, False),
    "reporter.name": (tr.SHORT, False),
    "reporter.relationship": (tr.SHORT, False),
    "reporter.organisation": (tr.SHORT, False),
    "reporter.phone": (30, False),
    "reporter.email": (254, False),
    "contact.officer_sex": (20, False),
    "contact.best_times": (tr.SHORT, False),
    "contact.trusted_person": (tr.SHORT, False),
    "interpreter_language": (100, False),
    "access_needs": (tr.MEDIUM, True),
    "perception": (tr.LONG, True),
    "description": (tr.LONG, True),
    "exact_words": (tr.LONG, True),
    "when.start": (16, False),
    "when.end": (16, False),
    "where.place_type": (40, False),
    "where.address": (tr.MEDIUM, True),
    "where.postcode": (10, False),
    "where.transport_route": (tr.SHORT, False),
    "where.online_platform": (tr.SHORT, False),
    "where.details": (tr.MEDIUM, True),
    "harm.injuries": (tr.MEDIUM, True),
    "harm.loss_or_damage": (tr.MEDIUM, True),
    "evidence.notes": (tr.MEDIUM, True),
    "history.reported_to": (tr.SHORT, False),
}
_OFFENDER_LIMIT = (tr.SHORT, False)
_WITNESS_NOTES_LIMIT = (tr.MEDIUM, True)


def _too_many_offenders() -> str:
    return ngettext(
        "A report can describe at most {count} offender.",
        "A report can describe at most {count} offenders.",
        MAX_OFFENDERS,
    ).format(count=MAX_OFFENDERS)


def _too_many_witnesses() -> str:
    return ngettext(
        "A report can list at most {count} witness.",
        "A report can list at most {count} witnesses.",
        MAX_WITNESSES,
    ).format(count=MAX_WITNESSES)


def _get(report: Report, path: str) -> object:
    value: object = report
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _each_text(report: Report) -> list[tuple[str, str, int, bool]]:
    """(path, value, limit, multiline) for every filled text field of the report."""
    found: list[tuple[str, str, int, bool]] = []
    for path, (limit, multiline) in _TEXT_LIMITS.items():
        value = _get(report, path)
        if isinstance(value, str) and value:
            found.append((path, value, limit, multiline))
    for i, offender in enumerate(report.offenders):
        for f in fields(offender):
            value = getattr(offender, f.name)
            if isinstance(value, str) and value:
                found.append((f"offenders[{i}].{f.name}", value, _OFFENDER_LIMIT[0], False))
    for i, witness in enumerate(report.witnesses):
        for f in fields(witness):
            value = getattr(witness, f.name)
            limit, multiline = _WITNESS_NOTES_LIMIT if f.name == "notes" else (tr.SHORT, False)
            if isinstance(value, str) and value:
                found.append((f"witnesses[{i}].{f.name}", value, limit, multiline))
    for name in ("incident_types", "perceived_by"):  # codes; one that was not text is
        for i, code in enumerate(getattr(report, name)):  # already a problem of its shape
            if isinstance(code, str):
                found.append((f"{name}[{i}]", code, 40, False))
    return found


def _text_problems(report: Report) -> list[Problem]:
    problems: list[Problem] = []
    for path, value, limit, multiline in _each_text(report):
        reason = tr.text_problem(value, limit, multiline=multiline)
        if reason:
            problems.append((path, reason))
    return problems


def text_limit(path: str) -> int:
    """A field's length limit (what 'ready' allows; a draft may hold up to its hard cap)."""
    head = path.split("[")[0]
    if path in _TEXT_LIMITS:
        return _TEXT_LIMITS[path][0]
    if head == "witnesses" and path.endswith(".notes"):
        return _WITNESS_NOTES_LIMIT[0]
    return tr.SHORT


def _format_problems(report: Report, today: datetime) -> list[Problem]:
    problems: list[Problem] = []
    for prefix in ("person", "reporter"):
        phone = _get(report, f"{prefix}.phone")
        if isinstance(phone, str) and phone and not tr.is_phone(phone):
            problems.append((f"{prefix}.phone", _(PHONE_MESSAGE)))
        email = _get(report, f"{prefix}.email")
        if isinstance(email, str) and email and not tr.is_email(email):
            problems.append(
                (f"{prefix}.email", _("Enter an email address, such as name@example.org."))
            )
    for i, witness in enumerate(report.witnesses):
        if witness.phone and not tr.is_phone(witness.phone):
            problems.append((f"witnesses[{i}].phone", _(PHONE_MESSAGE)))
        if witness.email and not tr.is_email(witness.email):
            problems.append(
                (f"witnesses[{i}].email", _("Enter an email address, such as name@example.org."))
            )
    if report.person.postcode and not tr.is_uk_postcode(report.person.postcode):
        problems.append(("person.postcode", _("Enter a UK postcode, such as LE1 5WW.")))
    place = report.where.postcode
    if place and not (tr.is_uk_postcode(place) or tr.is_postcode_district(place)):
        problems.append(
            (
                "where.postcode",
                _("Enter a UK postcode, such as LE1 5WW, or just its first part, such as LE3."),
            )
        )
    problems += people.birth_problems(report, today.date())
    problems += _when_problems(report, today)
    if report.offender_count is not None and not 0 <= report.offender_count <= 1000:
        problems.append(("offender_count", _("Enter a number of offenders from 0 to 1,000.")))
    if len(report.offenders) > MAX_OFFENDERS:
        problems.append(("offenders", _too_many_offenders()))
    if len(report.witnesses) > MAX_WITNESSES:
        problems.append(("witnesses", _too_many_witnesses()))
    if report.contact.officer_sex not in OFFICER_SEX:
        problems.append(("contact.officer_sex", _("Choose female, male or no preference.")))
    return problems


def _moment_problem(value: str) -> str | None:
    """Why a stored moment (a day and maybe a time) cannot be understood, naming the part."""
    day_text, time_text = dates.split_moment(value)
    if not day_text.strip():
        return _("Give the date as well as the time.")
    reason = dates.day_problem(day_text)
    if reason:
        return reason
    if time_text.strip() and dates.parse_time(time_text) is None:
        return _("Type the time such as 18:30 or 6.30pm.")
    return None


def _when_problems(report: Report, now: datetime) -> list[Problem]:
    problems: list[Problem] = []
    moments: dict[str, datetime | None] = {}
    for part in ("start", "end"):
        value = getattr(report.when, part)
        reason = _moment_problem(value) if value else None
        if reason:
            problems.append((f"when.{part}", reason))
        moments[part] = None if reason or not value else dates.parse_moment(value)
    start, end = moments["start"], moments["end"]
    if start and start > now:
        problems.append(
            ("when.start", _("The date is in the future. Check the day, month and year."))
        )
    if end and end > now:
        problems.append(
            ("when.end", _("The date is in the future. Check the day, month and year."))
        )
    if start and end and end < start:
        problems.append(("when.end", _("The end of the range is before its start.")))
    if report.when.end and not report.when.start:
        problems.append(("when.start", _("Give the start of the range as well as its end.")))
    return problems


def _vocabulary_problems(report: Report, vocab: Vocabulary) -> list[Problem]:
    problems: list[Problem] = []
    if report.reporter_type and report.reporter_type not in REPORTER_TYPES:
        problems.append(("reporter_type", _("Choose the victim, a witness or a third party.")))
    if report.consent and report.consent not in CONSENTS:
        problems.append(("consent", _("Choose one of the three consent options.")))
    seen: set[tuple[str, str]] = set()
    for i, choice in enumerate(report.strands):
        strand = vocab.strand(choice.strand)
        if strand is None:
            problems.append(
                (f"strands[{i}].strand", _("This is not a strand used by this centre."))
            )
            continue
        if choice.sub_category and strand.sub_category(choice.sub_category) is None:
            # Translators: {strand} is a strand's name, such as "Religion or belief".
            reason = _("This is not a category of {strand}.").format(strand=strand.label)
            problems.append((f"strands[{i}].sub_category", reason))
        if (choice.strand, choice.sub_category) in seen:
            problems.append((f"strands[{i}]", _("This strand is listed twice.")))
        seen.add((choice.strand, choice.sub_category))
    for i, code in enumerate(report.incident_types):
        if vocab.incident_type(code) is None:
            problems.append((f"incident_types[{i}]", _("This is not a known kind of incident.")))
    if len(set(report.incident_types)) != len(report.incident_types):
        problems.append(("incident_types", _("A kind of incident is listed twice.")))
    if report.where.place_type and vocab.place_type(report.where.place_type) is None:
        problems.append(("where.place_type", _("This is not a known kind of place.")))
    return problems


def _consent_problems(report: Report) -> list[Problem]:
    problems: list[Problem] = []
    if report.anonymous:
        if report.consent == "police_with_contact":
            problems.append(
                (
                    "consent",
                    # Translators: the quoted words are the consent options as the form shows them.
                    _(
                        "An anonymous report cannot be passed on with contact details. Choose "
                        "'without identifying details' or 'monitoring only'."
                    ),
                )
            )
        for f in fields(report.person):
            if getattr(report.person, f.name):
                problems.append(
                    (f"person.{f.name}", _("Leave this blank: the person wants to stay anonymous."))
                )
        for name in ("name", "phone", "email"):
            if getattr(report.reporter, name):
                problems.append(
                    (f"reporter.{name}", _("Leave this blank: the report is anonymous."))
                )
    return problems


def _completeness_problems(report: Report) -> list[Problem]:
    """What a report marked ready must have."""
    missing: list[Problem] = []
    if not report.reporter_type:
        missing.append(("reporter_type", _("Say who is reporting.")))
    if not report.consent:
        missing.append(("consent", _("Record what the person agrees may happen to the report.")))
    if report.referral_to_support is None:
        missing.append(
            (
                "referral_to_support",
                _("Ask whether they would like to be referred to a support service."),
            )
        )
    if not report.perception.strip():
        missing.append(("perception", _("Record why they think this happened, in their words.")))
    if not report.strands:
        missing.append(("strands", _("Choose at least one strand the incident touches.")))
    if not report.incident_types:
        missing.append(("incident_types", _("Choose at least one kind of incident.")))
    if not report.description.strip():
        missing.append(("description", _("Describe what happened.")))
    if not report.when.start:
        missing.append(("when.start", _("Give the date it happened, or the start of a range.")))
    if not report.where.place_type:
        missing.append(("where.place_type", _("Choose the kind of place it happened.")))
    if report.where.place_type == "online" and not report.where.online_platform.strip():
        missing.append(("where.online_platform", _("Name the website or app where it happened.")))
    if report.consent == "police_with_contact" and not report.anonymous:
        if not report.person.name.strip():
            missing.append(("person.name", _("The police need a name to contact the person.")))
        if not (report.person.phone or report.person.email or report.person.address):
            missing.append(
                (
                    "person.phone",
                    _("Give at least one way to contact the person: phone, email or address."),
                )
            )
    if (
        report.reporter_type in ("witness", "third_party")
        and not report.reporter.name.strip()
        and not report.anonymous
    ):
        missing.append(
            (
                "reporter.name",
                _("Give the name of the person reporting, or mark the report anonymous."),
            )
        )
    return missing


def storage_problems(report: Report) -> list[Problem]:
    """What no save may contain, even a half-typed draft: text over a field's hard cap, text
    that is not text, more entries than a report can hold. Everything else a person typed is
    kept, and reported as a problem that stops 'ready' (a half-typed phone number, a pasted note
    over the field's limit)."""
    found: list[Problem] = []
    for path, value, limit, _multiline in _each_text(report):
        reason = tr.storage_problem(value, limit)
        if reason:
            found.append((path, reason))
    if len(report.offenders) > MAX_OFFENDERS:
        found.append(("offenders", _too_many_offenders()))
    if len(report.witnesses) > MAX_WITNESSES:
        found.append(("witnesses", _too_many_witnesses()))
    return found


def problems(
    report: Report,
    vocab: Vocabulary,
    now: datetime,
    *,
    complete: bool = False,
    children_need_parental_consent: bool = True,
) -> list[Problem]:
    """Every problem with the report; ``complete`` adds what a ready report must have.
    ``children_need_parental_consent`` is the centre's rule (a setting)."""
    found = (
        _text_problems(report) + _vocabulary_problems(report, vocab) + _format_problems(report, now)
    )
    found += _consent_problems(report) + people.shape_problems(report)
    if complete:
        found += _completeness_problems(report)
        found += people.completeness_problems(
            report, children_need_parental_consent=children_need_parental_consent
        )
        if needs_checking(report) and not is_checked(report):
            found.append(
                (
                    "police_copy",
                    _(
                        "Read the words the police will get, take out any that could name "
                        "someone, and confirm it names nobody."
                    ),
                )
            )
    return found
