"""The reports received, written for the force's records system: CSV (one row a report) or JSON
(one document). docs/force-export.md is the mapping: every column and field, its codes, how
lists are written, dates and erased reports.

The file is written a report at a time under a temporary name, synced, then put in place
(``atomic_files.write_streamed``): memory does not grow with the number of reports, and a
half-written export never exists under the name asked for. Report text is written only into
that file, which the person asked for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, BinaryIO

from intake_app.domain.report import Report
from intake_app.exchange.report_schema import sent_form
from intake_app.force import schema
from intake_app.force.finding import Filters, Received

FORMAT = "intake-force-export"
VERSION = 1
BOM = "\ufeff"  # so that Excel reads the file as UTF-8
_HOSTILE_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula
LIST_SEPARATOR = "; "
_ENTRY_LISTS = ("offenders", "witnesses")  # lists of people: written as JSON in one cell
_CODE_LISTS = ("incident_types", "perceived_by")

CLEAR_COLUMNS = (
    "reference", "report_id", "centre", "batch_id", "received_at", "created_at", "status",
    "identifying_details", "consent", "strand_codes", "incident_day",
)  # fmt: skip


def report_columns() -> tuple[str, ...]:
    """The columns of the report's own fields, in the order a batch carries them: an object's
    fields as ``object.field``."""
    columns: list[str] = []
    for key, value in sent_form(Report()).items():
        if key == "consent":
            continue  # in the clear columns
        if isinstance(value, dict):
            columns += [f"{key}.{inner}" for inner in value]
        else:
            columns.append(key)
    return tuple(columns)


def columns() -> tuple[str, ...]:
    return (*CLEAR_COLUMNS, *report_columns(), "attachments")


def _report(document: dict[str, Any] | None) -> dict[str, Any] | None:
    """The report's fields in the current form (a report of an earlier format upgraded)."""
    if document is None:
        return None
    report, _problems = Report.from_dict(document.get("report", {}))
    return sent_form(report)


def _attachments(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    if document is None:
        return []
    return [
        {k: a.get(k) for k in ("member", "media_type", "size", "sha256")}
        for a in document.get("attachments", [])
        if isinstance(a, dict)
    ]


def _clear(received: Received, document: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "reference": received.reference,
        "report_id": received.report_id,
        "centre": received.centre,
        "batch_id": received.batch_id,
        "received_at": received.received_at,
        "created_at": str(document.get("created_at", "")) if document else None,
        "status": received.status,
        "identifying_details": received.identifying,
        "consent": received.consent,
        "strand_codes": list(received.strands),
        "incident_day": received.incident_on,
    }


def guarded(text: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading ``'``."""
    return "'" + text if text.startswith(_HOSTILE_START) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _strands(value: list[dict[str, Any]]) -> str:
    return LIST_SEPARATOR.join(
        f"{s.get('strand', '')}:{s['sub_category']}" if s.get("sub_category") else str(s.get("strand", ""))
        for s in value
    )  # fmt: skip


def csv_row(received: Received, document: dict[str, Any] | None) -> list[str]:
    clear = _clear(received, document)
    report = _report(document) or {}
    cells = [_cell(clear[c]) for c in CLEAR_COLUMNS]
    for column in report_columns():
        key, _dot, inner = column.partition(".")
        value = report.get(key)
        if inner:
            value = value.get(inner) if isinstance(value, dict) else None
        if key == "strands":
            cells.append(_strands(value or []))
        elif key in _ENTRY_LISTS:
            cells.append(json.dumps(value, ensure_ascii=False) if value else "")
        else:
            cells.append(_cell(value))
    cells.append(LIST_SEPARATOR.join(a["member"] for a in _attachments(document)))
    return [guarded(c) for c in cells]


def to_csv(rows: Iterable[tuple[Received, dict[str, Any] | None]]) -> bytes:
    out = io.BytesIO()
    write_csv(rows, out)
    return out.getvalue()


def write_csv(rows: Iterable[tuple[Received, dict[str, Any] | None]], out: BinaryIO) -> int:
    """Write the CSV to ``out`` a row at a time; how many reports it holds."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        text.write(BOM)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns())
        count = 0
        for received, document in rows:
            writer.writerow(csv_row(received, document))
            count += 1
        text.flush()
    finally:
        text.detach()  # ``out`` stays open: its owner closes it
    return count


def to_json(
    rows: Iterable[tuple[Received, dict[str, Any] | None]],
    force_code: str,
    chosen: Filters,
    now: datetime | None = None,
) -> bytes:
    out = io.BytesIO()
    write_json(rows, force_code, chosen, out, now)
    return out.getvalue()


def write_json(
    rows: Iterable[tuple[Received, dict[str, Any] | None]],
    force_code: str,
    chosen: Filters,
    out: BinaryIO,
    now: datetime | None = None,
) -> int:
    """Write the JSON document to ``out`` a report at a time, byte for byte as ``json.dumps``
    with ``indent=1`` writes the whole (a test holds them equal); how many reports it holds."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "force_code": force_code,
        "exported_at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "filters": {
            "centre": chosen.centre,
            "from": chosen.since.isoformat() if chosen.since else None,
            "to": chosen.until.isoformat() if chosen.until else None,
            "strand": chosen.strand,
            "status": chosen.status,
        },
        "reports": [],
    }
    head = json.dumps(document, ensure_ascii=False, indent=1)
    cut = head.rindex('"reports": []') + len('"reports": [')
    out.write(head[:cut].encode("utf-8"))
    count = 0
    for received, opened_document in rows:
        report = {**_clear(received, opened_document), "report": _report(opened_document),
                  "attachments": _attachments(opened_document)}  # fmt: skip
        text = json.dumps(report, ensure_ascii=False, indent=1)
        # Two levels in (the document, its list): every line of it indented by two more. JSON
        # puts a line break only between its own tokens, never inside a string.
        lines = "\n".join("  " + line for line in text.split("\n"))
        out.write(((",\n" if count else "\n") + lines).encode("utf-8"))
        count += 1
    out.write(((("\n " if count else "") + head[cut:]) + "\n").encode("utf-8"))
    return count


def opened(
    reports: Iterable[Received], open_report: Callable[[str], dict[str, Any] | None]
) -> Iterable[tuple[Received, dict[str, Any] | None]]:
    """Each report with its document opened (None for an erased one)."""
    for received in reports:
        yield (
            received,
            None if received.status == schema.ERASED else open_report(received.report_id),
        )
