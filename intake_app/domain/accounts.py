"""Who is signed in: a user and their role (coordinator or volunteer), or the recovery key."""

from __future__ import annotations

from dataclasses import dataclass

COORDINATOR = "coordinator"
VOLUNTEER = "volunteer"
ROLES = (COORDINATOR, VOLUNTEER)
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


RECOVERY_USER = User(id="recovery-key", name="Recovery key", role=RECOVERY_ROLE)
