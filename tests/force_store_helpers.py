"""Batches with known, searchable content for the force's database, and an unencrypted
``force.db`` made the way versions before the encrypted one made it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from intake_app.exchange.batch_format import GENESIS
from intake_app.force.opening import OpenedBatch
from intake_app.force.store import SCHEMA, ForceStore

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
        "report": {"description": PHRASE, "consent": "police_with_contact",
                   "strands": [{"strand": "race", "sub_category": "Hollowfield"}],
                   "when": {"start": "2026-11-19T21:30", "end": ""}},
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
# Each table's columns as version 1 had them, in a fixed order.
V1_ROWS = {
    "attachments": "SELECT report_id, member, media_type, content FROM attachments ORDER BY 1, 2",
    "batches": "SELECT * FROM batches ORDER BY batch_id",
    "outcomes": "SELECT * FROM outcomes ORDER BY batch_id, report_id",
    "reports": "SELECT id, centre_code, reference, batch_id, received_at, identifying, data "
    "FROM reports ORDER BY id",
}


def plain_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(sql).fetchall() for t, sql in V1_ROWS.items()}
    finally:
        conn.close()


def held_rows(store: ForceStore) -> dict[str, list[tuple[Any, ...]]]:
    """What ``plain_rows`` reads, read from an open store of any version: the sealed report
    documents and attachments opened with the force's keys."""
    db = store.db
    reports = db.all(
        "SELECT id, centre_code, reference, batch_id, received_at, identifying FROM reports "
        "ORDER BY id"
    )
    attachments = db.all("SELECT report_id, member, media_type FROM attachments ORDER BY 1, 2")
    found = store.report
    return {
        "attachments": [(*a, store.attachment(a[0], a[1])) for a in attachments],
        "batches": db.all(V1_ROWS["batches"]),
        "outcomes": db.all(V1_ROWS["outcomes"]),
        "reports": [(*r, json.dumps(found(r[0])) if found(r[0]) else "") for r in reports],
    }


def files_holding(home: Path, needles: tuple[bytes, ...] = NEEDLES) -> list[str]:
    """Names of the files in ``home`` (and its subfolders) whose raw bytes hold any needle."""
    return sorted(
        str(f.relative_to(home))
        for f in home.rglob("*")
        if f.is_file() and any(n in f.read_bytes() for n in needles)
    )
