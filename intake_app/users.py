"""Volunteers and coordinators: who may unlock the store and what each may do."""

from __future__ import annotations

import functools
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from intake_app import passphrase_policy, rekey, workspace_admin
from intake_app.errors import (
    IntakeError,
    InvalidRecoveryKey,
    NotAllowed,
    NotFound,
    WeakPassphrase,
    WrongCredentials,
)
from intake_app.storage import recovery_key
from intake_app.storage.database import Database
from intake_app.storage.kdf import normalise_user_name
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, USER

if TYPE_CHECKING:
    from intake_app.session import Session

COORDINATOR = "coordinator"
VOLUNTEER = "volunteer"
ROLES = (COORDINATOR, VOLUNTEER)
RECOVERY_ROLE = "recovery"
MAX_NAME = 80


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


def check_user_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise IntakeError("Enter a user name.")
    if len(cleaned) > MAX_NAME:
        raise IntakeError(f"A user name can be at most {MAX_NAME} characters.")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise IntakeError("A user name cannot contain control characters.")
    return cleaned


def check_new_passphrase(passphrase: str, user_name: str, centre: str = "") -> None:
    reason = passphrase_policy.weakness(passphrase, user_name=user_name, centre=centre)
    if reason:
        raise WeakPassphrase(f"That passphrase is too weak. {reason}")


def _row_to_user(row: tuple[object, ...]) -> User:
    return User(id=str(row[0]), name=str(row[1]), role=str(row[2]), active=bool(row[3]))


def insert_user(
    db: Database,
    name: str,
    role: str,
    slot_id: str,
    at: str,
    bundle: KeyBundle | None = None,
    *,
    user_id: str | None = None,
    workspace: tuple[str, int] | None = None,
) -> User:
    """Add the account row (inside the caller's transaction); ``workspace`` is a volunteer's
    workspace id and writer number."""
    user = User(id=user_id or secrets.token_hex(8), name=name, role=role)
    db.execute(
        "INSERT INTO users (id, name, name_key, role, active, slot_id, created_at, recipient, "
        "signing_public, workspace_id, writer) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
        (
            user.id,
            name,
            normalise_user_name(name),
            role,
            slot_id,
            at,
            bundle.recipient if bundle else None,
            bundle.signing_public.hex() if bundle else None,
            workspace[0] if workspace else None,
            workspace[1] if workspace else 0,
        ),
    )
    return user


def set_bundle(db: Database, user_id: str, slot_id: str, bundle: KeyBundle) -> None:
    """Point the user at a new slot holding a new bundle (inside the caller's transaction)."""
    db.execute(
        "UPDATE users SET slot_id = ?, recipient = ?, signing_public = ? WHERE id = ?",
        (slot_id, bundle.recipient, bundle.signing_public.hex(), user_id),
    )


def user_by_slot(db: Database, slot_id: str) -> User | None:
    row = db.one("SELECT id, name, role, active FROM users WHERE slot_id = ?", (slot_id,))
    return _row_to_user(row) if row else None


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _editing_slots(method: _Method) -> _Method:
    """Run the method with the slot file read afresh and held for changing (see
    ``Session.editing_slots``)."""

    @functools.wraps(method)
    def wrapper(self: UserService, *args: Any, **kwargs: Any) -> Any:
        with self.session.editing_slots():
            return method(self, *args, **kwargs)

    return cast(_Method, wrapper)


class UserService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.db = session.db
        # Set when a re-key had to replace a version 1 recovery key: show it once, to print.
        self.new_recovery_key: str | None = None

    def list(self) -> list[User]:
        self.session.require(COORDINATOR, RECOVERY_ROLE)
        rows = self.db.all("SELECT id, name, role, active FROM users ORDER BY name_key")
        return [_row_to_user(r) for r in rows]

    def _find(self, name: str) -> tuple[User, str | None]:
        row = self.db.one(
            "SELECT id, name, role, active, slot_id FROM users WHERE name_key = ?",
            (normalise_user_name(name),),
        )
        if row is None:
            raise NotFound("There is no user with that name.")
        return _row_to_user(row), (str(row[4]) if row[4] else None)

    @_editing_slots
    def add(self, name: str, role: str, passphrase: str) -> User:
        """A coordinator (or the recovery key) adds a volunteer or coordinator."""
        self.session.require(COORDINATOR, RECOVERY_ROLE)
        if role not in ROLES:
            raise IntakeError("A user is either a coordinator or a volunteer.")
        if self.session.user.role == RECOVERY_ROLE and role != COORDINATOR:
            raise NotAllowed(
                "With the recovery key you can add a coordinator; they add volunteers."
            )
        name = check_user_name(name)
        check_new_passphrase(passphrase, name, self.session.centre.name)
        if self.db.one("SELECT 1 FROM users WHERE name_key = ?", (normalise_user_name(name),)):
            raise IntakeError("There is already a user with that name. Choose another.")
        slots = self.session.slots
        bundle = KeyBundle.generate()
        sealing_key = slots.user_key(name, passphrase, self.session.device_secret)
        slot_id = slots.seal_bundle(USER, sealing_key, bundle)
        user_id = secrets.token_hex(8)
        workspace: tuple[str, int] | None = None
        if role == VOLUNTEER:  # their own workspace: the centre's key is never sealed to them
            workspace = workspace_admin.make_for(self.session, user_id, name, slot_id, bundle)
        else:
            rekey.reseal(self.session, [bundle.recipient])
        # The slot, and the key sealed to it, are on disk before the account exists, so a
        # crash never leaves an account that no slot opens; an orphan is dropped later.
        self.session.save_slots(extra={slot_id})
        with self.db.transaction():
            user = insert_user(
                self.db,
                name,
                role,
                slot_id,
                self.session.now_text(),
                bundle,
                user_id=user_id,
                workspace=workspace,
            )
            self.session.audit.append(self.session.actor, "user.added", user.id, role)
        self.session.save_slots()
        return user

    @_editing_slots
    def deactivate(self, name: str) -> User:
        """Deactivate an account and re-key the store, so their slot opens nothing current.
        (A new recovery key, when a version 1 one had to be replaced, is in
        ``new_recovery_key``.)"""
        self.session.require(COORDINATOR)
        user, slot_id = self._find(name)
        if user.id == self.session.user.id:
            raise NotAllowed("You cannot deactivate your own account. Ask another coordinator.")
        if user.is_coordinator and user.active:
            others = self.db.scalar(
                "SELECT count(*) FROM users WHERE role = 'coordinator' AND active = 1 AND id != ?",
                (user.id,),
            )
            if not others:
                raise NotAllowed("The store must keep at least one active coordinator.")
        workspace_id = self.db.scalar("SELECT workspace_id FROM users WHERE id = ?", (user.id,))
        if workspace_id and user.active:
            # Nothing of theirs is lost: deposits waiting, then drafts, come to the centre.
            self.session.deposits.take_in_waiting()
            workspace_admin.take_in_drafts(self.session, user.id, str(workspace_id))
        with self.db.transaction():
            self.db.execute(
                "UPDATE users SET active = 0, deactivated_at = ? WHERE id = ?",
                (self.session.now_text(), user.id),
            )
            self.session.audit.append(self.session.actor, "user.deactivated", user.id)
        if slot_id:
            self.session.slots.remove(slot_id)
        self.new_recovery_key = rekey.rekey(self.session)
        if user.is_coordinator:  # they knew the centre identity that opens workspaces
            workspace_admin.rotate_centre_identity(self.session)
        return User(user.id, user.name, user.role, active=False)

    def _reseal(self, user: User, slot_id: str | None, passphrase: str, action: str) -> None:
        """A new bundle in a new slot, then a re-key: the old slot opens nothing current."""
        check_new_passphrase(passphrase, user.name, self.session.centre.name)
        slots = self.session.slots
        workspace_id = self.db.scalar("SELECT workspace_id FROM users WHERE id = ?", (user.id,))
        if workspace_id and self.session.store == CENTRE:  # a volunteer's, reset at the centre
            sealing_key = slots.user_key(user.name, passphrase, self.session.device_secret)
            workspace_admin.reset_keys(self.session, user.id, str(workspace_id), sealing_key)
            with self.db.transaction():
                self.session.audit.append(self.session.actor, action, user.id)
            if slot_id:
                slots.remove(slot_id)
            self.session.save_slots()
            return
        bundle = KeyBundle.generate()
        sealing_key = slots.user_key(user.name, passphrase, self.session.device_secret)
        new_slot = slots.seal_bundle(USER, sealing_key, bundle)
        rekey.reseal(self.session, [bundle.recipient])
        self.session.save_slots(extra={new_slot})
        with self.db.transaction():
            set_bundle(self.db, user.id, new_slot, bundle)
            self.session.audit.append(self.session.actor, action, user.id)
        if slot_id:
            slots.remove(slot_id)
        if user.id == self.session.user.id:
            self.session.bundle = bundle
        self.new_recovery_key = rekey.rekey(self.session)

    @_editing_slots
    def change_own_passphrase(self, current: str, new: str) -> None:
        user = self.session.user
        if user.role == RECOVERY_ROLE:
            raise NotAllowed("Sign in as a user to change your own passphrase.")
        _, slot_id = self._find(user.name)
        try:
            opened = self.session.slots.open_user(user.name, current, self.session.device_secret)
        except WrongCredentials:
            raise WrongCredentials("Your current passphrase was not right.") from None
        if opened.slot_id != slot_id:
            raise WrongCredentials("Your current passphrase was not right.")
        self._reseal(user, slot_id, new, "user.passphrase_changed")

    @_editing_slots
    def reset_with_recovery_key(self, name: str, recovery_text: str, new: str) -> None:
        """A coordinator, signed in, resets someone's forgotten passphrase; the recovery key
        proves the centre's authority (it must open this store's recovery slot)."""
        self.session.require(COORDINATOR)
        secret = recovery_key.parse_key(recovery_text)
        if not hmac.compare_digest(self._key_from_recovery(secret), self.session.db_key):
            raise InvalidRecoveryKey("That recovery key does not belong to this store.")
        user, slot_id = self._find(name)
        if not user.active:
            raise NotAllowed("That account has been deactivated. Add it again instead.")
        self._reseal(user, slot_id, new, "user.passphrase_reset")

    def _key_from_recovery(self, secret: bytes) -> bytes:
        opened = self.session.slots.open_recovery(secret)
        if opened.legacy_key is not None:
            return opened.legacy_key
        found = self.session.slots.open_store(opened.bundle) if opened.bundle else None
        if found is None or found[0].store_id != CENTRE:
            return b""
        return found[1]

    @_editing_slots
    def reset_passphrase(self, name: str, new: str) -> None:
        """Set a new passphrase for any user; only with the recovery key."""
        self.session.require(RECOVERY_ROLE)
        user, slot_id = self._find(name)
        if not user.active:
            raise NotAllowed("That account has been deactivated. A coordinator can add it again.")
        self._reseal(user, slot_id, new, "user.passphrase_reset")
