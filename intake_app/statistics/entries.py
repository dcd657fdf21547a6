"""What a report contributes to statistics: one entry per dimension value, nothing identifying.

Written when a report is marked ready (so drafts never count) and left alone when its personal
data is erased, so withdrawn and purged reports keep counting. Migration 0004 fills the same
entries for reports saved before statistics existed; the two must agree (tested).

Repeat victimisation (dimension ``repeat``) comes from links between reports: a report linked
to an earlier one (taken before it) of the same person counts as ``same_person``, by the same
offender as ``same_offender`` (both if both), and otherwise as ``none``. Adding or removing a link
rewrites it for both reports (``refresh_repeat``)."""

from __future__ import annotations

from intake_app.domain.report import Report, postcode_district
from intake_app.storage.database import Database

NOT_RECORDED = "not_recorded"
NOT_REPEAT = "none"
REPEAT_REASONS = ("same_person", "same_offender")
UNKNOWN_RELIGION = "unknown"


def month_of(report: Report, created_at: str) -> str:
    """The incident's month, or the month the report was taken when no date was given."""
    return report.when.start[:7] or created_at[:7]


def entries_for(report: Report) -> list[tuple[str, str]]:
    strands = sorted({c.strand for c in report.strands if c.strand})
    religion = sorted(
        {c.sub_category or UNKNOWN_RELIGION for c in report.strands if c.strand == "religion"}
    )
    incidents = sorted({code for code in report.incident_types if code})
    found = [
        ("consent", report.consent or NOT_RECORDED),
        ("reporter", report.reporter_type or NOT_RECORDED),
        ("victim", report.victim_type or NOT_RECORDED),
        ("place", report.where.place_type or NOT_RECORDED),
        ("district", postcode_district(report.where.postcode) or NOT_RECORDED),
    ]
    found += [("strand", code) for code in strands or [NOT_RECORDED]]
    found += [("religion", code) for code in religion]
    found += [("incident", code) for code in incidents or [NOT_RECORDED]]
    return found


def record_entries(
    db: Database, report_id: str, report: Report, created_at: str, is_demo: bool
) -> None:
    """Replace the report's entries (inside the caller's transaction)."""
    db.execute("DELETE FROM statistics_entries WHERE report_id = ?", (report_id,))
    month = month_of(report, created_at)
    for dimension, value in entries_for(report):
        db.execute(
            "INSERT INTO statistics_entries (report_id, month, is_demo, dimension, value) "
            "VALUES (?, ?, ?, ?, ?)",
            (report_id, month, int(is_demo), dimension, value),
        )
    for value in repeat_values(db, report_id):
        db.execute(
            "INSERT INTO statistics_entries (report_id, month, is_demo, dimension, value) "
            "VALUES (?, ?, ?, 'repeat', ?)",
            (report_id, month, int(is_demo), value),
        )


def repeat_values(db: Database, report_id: str) -> list[str]:
    """Why the report repeats an earlier one (``REPEAT_REASONS``), or ``[NOT_REPEAT]``. Earlier
    means taken before it (the reference decides between two taken in the same second)."""
    rows = db.all(
        "SELECT DISTINCT l.reason FROM report_links l "
        "JOIN reports me ON me.id = ? "
        "JOIN reports other ON other.id = CASE WHEN l.first_id = me.id "
        "                                     THEN l.second_id ELSE l.first_id END "
        "WHERE (l.first_id = me.id OR l.second_id = me.id) "
        "AND l.reason IN ('same_person', 'same_offender') "
        "AND (other.created_at < me.created_at "
        "     OR (other.created_at = me.created_at AND other.reference < me.reference))",
        (report_id,),
    )
    found = sorted(str(row[0]) for row in rows)
    return found or [NOT_REPEAT]


def refresh_repeat(db: Database, report_id: str) -> None:
    """Rewrite a counted report's repeat entries after its links changed (inside the caller's
    transaction); a report not counted (a draft) is left alone."""
    row = db.one(
        "SELECT month, is_demo FROM statistics_entries "
        "WHERE report_id = ? AND dimension = 'consent'",
        (report_id,),
    )
    if row is None:
        return
    db.execute(
        "DELETE FROM statistics_entries WHERE report_id = ? AND dimension = 'repeat'",
        (report_id,),
    )
    for value in repeat_values(db, report_id):
        db.execute(
            "INSERT INTO statistics_entries (report_id, month, is_demo, dimension, value) "
            "VALUES (?, ?, ?, 'repeat', ?)",
            (report_id, row[0], row[1], value),
        )
