"""Reading and writing ``keyslots.json``: version 2, and version 1 (read only, for the upgrade).

Anything that is not exactly a slot file of a known version, with the app's own key-derivation
settings, is refused before any key is derived: a damaged or altered file costs nothing to reject.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app.storage import kdf
from intake_app.support.atomic_files import disk_error
from intake_app.support.errors import SlotFileDamaged, StoreMissing
from intake_app.support.i18n import N_, _

if TYPE_CHECKING:
    from intake_app.storage.keyslots import Slot, SlotFile, StoreEntry

FORMAT = "intake-keyslots"
USER = "user"
MAX_BYTES = 1024 * 1024  # a slot file for hundreds of users is a few tens of kilobytes
ALLOWED_PARAMS = (kdf.Argon2Params(), kdf.TEST_PARAMS)

DAMAGED = N_(
    "The key slot file (keyslots.json) is damaged or has been altered, so the store cannot be "
    "unlocked with it. Nothing has been changed. Restore the data folder from a backup."
)
NOT_A_FILE = N_(
    "keyslots.json in the data folder is not an ordinary file (it may be a folder or a special "
    "file put in its place), so the store cannot be unlocked. Nothing has been changed. Restore "
    "the data folder from a backup."
)
TOO_LARGE = N_(
    "keyslots.json in the data folder is far larger than a key slot file can be, so it has been "
    "damaged or replaced. Nothing has been changed. Restore the data folder from a backup."
)


def load_document(path: Path) -> bytes:
    """The file's bytes, after checking it is a regular file of a plausible size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StoreMissing(
            # Translators: "intake init" is a command, typed as it is.
            _("There is no store in this data folder yet. Set one up first (intake init).")
        ) from None
    except OSError as exc:  # permission refused, an I/O error: say so, never "damaged"
        raise disk_error(exc, path) from None
    if not stat.S_ISREG(info.st_mode):
        raise SlotFileDamaged(_(NOT_A_FILE))
    if info.st_size > MAX_BYTES:
        raise SlotFileDamaged(_(TOO_LARGE))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):  # a link or special file
            raise SlotFileDamaged(_(NOT_A_FILE)) from None
        raise disk_error(exc, path) from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped after the check
            raise SlotFileDamaged(_(NOT_A_FILE))
        try:
            raw = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise disk_error(exc, path) from None
    if len(raw) > MAX_BYTES:
        raise SlotFileDamaged(_(TOO_LARGE))
    return raw


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(value: object, size: int | None = None, *, limit: int = 4096) -> bytes:
    if not isinstance(value, str) or len(value) > limit:
        raise SlotFileDamaged(_(DAMAGED))
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SlotFileDamaged(_(DAMAGED)) from None
    if size is not None and len(data) != size:
        raise SlotFileDamaged(_(DAMAGED))
    return data


def canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")


def hex_id(value: object, sizes: tuple[int, ...] = (16, 32)) -> str:
    if not isinstance(value, str) or len(value) not in sizes:
        raise SlotFileDamaged(_(DAMAGED))
    try:
        bytes.fromhex(value)
    except ValueError:
        raise SlotFileDamaged(_(DAMAGED)) from None
    return value


def _text(value: object, limit: int = 200) -> str:
    if not isinstance(value, str) or len(value) > limit or not value.isascii():
        raise SlotFileDamaged(_(DAMAGED))
    return value


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
        raise SlotFileDamaged(_(DAMAGED))
    return value


def entry_body(file_store_id: str, entry: StoreEntry) -> dict[str, Any]:
    return {
        "store": file_store_id,
        "id": entry.store_id,
        "file": entry.file,
        "db_salt": b64(entry.db_salt),
        "generation": entry.generation,
        "sealed_key": b64(entry.sealed_key),
        "head": entry.head,
        "sealed_next": b64(entry.sealed_next),
    }


def _kdf_document(params: kdf.Argon2Params) -> dict[str, Any]:
    return {
        "name": "argon2id",
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
    }


def to_bytes(slots: SlotFile) -> bytes:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": 2,
        "store_id": slots.store_id,
        "store_salt": b64(slots.store_salt),
        "kdf": _kdf_document(slots.params),
        "device_bound": slots.device_bound,
        "recovery_recipient": slots.recovery_recipient,
        "slots": [
            {"id": s.slot_id, "kind": s.kind, "nonce": b64(s.nonce), "sealed": b64(s.sealed)}
            for s in slots.slots
        ],
        "stores": [{**entry_body(slots.store_id, e), "mac": b64(e.mac)} for e in slots.stores],
    }
    document["checksum"] = hashlib.sha256(canonical(document)).hexdigest()
    return json.dumps(document, indent=1, sort_keys=True).encode("ascii") + b"\n"


def _params(value: object) -> kdf.Argon2Params:
    """Only the app's own settings: a file asking for 4 GiB or 64 passes was altered."""
    if not isinstance(value, dict) or value.get("name") != "argon2id":
        raise SlotFileDamaged(_(DAMAGED))
    try:
        params = kdf.Argon2Params(
            memory_kib=_integer(value["memory_kib"]),
            iterations=_integer(value["iterations"]),
            lanes=_integer(value["lanes"]),
        )
    except KeyError:
        raise SlotFileDamaged(_(DAMAGED)) from None
    if params not in ALLOWED_PARAMS:
        raise SlotFileDamaged(_(DAMAGED))
    return params


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        document = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SlotFileDamaged(_(DAMAGED)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SlotFileDamaged(_(DAMAGED))
    if document.get("version") not in (1, 2):
        if isinstance(document.get("version"), int) and document["version"] > 2:
            raise SlotFileDamaged(
                _(
                    "The key slot file was written by a newer version of the app. Update the app "
                    "to open this store."
                )
            )
        raise SlotFileDamaged(_(DAMAGED))
    checksum = document.pop("checksum", None)
    if not isinstance(checksum, str) or not hmac.compare_digest(
        checksum, hashlib.sha256(canonical(document)).hexdigest()
    ):
        raise SlotFileDamaged(_(DAMAGED))
    return document


def parse_document(
    raw: bytes, file_type: type[SlotFile], slot_type: type[Slot], entry_type: type[StoreEntry]
) -> SlotFile:
    document = _decode(raw)
    try:
        if document["version"] == 1:
            return _parse_v1(document, file_type, slot_type, entry_type)
        return _parse_v2(document, file_type, slot_type, entry_type)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SlotFileDamaged(_(DAMAGED)) from None


def _device_bound(value: object) -> bool:
    if not isinstance(value, bool):
        raise SlotFileDamaged(_(DAMAGED))
    return value


def _parse_v2(
    document: dict[str, Any],
    file_type: type[SlotFile],
    slot_type: type[Slot],
    entry_type: type[StoreEntry],
) -> SlotFile:
    from intake_app.storage import keyslots

    sealed_sizes = {
        USER: keyslots.BUNDLE_SEALED,
        keyslots.RECOVERY: keyslots.BUNDLE_SEALED,
        keyslots.LEGACY_USER: keyslots.LEGACY_SEALED,
        keyslots.LEGACY_RECOVERY: keyslots.LEGACY_SEALED,
    }
    slots = []
    for item in document["slots"]:
        kind = item["kind"]
        if kind not in sealed_sizes:
            raise SlotFileDamaged(_(DAMAGED))
        slots.append(
            slot_type(
                hex_id(item["id"]),
                kind,
                unb64(item["nonce"], keyslots.NONCE),
                unb64(item["sealed"], sealed_sizes[kind]),
            )
        )
    stores = []
    for item in document["stores"]:
        store_id = item["id"]
        if store_id != keyslots.CENTRE:
            hex_id(store_id, (32,))
        file = _text(item["file"])
        if file != "centre.db" and file != f"workspaces/{store_id}.db":
            raise SlotFileDamaged(_(DAMAGED))
        stores.append(
            entry_type(
                store_id,
                file,
                unb64(item["db_salt"], 16),
                _integer(item["generation"]),
                unb64(item["sealed_key"]),
                _text(item["head"]),
                unb64(item["mac"], 32),
                unb64(item["sealed_next"]),
            )
        )
    if len({e.store_id for e in stores}) != len(stores):
        raise SlotFileDamaged(_(DAMAGED))
    if len({s.slot_id for s in slots}) != len(slots):
        raise SlotFileDamaged(_(DAMAGED))
    return file_type(
        store_id=hex_id(document["store_id"], (32,)),
        store_salt=unb64(document["store_salt"], 16),
        params=_params(document["kdf"]),
        device_bound=_device_bound(document["device_bound"]),
        recovery_recipient=_text(document["recovery_recipient"]),
        slots=slots,
        stores=stores,
    )


def _parse_v1(
    document: dict[str, Any],
    file_type: type[SlotFile],
    slot_type: type[Slot],
    entry_type: type[StoreEntry],
) -> SlotFile:
    """Version 1: every slot seals the one database key; one HMAC over the whole file."""
    from intake_app.storage import keyslots

    slots = []
    for item in document["slots"]:
        kind = {USER: keyslots.LEGACY_USER, keyslots.RECOVERY: keyslots.LEGACY_RECOVERY}.get(
            item["kind"]
        )
        if kind is None:
            raise SlotFileDamaged(_(DAMAGED))
        slots.append(
            slot_type(
                hex_id(item["id"]),
                kind,
                unb64(item["nonce"], keyslots.NONCE),
                unb64(item["sealed"], keyslots.LEGACY_SEALED),
            )
        )
    mac = unb64(document.pop("mac"), 32)
    centre = entry_type(keyslots.CENTRE, "centre.db", unb64(document["db_salt"], 16), 0, b"", "")
    return file_type(
        store_id=hex_id(document["store_id"]),
        store_salt=unb64(document["store_salt"], 16),
        params=_params(document["kdf"]),
        device_bound=_device_bound(document["device_bound"]),
        slots=slots,
        stores=[centre],
        version=1,
        legacy_mac=mac,
        legacy_body=canonical(document),
    )
