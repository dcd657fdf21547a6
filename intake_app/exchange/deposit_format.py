"""The deposit file: one ready report on its way from a volunteer's workspace to the centre.

```
INTAKE-DEPOSIT/1 <centre store id, 32 hex> <volunteer user id, 16 hex> <deposit id, 32 hex>\\n
<64-byte Ed25519 signature of: that line ‖ SHA-256(body)>
<body: age ciphertext, to the centre identity, of the JSON payload>
```

Reading checks, in this order and before anything else is parsed: the size, the first line's
exact shape, then the signature (streamed: the body is hashed, not held). Only then is the body
decrypted and its JSON read, with every error turned into one plain line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.storage import key_bundle
from intake_app.storage.key_bundle import KeyBundle
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

MAGIC = "INTAKE-DEPOSIT/1"
SUFFIX = ".deposit"
MAX_BYTES = 1800 * 1024 * 1024  # 50 attachments of 25 MB, base64, and the report
_LINE = re.compile(rb"^INTAKE-DEPOSIT/1 ([0-9a-f]{32}) ([0-9a-f]{16}) ([0-9a-f]{32})\n$")
_LINE_BYTES = len(MAGIC) + 1 + 32 + 1 + 16 + 1 + 32 + 1
_SIGNATURE = key_bundle.SIGNATURE_BYTES


class DepositRefused(IntakeError):
    """A deposit that cannot be taken in; the message says why, in one plain line."""


NOT_A_DEPOSIT = N_(
    "This is not a deposit file from a volunteer's workspace, or it has been cut short."
)


@dataclass(frozen=True)
class DepositHeader:
    store_id: str
    user_id: str
    deposit_id: str


def _signed_message(line: bytes, body_digest: bytes) -> bytes:
    return line + body_digest


def write(
    path: Path,
    header: DepositHeader,
    payload: dict[str, Any],
    centre_recipient: str,
    signer: KeyBundle,
) -> None:
    """Seal, sign and write atomically (synced) to ``path``."""
    line = f"{MAGIC} {header.store_id} {header.user_id} {header.deposit_id}\n".encode("ascii")
    body = key_bundle.seal_to(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii"),
        [centre_recipient],
    )
    signature = signer.sign(_signed_message(line, hashlib.sha256(body).digest()))
    atomic_write(path, line + signature + body)


def read_header(path: Path) -> DepositHeader:
    """The first line only (who signed it, for which centre), after the size check."""
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as handle:
            line = handle.readline(_LINE_BYTES + 1)
    except FileNotFoundError:
        raise DepositRefused(_("There is no file at that path.")) from None
    except (IsADirectoryError, PermissionError, OSError):
        raise DepositRefused(_("That deposit file cannot be read.")) from None
    if size > MAX_BYTES:
        raise DepositRefused(
            _("This file is far larger than any deposit can be, so it was refused.")
        )
    match = _LINE.match(line)
    if match is None or size < _LINE_BYTES + _SIGNATURE:
        raise DepositRefused(_(NOT_A_DEPOSIT))
    return DepositHeader(*(g.decode("ascii") for g in match.groups()))


def open_verified(path: Path, signer_public: bytes, centre: KeyBundle) -> dict[str, Any]:
    """Check the signature (streaming), then decrypt and read the payload."""
    header = read_header(path)
    line = f"{MAGIC} {header.store_id} {header.user_id} {header.deposit_id}\n".encode("ascii")
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            handle.seek(len(line))
            signature = handle.read(_SIGNATURE)
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        raise DepositRefused(_("That deposit file cannot be read.")) from None
    if not key_bundle.verify(signer_public, signature, _signed_message(line, digest.digest())):
        raise DepositRefused(
            _(
                "This deposit's signature does not match the volunteer named in it: it was "
                "altered, cut short, or made by someone else. Nothing was taken in."
            )
        )
    with open(path, "rb") as handle:
        handle.seek(len(line) + _SIGNATURE)
        body = handle.read()
    plain = key_bundle.open_with(body, centre)
    if plain is None:
        raise DepositRefused(
            _(
                "This deposit is signed by a volunteer of this centre but cannot be opened with "
                "the centre's key (it may have been sealed before the centre's key changed)."
            )
        )
    try:
        payload = json.loads(plain.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DepositRefused(_(NOT_A_DEPOSIT)) from None
    if not isinstance(payload, dict):
        raise DepositRefused(_(NOT_A_DEPOSIT))
    return payload
