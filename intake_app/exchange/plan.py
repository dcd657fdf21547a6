"""What would go to the police, and why.

Demo reports (made with ``intake demo`` for practice and benchmarks) never go, whatever their
consent says. Otherwise the person's consent decides: "monitoring only" never leaves the centre;
"without identifying details" leaves with every identifying field emptied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from intake_app.domain.police_copy import for_police
from intake_app.domain.report import (
    ContactPreferences,
    Organisation,
    Person,
    Report,
    Reporter,
    Witness,
    postcode_district,
)
from intake_app.domain.report_record import ReportSummary
from intake_app.support.i18n import N_, _

DEMO_STAYS = N_("Demo report: demo data never leaves the centre.")
MONITORING_STAYS = N_("Kept for monitoring only: it never leaves the centre.")
GOES_WITHOUT_DETAILS = N_(
    "Goes without the person's name, contact details or other identifying details."
)
GOES_WITH_CONTACT = N_("Goes with contact details, as agreed.")
DEMO_NEVER_SENT = N_(
    "Nothing to send: demo reports never go to the police, as demo data never leaves the centre. "
    "No batch was written."
)
NOTHING_TO_SEND = N_(
    "Nothing to send: there are no ready reports that may go to the police. No batch was written."
)
DEMO_IN_BATCH = N_(
    "A demo report cannot go in a batch: demo data never leaves the centre. Nothing was written."
)


@dataclass(frozen=True)
class Planned:
    report_id: str
    reference: str
    goes: bool
    identifying: bool
    why: str
    is_demo: bool = False


def plan_for(summary: ReportSummary) -> Planned:
    """Whether, and how, one ready report would go."""
    return planned(summary.id, summary.reference, summary.consent, summary.is_demo)


def planned(report_id: str, reference: str, consent: str, is_demo: bool) -> Planned:
    """Whether, and how, one ready report would go, from its consent."""
    if is_demo:
        return Planned(report_id, reference, False, False, _(DEMO_STAYS), is_demo=True)
    if consent == "monitoring_only":
        return Planned(report_id, reference, False, False, _(MONITORING_STAYS))
    if consent == "police_without_details":
        return Planned(report_id, reference, True, False, _(GOES_WITHOUT_DETAILS))
    return Planned(report_id, reference, True, True, _(GOES_WITH_CONTACT))


def nothing_to_send(planned: Sequence[Planned]) -> str:
    """Why no batch can be written from this plan."""
    if planned and all(p.is_demo for p in planned):
        return _(DEMO_NEVER_SENT)
    return _(NOTHING_TO_SEND)


def without_identifying_details(report: Report) -> Report:
    """The report as the police get it when the person agreed to pass it on without anything
    that identifies them. Emptied: the person's and the reporter's details, how they may be
    contacted (a trusted person's details too), the name of an organisation that was targeted
    (its kind stays), the interpreter language and access needs (a rare language or need can name a
    person in a small community), offenders' and witnesses' names and contact details, witness
    notes, and anything said about the place; in the free text, the words a volunteer took out
    (``domain/police_copy.py``). The place itself narrows to its postcode district
    (``LE1``), and to nothing when it happened at or near the person's home: for an incident at
    home the address *is* the person."""
    at_home = report.where.place_type == HOME
    report = for_police(report)  # the free text with the words the volunteer took out
    return replace(
        report,
        person=Person(),
        organisation=Organisation(kind=report.organisation.kind),
        reporter=Reporter(),
        contact=ContactPreferences(),
        interpreter_language="",
        access_needs="",
        where=replace(
            report.where,
            address="",
            postcode="" if at_home else postcode_district(report.where.postcode),
            details="",
        ),
        offenders=[replace(o, name="") for o in report.offenders],
        witnesses=[Witness() for _witness in report.witnesses],
    )


HOME = "home"  # the vocabulary's place type "At or near home"
