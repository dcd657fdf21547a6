"""What a report contributes to statistics: one entry per dimension value, nothing identifying.

Written when a report is marked ready (so drafts never count) and left alone when its personal
data is erased, so withdrawn and purged reports keep counting. Migration 0004 fills the same
entries for reports saved before statistics existed; the two must agree (tested)."""

from __future__ import annotations

from intake_app.domain.report import Report, postcode_district
from intake_app.storage.database import Database

NOT_RECORDED = "not_recorded"
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
