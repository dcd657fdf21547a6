"""The whole hand-off through both command lines: centre exports, force opens, imports, writes a
receipt; the centre imports it. Tampered batches and receipts are refused, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.handoff_world import FORCE_PASSPHRASE


def test_export_import_receipt_round_trip(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    code, out, err = centre("export", "--out", str(outbox))
    assert code == 0, err
    batch = Path(out.strip())
    assert batch == outbox / "RIVA-batch-00001.intake"
    code, out, err = force("open", str(batch))
    assert code == 0, err
    assert "3 reports" in out and "signature good" in out
    assert force("import", str(batch))[0] == 0
    code, _, err = force("import", str(batch))
    assert code == 0 and "imported before" in err  # idempotent
    receipt = tmp_path / "receipt"
    assert force("receipt", str(batch), "-o", str(receipt))[0] == 0
    code, out, err = centre("receipt", "import", str(receipt))
    assert code == 0, err
    assert "3 reports acknowledged" in out
    _, listing, _ = centre("report", "list", "--json")
    statuses = {r["reference"]: r["status"] for r in json.loads(listing)}
    assert [statuses[r] for r in refs] == ["acknowledged"] * 3 + ["ready"]
    code, _, err = centre("receipt", "import", str(receipt))
    assert code == 1 and "imported before" in err


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damaged_batch_is_refused_and_nothing_written(world, damage: str) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    batch = outbox / "RIVA-batch-00001.intake"
    raw = bytearray(batch.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    else:
        raw = raw[: len(raw) - 100]
    batch.write_bytes(bytes(raw))
    code, _, err = force("import", str(batch))
    assert code == 1 and "signature does not match" in err  # the signature covers every byte
    assert not (tmp_path / "force" / "force.db").exists() or _count_reports(tmp_path) == 0


def test_batch_from_an_unregistered_centre_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    (tmp_path / "force" / "centres" / "RIVA.pub").unlink()
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    code, _, err = force("open", str(outbox / "RIVA-batch-00001.intake"))
    assert code == 1 and "not registered" in err


def test_forged_receipt_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    batch = outbox / "RIVA-batch-00001.intake"
    force("import", str(batch))
    receipt = tmp_path / "receipt"
    force("receipt", str(batch), "-o", str(receipt))
    receipt.write_bytes(receipt.read_bytes().replace(b'"accepted"', b'"rejected"', 1))
    code, _, err = centre("receipt", "import", str(receipt))
    assert code == 1 and "signature does not match" in err
    _, listing, _ = centre("report", "list", "--json")
    assert {r["status"] for r in json.loads(listing) if r["reference"] in refs[:3]} == {"exported"}


def test_wrong_fingerprint_stops_the_profile_import(world) -> None:  # type: ignore[no-untyped-def]
    centre, _, tmp_path, _ = world
    code, _, err = centre(
        "profile", "import", str(tmp_path / "profile.json"), "--fingerprint", "0000 1111"
    )
    assert code == 1 and "does not match" in err


def _count_reports(tmp_path: Path) -> int:
    from intake_app.force.identity import secrets_for
    from intake_app.force.store import ForceStore

    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    try:
        return int(store.db.scalar("SELECT count(*) FROM reports"))
    finally:
        store.close()


def test_a_lost_batch_is_written_again_and_imported_once(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    first, second = tmp_path / "usb1", tmp_path / "usb2"
    first.mkdir()
    second.mkdir()
    centre("export", "-o", str(first))
    code, out, err = centre("export", "--rewrite", "1", "-o", str(second))
    assert code == 0, err
    copy = second / "RIVA-batch-00001.intake"
    assert force("import", str(copy))[0] == 0
    code, _, err = force("import", str(first / "RIVA-batch-00001.intake"))
    assert code == 0 and "imported before" in err  # the same batch id: not stored twice
    force("receipt", str(copy), "-o", str(tmp_path / "receipt"))
    code, out, err = centre("receipt", "import", str(tmp_path / "receipt"))
    assert code == 0 and "3 reports acknowledged" in out, err


def test_the_force_folder_holds_no_report_text_after_import(world) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from intake_app.force.store import ForceStore
    from tests.force_store_helpers import files_holding

    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    assert force("import", str(outbox / "RIVA-batch-00001.intake"))[0] == 0
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    stored = "".join(
        json.dumps(store.report(row[0])) for row in store.db.all("SELECT id FROM reports")
    )
    store.close()
    needles = (refs[0], "two men followed me from the bus stop", "Example Witness")
    assert all(needle in stored for needle in needles)  # in the database, readable with the key
    assert files_holding(home, tuple(n.encode() for n in needles)) == []  # but not on disk
