"""The force database's schema, in numbered versions that SQLite and PostgreSQL both apply.

``force_schema`` holds the version reached. A database without it is version 0: either new, or a
``force.db`` made before the versions were numbered, whose tables version 1 makes with CREATE
TABLE IF NOT EXISTS (adding, empty, any an older one lacks), exactly as opening it always did.
Each version is applied in one transaction with the version's number, so an interrupted upgrade
leaves the version before it; on PostgreSQL an advisory lock makes a second ``intake-force``
wait while the first upgrades. A database of a later version than this program knows is
refused, unchanged.

- 1: batches, reports (with their JSON in clear), attachments, outcomes and the rest.
- 2: report documents, attachments and update files sealed under the content keys
  (``content_keys``), with
  only the fields to find and count them in clear: when the centre made the report, when the
  incident began, the consent given, the report's status, and its strands (``report_strands``).
  ``centre_locks`` holds one row per centre, for the lock its importers take turns with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyrage

from intake_app.force import content_keys
from intake_app.force.backend import ForceDatabase
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

NEWER = N_(
    "The force's database was upgraded by a newer version of intake-force. Update intake-force "
    "to open it. Nothing has been changed."
)

V1 = """
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY, centre_code TEXT NOT NULL, sequence INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL, previous_sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
    report_count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, centre_code TEXT NOT NULL, reference TEXT NOT NULL, batch_id TEXT NOT NULL,
    received_at TEXT NOT NULL, identifying INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachments (
    report_id TEXT NOT NULL, member TEXT NOT NULL, media_type TEXT NOT NULL, content {blob} NOT NULL,
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
    update_count INTEGER NOT NULL, signed {blob} NOT NULL, PRIMARY KEY (centre_code, sequence));
"""

V2_BEFORE = """
CREATE TABLE content_keys (
    key_id INTEGER PRIMARY KEY, salt {blob} NOT NULL, nonce {blob} NOT NULL,
    sealed {blob} NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE centre_locks (centre_code TEXT PRIMARY KEY);
CREATE TABLE report_strands (
    report_id TEXT NOT NULL, strand TEXT NOT NULL, PRIMARY KEY (report_id, strand));
ALTER TABLE reports ADD COLUMN created_on TEXT;
ALTER TABLE reports ADD COLUMN incident_on TEXT;
ALTER TABLE reports ADD COLUMN consent TEXT;
ALTER TABLE reports ADD COLUMN status TEXT NOT NULL DEFAULT 'received';
ALTER TABLE reports ADD COLUMN sealed {blob};
ALTER TABLE attachments ADD COLUMN sealed {blob};
CREATE INDEX batches_by_centre ON batches (centre_code, sequence);
CREATE INDEX reports_by_reference ON reports (reference);
CREATE INDEX reports_by_centre ON reports (centre_code, created_on);
"""
V2_AFTER = """
ALTER TABLE reports DROP COLUMN data;
ALTER TABLE attachments DROP COLUMN content;
"""

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[a-z0-9_-]{1,40}")
RECEIVED, AMENDED, ERASED = "received", "amended", "erased"


@dataclass(frozen=True)
class Upgrade:
    db: ForceDatabase
    identity: pyrage.x25519.Identity

    def script(self, sql: str) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                self.db.execute(statement.strip().format(blob=self.db.dialect.blob))


def clear_fields(document: dict[str, Any]) -> tuple[str | None, str | None, str | None, list[str]]:
    """What is kept in clear of a report: the day it was made, the day the incident began (when
    the centre recorded one as a date), the consent given, and its strands (codes only)."""
    report = _mapping(document.get("report"))
    made = str(document.get("created_at", ""))[:10]
    began = str(_mapping(report.get("when")).get("start", ""))[:10]
    consent = report.get("consent")
    listed = report.get("strands")
    strands = sorted(
        {
            str(s["strand"])
            for s in (listed if isinstance(listed, list) else [])
            if isinstance(s, dict) and _CODE.fullmatch(str(s.get("strand", "")))
        }
    )
    return (
        made if _DAY.fullmatch(made) else None,
        began if _DAY.fullmatch(began) else None,
        consent if isinstance(consent, str) and _CODE.fullmatch(consent) else None,
        strands,
    )


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def store_clear_fields(db: ForceDatabase, report_id: str, document: dict[str, Any]) -> None:
    made, began, consent, strands = clear_fields(document)
    db.execute(
        "UPDATE reports SET created_on = ?, incident_on = ?, consent = ? WHERE id = ?",
        (made, began, consent, report_id),
    )
    db.execute("DELETE FROM report_strands WHERE report_id = ?", (report_id,))
    for strand in strands:
        db.execute("INSERT INTO report_strands VALUES (?, ?)", (report_id, strand))


def _v1(upgrade: Upgrade) -> None:
    upgrade.script(V1)


def _v2(upgrade: Upgrade) -> None:
    db = upgrade.db
    upgrade.script(V2_BEFORE)
    keys = content_keys.load(db, upgrade.identity)
    changed = {
        str(r[0]): str(r[1])
        for r in db.all("SELECT report_id, kind FROM report_changes ORDER BY sequence")
    }
    for (report_id,) in db.all("SELECT id FROM reports"):
        data = str(db.scalar("SELECT data FROM reports WHERE id = ?", (report_id,)))
        if not data:  # erased: nothing is left to seal
            db.execute("UPDATE reports SET status = ? WHERE id = ?", (ERASED, report_id))
            continue
        document = json.loads(data)
        sealed = keys.seal(data.encode("utf-8"), content_keys.report_context(report_id))
        status = AMENDED if changed.get(report_id) == "amended" else RECEIVED
        db.execute(
            "UPDATE reports SET sealed = ?, status = ? WHERE id = ?", (sealed, status, report_id)
        )
        store_clear_fields(db, report_id, document)
    for report_id, member in db.all("SELECT report_id, member FROM attachments"):
        content = db.scalar(
            "SELECT content FROM attachments WHERE report_id = ? AND member = ?",
            (report_id, member),
        )
        sealed = keys.seal(bytes(content), content_keys.attachment_context(report_id, member))
        db.execute(
            "UPDATE attachments SET sealed = ? WHERE report_id = ? AND member = ?",
            (sealed, report_id, member),
        )
    for centre, sequence, signed in db.all(
        "SELECT centre_code, sequence, signed FROM update_files"
    ):
        db.execute(
            "UPDATE update_files SET signed = ? WHERE centre_code = ? AND sequence = ?",
            (keys.seal(bytes(signed), content_keys.update_file_context(centre, sequence)),
             centre, sequence),
        )  # fmt: skip
    upgrade.script(V2_AFTER)


# Version 3: who opened what (``access_log``): an entry for each list, search, report shown,
# attachments saved and export, written before anything is shown; a row for each report whose
# text it showed or wrote (one entry, ``entry_id``, may have many).
V3 = """
CREATE TABLE access_log (
    entry_id TEXT NOT NULL, at TEXT NOT NULL, account TEXT NOT NULL, role TEXT NOT NULL,
    action TEXT NOT NULL, report_id TEXT, detail TEXT NOT NULL);
CREATE INDEX access_log_by_entry ON access_log (entry_id);
CREATE INDEX access_log_by_time ON access_log (at);
CREATE INDEX access_log_by_report ON access_log (report_id, at);
"""


def _v3(upgrade: Upgrade) -> None:
    upgrade.script(V3)


VERSIONS: tuple[Callable[[Upgrade], None], ...] = (_v1, _v2, _v3)
LATEST = len(VERSIONS)


def version(db: ForceDatabase) -> int:
    """The version reached; 0 for a new database, or one made before versions were numbered."""
    if db.one(db.dialect.has_table, ("force_schema",)) is None:
        return 0
    return int(db.scalar("SELECT max(version) FROM force_schema") or 0)


def upgrade(db: ForceDatabase, identity: pyrage.x25519.Identity, upto: int = LATEST) -> None:
    """Bring the database to version ``upto`` (the latest unless a test asks for an earlier
    one), one version a transaction. One already there is only read (so a role that may not
    change the schema opens it)."""
    if version(db) >= upto:
        if version(db) > LATEST:
            raise IntakeError(_(NEWER))
        return
    for number in range(1, upto + 1):
        with db.transaction():
            if db.dialect.lock_schema:
                db.one(db.dialect.lock_schema)
            reached = version(db)
            if reached > LATEST:
                raise IntakeError(_(NEWER))
            if reached >= number:
                continue
            VERSIONS[number - 1](Upgrade(db, identity))
            db.execute("CREATE TABLE IF NOT EXISTS force_schema (version INTEGER NOT NULL)")
            db.execute("DELETE FROM force_schema")
            db.execute("INSERT INTO force_schema VALUES (?)", (number,))
