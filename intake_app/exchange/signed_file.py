"""A signed file, signature first: the four lines of a standard minisign signature (a
``.minisig`` file: untrusted comment, signature, trusted comment, global signature), then the
body that signature covers, byte for byte, to the end of the file.

Batches (body: the age-encrypted batch) and receipts (body: the receipt's JSON) use it, so a
reader checks who signed a file before it decrypts or parses a single byte of the body. With the
stock tools: ``head -n 4 FILE > FILE.minisig``, ``tail -n +5 FILE > BODY``, then
``minisign -V -p KEY.pub -m BODY -x FILE.minisig``.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO, Protocol

import minisign


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


LINES = 4
MAX_SIGNATURE_BYTES = 1024  # the four lines; Intake's are under 350 bytes


def signature_block(
    secret: minisign.SecretKey,
    body: bytes | Readable,
    *,
    untrusted_comment: str,
    trusted_comment: str,
) -> bytes:
    """The four signature lines for ``body`` (bytes, or a file read to its end), each ending
    in a line break. Always the pre-hashed (``ED``) form, so a reader can check a large body
    without holding it in memory."""
    signature = secret.sign(
        body, prehash=True, untrusted_comment=untrusted_comment, trusted_comment=trusted_comment
    )
    return bytes(signature) + b"\n"


def block_length(untrusted_comment: str, trusted_comment: str) -> int:
    """How long ``signature_block`` is with these (ASCII) comments, whatever the body: the
    signature line is 74 bytes in base64 (100 characters), the global signature 64 (88)."""
    return (
        len(f"untrusted comment: {untrusted_comment}\n") + 101
        + len(f"trusted comment: {trusted_comment}\n") + 89
    )  # fmt: skip


def split_signature(head: bytes) -> tuple[minisign.Signature, int] | None:
    """The signature at the start of ``head`` (the file's first bytes) and where its body
    begins; None unless the first four lines, within the first 1,024 bytes, are a pre-hashed
    minisign signature."""
    end = 0
    for _ in range(LINES):
        newline = head.find(b"\n", end, MAX_SIGNATURE_BYTES)
        if newline < 0:
            return None
        end = newline + 1
    try:
        signature = minisign.Signature.from_bytes(head[:end])
    except ValueError:  # minisign's own errors are ValueErrors
        return None
    if not signature.is_prehashed():
        return None  # the legacy form would need the whole body in memory at once
    return signature, end


def verifies(
    key: minisign.PublicKey, signature: minisign.Signature, body: bytes | Readable
) -> bool:
    """Whether ``signature`` by ``key`` covers ``body`` (bytes, or a file read to its end)."""
    try:
        key.verify(body, signature)
    except ValueError:  # a wrong key id, a bad signature, or a malformed key
        return False
    return True


class HashingReader:
    """Reads a file on, keeping the SHA-256 of every byte read (``prefix`` counted first)."""

    def __init__(self, handle: BinaryIO, prefix: bytes = b"") -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256(prefix)

    def read(self, size: int = -1, /) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data

    def readinto(self, buffer: bytearray | memoryview, /) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def drain(self) -> str:
        """Read to the end; the hex SHA-256 of everything."""
        while self.read(1 << 20):
            pass
        return self.sha256.hexdigest()
