"""The force's own database of received reports, and the receipts it writes.

By default the database (``force.db``) is SQLCipher, keyed with the key sealed in
``force-db.key`` (see ``db_key``), with the same hardened settings as a centre's store. One left
unencrypted by an earlier version is encrypted when first opened (see ``plain_migration``). A
force that has outgrown one machine keeps it on a PostgreSQL server instead (``postgres``). Both
have the same schema, upgraded by the same numbered versions (``schema``), and in both each
report and attachment is sealed under the force's content keys (``content_keys``).

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
from intake_app.force import content_keys, db_key, plain_migration, rotation_files, schema
from intake_app.force.backend import ForceDatabase, SqliteForceDatabase, lock_centre
from intake_app.force.notice_import import NoticeOutcome, apply_notices, check_notices
from intake_app.force.opening import OpenedBatch
from intake_app.force.postgres import (
    KEYS_NEED_THE_OWNER,
    PostgresDatabase,
    upgraded_by_its_owner,
)
from intake_app.storage.database import Database
from intake_app.support.atomic_files import fsync_dir
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

SCHEMA = schema.V1.format(blob="BLOB")  # version 1, as ``force.db`` had it


@dataclass
class ImportResult:
    already_imported: bool
    new_reports: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)
    notices: list[NoticeOutcome] = field(default_factory=list)


class ForceStore:
    """The open force database: the SQLCipher file in ``home`` (the default), or the PostgreSQL
    database at ``database`` (``postgresql://…``). ``notes`` says what opening it did."""

    def __init__(
        self, home: Path, identity: pyrage.x25519.Identity, database: str | None = None
    ) -> None:
        self.notes: list[str] = []
        self.identity = identity
        # Identities the force had before its keys last changed: content keys still sealed
        # under one of them open with it, until the owner's next command seals them again.
        self.earlier = rotation_files.earlier_identities(home, identity)
        self.db: ForceDatabase = (
            PostgresDatabase(database)
            if database
            else SqliteForceDatabase(self._file(home, identity))
        )
        try:
            with _force_errors(), upgraded_by_its_owner():
                schema.upgrade(self.db, identity)
                with self.db.transaction():
                    self.keys = content_keys.load(self.db, identity, self.earlier)
        except BaseException:
            self.db.close()
            raise
        if not database:
            # The encrypted database opened with this force's key: a plain copy left by an
            # interrupted upgrade can go.
            plain_migration.overwrite_and_remove(plain_migration.leftover_plain(home / FILE_NAME))

    def _file(self, home: Path, identity: pyrage.x25519.Identity) -> Database:
        path = home / FILE_NAME
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
        self._rekey_after_rotation(home, identity, key)
        with _force_errors():
            return Database(path, key.raw, create=not path.exists(), expected_salt=key.salt)

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def _rekey_after_rotation(
        home: Path, identity: pyrage.x25519.Identity, key: db_key.DatabaseKey
    ) -> None:
        """The force's keys were replaced and force.db still has its old key: re-key it (one
        SQLCipher transaction: a crash leaves it under one key or the other, and both keys stay
        until it is done)."""
        previous_file = home / db_key.PREVIOUS
        if not previous_file.exists():
            return
        previous = db_key.unseal(home, identity, db_key.PREVIOUS)
        path = home / FILE_NAME
        try:
            with _force_errors():
                Database(path, key.raw, expected_salt=key.salt).close()  # re-keyed already
        except (DatabaseDamaged, ForeignDatabase):
            with _force_errors():
                old = Database(path, previous.raw, expected_salt=previous.salt)
                try:
                    old.rekey(key.raw)
                finally:
                    old.close()
        previous_file.unlink()
        fsync_dir(home)

    def rewrap(self) -> int:
        """Seal the content keys still sealed under an earlier identity under the current one
        (the database's owner's work); how many were."""
        if not self.keys.under_earlier:
            return 0
        with (
            _force_errors(),
            upgraded_by_its_owner(KEYS_NEED_THE_OWNER),
            self.db.transaction(),
        ):
            done = content_keys.rewrap(self.db, self.identity, self.earlier)
        self.keys.under_earlier = False
        return done

    def import_batch(self, opened: OpenedBatch) -> ImportResult:
        """Import in one transaction that holds the lock on the batch's centre: another importer
        of the same centre waits, so sequence numbers and gaps are judged on everything
        committed before; one that lost a race is run again (``PostgresDatabase.retrying``)."""
        with _force_errors():
            return self.db.retrying(lambda: self._import(opened))

    def _import(self, opened: OpenedBatch) -> ImportResult:
        db, manifest = self.db, opened.manifest
        centre, sequence = opened.centre_code, int(manifest["sequence"])
        lock_centre(db, centre)
        content_keys.hold(db, self.keys)
        if db.one("SELECT 1 FROM batches WHERE batch_id = ?", (manifest["batch_id"],)):
            return ImportResult(
                already_imported=True,
                notes=[_("This batch was imported before; nothing changed.")],
            )
        result = ImportResult(already_imported=False)
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
        # A refusal here, before any write, leaves everything as it was.
        check_notices(db, opened, (expected, sequence - 1) if sequence > expected else None)
        held = self._held([d["id"] for d in opened.reports])
        outcomes = []
        for document in opened.reports:
            reason = None
            if document["id"] in held:
                result.duplicates += 1
                reason = "received before, in an earlier batch"
            else:
                result.new_reports += 1
            outcomes.append((manifest["batch_id"], document["id"], document["reference"], "accepted", reason))  # fmt: skip
        self._insert_reports(opened, [d for d in opened.reports if d["id"] not in held], now)
        db.executemany("INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)", outcomes)
        result.notices = apply_notices(db, opened, sequence, now, self.keys)
        if "audit_head" in manifest:  # the centre's log, as it stood when it wrote the batch
            db.execute(
                "INSERT INTO batch_audit_heads VALUES (?, ?) ON CONFLICT DO NOTHING",
                (manifest["batch_id"], manifest["audit_head"]),
            )
        db.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
            (manifest["batch_id"], centre, sequence, opened.file_sha256,
             manifest["previous_batch_sha256"], now, len(opened.reports)),
        )  # fmt: skip
        return result

    def _held(self, report_ids: list[str]) -> set[str]:
        """Which of these reports the force holds already (from any batch)."""
        found: set[str] = set()
        for start in range(0, len(report_ids), 500):
            chunk = report_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found |= {str(r[0]) for r in self.db.all(f"SELECT id FROM reports WHERE id IN ({marks})", chunk)}  # fmt: skip  # noqa: S608 - only placeholders
        return found

    def _insert_reports(
        self, opened: OpenedBatch, documents: list[dict[str, Any]], now: str
    ) -> None:
        """New reports, each sealed, with their clear fields, strands and sealed attachments, in
        a few statements each sent for many rows (a pipeline on PostgreSQL)."""
        reports, strands, attachments = [], [], []
        for document in documents:
            report_id = document["id"]
            made, began, consent, codes = schema.clear_fields(document)
            sealed = self.keys.seal(json.dumps(document).encode("utf-8"), content_keys.report_context(report_id))  # fmt: skip
            reports.append((report_id, opened.centre_code, document["reference"], opened.manifest["batch_id"],
                            now, int(document["identifying_details"]), made, began, consent, schema.RECEIVED,
                            sealed))  # fmt: skip
            strands += [(report_id, code) for code in codes]
            for attachment in document.get("attachments", []):
                member = attachment["member"]
                content = self.keys.seal(opened.attachments[member], content_keys.attachment_context(report_id, member))  # fmt: skip
                attachments.append((report_id, member, attachment["media_type"], content))
        self.db.executemany(
            "INSERT INTO reports (id, centre_code, reference, batch_id, received_at, identifying, "
            "created_on, incident_on, consent, status, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reports,
        )
        self.db.executemany("INSERT INTO report_strands VALUES (?, ?)", strands)
        self.db.executemany(
            "INSERT INTO attachments (report_id, member, media_type, sealed) VALUES (?, ?, ?, ?)",
            attachments,
        )

    def report(self, report_id: str) -> dict[str, Any] | None:
        """A report as the centre last sent it (a correction replaces it); None when the force
        holds no such report or it was erased."""
        with _force_errors():
            sealed = self.db.scalar("SELECT sealed FROM reports WHERE id = ?", (report_id,))
        if sealed is None:
            return None
        plain = self.keys.open(sealed, content_keys.report_context(report_id))
        return dict(json.loads(plain))

    def attachment(self, report_id: str, member: str) -> bytes | None:
        with _force_errors():
            sealed = self.db.scalar(
                "SELECT sealed FROM attachments WHERE report_id = ? AND member = ?",
                (report_id, member),
            )
        if sealed is None:
            return None
        return self.keys.open(sealed, content_keys.attachment_context(report_id, member))

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
