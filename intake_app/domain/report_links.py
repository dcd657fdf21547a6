"""Links between reports: the same person, the same place, the same offender, or another reason.

A link reads the same from either report. It is the centre's own working knowledge: it never
goes to the police, whatever the person agreed to (see ``report_sharing``)."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.support.i18n import N_

SAME_PERSON = "same_person"
SAME_PLACE = "same_place"
SAME_OFFENDER = "same_offender"
OTHER = "other"

# Translators: why two reports are linked, shown beside the linked report's reference.
LINK_REASONS = {
    SAME_PERSON: N_("The same person"),
    SAME_PLACE: N_("The same place"),
    SAME_OFFENDER: N_("The same offender"),
    OTHER: N_("Another reason"),
}
NOTE_LIMIT = 200  # a short note, not a second narrative


@dataclass(frozen=True)
class ReportLink:
    """A link seen from one report: the other report, why they are linked, and a note (for
    "another reason")."""

    other_id: str
    other_reference: str
    reason: str
    note: str
    created_at: str
