"""The next reference a store gives: the centre's own counter, or a volunteer's workspace's
counter in that volunteer's block, so no two stores ever give the same reference without sharing
a counter (docs/store.md, "Hand-over: deposits")."""

from __future__ import annotations

from intake_app.domain import reference
from intake_app.storage.database import Database

WRITER_BLOCK = 100_000  # volunteer w numbers their references w × 100000 + n


def writer_of(db: Database) -> int:
    """The store's writer number: 0 for the centre's own store."""
    return int(db.scalar("SELECT value FROM store_meta WHERE key = 'writer'") or 0)


def next_reference(db: Database, centre_code: str, year: int, writer: int) -> str:
    """Count one on for ``year`` (inside the caller's transaction) and make the reference. The
    centre's own counter past 99,999 in a year goes on far above every volunteer's block."""
    db.execute(
        "INSERT INTO reference_counters (year, last) VALUES (?, 1) "
        "ON CONFLICT (year) DO UPDATE SET last = last + 1",
        (year,),
    )
    sequence = int(db.scalar("SELECT last FROM reference_counters WHERE year = ?", (year,)))
    if writer:
        sequence += writer * WRITER_BLOCK
    elif sequence >= WRITER_BLOCK:
        sequence += WRITER_BLOCK * WRITER_BLOCK
    return reference.make(centre_code, year, sequence)
