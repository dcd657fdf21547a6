"""Volunteers and coordinators: who may unlock the store and what each may do."""

from __future__ import annotations

import functools
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar, cast

from intake_app.domain import passphrase_policy
from intake_app.domain.accounts import (
    CASEWORKER,
    COORDINATOR,
    RECOVERY_ROLE,
    RECOVERY_USER,
    ROLES,
    VOLUNTEER,
    User,
)
from intake_app.services import rekey
from intake_app.services.context import ServiceContext
from intake_app.services.store_keys import StoreKeys
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.storage import recovery_key
from intake_app.storage.database import Database
from intake_app.storage.kdf import normalise_user_name
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import CENTRE, USER
from intake_app.support.errors import (
    IntakeError,
    InvalidRecoveryKey,
    NotAllowed,
    NotFound,
    WeakPassphrase,
    WrongCredentials,
)
from intake_app.support.i18n import _, ngettext

__all__ = [
    "COORDINATOR",
    "RECOVERY_ROLE",
    "RECOVERY_USER",
    "ROLES",
    "VOLUNTEER",
    "User",
    "UserService",
]

MAX_NAME = 80


def check_user_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise IntakeError(_("Enter a user name."))
    if len(cleaned) > MAX_NAME:
        raise IntakeError(
            ngettext(
                "A user name can be at most {count} character.",
                "A user name can be at most {count} characters.",
                MAX_NAME,
            ).format(count=MAX_NAME)
        )
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise IntakeError(_("A user name cannot contain control characters."))
    return cleaned


def check_new_passphrase(passphrase: str, user_name: str, centre: str = "") -> None:
    reason = passphrase_policy.weakness(passphrase, user_name=user_name, centre=centre)
    if reason:
        # Translators: {reason} is one or two sentences saying what would make it stronger.
        raise WeakPassphrase(_("That passphrase is too weak. {reason}").format(reason=reason))


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
    ``StoreKeys.editing_slots``)."""

    @functools.wraps(method)
    def wrapper(self: UserService, *args: Any, **kwargs: Any) -> Any:
        with self.keys.editing_slots():
            return method(self, *args, **kwargs)

    return cast(_Method, wrapper)


class UserService:
    """Adding, deactivating and resetting accounts: each changes who the store's key (or a
    workspace's) is sealed to, so this service is given the keys."""

    def __init__(
        self,
        context: ServiceContext,
        keys: StoreKeys,
        workspaces: WorkspaceAdmin,
        take_in_waiting: Callable[[], object],
        retire_casebook: Callable[[str, str], object],
    ) -> None:
        self.context = context
        self.keys = keys
        self.workspaces = workspaces
        self.take_in_waiting = take_in_waiting  # deposits waiting, taken in before a change
        self.retire_casebook = retire_casebook  # a caseworker's follow-ups in, casebook deleted
        self.db = context.db
        # Set when a re-key had to replace a version 1 recovery key: show it once, to print.
        self.new_recovery_key: str | None = None

    def list(self) -> list[User]:
        self.context.require(COORDINATOR, RECOVERY_ROLE)
        rows = self.db.all("SELECT id, name, role, active FROM users ORDER BY name_key")
        return [_row_to_user(r) for r in rows]

    def _find(self, name: str) -> tuple[User, str | None]:
        row = self.db.one(
            "SELECT id, name, role, active, slot_id FROM users WHERE name_key = ?",
            (normalise_user_name(name),),
        )
        if row is None:
            raise NotFound(_("There is no user with that name."))
        return _row_to_user(row), (str(row[4]) if row[4] else None)

    @_editing_slots
    def add(self, name: str, role: str, passphrase: str) -> User:
        """A coordinator (or the recovery key) adds a volunteer or coordinator."""
        self.context.require(COORDINATOR, RECOVERY_ROLE)
        if role not in ROLES:
            raise IntakeError(_("A user is a coordinator, a volunteer or a caseworker."))
        if self.context.user.role == RECOVERY_ROLE and role != COORDINATOR:
            raise NotAllowed(
                _("With the recovery key you can add a coordinator; they add volunteers.")
            )
        name = check_user_name(name)
        check_new_passphrase(passphrase, name, self.context.centre.name)
        if self.db.one("SELECT 1 FROM users WHERE name_key = ?", (normalise_user_name(name),)):
            raise IntakeError(_("There is already a user with that name. Choose another."))
        slots = self.keys.slots
        bundle = KeyBundle.generate()
        sealing_key = slots.user_key(name, passphrase, self.keys.device_secret)
        slot_id = slots.seal_bundle(USER, sealing_key, bundle)
        user_id = secrets.token_hex(8)
        workspace: tuple[str, int] | None = None
        if role in (VOLUNTEER, CASEWORKER):
            # Their own store (a volunteer's workspace, a caseworker's casebook): the centre's
            # key is never sealed to them.
            workspace = self.workspaces.make_for(user_id, name, slot_id, bundle, role)
        else:
            rekey.reseal(self.keys, [bundle.recipient])
        # The slot, and the key sealed to it, are on disk before the account exists, so a
        # crash never leaves an account that no slot opens; an orphan is dropped later.
        self.keys.save_slots(extra={slot_id})
        with self.db.transaction():
            user = insert_user(
                self.db,
                name,
                role,
                slot_id,
                self.context.now_text(),
                bundle,
                user_id=user_id,
                workspace=workspace,
            )
            self.context.audit.append(self.context.actor, "user.added", user.id, role)
        self.keys.save_slots()
        return user

    @_editing_slots
    def deactivate(self, name: str) -> User:
        """Deactivate an account and re-key the store, so their slot opens nothing current.
        (A new recovery key, when a version 1 one had to be replaced, is in
        ``new_recovery_key``.)"""
        self.context.require(COORDINATOR)
        user, slot_id = self._find(name)
        if user.id == self.context.user.id:
            raise NotAllowed(_("You cannot deactivate your own account. Ask another coordinator."))
        if user.is_coordinator and user.active:
            others = self.db.scalar(
                "SELECT count(*) FROM users WHERE role = 'coordinator' AND active = 1 AND id != ?",
                (user.id,),
            )
            if not others:
                raise NotAllowed(_("The store must keep at least one active coordinator."))
        workspace_id = self.db.scalar("SELECT workspace_id FROM users WHERE id = ?", (user.id,))
        if workspace_id and user.active and user.is_caseworker:
            # Their follow-ups come to the centre; the copies of their cases go.
            self.retire_casebook(user.id, str(workspace_id))
        elif workspace_id and user.active:
            # Nothing of theirs is lost: deposits waiting, then drafts, come to the centre.
            self.take_in_waiting()
            self.workspaces.take_in_drafts(user.id, str(workspace_id))
        with self.db.transaction():
            self.db.execute(
                "UPDATE users SET active = 0, deactivated_at = ? WHERE id = ?",
                (self.context.now_text(), user.id),
            )
            self.context.audit.append(self.context.actor, "user.deactivated", user.id)
        if slot_id:
            self.keys.slots.remove(slot_id)
        self.new_recovery_key = rekey.rekey(self.context, self.keys)
        if user.is_coordinator or not workspace_id:  # they knew the centre identity
            self.workspaces.rotate_centre_identity(self.take_in_waiting)
        return User(user.id, user.name, user.role, active=False)

    def _reseal(self, user: User, slot_id: str | None, passphrase: str, action: str) -> None:
        """A new bundle in a new slot, then a re-key: the old slot opens nothing current."""
        check_new_passphrase(passphrase, user.name, self.context.centre.name)
        slots = self.keys.slots
        workspace_id = self.db.scalar("SELECT workspace_id FROM users WHERE id = ?", (user.id,))
        if workspace_id and self.keys.store == CENTRE:  # a volunteer's, reset at the centre
            sealing_key = slots.user_key(user.name, passphrase, self.keys.device_secret)
            self.workspaces.reset_keys(user.id, str(workspace_id), sealing_key)
            with self.db.transaction():
                self.context.audit.append(self.context.actor, action, user.id)
            if slot_id:
                slots.remove(slot_id)
            self.keys.save_slots()
            return
        bundle = KeyBundle.generate()
        sealing_key = slots.user_key(user.name, passphrase, self.keys.device_secret)
        new_slot = slots.seal_bundle(USER, sealing_key, bundle)
        rekey.reseal(self.keys, [bundle.recipient])
        self.keys.save_slots(extra={new_slot})
        with self.db.transaction():
            set_bundle(self.db, user.id, new_slot, bundle)
            self.context.audit.append(self.context.actor, action, user.id)
        if slot_id:
            slots.remove(slot_id)
        if user.id == self.context.user.id:
            self.keys.bundle = bundle
        self.new_recovery_key = rekey.rekey(self.context, self.keys)

    @_editing_slots
    def change_own_passphrase(self, current: str, new: str) -> None:
        user = self.context.user
        if user.role == RECOVERY_ROLE:
            raise NotAllowed(_("Sign in as a user to change your own passphrase."))
        _user, slot_id = self._find(user.name)
        try:
            opened = self.keys.slots.open_user(user.name, current, self.keys.device_secret)
        except WrongCredentials:
            raise WrongCredentials(_("Your current passphrase was not right.")) from None
        if opened.slot_id != slot_id:
            raise WrongCredentials(_("Your current passphrase was not right."))
        self._reseal(user, slot_id, new, "user.passphrase_changed")

    @_editing_slots
    def reset_with_recovery_key(self, name: str, recovery_text: str, new: str) -> None:
        """A coordinator, signed in, resets someone's forgotten passphrase; the recovery key
        proves the centre's authority (it must open this store's recovery slot)."""
        self.context.require(COORDINATOR)
        secret = recovery_key.parse_key(recovery_text)
        if not hmac.compare_digest(self._key_from_recovery(secret), self.keys.db_key):
            raise InvalidRecoveryKey(_("That recovery key does not belong to this store."))
        user, slot_id = self._find(name)
        if not user.active:
            raise NotAllowed(_("That account has been deactivated. Add it again instead."))
        self._reseal(user, slot_id, new, "user.passphrase_reset")

    def _key_from_recovery(self, secret: bytes) -> bytes:
        opened = self.keys.slots.open_recovery(secret)
        if opened.legacy_key is not None:
            return opened.legacy_key
        found = self.keys.slots.open_store(opened.bundle) if opened.bundle else None
        if found is None or found[0].store_id != CENTRE:
            return b""
        return found[1]

    @_editing_slots
    def reset_passphrase(self, name: str, new: str) -> None:
        """Set a new passphrase for any user; only with the recovery key."""
        self.context.require(RECOVERY_ROLE)
        user, slot_id = self._find(name)
        if not user.active:
            raise NotAllowed(
                _("That account has been deactivated. A coordinator can add it again.")
            )
        self._reseal(user, slot_id, new, "user.passphrase_reset")
