"""What a report's consent lets leave the centre, in words a volunteer can read back."""

from __future__ import annotations

from intake_app.domain.report import Report

IDENTIFYING = (
    "the person's name, date of birth, address, phone and email",
    "the reporter's name and contact details",
    "witnesses' names and contact details",
)
EVERYTHING_ELSE = (
    "why they think it happened, and the strands",
    "what happened, when and where",
    "descriptions of the offenders",
    "injuries, loss or damage, and evidence",
)


def sharing_summary(report: Report, *, demo: bool = False) -> tuple[list[str], list[str], str]:
    """(passed to the police, kept at the centre, one sentence explaining the choice)."""
    if demo:
        return (
            [],
            ["the whole report"],
            "Nothing leaves the centre: this is a demo report, made up for practice, and demo data "
            "is never sent to the police.",
        )
    if report.consent == "police_with_contact":
        return (
            [*EVERYTHING_ELSE, *IDENTIFYING, "contact preferences and access needs"],
            ["attachments not marked to share"],
            "The police will get the report with the person's details, so officers can make contact.",
        )
    if report.consent == "police_without_details":
        return (
            list(EVERYTHING_ELSE),
            [*IDENTIFYING, "attachments not marked to share"],
            "The police will get the report as intelligence, without anything that identifies the person.",
        )
    if report.consent == "monitoring_only":
        return (
            [],
            ["the whole report"],
            "Nothing leaves the centre. The report is kept for monitoring and anonymous figures only.",
        )
    return [], [], "Choose what the person agrees to (first section) to see what will be shared."
