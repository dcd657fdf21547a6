"""Rotating a content key to the end: everything sealed again under the newest key, then the
keys nothing names removed, on the SQLCipher file and on PostgreSQL alike. A disclosed earlier
key then opens nothing in the database; a value sealed meanwhile under an earlier key keeps that
key; an importer still holding a removed key is refused before it writes anything; a damaged
value stops resealing with a plain message and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from intake_app.force import content_keys, resealing
from intake_app.force.case_updates import written_before
from intake_app.force.content_keys import ContentKeys, update_file_context
from intake_app.force.store import ForceStore
from intake_app.support.errors import IntakeError
from tests.force_store_helpers import ATTACHMENT, PHRASE, batch

IDENTITY = pyrage.x25519.Identity.generate()
UPDATE_FILE = b"signed update file: crime reference LP/4242/26"
SECOND = {"report_id": "cd" * 16, "reference": "RIVA-2026-00043-R"}
THIRD = {"report_id": "ef" * 16, "reference": "RIVA-2026-00044-P"}


def _key_ids(store: ForceStore) -> list[int | None]:
    values = [r[0] for r in store.db.all("SELECT sealed FROM reports WHERE sealed IS NOT NULL")]
    values += [r[0] for r in store.db.all("SELECT sealed FROM attachments")]
    values += [r[0] for r in store.db.all("SELECT signed FROM update_files")]
    return sorted({content_keys.key_id_of(bytes(v)) for v in values}, key=str)


def _every_value(store: ForceStore) -> list[tuple[bytes, bytes]]:
    rows = [
        (bytes(r[1]), content_keys.report_context(r[0]))
        for r in store.db.all("SELECT id, sealed FROM reports WHERE sealed IS NOT NULL")
    ]
    rows += [
        (bytes(r[2]), content_keys.attachment_context(r[0], r[1]))
        for r in store.db.all("SELECT report_id, member, sealed FROM attachments")
    ]
    rows += [(bytes(r[2]), update_file_context(r[0], int(r[1])))
             for r in store.db.all("SELECT centre_code, sequence, signed FROM update_files")]  # fmt: skip
    return rows


def _filled(home: Path, address: str | None) -> ContentKeys:
    """Two reports, two attachments and an update file under key 1; then key 2 made, and a third
    report sealed under it. The keys as they were before key 2."""
    store = ForceStore(home, IDENTITY, address)
    try:
        store.import_batch(batch(1))
        store.import_batch(batch(2, **SECOND))
        with store.db.transaction():
            store.db.execute(
                "INSERT INTO update_files VALUES (?, ?, ?, ?, ?)",
                ("RIVA", 1, "2026-11-22T10:00:00Z", 1,
                 store.keys.seal(UPDATE_FILE, update_file_context("RIVA", 1))),
            )  # fmt: skip
            content_keys.rotate(store.db, IDENTITY)
        first = store.keys
    finally:
        store.close()
    store = ForceStore(home, IDENTITY, address)
    try:
        store.import_batch(batch(3, **THIRD))
    finally:
        store.close()
    return first


def test_everything_is_sealed_again_under_the_newest_key_and_the_earlier_one_goes(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    first = _filled(home, address)
    store = ForceStore(home, IDENTITY, address)
    try:
        assert _key_ids(store) == [1, 2]
        result = resealing.reseal(store.db, store.keys, chunk=1)
        assert result.done == {"reports": 2, "attachments": 2, "update_files": 1}
        assert (result.already, result.removed, result.kept) == (2, [1], [])
        assert _key_ids(store) == [2]
        assert store.db.all("SELECT key_id FROM content_keys") == [(2,)]
        for report_id in ("ab" * 16, "cd" * 16, "ef" * 16):
            assert store.report(report_id)["report"]["description"] == PHRASE  # type: ignore[index]
            assert store.attachment(report_id, f"attachments/{report_id[::-1]}.png") == ATTACHMENT
        assert written_before(store.db, store.keys, "RIVA", 1) == UPDATE_FILE
        for value, context in _every_value(store):  # the disclosed key 1 opens nothing now
            with pytest.raises(IntakeError):
                ContentKeys({1: first.keys[1]}, 1).open(value, context)
        again = resealing.reseal(store.db, store.keys)
        assert sum(again.done.values()) == 0 and again.already == 7 and again.removed == []
    finally:
        store.close()


def test_a_value_sealed_meanwhile_under_an_earlier_key_keeps_that_key_until_the_next_run(
    where, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    _filled(home, address)
    late = ForceStore(home, IDENTITY, address)  # opened before key 3 is made: it seals with 2
    store = ForceStore(home, IDENTITY, address)
    try:
        with store.db.transaction():
            content_keys.rotate(store.db, IDENTITY)
        store.close()
        store = ForceStore(home, IDENTITY, address)
        removing = resealing._remove_unused
        monkeypatch.setattr(resealing, "_remove_unused", lambda db, result: None)
        resealing.reseal(store.db, store.keys)
        late.import_batch(batch(4, report_id="0a" * 16, reference="RIVA-2026-00045-M"))
        result = resealing.Resealed()
        store.db.retrying(lambda: removing(store.db, result))
        assert (result.removed, result.kept) == ([1], [2])
        assert store.report("0a" * 16) is not None
        monkeypatch.setattr(resealing, "_remove_unused", removing)
        assert resealing.reseal(store.db, store.keys).removed == [2]
        assert _key_ids(store) == [3]
    finally:
        late.close()
        store.close()


def test_an_importer_holding_a_removed_key_is_refused_and_writes_nothing(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    _filled(home, address)
    stale = ForceStore(home, IDENTITY, address)
    stale.keys = ContentKeys(dict(stale.keys.keys), 1)  # as a program opened before key 2
    store = ForceStore(home, IDENTITY, address)
    try:
        assert resealing.reseal(store.db, store.keys).removed == [1]
        with pytest.raises(IntakeError, match="content keys changed while this was running"):
            stale.import_batch(batch(4, report_id="0a" * 16, reference="RIVA-2026-00045-M"))
        assert store.db.scalar("SELECT count(*) FROM batches") == 3
        assert store.report("0a" * 16) is None
    finally:
        stale.close()
        store.close()


def test_a_damaged_value_stops_resealing_plainly_and_keeps_what_was_done(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    _filled(home, address)
    store = ForceStore(home, IDENTITY, address)
    try:
        damaged = bytearray(
            store.db.scalar("SELECT sealed FROM reports WHERE id = ?", ("cd" * 16,))
        )
        damaged[-1] ^= 1
        with store.db.transaction():
            store.db.execute(
                "UPDATE reports SET sealed = ? WHERE id = ?", (bytes(damaged), "cd" * 16)
            )
        with pytest.raises(IntakeError) as refused:
            resealing.reseal(store.db, store.keys, chunk=1)
        assert str(refused.value).startswith("A value in the reports table does not open")
        assert "Resealing stopped there" in str(refused.value)
        sealed = {r[0]: bytes(r[1]) for r in store.db.all("SELECT id, sealed FROM reports")}
        assert content_keys.key_id_of(sealed["ab" * 16]) == 2  # done before it: kept
        assert sealed["cd" * 16] == bytes(damaged)  # left as it was found
        assert store.db.all("SELECT key_id FROM content_keys ORDER BY key_id") == [(1,), (2,)]
    finally:
        store.close()


def test_resealing_refuses_keys_that_are_not_the_newest(where) -> None:  # type: ignore[no-untyped-def]
    home, address = where
    first = _filled(home, address)
    store = ForceStore(home, IDENTITY, address)
    try:
        with pytest.raises(IntakeError, match="content keys changed"):
            resealing.reseal(store.db, ContentKeys(dict(store.keys.keys), first.current))
        assert _key_ids(store) == [1, 2]
    finally:
        store.close()
