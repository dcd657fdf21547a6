"""Corrections and withdrawals reach the force, through both command lines: report → batch →
force import → receipt; then correct (or withdraw) → the next batch → force import → receipt →
the centre shows the correction (or erasure) confirmed, and the force's database, read page by
page with its key, no longer holds anything of an erased report but its id and reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from intake_app.domain.report_template import example_report
from intake_app.force.identity import secrets_for
from tests.force_desk import decrypted_pages
from tests.handoff_world import FORCE_PASSPHRASE

NAME = "Perpetua Vandersloot-Quince"


def _hand_over(centre: Any, force: Any, folder: Path) -> tuple[Path, str, str]:
    """One batch: written, imported by the force, its receipt imported at the centre."""
    folder.mkdir()
    code, out, err = centre("export", "-o", str(folder))
    assert code == 0, err
    batch = Path(out.strip())
    code, imported, err = force("import", str(batch))
    assert code == 0, err
    receipt = folder / "receipt"
    code, written, err = force("receipt", str(batch), "-o", str(receipt))
    assert code == 0, err
    code, out, err = centre("receipt", "import", str(receipt))
    assert code == 0, err
    return batch, imported + written, out


def _add(centre: Any, folder: Path, **person: str) -> str:
    report = example_report().to_dict()
    report["person"].update(person)
    path = folder / "new.json"
    path.write_text(json.dumps(report))
    code, out, err = centre("report", "add", "--json", str(path), "--ready")
    assert code == 0, err
    return out.strip()


def _force_rows(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    from intake_app.force.store import ForceStore

    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    try:
        return store.db.all(sql)
    finally:
        store.close()


def _force_documents(tmp_path: Path) -> dict[str, Any]:
    """Each report's document, opened, by reference (None once erased)."""
    from intake_app.force.store import ForceStore

    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    try:
        return {str(r[1]): store.report(r[0]) for r in store.db.all("SELECT id, reference FROM reports")}  # fmt: skip
    finally:
        store.close()


def test_a_correction_goes_to_the_force_and_comes_back_confirmed(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    _hand_over(centre, force, tmp_path / "usb1")
    corrected = example_report().to_dict()
    corrected["person"]["phone"] = "0116 496 0999"
    (tmp_path / "c.json").write_text(json.dumps(corrected))
    code, out, err = centre("report", "correct", refs[0], "--json", str(tmp_path / "c.json"))
    assert code == 0, err
    assert out.splitlines() == [
        f"Corrected {refs[0]}: person.phone",
        "The police have this report: the next batch takes them the correction.",
    ]
    assert "  Correction waiting for the next batch" in centre("report", "show", refs[0])[1]
    code, out, err = centre("export", "--plan", "-o", str(tmp_path))
    assert f"{refs[0]}\tcorrection\t" in out
    (tmp_path / "usb2").mkdir()
    code, out, err = centre("export", "-o", str(tmp_path / "usb2"))
    assert code == 0, err
    assert "Batch 2: 0 reports." in err and "1 correction or erasure" in err
    batch = Path(out.strip())
    assert "Correction sent" in centre("report", "show", refs[0])[1]
    code, out, err = force("open", str(batch))
    assert code == 0 and "Corrections: 1. Erasures: 0." in out and f"{refs[0]}\tcorrection" in out
    code, out, err = force("import", str(batch))
    assert code == 0 and "Corrections applied: 1. Erasures applied: 0. Refused: 0." in out, err
    stored = _force_documents(tmp_path)
    assert stored[refs[0]]["report"]["person"]["phone"] == "0116 496 0999"
    changes = _force_rows(tmp_path, "SELECT kind, sequence FROM report_changes")
    assert changes == [("amended", 2)]
    code, out, err = force("receipt", str(batch), "-o", str(tmp_path / "usb2" / "receipt"))
    assert code == 0 and "Corrections and erasures: 1 applied, 0 refused." in out
    code, out, err = centre("receipt", "import", str(tmp_path / "usb2" / "receipt"))
    assert code == 0, err
    assert "Corrections and erasures: 1 confirmed, 0 refused by the force." in out
    code, out, _ = centre("report", "show", refs[0])
    assert out.splitlines()[:2] == [f"{refs[0]} — acknowledged", "  Correction confirmed"]
    shown = json.loads(centre("report", "show", refs[0], "--json")[1])
    assert shown["notice"] == {"kind": "amendment", "state": "confirmed", "reason": ""}
    listing = {r["reference"]: r for r in json.loads(centre("report", "list", "--json")[1])}
    assert listing[refs[0]]["notice"]["state"] == "confirmed"
    code, out, _ = centre("audit", "verify")
    assert code == 0 and "intact" in out


def test_a_withdrawal_erases_the_forces_copy_and_comes_back_confirmed(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    ref = _add(centre, tmp_path, name=NAME, phone="0116 496 0555")
    _hand_over(centre, force, tmp_path / "usb1")
    home = tmp_path / "force"
    identity = secrets_for(home, FORCE_PASSPHRASE)[0]
    assert NAME.encode() in decrypted_pages(home, identity)  # the scan finds what is there
    code, out, err = centre("report", "withdraw", ref)
    assert code == 0, err
    assert "the next batch asks them to erase their copy" in out
    assert "Erasure waiting for the next batch" in centre("report", "show", ref)[1]
    batch, said, out = _hand_over(centre, force, tmp_path / "usb2")
    assert "Corrections applied: 0. Erasures applied: 1. Refused: 0." in said
    assert "1 confirmed, 0 refused" in out
    code, out, _ = centre("report", "show", ref)
    assert out.splitlines()[:2] == [f"{ref} — withdrawn", "  Erasure confirmed"]
    kept = _force_rows(tmp_path, f"SELECT centre_code, reference, sealed, status FROM reports WHERE reference = '{ref}'")  # fmt: skip
    assert kept == [("RIVA", ref, None, "erased")]
    assert _force_documents(tmp_path)[ref] is None
    assert _force_rows(tmp_path, "SELECT kind, sequence FROM report_changes") == [("erased", 2)]
    plain = decrypted_pages(home, identity)
    for needle in (NAME, "0116 496 0555"):
        assert needle.encode() not in plain, needle
    assert ref.encode() in plain
    code, _, err = force("import", str(batch))  # replayed: nothing changes
    assert code == 0 and "imported before" in err


def test_a_notice_naming_another_centres_report_is_refused_by_the_force(world) -> None:  # type: ignore[no-untyped-def]
    """A second centre whose batch names RIVA's report: refused, nothing written."""
    import minisign

    from intake_app.exchange.batch_format import erasure_document
    from tests.batch_craft import craft_batch, encoded

    centre, force, tmp_path, refs = world
    _hand_over(centre, force, tmp_path / "usb1")
    keys = minisign.KeyPair.generate()
    (tmp_path / "OTHR.pub").write_text(
        "untrusted comment: x\n" + keys.public_key.to_base64().decode() + "\n"
    )
    assert force("centre", "add", str(tmp_path / "OTHR.pub"), "--code", "OTHR")[0] == 0
    riva_id = _force_rows(tmp_path, f"SELECT id FROM reports WHERE reference = '{refs[0]}'")[0][0]  # fmt: skip
    import pyrage

    profile = json.loads((tmp_path / "profile.json").read_text())
    recipient = pyrage.x25519.Recipient.from_str(profile["age_recipients"][0])
    erasure = erasure_document(riva_id, refs[0].replace("RIVA", "OTHR"), "OTHR")
    raw = craft_batch([(f"erasures/{riva_id}.json", encoded(erasure))], key=keys,
                      recipient=recipient, centre="OTHR")  # fmt: skip
    (tmp_path / "OTHR-batch-00001.intake").write_bytes(raw)
    before = _force_rows(tmp_path, "SELECT * FROM reports ORDER BY id")
    code, out, err = force("import", str(tmp_path / "OTHR-batch-00001.intake"))
    assert code == 1 and out == ""
    assert "names a report another centre sent. Nothing was imported" in err
    assert _force_rows(tmp_path, "SELECT * FROM reports ORDER BY id") == before
    assert _force_rows(tmp_path, "SELECT count(*) FROM batches") == [(1,)]
