"""Finding the reports received, on both back ends: the clear-field filters, newest first, a page
at a time; a search that opens only what the filters leave, finds every word whatever its case
or accents, skips erased reports and stops at its limits; each report's history; and the export
rows, an erased report's with nothing of its content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyrage
import pytest

from intake_app.exchange.batch_format import GENESIS
from intake_app.force import finding, records_export
from intake_app.force.finding import Filters
from intake_app.force.opening import OpenedBatch
from intake_app.force.store import ForceStore

IDENTITY = pyrage.x25519.Identity.generate()


def document(number: int, centre: str, description: str, strand: str) -> dict[str, Any]:
    return {
        "format": "intake-report/2", "id": f"{number:032x}",
        "reference": f"{centre}-2026-{number:05d}-Q", "centre_code": centre,
        "created_at": "2026-11-20T09:00:00Z", "identifying_details": number % 2 == 0,
        "attachments": [],
        "report": {"description": description, "consent": "police_with_contact",
                   "strands": [{"strand": strand, "sub_category": ""}],
                   "when": {"start": f"2026-10-{number:02d}", "end": ""}},
    }  # fmt: skip


def opened(
    centre: str, sequence: int, documents: list[dict[str, Any]], erasures: list[dict[str, Any]] = ()
) -> OpenedBatch:  # type: ignore[assignment]
    manifest = {
        "format": "intake-batch", "version": 3, "centre_code": centre,
        "batch_id": f"{centre}{sequence:028x}".lower().ljust(32, "0")[:32], "sequence": sequence,
        "previous_batch_sha256": GENESIS, "created_at": "2026-11-21T10:00:00Z",
        "report_count": len(documents), "members": [],
    }  # fmt: skip
    return OpenedBatch(f"{centre}{sequence}".ljust(64, "0"), manifest, documents, {},
                       erasures=list(erasures))  # fmt: skip


TEXTS = {
    1: "Two men followed me from the bus stop and shouted",
    2: "Graffiti on the Café Zoë shutter, written in red",
    3: "Shouting at the bus station about my wheelchair",
    4: "Nothing here matches anything",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ForceStore]:
    address = None
    if request.param == "postgresql":
        address = str(request.getfixturevalue("postgres_database"))
    held = ForceStore(tmp_path, IDENTITY, address)
    held.import_batch(opened("RIVA", 1, [document(1, "RIVA", TEXTS[1], "race"),
                                         document(2, "RIVA", TEXTS[2], "religion")]))  # fmt: skip
    held.import_batch(opened("MIDL", 1, [document(3, "MIDL", TEXTS[3], "disability"),
                                         document(4, "MIDL", TEXTS[4], "race")]))  # fmt: skip
    with held.db.transaction():
        for number, day in ((1, "2026-11-01"), (2, "2026-11-02"), (3, "2026-11-03"), (4, "2026-11-04")):  # fmt: skip
            held.db.execute("UPDATE reports SET received_at = ? WHERE id = ?",
                            (f"{day}T12:00:00Z", f"{number:032x}"))  # fmt: skip
    try:
        yield held
    finally:
        held.close()


def refs(rows: list[finding.Received]) -> list[str]:
    return [r.reference for r in rows]


def test_the_list_is_newest_first_and_filtered_by_clear_fields(store: ForceStore) -> None:
    db = store.db
    everything = finding.page(db, Filters(), 10)
    assert refs(everything) == ["MIDL-2026-00004-Q", "MIDL-2026-00003-Q", "RIVA-2026-00002-Q",
                                "RIVA-2026-00001-Q"]  # fmt: skip
    assert everything[-1].strands == ("race",) and everything[-1].incident_on == "2026-10-01"
    assert everything[-2].identifying and not everything[-1].identifying
    assert refs(finding.page(db, Filters(centre="RIVA"), 10)) == ["RIVA-2026-00002-Q", "RIVA-2026-00001-Q"]  # fmt: skip
    assert refs(finding.page(db, Filters(strand="race"), 10)) == ["MIDL-2026-00004-Q", "RIVA-2026-00001-Q"]  # fmt: skip
    window = Filters(since=date(2026, 11, 2), until=date(2026, 11, 3))
    assert refs(finding.page(db, window, 10)) == ["MIDL-2026-00003-Q", "RIVA-2026-00002-Q"]
    assert finding.count(db, window) == 2
    assert refs(finding.page(db, Filters(), 2, 2)) == ["RIVA-2026-00002-Q", "RIVA-2026-00001-Q"]
    assert finding.page(db, Filters(centre="NONE"), 10) == []
    assert refs(list(finding.every(db, Filters(status="received")))) == refs(everything)


EVERYTHING = Filters()


def _search(store: ForceStore, text: str, chosen: Filters = EVERYTHING, **limits: int) -> finding.SearchResult:  # fmt: skip
    limits.setdefault("limit", 50)
    return finding.search(store.db, store.report, finding.search_words(text), chosen, **limits)


def test_a_search_finds_every_word_whatever_its_case_or_accents(store: ForceStore) -> None:
    assert [f.report.reference for f in _search(store, "BUS shout").found] == [
        "MIDL-2026-00003-Q", "RIVA-2026-00001-Q"]  # fmt: skip
    found = _search(store, "cafe zoe").found
    assert [f.report.reference for f in found] == ["RIVA-2026-00002-Q"]
    assert "Café Zoë" in found[0].snippet  # the snippet is the text as written
    assert _search(store, "bus wheelchair graffiti").found == []  # every word, in one report
    assert _search(store, "abus").found == []  # the start of a word, not inside one ("bus")
    assert [f.report.reference for f in _search(store, "riva-2026-00001").found] == ["RIVA-2026-00001-Q"]  # fmt: skip


def test_the_filters_narrow_a_search_before_anything_is_opened(store: ForceStore) -> None:
    opened_ids: list[str] = []

    def counting(report_id: str) -> dict[str, Any] | None:
        opened_ids.append(report_id)
        return store.report(report_id)

    result = finding.search(store.db, counting, ("bus",), Filters(centre="MIDL"), limit=50)
    assert [f.report.reference for f in result.found] == ["MIDL-2026-00003-Q"]
    assert opened_ids == [f"{4:032x}", f"{3:032x}"] and result.opened == 2


def test_a_search_stops_at_its_limits_and_says_which(store: ForceStore) -> None:
    first = _search(store, "the", limit=1)
    assert len(first.found) == 1 and first.stopped == "matches"
    read_two = _search(store, "bus", max_opened=2)
    assert read_two.opened == 2 and read_two.stopped == "opened"
    assert [f.report.reference for f in read_two.found] == ["MIDL-2026-00003-Q"]
    assert _search(store, "bus").stopped is None


def test_an_erased_report_is_listed_but_never_opened_nor_exported_with_content(
    store: ForceStore,
) -> None:
    erasure = {"id": f"{1:032x}", "reference": "RIVA-2026-00001-Q", "centre_code": "RIVA"}
    store.import_batch(opened("RIVA", 2, [], [erasure]))
    gone = finding.by_reference(store.db, "RIVA-2026-00001-Q")
    assert gone is not None and gone.status == "erased" and gone.strands == ()
    assert refs(finding.page(store.db, Filters(status="erased"), 10)) == ["RIVA-2026-00001-Q"]
    assert _search(store, "followed").found == []
    rows = list(records_export.opened([gone], store.report))
    assert rows == [(gone, None)]
    cells = records_export.csv_row(gone, None)
    assert cells[: len(records_export.CLEAR_COLUMNS)][6] == "erased"
    assert all(c == "" for c in cells[len(records_export.CLEAR_COLUMNS) :])
