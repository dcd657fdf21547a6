"""Key slots: the database key, sealed once per user and once for the recovery key.

The slot file (``keyslots.json``) holds no user names and nothing about reports. A user slot is
found by deriving one key from the user name and passphrase (Argon2id, salted per store and per
user name) and trying it on every user slot, so the time taken does not depend on whether the
name exists. Decoy slots pad the list so it does not tell exactly how many volunteers there are.

Integrity: a SHA-256 checksum catches a damaged or altered file before any key is derived, and an
HMAC under a key derived from the database key proves, after unlock, that the file was written by
someone who held that key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.errors import InvalidRecoveryKey, SlotFileDamaged, StoreMissing, WrongCredentials
from intake_app.storage import kdf
from intake_app.storage.files import atomic_write

FORMAT = "intake-keyslots"
VERSION = 1
USER = "user"
RECOVERY = "recovery"
PAD_TO = 4  # user slots are padded with decoys to a multiple of this
_NONCE = 12
_SEALED = kdf.KEY_BYTES + 16

DAMAGED = (
    "The key slot file (keyslots.json) is damaged or has been altered, so the store cannot be "
    "unlocked with it. Nothing has been changed. Restore the data folder from a backup."
)


@dataclass
class Slot:
    slot_id: str
    kind: str
    nonce: bytes
    sealed: bytes


@dataclass
class SlotFile:
    store_id: str
    store_salt: bytes
    db_salt: bytes
    params: kdf.Argon2Params
    device_bound: bool
    slots: list[Slot] = field(default_factory=list)
    mac: bytes = b""

    # --- sealing and opening -----------------------------------------------------------------

    def _aad(self, slot_id: str, kind: str) -> bytes:
        return f"intake/slot/1|{self.store_id}|{slot_id}|{kind}".encode("ascii")

    def user_key(self, user_name: str, passphrase: str, device_secret: bytes | None) -> bytes:
        """The slot-sealing key for a user (the slow step: about 0.3 s)."""
        salt = kdf.user_salt(self.store_salt, user_name)
        derived = kdf.derive_passphrase_key(passphrase, salt, self.params)
        return kdf.bind_device(derived, device_secret if self.device_bound else None)

    def recovery_key(self, recovery_secret: bytes) -> bytes:
        return kdf.hkdf(recovery_secret, salt=self.store_salt, info=b"intake/slot-key/recovery/1")

    def seal(self, kind: str, sealing_key: bytes, db_key: bytes, slot_id: str | None = None) -> str:
        """Add (or replace) a slot holding ``db_key``; returns the slot id."""
        slot_id = slot_id or secrets.token_hex(8)
        nonce = secrets.token_bytes(_NONCE)
        sealed = AESGCM(sealing_key).encrypt(nonce, db_key, self._aad(slot_id, kind))
        self.slots = [s for s in self.slots if s.slot_id != slot_id]
        self.slots.append(Slot(slot_id, kind, nonce, sealed))
        return slot_id

    def open_with(self, kind: str, sealing_key: bytes) -> tuple[bytes, str] | None:
        """Try the key on every slot of ``kind``; (database key, slot id) or None."""
        found: tuple[bytes, str] | None = None
        for slot in self.slots:
            if slot.kind != kind:
                continue
            try:
                db_key = AESGCM(sealing_key).decrypt(
                    slot.nonce, slot.sealed, self._aad(slot.slot_id, kind)
                )
            except InvalidTag:
                continue
            if found is None:  # keep going: every slot is tried, whatever the outcome
                found = (db_key, slot.slot_id)
        return found

    def open_user(
        self, user_name: str, passphrase: str, device_secret: bytes | None
    ) -> tuple[bytes, str]:
        opened = self.open_with(USER, self.user_key(user_name, passphrase, device_secret))
        if opened is None:
            raise WrongCredentials()
        return opened

    def open_recovery(self, recovery_secret: bytes) -> bytes:
        opened = self.open_with(RECOVERY, self.recovery_key(recovery_secret))
        if opened is None:
            raise InvalidRecoveryKey(
                "That recovery key does not belong to this store. Check that it is the key "
                "printed for this centre."
            )
        return opened[0]

    def remove(self, slot_id: str) -> None:
        self.slots = [s for s in self.slots if s.slot_id != slot_id]

    def retain(self, slot_ids: set[str]) -> None:
        """Drop every slot not listed (decoys from an earlier save, removed users)."""
        self.slots = [s for s in self.slots if s.slot_id in slot_ids]

    # --- integrity -------------------------------------------------------------------------

    def _mac_key(self, db_key: bytes) -> bytes:
        return kdf.hkdf(db_key, salt=self.store_salt, info=b"intake/slot-file-mac/1")

    def compute_mac(self, db_key: bytes) -> bytes:
        return hmac.digest(self._mac_key(db_key), _canonical(self._body()), "sha256")

    def verify_mac(self, db_key: bytes) -> None:
        if not hmac.compare_digest(self.compute_mac(db_key), self.mac):
            raise SlotFileDamaged(DAMAGED)

    # --- serialisation ---------------------------------------------------------------------

    def _body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "store_id": self.store_id,
            "store_salt": _b64(self.store_salt),
            "db_salt": _b64(self.db_salt),
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.params.memory_kib,
                "iterations": self.params.iterations,
                "lanes": self.params.lanes,
            },
            "device_bound": self.device_bound,
            "slots": [
                {
                    "id": s.slot_id,
                    "kind": s.kind,
                    "nonce": _b64(s.nonce),
                    "sealed": _b64(s.sealed),
                }
                for s in self.slots
            ],
        }

    def to_bytes(self) -> bytes:
        document = self._body()
        document["mac"] = _b64(self.mac)
        document["checksum"] = hashlib.sha256(_canonical(document)).hexdigest()
        return json.dumps(document, indent=1, sort_keys=True).encode("ascii") + b"\n"

    def save(self, path: Path, db_key: bytes) -> None:
        """Pad with fresh decoys, shuffle, sign with the database key and write atomically."""
        real_users = [s for s in self.slots if s.kind == USER]
        decoys = (-len(real_users)) % PAD_TO or 0
        for _ in range(decoys):
            self.slots.append(
                Slot(
                    secrets.token_hex(8),
                    USER,
                    secrets.token_bytes(_NONCE),
                    secrets.token_bytes(_SEALED),
                )
            )
        shuffled = list(self.slots)
        secrets.SystemRandom().shuffle(shuffled)
        self.slots = shuffled
        self.mac = self.compute_mac(db_key)
        atomic_write(path, self.to_bytes())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, size: int) -> bytes:
    if not isinstance(value, str):
        raise SlotFileDamaged(DAMAGED)
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SlotFileDamaged(DAMAGED) from None
    if len(data) != size:
        raise SlotFileDamaged(DAMAGED)
    return data


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")


def _hex_id(value: object) -> str:
    if not isinstance(value, str) or len(value) not in (16, 32):
        raise SlotFileDamaged(DAMAGED)
    try:
        bytes.fromhex(value)
    except ValueError:
        raise SlotFileDamaged(DAMAGED) from None
    return value


def parse(raw: bytes) -> SlotFile:
    try:
        document = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SlotFileDamaged(DAMAGED) from None
    if not isinstance(document, dict):
        raise SlotFileDamaged(DAMAGED)
    if document.get("format") != FORMAT:
        raise SlotFileDamaged(DAMAGED)
    if document.get("version") != VERSION:
        raise SlotFileDamaged(
            "The key slot file was written by a newer version of the app. Update the app to "
            "open this store."
        )
    checksum = document.pop("checksum", None)
    if not isinstance(checksum, str) or not hmac.compare_digest(
        checksum, hashlib.sha256(_canonical(document)).hexdigest()
    ):
        raise SlotFileDamaged(DAMAGED)
    try:
        params_doc = document["kdf"]
        params = kdf.Argon2Params(
            memory_kib=int(params_doc["memory_kib"]),
            iterations=int(params_doc["iterations"]),
            lanes=int(params_doc["lanes"]),
        )
        if params_doc.get("name") != "argon2id" or not params.is_sane():
            raise SlotFileDamaged(DAMAGED)
        slots = []
        for entry in document["slots"]:
            kind = entry["kind"]
            if kind not in (USER, RECOVERY):
                raise SlotFileDamaged(DAMAGED)
            slots.append(
                Slot(
                    _hex_id(entry["id"]),
                    kind,
                    _unb64(entry["nonce"], _NONCE),
                    _unb64(entry["sealed"], _SEALED),
                )
            )
        device_bound = document["device_bound"]
        if not isinstance(device_bound, bool):
            raise SlotFileDamaged(DAMAGED)
        return SlotFile(
            store_id=_hex_id(document["store_id"]),
            store_salt=_unb64(document["store_salt"], 16),
            db_salt=_unb64(document["db_salt"], 16),
            params=params,
            device_bound=device_bound,
            slots=slots,
            mac=_unb64(document["mac"], 32),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SlotFileDamaged(DAMAGED) from None


def load(path: Path) -> SlotFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreMissing(
            "There is no store in this data folder yet. Set one up first (intake init)."
        ) from None
    return parse(raw)


def new(params: kdf.Argon2Params, device_bound: bool) -> SlotFile:
    return SlotFile(
        store_id=secrets.token_hex(16),
        store_salt=secrets.token_bytes(16),
        db_salt=b"\x00" * 16,  # set once the database file exists
        params=params,
        device_bound=device_bound,
    )
