"""An append-only, hash-chained log of who did what to which record, and when.

It records actions and internal ids, never report content. Each entry's hash covers the previous
entry's hash, so an edited, removed or reordered entry breaks the chain; the head (count and last
hash) is also kept in the store's metadata, so entries cut from the end are noticed too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from intake_app.storage.database import Database
from intake_app.support.i18n import _, ngettext

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    target: str | None
    detail: str | None


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    entries: int
    message: str


def _hash(prev: str, entry: AuditEntry) -> str:
    body = json.dumps(
        [entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.detail],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((prev + body).encode("ascii")).hexdigest()


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def append(
        self, actor: str, action: str, target: str | None = None, detail: str | None = None
    ) -> None:
        """Add an entry; must run inside the caller's transaction so it commits with the change."""
        assert self.db.in_transaction, "audit entries are written in the same transaction"
        head = self.db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        entry = AuditEntry(seq, now_text(), actor, action, target, detail)
        digest = _hash(prev, entry)
        self.db.execute(
            "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, entry.at, actor, action, target, detail, prev, digest),
        )
        self.db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('audit_head', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{seq}:{digest}",),
        )

    def head(self) -> str:
        """``seq:hash`` of the last entry (``0:`` when empty): what the slot file records."""
        row = self.db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return f"{row[0]}:{row[1]}" if row else "0:"

    def entries(self, limit: int = 100, target: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, actor, action, target, detail FROM audit_log"
        params: tuple[object, ...] = ()
        if target:
            sql += " WHERE target = ?"
            params = (target,)
        rows = self.db.all(sql + " ORDER BY seq DESC LIMIT ?", (*params, limit))
        return [AuditEntry(*row) for row in rows]

    def readable(self, limit: int = 500) -> list[AuditEntry]:
        """Newest first, with user names and report references (demo ones marked) in place of
        internal ids."""
        rows = self.db.all(
            "SELECT a.seq, a.at, coalesce(u.name, a.actor), a.action, "
            "coalesce(r.reference, tu.name, a.target), a.detail, r.is_demo FROM audit_log a "
            "LEFT JOIN users u ON u.id = a.actor "
            "LEFT JOIN reports r ON r.id = a.target "
            "LEFT JOIN users tu ON tu.id = a.target "
            "ORDER BY a.seq DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEntry(
                row[0],
                row[1],
                row[2],
                row[3],
                # Translators: a demo report's reference in the audit log, such as
                # "LEI-2026-00017-K (demo)".
                _("{reference} (demo)").format(reference=row[4]) if row[6] else row[4],
                row[5],
            )
            for row in rows
        ]

    def verify_against(self, recorded_head: str, *, by_force: bool = False) -> AuditVerdict:
        """The chain, and the head the slot file recorded for this store (authenticated there by
        the store's key) must be in it: entries cut from the end and then re-chained, or a
        whole log rewritten, are found. With ``by_force``, the head is the one the force's last
        receipt echoed, and the verdict says so."""
        verdict = self.verify()
        if not verdict.ok or not recorded_head or recorded_head == "0:":
            return verdict
        seq_text, _colon, digest = recorded_head.partition(":")
        found = self.db.scalar(
            "SELECT hash FROM audit_log WHERE seq = ?",
            (int(seq_text) if seq_text.isdigit() else -1,),
        )
        if found is None:
            if by_force:
                # Translators: {entry} is the number of an entry in the audit log.
                message = _(
                    "The audit log ends before entry {entry}, which the force's last receipt "
                    "recorded: entries have been removed."
                )
            else:
                # Translators: {entry} is the number of an entry in the audit log.
                message = _(
                    "The audit log ends before entry {entry}, which this store's key file "
                    "recorded: entries have been removed."
                )
            return AuditVerdict(False, verdict.entries, message.format(entry=seq_text))
        if found != digest:
            if by_force:
                # Translators: {entry} is the number of an entry in the audit log.
                message = _(
                    "Audit entry {entry} is not the one the force's last receipt recorded: the "
                    "log has been rewritten."
                )
            else:
                # Translators: {entry} is the number of an entry in the audit log.
                message = _(
                    "Audit entry {entry} is not the one this store's key file recorded: the log "
                    "has been rewritten."
                )
            return AuditVerdict(False, verdict.entries, message.format(entry=seq_text))
        return verdict

    def verify(self) -> AuditVerdict:
        prev = GENESIS
        expected_seq = 1
        count = 0
        rows = self.db.all(
            "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY seq"
        )
        for row in rows:
            entry = AuditEntry(*row[:6])
            if entry.seq != expected_seq:
                return AuditVerdict(
                    False,
                    count,
                    # Translators: {entry} is the number of an entry in the audit log.
                    _("Entry {entry} is missing from the audit log.").format(entry=expected_seq),
                )
            if row[6] != prev or _hash(prev, entry) != row[7]:
                return AuditVerdict(
                    False,
                    count,
                    # Translators: {entry} is the number of an entry in the audit log.
                    _("Audit entry {entry} has been altered.").format(entry=entry.seq),
                )
            prev = row[7]
            expected_seq += 1
            count += 1
        head = self.db.scalar("SELECT value FROM store_meta WHERE key = 'audit_head'")
        if count and head != f"{count}:{prev}":
            return AuditVerdict(
                False, count, _("Entries have been removed from the end of the audit log.")
            )
        return AuditVerdict(
            True,
            count,
            ngettext(
                "The audit log is intact ({count} entry).",
                "The audit log is intact ({count} entries).",
                count,
            ).format(count=count),
        )
