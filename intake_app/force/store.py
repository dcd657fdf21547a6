"""The force's own database of received reports, and the receipts it writes.

The database (``force.db``) is SQLCipher, keyed with the key sealed in ``force-db.key`` (see
``db_key``), with the same hardened settings as a centre's store. One left unencrypted by an
earlier version is encrypted when first opened (see ``plain_migration``).

Importing is idempotent: a batch seen before changes nothing; a report seen before (a batch
written again) is not stored twice. Gaps and repeats in a centre's sequence are reported. A
batch's corrections and erasures are applied in the same transaction (``notice_import``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage

from intake_app.exchange.batch_format import GENESIS, NOTICES_FROM
from intake_app.exchange.receipts import FORMAT, VERSION
from intake_app.force import db_key, plain_migration
from intake_app.force.notice_import import NoticeOutcome, apply_notices, check_notices
from intake_app.force.opening import OpenedBatch
from intake_app.storage.database import Database
from intake_app.support.errors import DatabaseDamaged, ForeignDatabase
from intake_app.support.i18n import N_, _

FILE_NAME = "force.db"
FOREIGN = N_(
    "The force's database (force.db) was not made with this force's keys: it may be another "
    "force's database, or not a database at all. Nothing has been changed."
)
DAMAGED = N_(
    "The force's database (force.db) is damaged (part of it failed its integrity check). "
    "Nothing has been changed. Restore the force's folder from a backup."
)

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
CREATE TABLE IF NOT EXISTS batch_audit_heads (
    batch_id TEXT PRIMARY KEY, audit_head TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outcomes (
    batch_id TEXT NOT NULL, report_id TEXT NOT NULL, reference TEXT NOT NULL, outcome TEXT NOT NULL,
    reason TEXT, PRIMARY KEY (batch_id, report_id));
CREATE TABLE IF NOT EXISTS notice_outcomes (
    batch_id TEXT NOT NULL, report_id TEXT NOT NULL, reference TEXT NOT NULL, kind TEXT NOT NULL,
    outcome TEXT NOT NULL, reason TEXT, PRIMARY KEY (batch_id, report_id));
CREATE TABLE IF NOT EXISTS report_changes (
    report_id TEXT NOT NULL, kind TEXT NOT NULL, batch_id TEXT NOT NULL, sequence INTEGER NOT NULL,
    changed_at TEXT NOT NULL, PRIMARY KEY (report_id, batch_id));
CREATE TABLE IF NOT EXISTS update_files (
    centre_code TEXT NOT NULL, sequence INTEGER NOT NULL, created_at TEXT NOT NULL,
    update_count INTEGER NOT NULL, signed BLOB NOT NULL, PRIMARY KEY (centre_code, sequence));
"""
# notice_outcomes and report_changes came with batch format 3, update_files with case updates:
# an older force.db gains them, empty, when next opened.


@dataclass
class ImportResult:
    already_imported: bool
    new_reports: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)
    notices: list[NoticeOutcome] = field(default_factory=list)


class ForceStore:
    """The open, encrypted force database. ``notes`` says what opening it did (an upgrade)."""

    def __init__(self, home: Path, identity: pyrage.x25519.Identity) -> None:
        path = home / FILE_NAME
        self.notes: list[str] = []
        plain_migration.resume(path)
        if path.exists() and path.stat().st_size == 0:
            path.unlink()  # an empty file from an interrupted first start: nothing in it
        plain = plain_migration.is_plain(path)
        key = db_key.load_or_create(
            home, identity, database_is_encrypted=path.exists() and not plain
        )
        if plain:
            with _force_errors():
                plain_migration.encrypt(path, key.raw)
            self.notes.append(_(plain_migration.MIGRATED))
        with _force_errors():
            self.db = Database(path, key.raw, create=not path.exists(), expected_salt=key.salt)
        try:
            with _force_errors(), self.db.transaction():
                self.db.script_in_transaction(SCHEMA)
        except BaseException:
            self.db.close()
            raise
        # The encrypted database opened with this force's key: a plain copy left by an
        # interrupted upgrade can go.
        plain_migration.overwrite_and_remove(plain_migration.leftover_plain(path))

    def close(self) -> None:
        self.db.close()

    def import_batch(self, opened: OpenedBatch) -> ImportResult:
        with _force_errors():
            return self._import(opened)

    def _import(self, opened: OpenedBatch) -> ImportResult:
        db, manifest = self.db, opened.manifest
        if db.one("SELECT 1 FROM batches WHERE batch_id = ?", (manifest["batch_id"],)):
            return ImportResult(
                already_imported=True,
                notes=[_("This batch was imported before; nothing changed.")],
            )
        result = ImportResult(already_imported=False)
        centre, sequence = opened.centre_code, int(manifest["sequence"])
        last = db.one(
            "SELECT sequence, file_sha256 FROM batches WHERE centre_code = ? ORDER BY sequence DESC LIMIT 1",
            (centre,),
        )
        expected = last[0] + 1 if last else 1
        if sequence > expected:
            result.notes.append(
                # Translators: {first} and {last} are batch numbers; {centre} is a centre's code.
                _("Batches {first} to {last} from {centre} have not arrived.").format(
                    first=expected, last=sequence - 1, centre=centre
                )
            )
        elif sequence < expected:
            result.notes.append(
                # Translators: {number} and {previous} are batch numbers; {centre} is a centre's
                # code.
                _(
                    "Batch {number} from {centre} arrives after batch {previous}: a repeat or a "
                    "late batch."
                ).format(number=sequence, centre=centre, previous=expected - 1)
            )
        if last and sequence == expected and manifest["previous_batch_sha256"] != last[1]:
            result.notes.append(
                _("This batch does not follow the last batch received from the centre.")
            )
        if not last and sequence == 1 and manifest["previous_batch_sha256"] != GENESIS:
            result.notes.append(_("The centre's first batch names a previous batch."))
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with db.transaction():  # a refusal here, before any write, leaves everything as it was
            check_notices(db, opened, (expected, sequence - 1) if sequence > expected else None)
            for document in opened.reports:
                existing = db.one("SELECT 1 FROM reports WHERE id = ?", (document["id"],))
                outcome, reason = "accepted", None
                if existing:
                    result.duplicates += 1
                    reason = "received before, in an earlier batch"
                else:
                    result.new_reports += 1
                    db.execute(
                        "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (document["id"], centre, document["reference"], manifest["batch_id"], now,
                         int(document["identifying_details"]), json.dumps(document)),
                    )  # fmt: skip
                    for attachment in document.get("attachments", []):
                        db.execute(
                            "INSERT INTO attachments VALUES (?, ?, ?, ?)",
                            (document["id"], attachment["member"], attachment["media_type"],
                             opened.attachments[attachment["member"]]),
                        )  # fmt: skip
                db.execute(
                    "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)",
                    (manifest["batch_id"], document["id"], document["reference"], outcome, reason),
                )
            result.notices = apply_notices(db, opened, sequence, now)
            if "audit_head" in manifest:  # the centre's log, as it stood when it wrote the batch
                db.execute(
                    "INSERT OR IGNORE INTO batch_audit_heads VALUES (?, ?)",
                    (manifest["batch_id"], manifest["audit_head"]),
                )
            db.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                (manifest["batch_id"], centre, sequence, opened.file_sha256,
                 manifest["previous_batch_sha256"], now, len(opened.reports)),
            )  # fmt: skip
        return result

    def receipt(self, opened: OpenedBatch, force_code: str) -> dict[str, Any]:
        """The receipt for an imported batch: every report accepted or rejected, with a reason;
        from version 3, every notice applied or refused."""
        batch_id = opened.manifest["batch_id"]
        with _force_errors():
            if not self.db.one("SELECT 1 FROM batches WHERE batch_id = ?", (batch_id,)):
                raise LookupError("import the batch before writing its receipt")
            rows = self.db.all(
                "SELECT report_id, reference, outcome, reason FROM outcomes WHERE batch_id = ? ORDER BY reference",
                (batch_id,),
            )
            notices = self.db.all(
                "SELECT report_id, reference, kind, outcome, reason FROM notice_outcomes "
                "WHERE batch_id = ? ORDER BY kind, reference",
                (batch_id,),
            )
        receipt: dict[str, Any] = {
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
        if "audit_head" in opened.manifest:
            receipt["audit_head"] = opened.manifest["audit_head"]  # echoed, under our signature
        if opened.manifest["version"] >= NOTICES_FROM:
            receipt["notices"] = [
                {"id": n[0], "reference": n[1], "kind": n[2], "outcome": n[3], "reason": n[4] or ""}
                for n in notices
            ]
        else:  # a centre answers in the version it wrote: 1 without a head, 2 with one
            receipt["version"] = 2 if "audit_head" in opened.manifest else 1
        return receipt


@contextlib.contextmanager
def _force_errors() -> Iterator[None]:
    """The database's refusals, worded for the force's folder rather than a centre's store."""
    try:
        yield
    except ForeignDatabase:
        raise ForeignDatabase(_(FOREIGN)) from None
    except DatabaseDamaged:
        raise DatabaseDamaged(_(DAMAGED)) from None
