"""A person's key bundle: an age identity (to open the store keys sealed to them) and an Ed25519
signing key (to sign what they hand over). Sealed in their slot under their passphrase.

Every bundle is padded to one size, so a coordinator's slot cannot be told from a volunteer's.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIZE = 256  # bytes of a bundle once padded
SIGNATURE_BYTES = 64


class BundleDamaged(ValueError):
    """The sealed bytes opened, but what they hold is not a bundle."""


@dataclass(frozen=True)
class KeyBundle:
    identity: str  # "AGE-SECRET-KEY-1…"
    signing_seed: bytes  # 32 bytes

    @classmethod
    def generate(cls) -> KeyBundle:
        return cls(str(pyrage.x25519.Identity.generate()), secrets.token_bytes(32))

    @property
    def age_identity(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.identity)

    @property
    def recipient(self) -> str:
        """The public half others seal to (``age1…``)."""
        return str(self.age_identity.to_public())

    @property
    def signing_public(self) -> bytes:
        key = Ed25519PrivateKey.from_private_bytes(self.signing_seed).public_key()
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed).sign(data)

    def to_bytes(self) -> bytes:
        body = json.dumps(
            {"identity": self.identity, "signing": base64.b64encode(self.signing_seed).decode()},
            separators=(",", ":"),
        ).encode("ascii")
        return body + b" " * (SIZE - len(body))

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyBundle:
        try:
            document = json.loads(raw.decode("ascii"))
            identity = document["identity"]
            seed = base64.b64decode(document["signing"], validate=True)
            pyrage.x25519.Identity.from_str(identity)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error):
            raise BundleDamaged() from None
        except pyrage.IdentityError:
            raise BundleDamaged() from None
        if len(seed) != 32 or not isinstance(identity, str):
            raise BundleDamaged()
        return cls(identity, seed)


def encode(bundle: KeyBundle) -> str:
    return base64.b64encode(bundle.to_bytes()).decode("ascii")


def decode(text: str) -> KeyBundle:
    try:
        return KeyBundle.from_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        raise BundleDamaged() from None


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is ``public``'s Ed25519 signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def seal_to(data: bytes, recipients: list[str]) -> bytes:
    """Encrypt with age to each ``age1…`` recipient."""
    return bytes(pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(r) for r in recipients]))


def open_with(sealed: bytes, bundle: KeyBundle) -> bytes | None:
    """What ``sealed`` holds, if it was sealed to this bundle; else None."""
    try:
        return bytes(pyrage.decrypt(sealed, [bundle.age_identity]))
    except pyrage.DecryptError:
        return None
