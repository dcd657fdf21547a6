"""The export screen's two models, on their own over a real store: the plan of ready reports and
the batches written. No view, no window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import minisign
import pyrage
from PySide6.QtCore import Qt

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.receipts import sign_receipt
from intake_app.ui.models.batches_model import BatchesModel
from intake_app.ui.models.export_plan_model import ExportPlanModel
from intake_app.ui.models.rows_model import RowsModel
from tests.conftest import full_report

SPOKEN = Qt.ItemDataRole.AccessibleTextRole
HOVER = Qt.ItemDataRole.ToolTipRole
Force = tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile]


def rows(
    model: RowsModel[object], role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole
) -> list[list[object]]:
    return [
        [model.data(model.index(r, c), role) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def headers(model: RowsModel[object]) -> list[object]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_plan_says_which_ready_reports_go_and_why(session: Session) -> None:
    model = ExportPlanModel(session.exports)
    assert headers(model) == ["Reference", "Goes?", "Why"]
    model.refresh()
    assert model.rowCount() == 0 and not model.any_goes()
    going = session.reports.create_draft(full_report())
    session.reports.mark_ready(going.id)
    staying = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.reports.mark_ready(staying.id)
    demo = session.reports.create_draft(full_report(), is_demo=True)
    session.reports.mark_ready(demo.id)
    model.refresh()
    shown = {row[0]: row[1:] for row in rows(model)}
    assert shown == {
        going.reference: ["Goes", "Goes with contact details, as agreed."],
        staying.reference: ["Stays here", "Kept for monitoring only: it never leaves the centre."],
        f"{demo.reference} (demo)": [
            "Stays here",
            "Demo report: demo data never leaves the centre.",
        ],
    }
    assert model.any_goes()
    heard = {row[0]: row[1] for row in rows(model, SPOKEN)}
    assert heard[going.reference] == "Goes to the police"
    assert heard[staying.reference] == "Stays here at the centre"
    hover = [row[2] for row in rows(model, HOVER)]
    assert hover == [row[2] for row in rows(model)]  # the whole reason, when the column is narrow


def test_batches_show_the_receipt_waited_for_late_and_received(
    session: Session, tmp_path: Path, force: Force
) -> None:
    _, keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    going = session.reports.create_draft(full_report())
    session.reports.mark_ready(going.id)
    now = datetime.now(UTC)
    model = BatchesModel(session.exports, session.settings, clock=lambda: now)
    assert headers(model) == ["Batch", "Written", "Reports", "Receipt"]
    model.refresh()
    assert model.rowCount() == 0
    session.exports.export(tmp_path)
    model.refresh()
    today = now.strftime("%d/%m/%Y")
    assert rows(model) == [["1", today, "1", "Waiting for the receipt"]]
    assert rows(model, SPOKEN) == [["Batch 1", today, "1 report", "Waiting for the receipt"]]
    assert model.sequence_at(0) == 1

    now += timedelta(days=15)  # the centre waits 14 days by default
    model.refresh()
    late = "No receipt after 15 days: ask the force, or write it again"
    assert model.data(model.index(0, 3)) == f"⚠ {late}"
    assert model.data(model.index(0, 3), SPOKEN) == f"Warning: {late}"
    session.settings.set_receipt_due_days(30)
    model.refresh()
    assert model.data(model.index(0, 3)) == "Waiting for the receipt"

    batch = session.db.one("SELECT id, file_sha256 FROM batches")
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": "leicestershire",
               "centre_code": "RIVA", "batch_id": batch[0], "sequence": 1,
               "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": going.id, "reference": going.reference,
                            "outcome": "accepted", "reason": ""}]}  # fmt: skip
    session.exports.import_receipt(sign_receipt(receipt, keys.secret_key))
    model.refresh()
    assert str(model.data(model.index(0, 3))).startswith("Received ")
