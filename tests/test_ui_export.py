"""The export screen: the plan with reasons, writing with progress, receipts, late batches."""

from __future__ import annotations

from pathlib import Path

import minisign
import pyrage
from pytestqt.qtbot import QtBot

from intake_app.exchange.force_profile import ForceProfileDocument
from intake_app.exchange.receipts import sign_receipt
from intake_app.session import Session
from intake_app.ui.export_page import ExportPage
from tests.conftest import full_report


def test_plan_write_and_receipt_from_the_screen(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    keys = minisign.KeyPair.generate()
    profile = ForceProfileDocument("leicestershire", "Leicestershire Police",
                                   (str(pyrage.x25519.Identity.generate().to_public()),),
                                   keys.public_key.to_base64().decode())  # fmt: skip
    (tmp_path / "profile.json").write_bytes(profile.to_bytes())
    going = session.reports.create_draft(full_report())
    session.reports.mark_ready(going.id)
    staying = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(staying.id)
    page = ExportPage(session)
    qtbot.addWidget(page)
    assert "No force profile" in page.profile_label.text() and not page.write_button.isEnabled()
    page.import_profile_file(tmp_path / "profile.json", lambda name, fingerprint: False)
    assert "not imported" in page.message.text()
    page.import_profile_file(
        tmp_path / "profile.json", lambda name, fingerprint: fingerprint == profile.fingerprint
    )
    assert "Leicestershire Police" in page.profile_label.text()
    rows = {
        page.plan_table.item(r, 0).text(): page.plan_table.item(r, 1).text()
        for r in range(page.plan_table.rowCount())
    }  # type: ignore[union-attr]
    assert rows == {going.reference: "Goes", staying.reference: "Stays here"}
    out = tmp_path / "usb"
    out.mkdir()
    page.export_to(out)
    qtbot.waitUntil(
        lambda: "written to" in page.message.text() or "⚠" in page.message.text(), timeout=20000
    )
    assert "1 reports" in page.message.text()
    assert page.batch_table.item(0, 3).text() == "Waiting for the receipt"  # type: ignore[union-attr]
    batch = session.db.one("SELECT id, file_sha256 FROM batches")
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": "leicestershire", "centre_code": "RIVA",
               "batch_id": batch[0], "sequence": 1, "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": going.id, "reference": going.reference, "outcome": "rejected",
                            "reason": "Duplicate of a report made directly to us"}]}  # fmt: skip
    (tmp_path / "receipt.json").write_bytes(sign_receipt(receipt, keys.secret_key))
    page.import_receipt_file(tmp_path / "receipt.json")
    assert "1 came back" in page.message.text()
    assert session.reports.get(going.id).status == "ready"
    assert session.exports.rejection_reason(going.id) == "Duplicate of a report made directly to us"
    assert page.batch_table.item(0, 3).text().startswith("Received")  # type: ignore[union-attr]
