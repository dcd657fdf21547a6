"""A report's stored form: the columns lists filter on, its JSON, its search entry and strands.

Shared by every service that writes a report's content (drafts, corrections, withdrawal), so the
columns, the full-text index and the strand rows always agree with the stored JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from intake_app.domain.document_mark import document_mark
from intake_app.domain.report import Report, StrandChoice
from intake_app.exchange.report_schema import CENTRE_ONLY
from intake_app.storage.database import Database

Columns = tuple[str | None, str | None, str | None, str | None, str, str, str | None, int | None]


# The summary columns kept beside a report's document, in the order ``columns`` gives them.
COLUMN_NAMES = (
    "consent", "reporter_type", "occurred_on", "place_type", "data", "phone_digits", "data_mark",
    "sent_end",
)  # fmt: skip
INSERTED = ", ".join(COLUMN_NAMES)
# Where a marked document's text ends as a batch sends it (given the current mark): NULL for a
# document without the mark, which is read into a report and written out again instead.
SENT_END = "CASE WHEN data_mark = ? THEN sent_end END"
INSERTED_MARKS = ", ".join("?" for _name in COLUMN_NAMES)
UPDATED = ", ".join(f"{name} = ?" for name in COLUMN_NAMES)


def phone_digits(report: Report) -> str:
    """The digits of the person's and the reporter's phone numbers, for finding someone who
    rings back by their number (``report_finding``); erased with the rest of the data."""
    numbers = (report.person.phone, report.reporter.phone)
    return " ".join("".join(c for c in n if c.isdigit()) for n in numbers if n).strip()


def columns(report: Report) -> Columns:
    """The summary columns and the document, in the order of ``COLUMN_NAMES``."""
    document = report.to_dict()
    text = _json(document)
    mark, end = document_mark(document), None
    notes = {k: v for k, v in document.items() if k in CENTRE_ONLY}
    tail = "," + _json(notes)[1:] if notes else "}"  # the centre's own notes, as written last
    last = list(document)[len(document) - len(notes) :]
    written_last = last == list(notes) and len(notes) < len(document) and text.endswith(tail)
    if mark is not None and written_last:
        end = len(text) - len(tail)
    return (
        report.consent or None,
        report.reporter_type or None,
        report.when.start or None,
        report.where.place_type or None,
        text,
        phone_digits(report),
        mark if end is not None else None,
        end,
    )


def sent_text(data: str, end: int) -> str:
    """A marked document's text as a batch sends it: closed where the centre's notes begin."""
    return data[:end] + "}"


def _json(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def index(db: Database, report_id: str, report: Report | None) -> None:
    """Replace the report's search row (none for ``report=None``) and strand rows."""
    old = db.scalar("SELECT search_rowid FROM reports WHERE id = ?", (report_id,))
    if old is not None:
        db.execute("DELETE FROM report_search WHERE rowid = ?", (old,))
    db.execute("DELETE FROM report_strands WHERE report_id = ?", (report_id,))
    rowid = None
    if report is not None:
        rowid = db.insert(
            "INSERT INTO report_search (report_id, body) VALUES (?, ?)",
            (report_id, report.search_text()),
        )
    db.execute("UPDATE reports SET search_rowid = ? WHERE id = ?", (rowid, report_id))
    index_strands(db, report_id, (report or Report()).strands)


def index_strands(db: Database, report_id: str, strands: Sequence[StrandChoice]) -> None:
    for choice in strands:
        db.execute(
            "INSERT OR IGNORE INTO report_strands (report_id, strand, sub_category) "
            "VALUES (?, ?, ?)",
            (report_id, choice.strand, choice.sub_category),
        )


def save_content(db: Database, report_id: str, report: Report, now: str, status: str) -> bool:
    """Rewrite the content of a report that still has ``status`` (inside the caller's
    transaction), with its search entry and strand rows. False if its status has changed."""
    written = db.execute(
        f"UPDATE reports SET {UPDATED}, updated_at = ? WHERE id = ? AND status = ?",  # noqa: S608
        (*columns(report), now, report_id, status),
    )
    if written:
        index(db, report_id, report)
    return bool(written)
