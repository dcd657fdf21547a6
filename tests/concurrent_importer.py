"""One importer of many, as a separate process: ``python -m tests.concurrent_importer ADDRESS
HOME START ROTATION CENTRES BATCHES REPORTS``. It waits for the file START to appear (so every
importer begins at once), then imports, round by round, batch N of every centre (starting its
round at centre ROTATION; an importer of an odd ROTATION goes from the last batch to the first),
into the PostgreSQL database at ADDRESS with the force identity in $INTAKE_TEST_IDENTITY,
printing one JSON line per batch: what the import said.

Every importer is given every batch, so each batch is raced for by all of them. Batch 3 of the
first centre never arrives; each later batch also sends again the first report of the one
before it."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pyrage

from intake_app.exchange.batch_format import GENESIS
from intake_app.force.opening import OpenedBatch
from intake_app.force.store import ForceStore

MISSING = ("C000", 3)


def centre_code(number: int) -> str:
    return f"C{number:03d}"


def hex32(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def file_sha(centre: str, sequence: int) -> str:
    return hashlib.sha256(f"file {centre} {sequence}".encode()).hexdigest()


def report_ids(centre: str, sequence: int, count: int) -> list[str]:
    own = [hex32(f"report {centre} {sequence} {i}") for i in range(count)]
    return own + ([hex32(f"report {centre} {sequence - 1} 0")] if sequence > 1 else [])


def centre_batch(centre: str, sequence: int, count: int) -> OpenedBatch:
    reports: list[dict[str, Any]] = []
    attachments: dict[str, bytes] = {}
    for report_id in report_ids(centre, sequence, count):
        member = f"attachments/{report_id}.bin"
        attachments[member] = f"attachment of {report_id}".encode()
        reports.append({
            "format": "intake-report/2", "id": report_id, "centre_code": centre,
            "reference": f"{centre}-2026-{int(report_id[:6], 16):08d}-Q",
            "created_at": "2026-11-21T10:00:00Z", "identifying_details": False,
            "attachments": [{"member": member, "media_type": "application/octet-stream",
                             "size": len(attachments[member]), "sha256": "0" * 64}],
            "report": {"description": f"what happened, report {report_id}", "consent": "monitoring_only",
                       "strands": [{"strand": "religion", "sub_category": ""}]},
        })  # fmt: skip
    manifest = {
        "format": "intake-batch", "version": 1, "centre_code": centre,
        "batch_id": hex32(f"batch {centre} {sequence}"), "sequence": sequence,
        "previous_batch_sha256": GENESIS if sequence == 1 else file_sha(centre, sequence - 1),
        "created_at": "2026-11-21T10:00:00Z", "report_count": len(reports), "members": [],
    }  # fmt: skip
    return OpenedBatch(file_sha(centre, sequence), manifest, reports, attachments)


def main(argv: list[str]) -> int:
    address, home, start = argv[0], Path(argv[1]), Path(argv[2])
    rotation, centres, batches, count = (int(a) for a in argv[3:7])
    identity = pyrage.x25519.Identity.from_str(os.environ["INTAKE_TEST_IDENTITY"])
    store = ForceStore(home, identity, address)
    deadline = time.monotonic() + 60
    while not start.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    try:
        order = range(1, batches + 1)
        for sequence in reversed(order) if rotation % 2 else order:
            for i in range(centres):
                centre = centre_code((rotation + i) % centres)
                if (centre, sequence) == MISSING:
                    continue
                result = store.import_batch(centre_batch(centre, sequence, count))
                print(json.dumps({
                    "centre": centre, "sequence": sequence, "already": result.already_imported,
                    "new": result.new_reports, "duplicates": result.duplicates,
                    "notes": result.notes,
                }), flush=True)  # fmt: skip
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
