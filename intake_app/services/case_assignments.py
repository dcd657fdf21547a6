"""Which caseworker works which case: a coordinator assigns a report that reached the centre to
one caseworker, who then sees and works only the cases assigned to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from intake_app.domain import reference
from intake_app.domain.accounts import CASEWORKER, COORDINATOR, User
from intake_app.services.context import ServiceContext
from intake_app.storage.database import Database
from intake_app.storage.kdf import normalise_user_name
from intake_app.support.errors import IntakeError, NotAllowed, NotFound
from intake_app.support.i18n import _

# A report's case can be worked once it has reached the centre, and until it is withdrawn.
WORKABLE = ("ready", "exported", "acknowledged")


def NOT_ASSIGNED() -> str:
    return _("That case is not assigned to you. Ask a coordinator to assign it to you.")


def NOT_IN_CASEBOOK() -> str:
    return _(
        "No case with that reference is assigned to you. Check the reference, or ask a "
        "coordinator to assign the case to you."
    )


def assigned_to(db: Database, report_id: str) -> str | None:
    """The id of the caseworker working this report, or None."""
    found = db.scalar(
        "SELECT caseworker_id FROM case_assignments WHERE report_id = ?", (report_id,)
    )
    return str(found) if found else None


@dataclass(frozen=True)
class Case:
    report_id: str
    reference: str
    status: str


class CaseAssignments:
    """Assigning cases (coordinators) and finding one's own (caseworkers)."""

    def __init__(
        self, context: ServiceContext, changed: Callable[[], object] | None = None
    ) -> None:
        self.context = context
        self.db = context.db
        # Casebooks are brought up to date before an assignment changes (so what a caseworker
        # added is taken in while the case is still theirs) and after (so it reaches the new one).
        self.changed = changed

    def case(self, ref_or_id: str) -> Case:
        """The case, if the signed-in person may work it (refused with the reason otherwise)."""
        user = self.context.user
        if self.context.in_workspace or user.role not in (COORDINATOR, CASEWORKER):
            raise NotAllowed(_("Only a coordinator or a caseworker can work a case."))
        if self.context.in_casebook and user.role != CASEWORKER:
            raise NotAllowed(NOT_ASSIGNED())
        row = self.db.one(
            "SELECT id, reference, status FROM reports WHERE id = ? OR reference = ?",
            (ref_or_id, reference.normalise(ref_or_id)),
        )
        if row is None:
            if self.context.in_casebook:
                raise NotFound(NOT_IN_CASEBOOK())
            raise NotFound(_("There is no report with that reference."))
        case = Case(str(row[0]), str(row[1]), str(row[2]))
        if user.role == CASEWORKER and assigned_to(self.db, case.report_id) != user.id:
            raise NotAllowed(NOT_ASSIGNED())
        if case.status not in WORKABLE:
            raise IntakeError(
                _("Follow-ups are kept for reports that reached the centre and were not withdrawn.")
            )
        return case

    def assign(self, ref_or_id: str, caseworker_name: str) -> User:
        """A coordinator gives a case to a caseworker (taking it from any other)."""
        self.context.require(COORDINATOR)
        case = self.case(ref_or_id)
        row = self.db.one(
            "SELECT id, name, role, active FROM users WHERE name_key = ?",
            (normalise_user_name(caseworker_name),),
        )
        if row is None:
            raise NotFound(_("There is no user with that name."))
        worker = User(str(row[0]), str(row[1]), str(row[2]), bool(row[3]))
        if worker.role != CASEWORKER or not worker.active:
            raise IntakeError(_("Cases can be assigned only to an active caseworker."))
        self._casebooks()
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO case_assignments (report_id, caseworker_id, assigned_at, assigned_by)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET "
                "caseworker_id = excluded.caseworker_id, assigned_at = excluded.assigned_at, "
                "assigned_by = excluded.assigned_by",
                (case.report_id, worker.id, self.context.now_text(), self.context.actor),
            )
            self.context.audit.append(
                self.context.actor, "case.assigned", case.report_id, worker.id
            )
        self._casebooks()
        return worker

    def unassign(self, ref_or_id: str) -> None:
        self.context.require(COORDINATOR)
        case = self.case(ref_or_id)
        self._casebooks()
        with self.db.transaction():
            self.db.execute("DELETE FROM case_assignments WHERE report_id = ?", (case.report_id,))
            self.context.audit.append(self.context.actor, "case.unassigned", case.report_id)
        self._casebooks()

    def _casebooks(self) -> None:
        if self.changed is not None:
            self.changed()

    def worker(self, report_id: str) -> User | None:
        """The caseworker working this report, if any (a coordinator asks; a caseworker knows
        the cases they see are theirs)."""
        row = self.db.one(
            "SELECT u.id, u.name, u.role, u.active FROM case_assignments a "
            "JOIN users u ON u.id = a.caseworker_id WHERE a.report_id = ?",
            (report_id,),
        )
        return None if row is None else User(str(row[0]), str(row[1]), str(row[2]), bool(row[3]))

    def caseworkers(self) -> list[User]:
        """The caseworkers a coordinator may choose among: every active one, and any
        deactivated one who still has cases (to find them and give them to someone else)."""
        if not self.context.user.is_coordinator or self.context.in_workspace:
            return []
        rows = self.db.all(
            "SELECT id, name, role, active FROM users WHERE role = ? AND (active = 1 OR id IN "
            "(SELECT caseworker_id FROM case_assignments)) ORDER BY name_key",
            (CASEWORKER,),
        )
        return [User(str(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in rows]

    def mine(self) -> list[Case]:
        """The signed-in caseworker's cases (a coordinator: every assigned case)."""
        user = self.context.user
        if user.role not in (COORDINATOR, CASEWORKER) or self.context.in_workspace:
            return []
        sql = (
            "SELECT r.id, r.reference, r.status FROM case_assignments a "
            "JOIN reports r ON r.id = a.report_id"
        )
        params: tuple[str, ...] = ()
        if user.role == CASEWORKER:
            sql += " WHERE a.caseworker_id = ?"
            params = (user.id,)
        return [
            Case(str(r[0]), str(r[1]), str(r[2]))
            for r in self.db.all(sql + " ORDER BY r.reference", params)
        ]
