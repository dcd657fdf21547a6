"""The force's own database of received reports (SQLite), and the receipts it writes.

Importing is idempotent: a batch seen before changes nothing; a report seen before (a batch
written again) is not stored twice. Gaps and repeats in a centre's sequence are reported.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from intake_app.exchange.batch_format import GENESIS
from intake_app.exchange.receipts import FORMAT, VERSION
from intake_app.force.opening import OpenedBatch
from intake_app.storage.files import touch_private

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY, centre_code TEXT NOT NULL, sequence INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL, previous_sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
    report_count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, centre_code TEXT NOT NULL, reference TEXT NOT NULL, batch_id TEXT NOT NULL,
    received_at TEXT NOT NULL, identifying INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachments (
    report_id TEXT NOT NULL, member TEXT NOT NULL, media_type TEXT NOT NULL, content BLOB NOT NULL,
    PRIMARY KEY (report_id, member));
CREATE TABLE IF NOT EXISTS outcomes (
    batch_id TEXT NOT NULL, report_id TEXT NOT NULL, reference TEXT NOT NULL, outcome TEXT NOT NULL,
    reason TEXT, PRIMARY KEY (batch_id, report_id));
"""


@dataclass
class ImportResult:
    already_imported: bool
    new_reports: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)


class ForceStore:
    def __init__(self, home: Path) -> None:
        path = home / "force.db"
        touch_private(path)  # it holds reports in the clear: 0600 before SQLite writes a byte
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def import_batch(self, opened: OpenedBatch) -> ImportResult:
        manifest = opened.manifest
        if self.conn.execute(
            "SELECT 1 FROM batches WHERE batch_id = ?", (manifest["batch_id"],)
        ).fetchone():
            return ImportResult(
                already_imported=True, notes=["This batch was imported before; nothing changed."]
            )
        result = ImportResult(already_imported=False)
        centre, sequence = opened.centre_code, int(manifest["sequence"])
        last = self.conn.execute(
            "SELECT sequence, file_sha256 FROM batches WHERE centre_code = ? ORDER BY sequence DESC LIMIT 1",
            (centre,),
        ).fetchone()
        expected = last[0] + 1 if last else 1
        if sequence > expected:
            result.notes.append(
                f"Batches {expected} to {sequence - 1} from {centre} have not arrived."
            )
        elif sequence < expected:
            result.notes.append(
                f"Batch {sequence} from {centre} arrives after batch {expected - 1}: a repeat or a late batch."
            )
        if last and sequence == expected and manifest["previous_batch_sha256"] != last[1]:
            result.notes.append(
                "This batch does not follow the last batch received from the centre."
            )
        if not last and sequence == 1 and manifest["previous_batch_sha256"] != GENESIS:
            result.notes.append("The centre's first batch names a previous batch.")
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for document in opened.reports:
                existing = self.conn.execute(
                    "SELECT data FROM reports WHERE id = ?", (document["id"],)
                ).fetchone()
                outcome, reason = "accepted", None
                if existing:
                    result.duplicates += 1
                    reason = "received before, in an earlier batch"
                else:
                    result.new_reports += 1
                    self.conn.execute(
                        "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (document["id"], centre, document["reference"], manifest["batch_id"], now,
                         int(document["identifying_details"]), json.dumps(document)),
                    )  # fmt: skip
                    for attachment in document.get("attachments", []):
                        self.conn.execute(
                            "INSERT INTO attachments VALUES (?, ?, ?, ?)",
                            (document["id"], attachment["member"], attachment["media_type"],
                             opened.attachments[attachment["member"]]),
                        )  # fmt: skip
                self.conn.execute(
                    "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)",
                    (manifest["batch_id"], document["id"], document["reference"], outcome, reason),
                )
            self.conn.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                (manifest["batch_id"], centre, sequence, opened.file_sha256,
                 manifest["previous_batch_sha256"], now, len(opened.reports)),
            )  # fmt: skip
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return result

    def receipt(self, opened: OpenedBatch, force_code: str) -> dict[str, Any]:
        """The receipt for an imported batch: every report accepted or rejected, with a reason."""
        rows = self.conn.execute(
            "SELECT report_id, reference, outcome, reason FROM outcomes WHERE batch_id = ? ORDER BY reference",
            (opened.manifest["batch_id"],),
        ).fetchall()
        if not rows:
            raise LookupError("import the batch before writing its receipt")
        return {
            "format": FORMAT,
            "version": VERSION,
            "force_code": force_code,
            "centre_code": opened.centre_code,
            "batch_id": opened.manifest["batch_id"],
            "sequence": opened.manifest["sequence"],
            "batch_sha256": opened.file_sha256,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "reports": [
                {"id": r[0], "reference": r[1], "outcome": r[2], "reason": r[3] or ""} for r in rows
            ],
        }
