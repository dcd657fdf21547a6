"""Key slots: each person's key bundle sealed under their passphrase, and each store's key sealed
with age to the people who may open it (format in docs/store.md, "The slot file").

The slot file holds no user names and nothing about reports. A user slot is found by deriving one
key from the user name and passphrase (Argon2id, salted per store and per user name) and trying
it on every user slot, so the time taken does not depend on whether the name exists. Decoy slots
pad the list so it does not tell exactly how many people there are.

Integrity: a SHA-256 checksum catches a damaged or altered file before any key is derived; each
store entry carries an HMAC under a key derived from that store's own key, so an entry changed by
someone without that key (an older head put back, another sealed key swapped in) is found.
"""

from __future__ import annotations

import copy as copy_module
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.storage import kdf, key_bundle
from intake_app.storage.key_bundle import BundleDamaged, KeyBundle
from intake_app.storage.slot_file_format import (
    DAMAGED,
    USER,
    canonical,
    entry_body,
    load_document,
    parse_document,
    to_bytes,
)
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import InvalidRecoveryKey, SlotFileDamaged, WrongCredentials
from intake_app.support.i18n import _

RECOVERY = "recovery"
LEGACY_USER = "legacy-user"  # version 1: the slot seals the centre's database key itself
LEGACY_RECOVERY = "legacy-recovery"
CENTRE = "centre"
PAD_TO = 4  # user slots are padded with decoys to a multiple of this
NONCE = 12
BUNDLE_SEALED = key_bundle.SIZE + 16
LEGACY_SEALED = kdf.KEY_BYTES + 16

__all__ = [
    "CENTRE",
    "DAMAGED",
    "RECOVERY",
    "USER",
    "Opened",
    "Slot",
    "SlotFile",
    "StoreCopy",
    "StoreEntry",
]


@dataclass
class Slot:
    slot_id: str
    kind: str
    nonce: bytes
    sealed: bytes


@dataclass
class StoreEntry:
    """One database: where it is, its SQLCipher salt, its key sealed with age, and its head."""

    store_id: str  # CENTRE or a workspace id
    file: str
    db_salt: bytes
    generation: int
    sealed_key: bytes
    head: str
    mac: bytes = b""
    # While the store is being re-keyed: the next key, sealed to the same people. A crash after
    # the database took the new key but before the file was rewritten leaves both to try.
    sealed_next: bytes = b""


@dataclass(frozen=True)
class StoreCopy:
    """A copy of one store made for a backup: its own salt, the store's key, the copy's head."""

    db_salt: bytes
    key: bytes
    head: str


@dataclass(frozen=True)
class Opened:
    """What a passphrase or recovery key opened: a bundle, or (version 1) a key directly."""

    slot_id: str
    bundle: KeyBundle | None = None
    legacy_key: bytes | None = None


@dataclass
class SlotFile:
    store_id: str
    store_salt: bytes
    params: kdf.Argon2Params
    device_bound: bool
    recovery_recipient: str = ""
    slots: list[Slot] = field(default_factory=list)
    stores: list[StoreEntry] = field(default_factory=list)
    version: int = 2
    # Version 1 only: the whole-file HMAC under the database key, checked once at the upgrade.
    legacy_mac: bytes = b""
    legacy_body: bytes = b""

    # --- slots -----------------------------------------------------------------------------

    def _aad(self, slot_id: str, kind: str) -> bytes:
        version = 1 if kind in (LEGACY_USER, LEGACY_RECOVERY) else 2
        legacy_kind = {LEGACY_USER: USER, LEGACY_RECOVERY: RECOVERY}.get(kind, kind)
        return f"intake/slot/{version}|{self.store_id}|{slot_id}|{legacy_kind}".encode("ascii")

    def user_key(self, user_name: str, passphrase: str, device_secret: bytes | None) -> bytes:
        """The slot-sealing key for a user (the slow step: about 0.4 s)."""
        salt = kdf.user_salt(self.store_salt, user_name)
        derived = kdf.derive_passphrase_key(passphrase, salt, self.params)
        return kdf.bind_device(derived, device_secret if self.device_bound else None)

    def recovery_key(self, recovery_secret: bytes) -> bytes:
        return kdf.hkdf(recovery_secret, salt=self.store_salt, info=b"intake/slot-key/recovery/1")

    def seal_bundle(
        self, kind: str, sealing_key: bytes, bundle: KeyBundle, slot_id: str | None = None
    ) -> str:
        """Add (or replace) a slot holding ``bundle``; returns the slot id."""
        slot_id = slot_id or secrets.token_hex(8)
        nonce = secrets.token_bytes(NONCE)
        sealed = AESGCM(sealing_key).encrypt(nonce, bundle.to_bytes(), self._aad(slot_id, kind))
        self.slots = [s for s in self.slots if s.slot_id != slot_id]
        self.slots.append(Slot(slot_id, kind, nonce, sealed))
        return slot_id

    def _try(self, kinds: tuple[str, ...], sealing_key: bytes) -> Opened | None:
        found: Opened | None = None
        for slot in self.slots:
            if slot.kind not in kinds:
                continue
            try:
                plain = AESGCM(sealing_key).decrypt(
                    slot.nonce, slot.sealed, self._aad(slot.slot_id, slot.kind)
                )
            except InvalidTag:
                continue
            if found is not None:  # keep going: every slot is tried, whatever the outcome
                continue
            if slot.kind in (LEGACY_USER, LEGACY_RECOVERY):
                found = Opened(slot.slot_id, legacy_key=plain)
                continue
            try:
                found = Opened(slot.slot_id, bundle=KeyBundle.from_bytes(plain))
            except BundleDamaged:
                raise SlotFileDamaged(_(DAMAGED)) from None
        return found

    def open_user(self, user_name: str, passphrase: str, device_secret: bytes | None) -> Opened:
        return self.open_user_with(self.user_key(user_name, passphrase, device_secret))

    def open_user_with(self, sealing_key: bytes) -> Opened:
        opened = self._try((USER, LEGACY_USER), sealing_key)
        if opened is None:
            raise WrongCredentials()
        return opened

    def open_recovery(self, recovery_secret: bytes) -> Opened:
        opened = self._try((RECOVERY, LEGACY_RECOVERY), self.recovery_key(recovery_secret))
        if opened is None:
            raise InvalidRecoveryKey(
                _(
                    "That recovery key does not belong to this store. Check that it is the key "
                    "printed for this centre."
                )
            )
        return opened

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.slot_id == slot_id), None)

    def remove(self, slot_id: str) -> None:
        self.slots = [s for s in self.slots if s.slot_id != slot_id]

    def retain(self, slot_ids: set[str]) -> None:
        """Drop every slot not listed (decoys from an earlier save, removed users)."""
        self.slots = [s for s in self.slots if s.slot_id in slot_ids]

    def has_legacy_slots(self) -> bool:
        return any(s.kind in (LEGACY_USER, LEGACY_RECOVERY) for s in self.slots)

    # --- stores ----------------------------------------------------------------------------

    def entry(self, store_id: str) -> StoreEntry | None:
        return next((e for e in self.stores if e.store_id == store_id), None)

    def _entry_mac(self, entry: StoreEntry, key: bytes) -> bytes:
        mac_key = kdf.hkdf(key, salt=self.store_salt, info=b"intake/store-entry/2")
        return hmac.digest(mac_key, canonical(entry_body(self.store_id, entry)), "sha256")

    def put_store(
        self,
        store_id: str,
        file: str,
        db_salt: bytes,
        key: bytes,
        recipients: list[str],
        head: str,
        generation: int = 1,
    ) -> StoreEntry:
        """Seal ``key`` to ``recipients`` and record the store (replacing any earlier entry).
        With no recipients yet (a version 1 store before anyone has a bundle) only the entry
        is recorded, authenticated by the key."""
        sealed = key_bundle.seal_to(key, recipients) if recipients else b""
        entry = StoreEntry(store_id, file, db_salt, generation, sealed, head)
        entry.mac = self._entry_mac(entry, key)
        self.stores = [e for e in self.stores if e.store_id != store_id] + [entry]
        return entry

    def set_head(self, store_id: str, key: bytes, head: str) -> None:
        entry = self.entry(store_id)
        if entry is not None and entry.head != head:
            entry.head = head
            entry.mac = self._entry_mac(entry, key)

    def remove_store(self, store_id: str) -> None:
        self.stores = [e for e in self.stores if e.store_id != store_id]

    def begin_rekey(
        self, store_id: str, key: bytes, next_key: bytes, recipients: list[str]
    ) -> None:
        """Record the next key beside the current one, before the database is re-keyed."""
        entry = self.entry(store_id)
        if entry is None:
            raise SlotFileDamaged(_(DAMAGED))
        entry.sealed_next = key_bundle.seal_to(next_key, recipients)
        entry.mac = self._entry_mac(entry, key)

    def open_store(self, bundle: KeyBundle) -> tuple[StoreEntry, bytes] | None:
        """The store whose key is sealed to this bundle, and that key (its entry verified)."""
        for entry in self.stores:
            if not entry.sealed_key:
                continue
            key = key_bundle.open_with(entry.sealed_key, bundle)
            if key is not None:
                self.verify_entry(entry, key)
                return entry, key
        return None

    def promote_next(self, store_id: str, next_key: bytes) -> None:
        """The database took the next key: it becomes the current one."""
        entry = self.entry(store_id)
        if entry is None or not entry.sealed_next:
            raise SlotFileDamaged(_(DAMAGED))
        entry.sealed_key, entry.sealed_next = entry.sealed_next, b""
        entry.generation += 1
        entry.mac = self._entry_mac(entry, next_key)

    def next_key(self, entry: StoreEntry, bundle: KeyBundle | None) -> bytes | None:
        """The key a re-key that did not finish may have given the database."""
        if not entry.sealed_next or bundle is None:
            return None
        return key_bundle.open_with(entry.sealed_next, bundle)

    def verify_entry(self, entry: StoreEntry, key: bytes) -> None:
        if len(key) != kdf.KEY_BYTES or not hmac.compare_digest(
            self._entry_mac(entry, key), entry.mac
        ):
            raise SlotFileDamaged(_(DAMAGED))

    def verify_legacy_mac(self, db_key: bytes) -> None:
        """Version 1: the whole file's HMAC under the database key."""
        mac_key = kdf.hkdf(db_key, salt=self.store_salt, info=b"intake/slot-file-mac/1")
        if not hmac.compare_digest(
            hmac.digest(mac_key, self.legacy_body, "sha256"), self.legacy_mac
        ):
            raise SlotFileDamaged(_(DAMAGED))

    def copy_for_backup(self, copies: Mapping[str, StoreCopy]) -> bytes:
        """This file as it must travel with copies of its databases. Each copy has its own
        SQLCipher salt, so each entry names its copy's salt and head, with its MAC recomputed
        under that store's key. ``copies`` must hold every store the file lists."""
        copy = copy_module.deepcopy(self)
        if CENTRE not in copies or set(copies) != {e.store_id for e in copy.stores}:
            raise SlotFileDamaged(_(DAMAGED))
        for entry in copy.stores:
            made = copies[entry.store_id]
            entry.db_salt, entry.head = made.db_salt, made.head
            entry.mac = copy._entry_mac(entry, made.key)
        copy.version = 2
        return to_bytes(copy)

    # --- writing ---------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Pad with fresh decoys, shuffle, and write atomically (always as version 2)."""
        real_users = [s for s in self.slots if s.kind in (USER, LEGACY_USER)]
        for _decoy in range((-len(real_users)) % PAD_TO):
            self.slots.append(
                Slot(
                    secrets.token_hex(8),
                    USER,
                    secrets.token_bytes(NONCE),
                    secrets.token_bytes(BUNDLE_SEALED),
                )
            )
        shuffled = list(self.slots)
        secrets.SystemRandom().shuffle(shuffled)
        self.slots = shuffled
        self.version = 2
        atomic_write(path, to_bytes(self))


def parse(raw: bytes) -> SlotFile:
    return parse_document(raw, SlotFile, Slot, StoreEntry)


def load(path: Path) -> SlotFile:
    return parse(load_document(path))


def new(params: kdf.Argon2Params, device_bound: bool) -> SlotFile:
    return SlotFile(
        store_id=secrets.token_hex(16),
        store_salt=secrets.token_bytes(16),
        params=params,
        device_bound=device_bound,
    )
