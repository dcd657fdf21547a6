"""intake-force and the notices of batch format 3, from committed fixtures (made by
tests/fixtures/exchange/notices/make_notice_fixtures.py with test keys): a correction replaces the
stored report, an erasure leaves nothing of it but its id, centre and reference; forged, tampered,
replayed, oversized and misdirected notices are refused plainly, writing nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import minisign
import pyrage
import pytest

from intake_app.exchange.receipts import ReceiptInvalid, read_receipt, sign_receipt
from intake_app.force.identity import add_centre
from intake_app.force.opening import BatchRefused, open_batch
from intake_app.force.store import ForceStore
from tests.fixtures.exchange.notices.make_notice_fixtures import (
    AMENDED_PHONE,
    NAME_IN_B,
    PHOTO,
    REF_A,
    REF_B,
    UNKNOWN,
    A,
    B,
)
from tests.force_desk import decrypted_pages, pages_only
from tests.force_store_helpers import held_rows, write_plain_store

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exchange" / "notices"
IDENTITY = pyrage.x25519.Identity.from_str((FIXTURES / "force-identity.txt").read_text().strip())
FORCE_KEY = minisign.PublicKey.from_base64(
    (FIXTURES / "force-receipt-key.pub").read_text().strip().encode()
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for code in ("RIVA", "OTHR"):
        add_centre(tmp_path, FIXTURES / f"{code}.pub", code)
    return tmp_path


def _take(home: Path, fixture: str) -> Any:
    copy = home / fixture
    shutil.copy(FIXTURES / fixture, copy)
    opened = open_batch(home, copy, IDENTITY)
    store = ForceStore(home, IDENTITY)
    try:
        return store.import_batch(opened), store.receipt(opened, "leicestershire")
    finally:
        store.close()


def _everything(home: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, report documents and attachments opened (as version 1 held them,
    first in their tables), and the content keys left out (a rotation changes them)."""
    store = ForceStore(home, IDENTITY)
    try:
        tables = [str(r[0]) for r in store.db.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'content_keys' "
            "ORDER BY name")]  # fmt: skip
        found = {t: store.db.all(f"SELECT * FROM {t} ORDER BY rowid") for t in tables}
        found |= held_rows(store)
        found["reports"] = [(*r[:6], r[6], *_clear(store, r[0])) for r in found["reports"]]
        return found
    finally:
        store.close()


def _clear(store: ForceStore, report_id: str) -> tuple[Any, ...]:
    row = store.db.one(
        "SELECT status, created_on, incident_on, consent FROM reports WHERE id = ?", (report_id,)
    )
    assert row is not None
    return row


@pytest.fixture
def base(home: Path) -> Path:
    """The force has RIVA's batch 1: reports A (with a photo) and B."""
    result, _receipt = _take(home, "base.intake")
    assert result.new_reports == 2
    return home


def test_the_good_notices_amend_one_report_and_erase_another(base: Path) -> None:
    assert NAME_IN_B.encode() in decrypted_pages(base, IDENTITY)
    assert NAME_IN_B.encode() not in pages_only(base, IDENTITY)  # sealed in its row
    store = ForceStore(base, IDENTITY)
    sealed_b = bytes(store.db.scalar("SELECT sealed FROM reports WHERE id = ?", (B,)))
    store.close()
    assert sealed_b in pages_only(base, IDENTITY)
    result, receipt = _take(base, "good.intake")
    assert [(n.kind, n.reference, n.outcome) for n in result.notices] == [
        ("amendment", REF_A, "applied"), ("erasure", REF_B, "applied"),
    ]  # fmt: skip
    rows = dict((r[0], r[1:]) for r in _everything(base)["reports"])
    assert json.loads(rows[A][5])["report"]["person"]["phone"] == AMENDED_PHONE
    assert rows[B][:2] == ("RIVA", REF_B) and rows[B][5] == ""
    tables = _everything(base)
    assert [(a[0], a[3]) for a in tables["attachments"]] == [(A, PHOTO)]  # A keeps its photo
    assert [(c[0], c[1], c[3]) for c in tables["report_changes"]] == [
        (A, "amended", 2), (B, "erased", 2),
    ]  # fmt: skip
    assert NAME_IN_B.encode() not in decrypted_pages(base, IDENTITY)
    assert sealed_b not in pages_only(base, IDENTITY)  # not even its ciphertext is left
    assert receipt["version"] == 3 and receipt["reports"] == []
    assert receipt["notices"] == [
        {"id": A, "reference": REF_A, "kind": "amendment", "outcome": "applied", "reason": ""},
        {"id": B, "reference": REF_B, "kind": "erasure", "outcome": "applied", "reason": ""},
    ]


def test_a_replayed_batch_changes_nothing(base: Path) -> None:
    _take(base, "good.intake")
    before = _everything(base)
    result, _receipt = _take(base, "good.intake")
    assert result.already_imported and "imported before" in result.notes[0]
    assert _everything(base) == before


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("wrong-key.intake", "signature does not match"),
        ("force-signed.intake", "signature does not match"),  # the other role's key
        ("truncated.intake", "signature does not match"),
        ("hash-mismatch.intake", "does not match the hash in the signed manifest"),
        ("added-after-signing.intake", "members do not match its manifest"),
        ("oversized.intake", f"erasures/{B}.json is larger than an erasure can be"),
        ("old-version.intake", "but its format version does not allow them"),
        ("twice.intake", "names the same report more than once"),
    ],
)
def test_each_bad_notice_batch_is_refused_before_the_database_is_touched(
    base: Path, fixture: str, message: str
) -> None:
    before = _everything(base)
    with pytest.raises(BatchRefused, match=message):
        _take(base, fixture)
    assert _everything(base) == before


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("other-centre.intake", f"erasures/{A}.json names a report another centre sent"),
        ("other-reference.intake", "gives another reference than the report the force holds"),
    ],
)
def test_a_notice_about_a_report_not_this_centres_refuses_the_whole_batch(
    base: Path, fixture: str, message: str
) -> None:
    before = _everything(base)
    with pytest.raises(BatchRefused, match=message):
        _take(base, fixture)
    assert _everything(base) == before  # not even the batch is recorded


def test_a_notice_for_a_report_never_received_is_refused_in_the_receipt(base: Path) -> None:
    before = _everything(base)
    result, receipt = _take(base, "unknown-report.intake")
    assert [(n.outcome, n.said) for n in result.notices] == [
        ("refused", "not received: the force holds no such report from this centre")
    ]
    after = _everything(base)
    assert after["reports"] == before["reports"] and after["report_changes"] == []
    assert receipt["notices"] == [{"id": UNKNOWN, "reference": "RIVA-2026-00003-C",
                                   "kind": "erasure", "outcome": "refused",
                                   "reason": "not received: the force holds no such report from this centre"}]  # fmt: skip


def test_a_notice_for_a_report_in_a_batch_not_yet_arrived_waits_for_it(home: Path) -> None:
    with pytest.raises(BatchRefused, match="batches 1 to 1 from RIVA have not arrived"):
        _take(home, "unknown-report.intake")
    assert _everything(home)["batches"] == []


def test_an_amendment_naming_other_attachments_is_refused_and_changes_nothing(base: Path) -> None:
    before = _everything(base)["reports"]
    result, _receipt = _take(base, "other-attachments.intake")
    assert [(n.outcome, n.reason) for n in result.notices] == [
        ("refused", "its attachments are not those the force received with the report")
    ]
    assert _everything(base)["reports"] == before


def test_after_an_erasure_a_correction_is_refused_and_another_erasure_confirmed(
    base: Path,
) -> None:
    _take(base, "good.intake")
    store = ForceStore(base, IDENTITY)
    try:
        from intake_app.force.notice_import import apply_notices
        from intake_app.force.opening import OpenedBatch

        amending = OpenedBatch("f" * 64, {"batch_id": "9" * 32, "centre_code": "RIVA"})
        amending.amendments = [{"id": B, "reference": REF_B, "identifying_details": True,
                                "attachments": []}]  # fmt: skip
        erasing = OpenedBatch("e" * 64, {"batch_id": "8" * 32, "centre_code": "RIVA"})
        erasing.erasures = [{"id": B, "reference": REF_B}]
        with store.db.transaction():
            outcomes = apply_notices(store.db, amending, 3, "2026-11-22T10:00:00Z", store.keys)
            outcomes += apply_notices(store.db, erasing, 4, "2026-11-22T10:00:00Z", store.keys)
    finally:
        store.close()
    assert [(o.kind, o.outcome, o.reason) for o in outcomes] == [
        ("amendment", "refused", "erased by batch 2: nothing is left to correct"),
        ("erasure", "applied", "already erased by batch 2"),
    ]


def test_an_older_correction_arriving_late_does_not_undo_a_newer_one(base: Path) -> None:
    _take(base, "good.intake")  # batch 2 corrected A's phone
    store = ForceStore(base, IDENTITY)
    try:
        from intake_app.force.notice_import import apply_notices
        from intake_app.force.opening import OpenedBatch

        stale = store.report(A)
        assert stale is not None
        stale["report"]["person"]["phone"] = "0116 496 0000"
        late = OpenedBatch("f" * 64, {"batch_id": "8" * 32, "centre_code": "RIVA"})
        late.amendments = [stale]
        with store.db.transaction():
            outcomes = apply_notices(store.db, late, 1, "2026-11-22T10:00:00Z", store.keys)
        kept = store.report(A)
        assert kept is not None
    finally:
        store.close()
    assert (outcomes[0].outcome, outcomes[0].reason) == (
        "applied", "a later correction (batch 2) was applied already and is kept",
    )  # fmt: skip
    assert kept["report"]["person"]["phone"] == AMENDED_PHONE


def test_a_force_database_from_before_notices_takes_them(home: Path) -> None:
    """force.db as a version before notices left it (unencrypted then): without their tables."""
    write_plain_store(home, [])
    conn = sqlite3.connect(home / "force.db")
    conn.executescript("DROP TABLE notice_outcomes; DROP TABLE report_changes;")
    conn.close()
    assert _take(home, "base.intake")[0].new_reports == 2
    result, _receipt = _take(home, "good.intake")
    assert [n.outcome for n in result.notices] == ["applied", "applied"]


# --- receipts ----------------------------------------------------------------------------------


def test_the_good_receipt_with_notices_reads() -> None:
    receipt = read_receipt((FIXTURES / "receipt-good.receipt").read_bytes(), FORCE_KEY)
    assert [n["kind"] for n in receipt["notices"]] == ["amendment", "erasure"]


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("receipt-duplicate.receipt", "lists a notice more than once"),
        ("receipt-bad-kind.receipt", "list of notices is malformed"),
        ("receipt-no-notices.receipt", "has no 'notices'"),
    ],
)
def test_each_bad_receipt_with_notices_is_refused(fixture: str, message: str) -> None:
    with pytest.raises(ReceiptInvalid, match=message):
        read_receipt((FIXTURES / fixture).read_bytes(), FORCE_KEY)


# --- property-based: whatever a signed erasure or receipt says, one plain answer ---------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from intake_app.force.opening import _erasure  # noqa: E402

_VALUES = st.one_of(st.none(), st.integers(), st.text(max_size=40), st.sampled_from(
    [B, REF_B, "RIVA", "intake-erasure/1", "OTHR", B + "\n"]))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(st.sampled_from(["format", "id", "reference", "centre_code", "x"]),
                                _VALUES, max_size=6))  # fmt: skip
def test_any_erasure_is_read_exactly_or_refused_plainly(document: dict[str, object]) -> None:
    good = {"format": "intake-erasure/1", "id": B, "reference": REF_B, "centre_code": "RIVA"}
    raw = json.dumps(document).encode()
    if document == good:
        assert _erasure(f"erasures/{B}.json", raw, "RIVA") == good
    else:
        with pytest.raises(BatchRefused):
            _erasure(f"erasures/{B}.json", raw, "RIVA")


_FORCE = minisign.KeyPair.generate()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notices=st.one_of(st.text(max_size=5), st.lists(st.dictionaries(
    st.sampled_from(["id", "reference", "kind", "outcome", "reason", "extra"]), _VALUES), max_size=3)))  # fmt: skip
def test_any_list_of_notices_in_a_signed_receipt_is_read_or_refused_plainly(notices: Any) -> None:
    receipt = json.loads((FIXTURES / "receipt-good.receipt").read_bytes().split(b"\n", 4)[4])
    receipt["notices"] = notices
    try:
        read = read_receipt(sign_receipt(receipt, _FORCE.secret_key), _FORCE.public_key)
    except ReceiptInvalid:
        return
    assert all(n["kind"] in ("amendment", "erasure") for n in read["notices"])
