"""What a report's consent lets leave the centre, in words a volunteer can read back.

The texts are message ids, marked for translation but not translated here: the screen shows
them with ``_()``, and the person's copy of the report looks them up in the language of the
copy (``leaflets/copy_wording.py`` keys its own wording by them)."""

from __future__ import annotations

from intake_app.domain.report import Report
from intake_app.support.i18n import N_

IDENTIFYING = (
    N_("the person's name, date of birth, address, phone and email"),
    N_("the reporter's name and contact details"),
    N_("witnesses' names and contact details"),
)
EVERYTHING_ELSE = (
    N_("why they think it happened, and the strands"),
    N_("what happened, when and where"),
    N_("descriptions of the offenders"),
    N_("injuries, loss or damage, and evidence"),
)
# Without identifying details (see exchange/plan.without_identifying_details, which does it):
# what goes is narrowed, and what stays says exactly what was taken out.
PASSED_WITHOUT_DETAILS = (
    EVERYTHING_ELSE[0],
    N_("what happened and when"),
    N_("where it happened: the postcode district only, and nothing when it was at or near home"),
    N_("descriptions of the offenders, without their names"),
    EVERYTHING_ELSE[3],
)
KEPT_WITHOUT_DETAILS = (
    N_("offenders' names"),
    N_("the address, and anything else said about the place"),
    N_("witnesses' notes"),
    N_("the interpreter language and access needs"),
)
# When an organisation or a building was targeted.
ORGANISATION = N_("the organisation's name and what kind of organisation it is")
ORGANISATION_KIND = N_("what kind of organisation was targeted, without its name")
ORGANISATION_NAME = N_("the organisation's name")
WHOLE_REPORT = N_("the whole report")
ATTACHMENTS_KEPT = N_("attachments not marked to share")
# Links between reports (the same person, place or offender) never leave the centre, whatever the
# consent: a link speaks of two reports, and one person's consent cannot cover the other's.
LINKS_KEPT = N_("links to other reports the centre holds")
CONTACT_AND_NEEDS = N_("contact preferences and access needs")
DEMO = N_(
    "Nothing leaves the centre: this is a demo report, made up for practice, and demo data "
    "is never sent to the police."
)
WITH_CONTACT = N_(
    "The police will get the report with the person's details, so officers can make contact."
)
WITHOUT_DETAILS = N_(
    "The police will get the report as intelligence, without anything that identifies the person."
)
MONITORING = N_(
    "Nothing leaves the centre. The report is kept for monitoring and anonymous figures only."
)
NOT_CHOSEN = N_("Choose what the person agrees to (first section) to see what will be shared.")


def sharing_summary(report: Report, *, demo: bool = False) -> tuple[list[str], list[str], str]:
    """(passed to the police, kept at the centre, one sentence explaining the choice), as
    untranslated message ids: translate each where it is shown."""
    if demo:
        return [], [WHOLE_REPORT], DEMO
    organisation = report.victim_type == "organisation"
    if report.consent == "police_with_contact":
        return (
            [*([ORGANISATION] if organisation else []), *EVERYTHING_ELSE, *IDENTIFYING,
             CONTACT_AND_NEEDS],
            [ATTACHMENTS_KEPT, LINKS_KEPT],
            WITH_CONTACT,
        )  # fmt: skip
    if report.consent == "police_without_details":
        passed = [*([ORGANISATION_KIND] if organisation else []), *PASSED_WITHOUT_DETAILS]
        kept = [*([ORGANISATION_NAME] if organisation else []), *IDENTIFYING,
                *KEPT_WITHOUT_DETAILS, ATTACHMENTS_KEPT, LINKS_KEPT]  # fmt: skip
        return passed, kept, WITHOUT_DETAILS
    if report.consent == "monitoring_only":
        return [], [WHOLE_REPORT], MONITORING
    return [], [], NOT_CHOSEN
