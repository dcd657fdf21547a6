"""Batches with known, searchable content for the force's database, and an unencrypted
``force.db`` made the way versions before the encrypted one made it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from intake_app.exchange.batch_format import GENESIS
from intake_app.force.opening import OpenedBatch
from intake_app.force.store import SCHEMA

PHRASE = "Quillon marsh lantern episode by the Hollowfield ferry"
REFERENCE = "RIVA-2026-00042-Q"
ATTACHMENT = b"\x89PNG\r\n\x1a\n" + b"ATTACHMENT-MARKER-7731" * 40
NEEDLES = (PHRASE.encode(), REFERENCE.encode(), b"ATTACHMENT-MARKER-7731", b"Hollowfield")


def batch(
    sequence: int = 1, *, report_id: str = "ab" * 16, reference: str = REFERENCE
) -> OpenedBatch:
    """An opened batch (as ``open_batch`` returns it) holding one report and one attachment."""
    member = f"attachments/{report_id[::-1]}.png"
    document: dict[str, Any] = {
        "format": "intake-report/2", "id": report_id, "reference": reference,
        "centre_code": "RIVA", "created_at": "2026-11-21T10:00:00Z", "identifying_details": True,
        "attachments": [{"member": member, "media_type": "image/png", "size": len(ATTACHMENT),
                         "sha256": "0" * 64}],
        "report": {"description": PHRASE},
    }  # fmt: skip
    manifest = {
        "format": "intake-batch", "version": 1, "centre_code": "RIVA",
        "batch_id": f"{sequence:032x}", "sequence": sequence,
        "previous_batch_sha256": GENESIS if sequence == 1 else f"{sequence - 1:064x}",
        "created_at": "2026-11-21T10:00:00Z", "report_count": 1, "members": [],
    }  # fmt: skip
    return OpenedBatch(f"{sequence:064x}", manifest, [document], {member: ATTACHMENT})


def write_plain_store(home: Path, batches: list[OpenedBatch]) -> Path:
    """``force.db`` as an earlier version left it: plain SQLite, everything in clear."""
    path = home / "force.db"
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        for opened in batches:
            m = opened.manifest
            for document in opened.reports:
                conn.execute(
                    "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (document["id"], "RIVA", document["reference"], m["batch_id"],
                     "2026-11-21T11:00:00Z", 1, json.dumps(document)),
                )  # fmt: skip
                for attachment in document["attachments"]:
                    conn.execute(
                        "INSERT INTO attachments VALUES (?, ?, ?, ?)",
                        (document["id"], attachment["member"], attachment["media_type"],
                         opened.attachments[attachment["member"]]),
                    )  # fmt: skip
                conn.execute(
                    "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)",
                    (m["batch_id"], document["id"], document["reference"], "accepted", None),
                )
            conn.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                (m["batch_id"], "RIVA", m["sequence"], opened.file_sha256,
                 m["previous_batch_sha256"], "2026-11-21T11:00:00Z", 1),
            )  # fmt: skip
        conn.commit()
    finally:
        conn.close()
    return path


TABLES = ("attachments", "batches", "outcomes", "reports")


def plain_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def files_holding(home: Path, needles: tuple[bytes, ...] = NEEDLES) -> list[str]:
    """Names of the files in ``home`` (and its subfolders) whose raw bytes hold any needle."""
    return sorted(
        str(f.relative_to(home))
        for f in home.rglob("*")
        if f.is_file() and any(n in f.read_bytes() for n in needles)
    )
