"""What every service is given: the open store, its audit log, who is signed in, the centre, and
the clock. It holds no key material (that is ``store_keys``, given only to the services that
manage keys) and no other service: a service gets its collaborators by constructor, from the
session that composes them (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from intake_app.domain.accounts import User
from intake_app.domain.centre import Centre
from intake_app.services.audit import AuditLog
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE
from intake_app.support.errors import NotAllowed
from intake_app.support.i18n import _

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stored_centre(db: Database) -> Centre:
    """The centre as the store records it."""
    meta = {str(k): str(v) for k, v in db.all("SELECT key, value FROM store_meta")}
    return Centre(meta["centre_name"], meta["centre_code"], meta.get("force_code", ""))


class ServiceContext:
    """Read-only, but for the centre's name, which only the centre's settings change."""

    __slots__ = ("_audit", "_centre", "_clock", "_db", "_store", "_user")

    def __init__(
        self,
        db: Database,
        user: User,
        centre: Centre,
        *,
        store: str = CENTRE,
        clock: Clock = utc_now,
        audit: AuditLog | None = None,
    ) -> None:
        self._db = db
        self._audit = audit or AuditLog(db)
        self._user = user
        self._centre = centre
        self._store = store
        self._clock = clock

    @classmethod
    def over(
        cls,
        db: Database,
        user: User,
        *,
        store: str = CENTRE,
        clock: Clock = utc_now,
        audit: AuditLog | None = None,
    ) -> ServiceContext:
        """A context for ``user`` over an open store, the centre read from the store itself."""
        return cls(db, user, stored_centre(db), store=store, clock=clock, audit=audit)

    @property
    def db(self) -> Database:
        return self._db

    @property
    def audit(self) -> AuditLog:
        return self._audit

    @property
    def user(self) -> User:
        return self._user

    @property
    def actor(self) -> str:
        """Who the audit log names for what this context does."""
        return self._user.id

    @property
    def centre(self) -> Centre:
        return self._centre

    @property
    def store(self) -> str:
        """Which store this is: the centre's, or a volunteer's workspace id."""
        return self._store

    @property
    def in_workspace(self) -> bool:
        """A volunteer working in their own workspace, not in the centre's store."""
        return self._store != CENTRE and not self._user.is_caseworker

    @property
    def in_casebook(self) -> bool:
        """A caseworker working in their casebook: their own store, holding copies of the
        cases assigned to them and nothing else."""
        return self._store != CENTRE and self._user.is_caseworker

    @property
    def clock(self) -> Clock:
        return self._clock

    def now_text(self) -> str:
        return self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def local_now(self) -> datetime:
        """Now, as a naive local time, for comparing with dates people type."""
        return self._clock().astimezone().replace(tzinfo=None)

    def require(self, *roles: str) -> None:
        if self._user.role not in roles:
            raise NotAllowed(_("Only a coordinator can do that."))

    def centre_renamed(self, name: str) -> None:
        """The centre's settings changed its name (already saved in the store)."""
        self._centre = replace(self._centre, name=name)
