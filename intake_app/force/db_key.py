"""The key of the force's database (``force.db``), sealed in ``force-db.key``.

The database key is 32 random bytes. It is sealed with AES-GCM under a key derived (HKDF, from
``intake_app.storage.kdf``) from the force's age identity, which itself is kept only in
``identity.age``, encrypted under the force's passphrase. So whoever cannot open the force's keys
cannot open its database either, and changing how the identity is protected never needs the
database to be re-keyed.

The file also holds SQLCipher's salt for the database (not secret). It is chosen before the
database exists, so the key file can always be written first, and a database whose salt differs
is known to belong to other keys rather than to be damaged.
"""

from __future__ import annotations

import binascii
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.storage import kdf
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

FILE_NAME = "force-db.key"
# The key force.db had before the force's keys were replaced, until the database is re-keyed
# under the new one (``ForceStore`` does it when it next opens the database).
PREVIOUS = "force-db-previous.key"
FORMAT = "intake-force-db-key"
VERSION = 1
SALT_BYTES = 16
_NONCE_BYTES = 12
_INFO = b"intake/force-db-key/1"

KEY_FILE_UNUSABLE = N_(
    "The force's database key file (force-db.key) is damaged, or belongs to another force's "
    "keys, so the force's database cannot be opened. Nothing has been changed. Restore the "
    "force's folder from a backup."
)
KEY_FILE_MISSING = N_(
    "The force's database (force.db) is here but its key file (force-db.key) is missing, so it "
    "cannot be opened. Nothing has been changed. Restore force-db.key from a backup of the "
    "force's folder."
)


@dataclass(frozen=True)
class DatabaseKey:
    key: bytes
    salt: bytes

    @property
    def raw(self) -> bytes:
        """The key and salt together, in the form SQLCipher takes as a raw key with its salt."""
        return self.key + self.salt


def _sealing_key(identity: pyrage.x25519.Identity, salt: bytes) -> bytes:
    return kdf.hkdf(str(identity).encode("ascii"), salt=salt, info=_INFO)


def _aad(salt: bytes) -> bytes:
    return _INFO + b"|" + salt


def create(home: Path, identity: pyrage.x25519.Identity) -> DatabaseKey:
    """Make a new database key and write it, sealed, to ``force-db.key``."""
    made = DatabaseKey(secrets.token_bytes(kdf.KEY_BYTES), secrets.token_bytes(SALT_BYTES))
    write(home, identity, made)
    return made


def write(
    folder: Path, identity: pyrage.x25519.Identity, made: DatabaseKey, name: str = FILE_NAME
) -> None:
    """``made`` sealed under ``identity``, written to ``name`` (``force-db.key``) in ``folder``."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(_sealing_key(identity, made.salt)).encrypt(nonce, made.key, _aad(made.salt))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "db_salt": made.salt.hex(),
        "nonce": nonce.hex(),
        "sealed": sealed.hex(),
    }
    atomic_write(folder / name, json.dumps(document, indent=2).encode("ascii"))


def unseal(home: Path, identity: pyrage.x25519.Identity, name: str = FILE_NAME) -> DatabaseKey:
    """The database key from ``force-db.key`` (or ``name``); a damaged or foreign file is
    refused plainly."""
    try:
        document = json.loads((home / name).read_bytes())
        if document["format"] != FORMAT or document["version"] != VERSION:
            raise ValueError
        salt = bytes.fromhex(document["db_salt"])
        nonce = bytes.fromhex(document["nonce"])
        sealed = bytes.fromhex(document["sealed"])
        if len(salt) != SALT_BYTES or len(nonce) != _NONCE_BYTES:
            raise ValueError
        key = AESGCM(_sealing_key(identity, salt)).decrypt(nonce, sealed, _aad(salt))
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError, binascii.Error, InvalidTag):
        raise IntakeError(_(KEY_FILE_UNUSABLE)) from None
    if len(key) != kdf.KEY_BYTES:
        raise IntakeError(_(KEY_FILE_UNUSABLE))
    return DatabaseKey(key, salt)


def load_or_create(
    home: Path, identity: pyrage.x25519.Identity, *, database_is_encrypted: bool
) -> DatabaseKey:
    """The existing key, or a new one when there is no encrypted database it could belong to."""
    try:
        return unseal(home, identity)
    except FileNotFoundError:
        if database_is_encrypted:
            raise IntakeError(_(KEY_FILE_MISSING)) from None
    return create(home, identity)
