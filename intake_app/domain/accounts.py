"""Who is signed in: a user and their role (coordinator, volunteer or caseworker), or the
recovery key. A caseworker works only the cases (reports) a coordinator assigned to them."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.support.i18n import N_, _

COORDINATOR = "coordinator"
VOLUNTEER = "volunteer"
CASEWORKER = "caseworker"
ROLES = (COORDINATOR, VOLUNTEER, CASEWORKER)
RECOVERY_ROLE = "recovery"


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    active: bool = True

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def is_caseworker(self) -> bool:
        return self.role == CASEWORKER

    @property
    def shown_name(self) -> str:
        """The name as people read it: the recovery key's is translated, people's own never."""
        return _(self.name) if self.role == RECOVERY_ROLE else self.name


# Its name is marked for translation: ``shown_name`` translates it where it is shown.
RECOVERY_USER = User(id="recovery-key", name=N_("Recovery key"), role=RECOVERY_ROLE)
