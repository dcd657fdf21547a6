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
from intake_app.support.i18n import N_, _, ngettext

GENESIS = "0" * 64

# What each action is called where people read the log (the codes stay as they are in it).
ACTION_WORDS = {
    # Translators: the audit log's "What" column: what a person did, without saying who (the
    # "Who" column names them): "Set up the store", "Opened a report".
    "store.created": N_("Set up the store"),
    # Translators: in the audit log: the person unlocked the store (signed in).
    "session.unlocked": N_("Unlocked"),
    "session.unlocked_with_recovery_key": N_("Unlocked with the recovery key"),
    "user.added": N_("Added a user"),
    "user.deactivated": N_("Deactivated a user"),
    "user.passphrase_changed": N_("Changed their passphrase"),
    "user.passphrase_reset": N_("Reset a passphrase"),
    "user.keys_upgraded": N_("Was given new keys (first sign-in after an update)"),
    "recovery_key.keys_upgraded": N_("Gave the recovery key new keys (after an update)"),
    "recovery_key.replaced": N_("Made a new recovery key"),
    "centre.identity_changed": N_("Changed the centre's key for volunteers' work"),
    "workspace.created": N_("Made a volunteer's workspace"),
    "report.handed_over": N_("Handed a report to the centre"),
    "report.taken_in": N_("Took in a report from a volunteer"),
    "report.taken_from_workspace": N_("Took a departing volunteer's report in"),
    "report.created": N_("Created a report"),
    "report.viewed": N_("Opened a report"),
    "report.updated": N_("Changed a report"),
    "report.ready": N_("Marked a report ready"),
    "report.withdrawn": N_("Withdrew a report"),
    "report.corrected": N_("Corrected a report"),
    # Translators: in the audit log: two reports were linked (the same person, place or
    # offender), or a link between them was removed.
    "link.added": N_("Linked two reports"),
    "link.removed": N_("Removed a link between two reports"),
    # Translators: in the audit log: a report the police already have was corrected, and the
    # correction waits for the next batch to the force.
    "notice.amendment_queued": N_("Queued a correction for the force"),
    # Translators: in the audit log: a report the police already have was withdrawn, and the
    # force is to be asked, with the next batch, to erase its copy.
    "notice.erasure_queued": N_("Queued an erasure for the force"),
    # Translators: in the audit log: a correction or an erasure went to the force in a batch.
    "notice.sent": N_("Sent a correction or erasure to the force"),
    "notice.confirmed": N_("The force confirmed a correction or erasure"),
    "notice.refused": N_("The force refused a correction or erasure"),
    "report.copy_made": N_("Made a copy of a report for the person"),
    # Translators: in the audit log: a coordinator gave a case (a report) to a caseworker.
    "case.assigned": N_("Assigned a case to a caseworker"),
    "case.unassigned": N_("Took a case from its caseworker"),
    # Translators: in the audit log: a caseworker's own encrypted store, holding copies of
    # the cases assigned to them, was made for them.
    "casebook.made": N_("Made a caseworker's casebook"),
    # Translators: in the audit log of a caseworker's casebook (their copies of their cases).
    "case.copied_to_casebook": N_("Copied a case into the casebook"),
    "case.removed_from_casebook": N_("Removed a case from the casebook"),
    # Translators: in the audit log: a contact, referral or note was added to a case.
    "follow_up.added": N_("Added a follow-up"),
    # Translators: in the audit log: a follow-up's next action was marked done.
    "follow_up.done": N_("Marked a follow-up's next action done"),
    "attachment.added": N_("Attached a file"),
    "attachment.viewed": N_("Viewed an attachment"),
    "attachment.changed": N_("Changed whether a file is shared"),
    "attachment.removed": N_("Removed an attachment"),
    "store.backed_up": N_("Made a backup"),
    "store.restored": N_("Restored a backup"),
    "settings.changed": N_("Changed a setting"),
    "demo.generated": N_("Added demo reports"),
    "statistics.exported": N_("Saved statistics"),
    "report.purged": N_("Deleted personal details (retention)"),
    "force_profile.imported": N_("Imported the force's profile"),
    "centre.signing_key_made": N_("Made the centre's signing key"),
    "batch.exported": N_("Wrote a batch for the police"),
    "batch.rewritten": N_("Wrote a batch again"),
    # Translators: in the audit log: a batch for a recipient besides the police (a council's
    # team, a school…).
    "recipient_batch.exported": N_("Wrote a batch for a recipient"),
    "recipient_batch.rewritten": N_("Wrote a recipient's batch again"),
    "recipient_receipt.imported": N_("Imported a recipient's receipt"),
    # Translators: in the audit log: the force's signed update file on reports it received
    # (how each was recorded, first contact, outcome) was imported.
    "case_updates.imported": N_("Imported the force's updates on reports"),
    "receipt.imported": N_("Imported the force's receipt"),
    "leaflet.printed": N_("Printed a leaflet"),
    "leaflet.saved": N_("Saved a leaflet"),
    "report.subject_access": N_("Wrote what the centre holds on a report (subject access)"),
    "privacy_notice.printed": N_("Printed a privacy notice"),
    # Translators: in the audit log: the report went (redacted) into a case pack for the
    # commissioner's scrutiny panel.
    "report.scrutiny_pack": N_("Put a report in a case pack for the scrutiny panel"),
    "privacy_notice.saved": N_("Saved a privacy notice"),
}


def action_words(action: str) -> str:
    """An action in words, in the language spoken now; an action this version does not know,
    as its code."""
    words = ACTION_WORDS.get(action)
    return _(words) if words else action


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
