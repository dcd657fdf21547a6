"""A random secret kept in the operating system's keyring, mixed into user key slots.

With it, a copied database and slot file plus a guessed passphrase are not enough: the keyring of
this computer (this user account) is needed too. It is optional. When no secure keyring exists (a
headless Linux box, say) the store is passphrase-only and the app says so. A plaintext keyring is
never used.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from intake_app.support.i18n import _

SERVICE = "intake-app"
SECRET_BYTES = 32

# Backends that keep secrets in the clear, or keep nothing at all.
_INSECURE_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    reason: str


def _is_insecure(backend: KeyringBackend) -> bool:
    backends = getattr(backend, "backends", None)
    if backends is not None:  # the chainer: secure only if it has at least one secure member
        return not backends or all(_is_insecure(b) for b in backends)
    module = type(backend).__module__
    name = type(backend).__name__.lower()
    return module.startswith(_INSECURE_MODULE_PREFIXES) or "plaintext" in name


def status() -> KeyringStatus:
    """Whether a secure keyring can be used right now."""
    backend = keyring.get_keyring()
    if _is_insecure(backend):
        return KeyringStatus(
            False,
            _(
                "No secure keyring is available on this computer, so the store is protected by "
                "passphrases alone."
            ),
        )
    try:
        backend.get_password(SERVICE, "probe")
    except Exception:  # a backend that is installed but not running (e.g. no session bus)
        return KeyringStatus(
            False,
            _(
                "The keyring of this computer is not answering, so the store is protected by "
                "passphrases alone."
            ),
        )
    return KeyringStatus(True, _("Key slots are bound to this computer's keyring."))


def _entry_name(store_id: str) -> str:
    return f"store-{store_id}"


def create(store_id: str) -> bytes:
    secret = secrets.token_bytes(SECRET_BYTES)
    keyring.set_password(SERVICE, _entry_name(store_id), base64.b64encode(secret).decode("ascii"))
    return secret


def load(store_id: str) -> bytes | None:
    """The device secret for a store, or None if this keyring does not hold it."""
    if not status().usable:
        return None
    try:
        value = keyring.get_password(SERVICE, _entry_name(store_id))
    except keyring.errors.KeyringError:
        return None
    if value is None:
        return None
    try:
        secret = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return secret if len(secret) == SECRET_BYTES else None
