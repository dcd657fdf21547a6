"""Report documents, attachments and the force's update files sealed in the force's database,
under a key it does not hold.

Each document and attachment is sealed with AES-GCM (``cryptography``) under a content key: 32
random bytes, kept in the database's ``content_keys`` table only sealed in turn, with AES-GCM
under a key derived (HKDF) from the force's age identity, which lives in the force's folder
(``identity.age``) encrypted under the force's passphrase. So a database administrator, a
``pg_dump`` or a backup tape holds the reports only as ciphertext, and whoever runs
``intake-force`` with the passphrase reads them, on any machine that shares the database. Only
the fields that find and count reports are kept in clear beside them (centre, batch, dates,
strands, status, consent).

A sealed value is ``1 | key id (4 bytes) | nonce (12 bytes) | ciphertext and tag``; the
authenticated data names the key and the row (which report, which attachment), so a value moved
to another row does not open. ``rotate`` adds a key that seals from then on; the earlier ones
still open what they sealed.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.force.backend import ForceDatabase
from intake_app.storage import kdf
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

_INFO = b"intake/force-content-key/1"
_SEAL = b"intake/force-content/1|"
_VERSION = 1
_HEADER = struct.Struct(">BI")
_NONCE = 12

FOREIGN_KEYS = N_(
    "The force's database does not open with the keys in this force's folder: it was made with "
    "another force's keys, or the force's keys were replaced ('intake-force rotate-keys') on "
    "another machine and this folder is an older copy (copy it again from there). Nothing has "
    "been changed."
)
UNREADABLE = N_(
    "A report in the force's database does not open with the force's keys: it was changed "
    "outside intake-force, or is damaged. Nothing has been changed."
)


KEYS_CHANGED = N_(
    "The force's content keys changed while this was running (a key it seals with was "
    "removed). Nothing has been changed: run it again."
)


def report_context(report_id: str) -> bytes:
    return b"report|" + report_id.encode("ascii")


def attachment_context(report_id: str, member: str) -> bytes:
    return b"attachment|" + report_id.encode("ascii") + b"|" + member.encode("utf-8")


def update_file_context(centre: str, sequence: int) -> bytes:
    return b"update-file|" + centre.encode("utf-8") + b"|" + str(sequence).encode("ascii")


@dataclass
class ContentKeys:
    keys: dict[int, AESGCM] = field(default_factory=dict)
    current: int = 0
    # Some are still sealed under an earlier identity of the force: ``rewrap`` seals them under
    # the current one (its owner's work, after the force's keys changed).
    under_earlier: bool = False

    def seal(self, plain: bytes, context: bytes) -> bytes:
        header = _HEADER.pack(_VERSION, self.current)
        nonce = secrets.token_bytes(_NONCE)
        return (
            header + nonce + self.keys[self.current].encrypt(nonce, plain, _SEAL + header + context)
        )

    def open(self, sealed: bytes, context: bytes) -> bytes:
        sealed = bytes(sealed)
        try:
            version, key_id = _HEADER.unpack_from(sealed)
            if version != _VERSION or key_id not in self.keys:
                raise ValueError
            header, rest = sealed[: _HEADER.size], sealed[_HEADER.size :]
            return self.keys[key_id].decrypt(rest[:_NONCE], rest[_NONCE:], _SEAL + header + context)
        except (struct.error, ValueError, InvalidTag):
            raise IntakeError(_(UNREADABLE)) from None


def _wrapping_key(identity: pyrage.x25519.Identity, salt: bytes) -> AESGCM:
    return AESGCM(kdf.hkdf(str(identity).encode("ascii"), salt=salt, info=_INFO))


def _add_key(db: ForceDatabase, identity: pyrage.x25519.Identity, key_id: int) -> None:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(_NONCE)
    key = secrets.token_bytes(kdf.KEY_BYTES)
    sealed = _wrapping_key(identity, salt).encrypt(nonce, key, _INFO + struct.pack(">I", key_id))
    db.execute(
        "INSERT INTO content_keys VALUES (?, ?, ?, ?, ?)",
        (key_id, salt, nonce, sealed, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
    )


def load(
    db: ForceDatabase,
    identity: pyrage.x25519.Identity,
    earlier: Sequence[pyrage.x25519.Identity] = (),
) -> ContentKeys:
    """Every content key, unsealed (with the current identity, or an earlier one of the
    force's); the first is made (inside the caller's transaction) when there is none yet."""
    rows = db.all("SELECT key_id, salt, nonce, sealed FROM content_keys ORDER BY key_id")
    if not rows:
        _add_key(db, identity, 1)
        rows = db.all("SELECT key_id, salt, nonce, sealed FROM content_keys ORDER BY key_id")
    found = ContentKeys()
    for key_id, salt, nonce, sealed in rows:
        key, by = _unwrapped(int(key_id), bytes(salt), bytes(nonce), bytes(sealed),
                             (identity, *earlier))  # fmt: skip
        found.keys[int(key_id)] = AESGCM(key)
        found.current = int(key_id)
        found.under_earlier |= by is not identity
    return found


def _unwrapped(
    key_id: int,
    salt: bytes,
    nonce: bytes,
    sealed: bytes,
    identities: Sequence[pyrage.x25519.Identity],
) -> tuple[bytes, pyrage.x25519.Identity]:
    for identity in identities:
        try:
            key = _wrapping_key(identity, salt).decrypt(
                nonce, sealed, _INFO + struct.pack(">I", key_id)
            )
        except (InvalidTag, ValueError):
            continue
        return key, identity
    raise IntakeError(_(FOREIGN_KEYS))


def rewrap(
    db: ForceDatabase,
    identity: pyrage.x25519.Identity,
    earlier: Sequence[pyrage.x25519.Identity],
) -> int:
    """Inside a transaction: every content key still sealed under an earlier identity sealed
    under the current one instead (the keys themselves, and so everything they seal, stay as
    they are). How many were."""
    done = 0
    for key_id, salt, nonce, sealed in db.all(
        "SELECT key_id, salt, nonce, sealed FROM content_keys ORDER BY key_id"
    ):
        key, by = _unwrapped(int(key_id), bytes(salt), bytes(nonce), bytes(sealed),
                             (identity, *earlier))  # fmt: skip
        if by is identity:
            continue
        new_salt, new_nonce = secrets.token_bytes(16), secrets.token_bytes(_NONCE)
        wrapped = _wrapping_key(identity, new_salt).encrypt(
            new_nonce, key, _INFO + struct.pack(">I", int(key_id))
        )
        done += db.execute(
            "UPDATE content_keys SET salt = ?, nonce = ?, sealed = ? WHERE key_id = ?",
            (new_salt, new_nonce, wrapped, int(key_id)),
        )
    return done


def rotate(
    db: ForceDatabase,
    identity: pyrage.x25519.Identity,
    earlier: Sequence[pyrage.x25519.Identity] = (),
) -> int:
    """A new content key, used for everything sealed from now on (inside a transaction)."""
    rewrap(db, identity, earlier)  # the existing ones must open with this force's keys
    latest = int(db.scalar("SELECT max(key_id) FROM content_keys") or 0)
    _add_key(db, identity, latest + 1)
    return latest + 1


def hold(db: ForceDatabase, keys: ContentKeys) -> None:
    """At the start of a transaction that seals: the key it seals with is kept until the
    transaction ends (removing keys no longer needed waits for it), and is still there."""
    if db.dialect.hold_keys is not None:
        db.one(db.dialect.hold_keys)
    if db.scalar("SELECT 1 FROM content_keys WHERE key_id = ?", (keys.current,)) is None:
        raise IntakeError(_(KEYS_CHANGED))


def key_id_of(sealed: bytes) -> int | None:
    """The number of the key a sealed value was sealed under, from its first bytes."""
    try:
        version, key_id = _HEADER.unpack_from(sealed)
    except struct.error:
        return None
    return int(key_id) if version == _VERSION else None
