"""Validation of who was targeted and what protects them: a person or an organisation, a
child's or an adult at risk's safeguards, who saw the hostility, and contact through someone
the person trusts.

A child (under 18) has enhanced rights under the Victims' Code, and whether passing on a
child's report needs a parent's or carer's agreement is the centre's rule (a setting), given
here as ``children_need_parental_consent``.
"""

from __future__ import annotations

from datetime import date

from intake_app.domain import dates
from intake_app.domain.report import ORGANISATION_KINDS, PERCEIVERS, VICTIM_TYPES, Report
from intake_app.support.i18n import _

Problem = tuple[str, str]
MAX_AGE_YEARS = 120
CHILD_UNTIL = 18  # Victims' Code enhanced rights; safeguarding without consent


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birth_problems(report: Report, today: date) -> list[Problem]:
    text = report.person.date_of_birth
    if not text:
        return []
    reason = dates.day_problem(text)
    born = dates.parse_day(text)
    if reason or born is None:
        return [("person.date_of_birth", reason or "")]
    if born > today:
        return [("person.date_of_birth", _("The date of birth cannot be in the future."))]
    if born.year < today.year - MAX_AGE_YEARS:
        return [("person.date_of_birth", _("Check the year: that would make the person over 120."))]
    if _age(born, today) < CHILD_UNTIL and not report.under_18:
        # Translators: 'Under 18' is the label of the form's tick box; use its translation.
        return [("under_18", _("The date of birth shows the person is under 18: tick 'Under 18'."))]
    return []


def shape_problems(report: Report) -> list[Problem]:
    """What any save may be told about: codes that are not choices, contradictions."""
    found: list[Problem] = []
    if report.victim_type and report.victim_type not in VICTIM_TYPES:
        found.append(("victim_type", _("Choose a person or an organisation.")))
    if report.organisation.kind and report.organisation.kind not in ORGANISATION_KINDS:
        found.append(("organisation.kind", _("Choose one of the kinds of organisation.")))
    seen: set[str] = set()
    for i, code in enumerate(report.perceived_by):
        if code not in PERCEIVERS:
            found.append((f"perceived_by[{i}]", _("Choose from the list who saw it as hostile.")))
        elif code in seen:
            found.append(("perceived_by", _("Someone is listed twice as seeing it as hostile.")))
        seen.add(code)
    if report.under_18 and report.adult_at_risk:
        found.append(
            (
                "adult_at_risk",
                _("A child is not an adult at risk: untick one. Under 18 already covers a child."),
            )
        )
    if report.anonymous and report.contact.trusted_person:
        found.append(
            ("contact.trusted_person", _("Leave this blank: the person wants to stay anonymous."))
        )
    return found


def completeness_problems(
    report: Report, *, children_need_parental_consent: bool = True
) -> list[Problem]:
    """What a ready report must have about who was targeted and their protection."""
    missing: list[Problem] = []
    if not report.victim_type:
        missing.append(("victim_type", _("Say whether a person or an organisation was targeted.")))
    if report.victim_type == "organisation" and not report.organisation.kind:
        missing.append(
            ("organisation.kind", _("Choose what kind of organisation or building was targeted."))
        )
    if report.victim_type == "person" and report.organisation.name.strip():
        missing.append(
            (
                "organisation.name",
                # Translators: the quoted words are the choice as the form shows it.
                _(
                    "A person was targeted, so clear the organisation's name, or choose 'An "
                    "organisation or a building'."
                ),
            )
        )
    if (
        report.contact.through_trusted_person
        and not report.anonymous
        and not report.contact.trusted_person.strip()
    ):
        missing.append(
            (
                "contact.trusted_person",
                _("Say who the trusted person is and how to reach them."),
            )
        )
    if children_need_parental_consent and report.under_18:
        if report.consent != "monitoring_only" and report.parental_consent is None:
            missing.append(
                (
                    "parental_consent",
                    _("Record whether a parent or carer agrees to the report being passed on."),
                )
            )
        if report.consent == "police_with_contact" and report.parental_consent is False:
            missing.append(
                (
                    "consent",
                    _(
                        "Without a parent's or carer's agreement, pass it on without identifying details or keep it for monitoring."
                    ),
                )
            )
    return missing
