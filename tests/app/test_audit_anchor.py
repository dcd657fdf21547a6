"""The audit log's head travels in every batch, under the centre's signature, and the force's
signed receipt echoes it: a log rewritten afterwards, even by someone holding every key at the
centre, no longer contains the head the force acknowledged."""

from __future__ import annotations

import json
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.receipts import ReceiptInvalid, sign_receipt
from intake_app.storage import keyslots
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE
from tests.conftest import PASSPHRASE, full_report
from tests.services.test_export import open_batch


def _send(
    session: Session,
    tmp_path: Path,
    force: tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile],
) -> tuple[dict[str, object], dict[str, object]]:
    """One report sent in a batch; returns the batch's manifest and the force's receipt."""
    identity, _, profile = force
    session.exports.import_profile(profile.to_bytes())
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    (tmp_path / "out").mkdir(exist_ok=True)
    result = session.exports.export(tmp_path / "out")
    manifest = json.loads(open_batch(result.path, identity)["manifest.json"])
    batch = session.db.one("SELECT id, file_sha256, sequence FROM batches")
    assert batch is not None
    receipt: dict[str, object] = {
        "format": "intake-receipt", "version": 2, "force_code": "leicestershire",
        "centre_code": "RIVA", "batch_id": batch[0], "sequence": batch[2],
        "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
        "audit_head": manifest["audit_head"],
        "reports": [{"id": record.id, "reference": record.reference, "outcome": "accepted",
                     "reason": ""}],
    }  # fmt: skip
    return manifest, receipt


def test_the_batch_carries_the_head_and_the_receipt_echo_is_kept(
    session: Session,
    tmp_path: Path,
    force,  # type: ignore[no-untyped-def]
) -> None:
    manifest, receipt = _send(session, tmp_path, force)
    head = str(manifest["audit_head"])
    assert manifest["version"] >= 2 and ":" in head
    assert session.db.scalar("SELECT audit_head FROM batches") == head
    session.exports.import_receipt(sign_receipt(receipt, force[1].secret_key))
    assert (
        session.db.scalar("SELECT value FROM store_meta WHERE key = 'acknowledged_audit_head'")
        == head
    )
    assert session.verify_audit().ok


def test_a_receipt_echoing_another_head_is_refused(
    session: Session,
    tmp_path: Path,
    force,  # type: ignore[no-untyped-def]
) -> None:
    _, receipt = _send(session, tmp_path, force)
    receipt["audit_head"] = "1:" + "0" * 64
    with pytest.raises(ReceiptInvalid, match="different state of this centre's audit log"):
        session.exports.import_receipt(sign_receipt(receipt, force[1].secret_key))
    assert session.db.scalar("SELECT acknowledged_at FROM batches") is None


def test_a_log_rewritten_with_every_key_is_caught_by_the_forces_receipt(
    data_dir: Path,
    session: Session,
    tmp_path: Path,
    force,  # type: ignore[no-untyped-def]
) -> None:
    """A coordinator with the database key rewrites an early entry, re-chains everything after
    it, and mends the head in the slot file too. Only the force's acknowledged head is left to
    tell, and it does."""
    from intake_app.services.audit import GENESIS, AuditEntry, _hash

    _, receipt = _send(session, tmp_path, force)
    session.exports.import_receipt(sign_receipt(receipt, force[1].secret_key))
    key = session.keys.db_key
    session.close()
    db = Database(data_dir / "centre.db", key)
    rows = db.all("SELECT seq, at, actor, action, target, detail FROM audit_log ORDER BY seq")
    with db.transaction():
        db.execute("DROP TRIGGER audit_log_no_update")
        prev = GENESIS
        for row in rows:
            entry = AuditEntry(*row)
            if entry.seq == 2:
                entry = AuditEntry(entry.seq, "2020-01-01T00:00:00.000000Z", *row[2:])
            digest = _hash(prev, entry)
            db.execute(
                "UPDATE audit_log SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (entry.at, prev, digest, entry.seq),
            )
            prev = digest
        db.execute(
            "UPDATE store_meta SET value = ? WHERE key = 'audit_head'", (f"{rows[-1][0]}:{prev}",)
        )
    db.close()
    slots = keyslots.load(data_dir / "keyslots.json")
    slots.set_head(CENTRE, key, f"{rows[-1][0]}:{prev}")  # the key file mended as well
    slots.save(data_dir / "keyslots.json")
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        verdict = again.verify_audit()
    assert not verdict.ok
    assert "force's last receipt" in verdict.message
