"""In a volunteer's workspace, what is left of each report once it has been handed to the
centre: its reference, consent and when (no personal data), enough for the leaflet and for the
volunteer's list to say it went."""

from __future__ import annotations

from intake_app.domain import reference
from intake_app.domain.dates import timestamp_for_people
from intake_app.domain.report_record import HandedOver
from intake_app.storage.database import Database
from intake_app.support.errors import NotAllowed
from intake_app.support.i18n import _, ngettext


def find(db: Database, ref_or_id: str) -> HandedOver | None:
    row = db.one(
        "SELECT report_id, reference, consent, handed_over_at FROM handed_over "
        "WHERE report_id = ? OR reference = ?",
        (ref_or_id, reference.normalise(ref_or_id)),
    )
    return HandedOver(*(str(v) if v is not None else "" for v in row)) if row else None


def not_in_workspace(db: Database, ref_or_id: str) -> NotAllowed:
    """Why a volunteer cannot open a report that is not in their workspace, in their terms."""
    if find(db, ref_or_id) is not None:
        return NotAllowed(
            _(
                "This report has been handed to the centre, sealed so that only a coordinator "
                "can open it. Ask a coordinator if you need to see it again."
            )
        )
    return NotAllowed(
        _(
            "That report is not in your workspace. You can open only your own reports, until "
            "they are marked ready; a coordinator can open the others."
        )
    )


def summary(db: Database) -> str:
    """How many went to the centre, and the latest: reference and when."""
    row = db.one(
        "SELECT count(*), max(handed_over_at), (SELECT reference FROM handed_over "
        "ORDER BY handed_over_at DESC, rowid DESC LIMIT 1) FROM handed_over"
    )
    if not row or not row[0]:
        return ""
    count = int(row[0])
    # Translators: {reference} is the latest report's reference; {when} its date and time.
    return ngettext(
        "{count} report handed to the centre (the latest: {reference}, {when}).",
        "{count} reports handed to the centre (the latest: {reference}, {when}).",
        count,
    ).format(count=count, reference=row[2], when=timestamp_for_people(str(row[1])))
