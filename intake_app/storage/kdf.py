"""Key derivation for key slots: Argon2id for passphrases, HKDF for the rest."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


@dataclass(frozen=True)
class Argon2Params:
    """Cost settings, kept in the slot file so they can be raised later.

    The defaults take about 0.35 s on a two-core machine (see ``make bench``).
    """

    memory_kib: int = 131072
    iterations: int = 4
    lanes: int = 4

    # Bounds that a slot file must respect; values outside them mean a damaged or altered file.
    MIN_MEMORY_KIB = 8192
    MAX_MEMORY_KIB = 4 * 1024 * 1024
    MAX_ITERATIONS = 64
    MAX_LANES = 16

    def is_sane(self) -> bool:
        return (
            self.MIN_MEMORY_KIB <= self.memory_kib <= self.MAX_MEMORY_KIB
            and 1 <= self.iterations <= self.MAX_ITERATIONS
            and 1 <= self.lanes <= self.MAX_LANES
        )


# Light settings for tests only; never written by the app itself.
TEST_PARAMS = Argon2Params(memory_kib=8192, iterations=1, lanes=1)


def normalise_user_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def normalise_passphrase(passphrase: str) -> bytes:
    # NFC so that the same visible passphrase typed on different keyboards gives the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def user_salt(store_salt: bytes, user_name: str) -> bytes:
    """Per-store, per-user salt; the user name itself is never stored in the slot file."""
    digest = hashlib.sha256()
    digest.update(b"intake/user-salt/1\x00")
    digest.update(store_salt)
    digest.update(normalise_user_name(user_name).encode("utf-8"))
    return digest.digest()[:16]


def derive_passphrase_key(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_passphrase(passphrase))


def hkdf(secret: bytes, *, salt: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def bind_device(key: bytes, device_secret: bytes | None) -> bytes:
    """Mix the keyring's device secret (if any) into a passphrase-derived key."""
    if device_secret is None:
        return hkdf(key, salt=b"", info=b"intake/slot-key/passphrase-only/1")
    return hkdf(key, salt=device_secret, info=b"intake/slot-key/device-bound/1")
