"""Caseworkers' casebooks: each caseworker's own store (a workspace with their role: same schema,
its own key, sealed to them and to the centre identity) holding copies of the cases assigned to
them, and nothing else. Their passphrase opens their casebook and no other store.

The centre's store stays the record. At a coordinator's sign-in and lock, and whenever a case
is assigned or taken back, each casebook is brought up to date through the centre identity:

1. **Taken in** from the casebook: the follow-ups its caseworker added to their own cases, and
   next actions they marked done. Nothing else is ever read from a casebook: a follow-up on a
   case not assigned to them, or in someone else's name, or that fails the same checks the form
   makes, is left out (and dropped from the casebook).
2. **Copied out** to it: each case assigned to them (the report, its attachments, its
   follow-ups, its timeline as the centre's store has it, and links between their own cases).
   A case unchanged since its last copy is not copied again.
3. **Removed** from it: every case no longer assigned to them (taken back, given to another
   caseworker, withdrawn), with its attachments and follow-ups; SQLCipher's secure delete
   overwrites what is removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from intake_app.domain.accounts import CASEWORKER
from intake_app.domain.follow_up import FollowUpEntry, FollowUpProblem, check_entry
from intake_app.services import rekey
from intake_app.services.audit import AuditLog
from intake_app.services.case_assignments import WORKABLE
from intake_app.services.context import ServiceContext
from intake_app.services.report_transfer import copy_report, delete_report
from intake_app.services.store_keys import StoreKeys
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.services.workspaces import head_of, remove
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE

_FOLLOW_UP_COLUMNS = (
    "id, report_id, kind, created_at, created_by, details, next_action, due_on, done_at"
)


@dataclass(frozen=True)
class CasebookChange:
    """What one bringing-up-to-date did to one casebook."""

    taken_in: int = 0  # follow-ups and done next actions taken into the centre's store
    copied: int = 0  # cases copied (new or changed)
    removed: int = 0  # cases removed


def _timestamp(value: object) -> str | None:
    """A stored time as the app writes it, or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return value


def _checked_follow_up(row: tuple[object, ...]) -> tuple[object, ...] | None:
    """A follow-up row from a casebook, re-checked as the form checks one; None if it fails."""
    try:
        details = json.loads(str(row[5]))
        if not isinstance(details, dict) or _timestamp(row[3]) is None:
            return None
        due = date.fromisoformat(str(row[7])) if row[7] else None
        entry = check_entry(
            FollowUpEntry(
                kind=str(row[2]),
                text=str(details.get("text", "")),
                method=str(details.get("method", "")),
                agency=str(details.get("agency", "")),
                referral_state=str(details.get("referral_state", "")),
                next_action=str(row[6] or ""),
                due_on=due,
            )
        )
    except (ValueError, TypeError, FollowUpProblem):
        return None
    return (
        row[0],
        row[1],
        entry.kind,
        row[3],
        row[4],
        json.dumps(entry.details(), ensure_ascii=False, sort_keys=True),
        entry.next_action or None,
        entry.due_on.isoformat() if entry.due_on else None,
        _timestamp(row[8]),
    )


class Casebooks:
    """Given the centre's store and its keys: every casebook's key is sealed to the centre
    identity kept inside that store (as a volunteer's workspace key is)."""

    def __init__(
        self,
        context: ServiceContext,
        keys: StoreKeys,
        workspaces: WorkspaceAdmin,
        timeline: Callable[[str], str],
    ) -> None:
        self.context = context
        self.keys = keys
        self.workspaces = workspaces
        self.timeline = timeline  # a report's timeline as JSON (CaseTimelines.snapshot)
        self.db = context.db

    def _casebooks(self) -> list[tuple[str, str]]:
        rows = self.db.all(
            "SELECT id, workspace_id FROM users WHERE active = 1 AND role = ? "
            "AND workspace_id IS NOT NULL ORDER BY id",
            (CASEWORKER,),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def update_all(self) -> dict[str, CasebookChange]:
        """Bring every active caseworker's casebook up to date; returns what changed, by user
        id. A coordinator's, in the centre's store only."""
        if self.context.store == CENTRE and self.context.user.is_coordinator:
            with self.keys.editing_slots():
                return {user: self._update(user, book) for user, book in self._casebooks()}
        return {}

    def retire(self, user_id: str, workspace_id: str) -> CasebookChange:
        """A caseworker leaves: what they added is taken in, then their casebook is deleted."""
        with self.keys.editing_slots():
            change = CasebookChange()
            if self.keys.slots.entry(workspace_id) is not None:
                book, _key = self.workspaces.open_workspace(workspace_id)
                try:
                    change = CasebookChange(taken_in=self._take_in(book, user_id))
                finally:
                    book.close()
            remove(self.keys.data_dir, self.keys.slots, workspace_id)
            self.keys.save_slots()
            return change

    def give_casebooks(self, take_in_waiting: Callable[[], object]) -> int:
        """Caseworkers added before casebooks existed had the centre's key sealed to them: give
        each a casebook (from their public keys, no passphrase needed), then re-key the centre's
        store and change the centre identity, so their passphrase opens only their casebook.
        Returns how many were given one."""
        rows = self.db.all(
            "SELECT id, name, slot_id, recipient, signing_public FROM users WHERE active = 1 "
            "AND role = ? AND workspace_id IS NULL AND slot_id IS NOT NULL "
            "AND recipient IS NOT NULL AND signing_public IS NOT NULL",
            (CASEWORKER,),
        )
        if not rows:
            return 0
        with self.keys.editing_slots():
            for user_id, name, slot_id, recipient, signing in rows:
                workspace_id, _writer = self.workspaces.make_from_public(
                    str(user_id), str(name), str(slot_id), (str(recipient), str(signing)),
                    CASEWORKER,
                )  # fmt: skip
                self.keys.save_slots()  # the casebook's key is on disk before it is named
                with self.db.transaction():
                    self.db.execute(
                        "UPDATE users SET workspace_id = ? WHERE id = ?", (workspace_id, user_id)
                    )
                    self.context.audit.append(self.context.actor, "casebook.made", str(user_id))
            rekey.rekey(self.context, self.keys)  # sealed now to coordinators and recovery only
            self.workspaces.rotate_centre_identity(take_in_waiting)
        return len(rows)

    # --- one casebook ----------------------------------------------------------------------

    def _update(self, user_id: str, workspace_id: str) -> CasebookChange:
        slots = self.keys.slots
        if slots.entry(workspace_id) is None:
            return CasebookChange()
        book, key = self.workspaces.open_workspace(workspace_id)
        try:
            self.workspaces.learn_owner_keys(user_id, book)  # so saving keeps their slot
            taken_in = self._take_in(book, user_id)
            copied, removed = self._copy_out(book, user_id)
            slots.set_head(workspace_id, key, head_of(book))
        finally:
            book.close()
        self.keys.save_slots()
        return CasebookChange(taken_in, copied, removed)

    def _assigned(self, user_id: str) -> list[str]:
        rows = self.db.all(
            "SELECT a.report_id FROM case_assignments a JOIN reports r ON r.id = a.report_id "
            "WHERE a.caseworker_id = ? AND r.status IN (SELECT value FROM json_each(?)) "
            "ORDER BY a.report_id",
            (user_id, json.dumps(WORKABLE)),
        )
        return [str(r[0]) for r in rows]

    def _take_in(self, book: Database, user_id: str) -> int:
        """The caseworker's new follow-ups, and next actions they marked done, on the cases
        assigned to them now. Returns how many."""
        assigned = set(self._assigned(user_id))
        count = 0
        with self.db.transaction():
            for row in book.all(f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_ups"):  # noqa: S608
                checked = _checked_follow_up(row)
                if checked is None or str(checked[1]) not in assigned:
                    continue
                known = self.db.one(
                    "SELECT report_id, done_at FROM follow_ups WHERE id = ?", (checked[0],)
                )
                if known is None and checked[4] == user_id:
                    self.db.execute(
                        f"INSERT INTO follow_ups ({_FOLLOW_UP_COLUMNS}) "  # noqa: S608
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        checked,
                    )
                    self.context.audit.append(
                        user_id, "follow_up.added", str(checked[1]), str(checked[2])
                    )
                    count += 1
                elif known is not None and known[0] == checked[1] and not known[1] and checked[8]:
                    self.db.execute(
                        "UPDATE follow_ups SET done_at = ? WHERE id = ?", (checked[8], checked[0])
                    )
                    self.context.audit.append(
                        user_id, "follow_up.done", str(checked[1]), str(checked[2])
                    )
                    count += 1
        return count

    def _fingerprint(self, report_id: str) -> str:
        digest = hashlib.sha256()
        row = self.db.one("SELECT * FROM reports WHERE id = ?", (report_id,))
        digest.update(json.dumps(list(row or ()), default=str).encode())
        for attachment in self.db.all(
            "SELECT id, sha256, label, share_with_police FROM attachments WHERE report_id = ? "
            "ORDER BY id",
            (report_id,),
        ):
            digest.update(json.dumps(list(attachment), default=str).encode())
        return digest.hexdigest()

    def _copy_out(self, book: Database, user_id: str) -> tuple[int, int]:
        assigned = self._assigned(user_id)
        wanted = set(assigned)
        held = {
            str(r[0]): str(r[1]) for r in book.all("SELECT report_id, fingerprint FROM case_copies")
        }
        stray = {str(r[0]) for r in book.all("SELECT id FROM reports")} - wanted
        audit = AuditLog(book)
        actor = self.context.actor
        copied = removed = 0
        with book.transaction():
            for report_id in sorted(stray | (set(held) - wanted)):
                _remove_case(book, report_id)
                audit.append(actor, "case.removed_from_casebook", report_id)
                removed += 1
            for report_id in assigned:
                fingerprint = self._fingerprint(report_id)
                if held.get(report_id) != fingerprint:
                    self._copy_case(book, report_id)
                    audit.append(actor, "case.copied_to_casebook", report_id)
                    copied += 1
                self._copy_case_records(book, report_id, fingerprint)
            _copy_links(self.db, book, wanted)
            _drop_unused_people(book, user_id)
        return copied, removed

    def _copy_case(self, book: Database, report_id: str) -> None:
        """The report and its attachments, replacing any older copy."""
        people = self.db.all(
            "SELECT id, name, name_key, role, created_at FROM users WHERE id IN "
            "(SELECT created_by FROM reports WHERE id = ? "
            "UNION SELECT added_by FROM attachments WHERE report_id = ?)",
            (report_id, report_id),
        )
        for person in people:  # who took the report, by name only: no keys, no account
            book.execute(
                "INSERT OR IGNORE INTO users (id, name, name_key, role, active, created_at) "
                "VALUES (?, ?, ?, ?, 0, ?)",
                tuple(person),
            )
        if book.one("SELECT 1 FROM reports WHERE id = ?", (report_id,)):
            _remove_case(book, report_id)  # the whole older copy, its search entry with it
        copy_report(self.db, book, report_id)

    def _copy_case_records(self, book: Database, report_id: str, fingerprint: str) -> None:
        """The case's assignment, follow-ups and timeline, as the centre's store has them."""
        assignment = self.db.one(
            "SELECT report_id, caseworker_id, assigned_at, assigned_by FROM case_assignments "
            "WHERE report_id = ?",
            (report_id,),
        )
        book.execute(
            "INSERT OR REPLACE INTO case_assignments (report_id, caseworker_id, assigned_at, "
            "assigned_by) VALUES (?, ?, ?, ?)",
            tuple(assignment or ()),
        )
        book.execute("DELETE FROM follow_ups WHERE report_id = ?", (report_id,))
        for row in self.db.all(
            f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_ups WHERE report_id = ?",  # noqa: S608
            (report_id,),
        ):
            book.execute(
                f"INSERT INTO follow_ups ({_FOLLOW_UP_COLUMNS}) "  # noqa: S608
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(row),
            )
        book.execute(
            "INSERT OR REPLACE INTO case_copies (report_id, copied_at, fingerprint, timeline) "
            "VALUES (?, ?, ?, ?)",
            (report_id, self.context.now_text(), fingerprint, self.timeline(report_id)),
        )


def _remove_case(book: Database, report_id: str) -> None:
    for table, column in (
        ("follow_ups", "report_id"),
        ("case_assignments", "report_id"),
        ("case_copies", "report_id"),
        ("report_links", "first_id"),
        ("report_links", "second_id"),
    ):
        book.execute(f"DELETE FROM {table} WHERE {column} = ?", (report_id,))  # noqa: S608
    delete_report(book, report_id)


def _copy_links(centre: Database, book: Database, held: set[str]) -> None:
    """Links between the caseworker's own cases (a link to anyone else's is not copied)."""
    book.execute("DELETE FROM report_links")
    for row in centre.all(
        "SELECT first_id, second_id, reason, note, created_at, created_by FROM report_links"
    ):
        if str(row[0]) in held and str(row[1]) in held:
            book.execute(
                "INSERT INTO report_links (first_id, second_id, reason, note, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?)",
                tuple(row),
            )


def _drop_unused_people(book: Database, user_id: str) -> None:
    book.execute(
        "DELETE FROM users WHERE id != ? AND id NOT IN (SELECT created_by FROM reports) "
        "AND id NOT IN (SELECT added_by FROM attachments)",
        (user_id,),
    )
