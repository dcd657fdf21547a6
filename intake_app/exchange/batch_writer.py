"""Writing a batch: tar members streamed straight into age encryption, so memory does not grow
with the batch and no plaintext ever reaches the disk. Room is left at the start of the file for
the centre's signature of the encrypted bytes, written in once they are all on disk.

Three threads share the work (``batch_stream``): one reads the members and frames them as tar
(the store's reads and the members' hashes run without the interpreter lock), the caller's
encrypts, and one writes the encrypted bytes and hashes them for the signature as they pass, so
the file is not read back for it. Only the file's SHA-256 needs the signature first: it is taken
from the file, while the file is synced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import minisign
import pyrage

from intake_app.exchange.batch_format import (
    AGE_MAGIC,
    MANIFEST,
    MAX_BATCH_BYTES,
    SIGNATURE,
    UNTRUSTED_COMMENT,
)
from intake_app.exchange.batch_stream import (
    Gatherer,
    Handover,
    Receiver,
    Stopped,
    TarStream,
    WrittenChunks,
)
from intake_app.exchange.signed_file import (
    MAX_SIGNATURE_BYTES,
    block_length,
    signature_block,
    split_signature,
)
from intake_app.support.atomic_files import disk_error, fsync_dir, open_private
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import size_text

# A member's name and bytes, and its SHA-256 (hex) when the caller has already taken it.
Member = tuple[str, bytes] | tuple[str, bytes, str]


def _frame(
    members: Iterator[Member],
    manifest: dict[str, Any],
    secret_key: minisign.SecretKey,
    trusted_comment: str,
    cancelled: Callable[[], bool],
    tar: TarStream,
) -> None:
    """Every member, then the manifest listing them and its signature, as a tar stream."""
    listed: list[dict[str, Any]] = []
    for member in members:
        if cancelled():
            raise IntakeError(_("Stopped. Nothing was marked as sent."))
        name, content = member[0], member[1]
        digest = member[2] if len(member) == 3 else hashlib.sha256(content).hexdigest()
        listed.append({"name": name, "size": len(content), "sha256": digest})
        tar.add(name, content)
    manifest["members"] = listed
    body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    signature = bytes(secret_key.sign(body, trusted_comment=trusted_comment))
    tar.add(MANIFEST, body)
    tar.add(SIGNATURE, signature)
    tar.close()


class BatchWriting:
    """A batch whose members are all read and encrypted: the rest (its signature written in, the
    file synced, hashed, renamed, then checked) goes on in a thread of its own, while the caller
    prepares what it records once the batch is there. ``finish`` waits for it: the SHA-256 of
    the file, or the failure."""

    def __init__(self, rest: Callable[[], str]) -> None:
        self._outcome: list[str] = []
        self._failure: list[BaseException] = []

        def run() -> None:
            try:
                self._outcome.append(rest())
            except BaseException as exc:  # raised by finish, on the caller's thread
                self._failure.append(exc)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def finish(self) -> str:
        self._thread.join()
        if self._failure:
            raise self._failure[0]
        return self._outcome[0]


def write_batch(
    out: Path,
    *,
    recipients: list[Any],
    secret_key: minisign.SecretKey,
    manifest: dict[str, Any],
    members: Iterator[Member],
    trusted_comment: str,
    cancelled: Callable[[], bool] = lambda: False,
) -> str:
    """Write the batch to ``out`` (via a temporary name, synced, renamed). Returns the SHA-256 of
    the file as written. ``manifest`` gets the member list added. The trusted comment goes in
    both signatures: the manifest's, and the outer one over the encrypted bytes."""
    return start_batch(
        out, recipients=recipients, secret_key=secret_key, manifest=manifest, members=members,
        trusted_comment=trusted_comment, cancelled=cancelled,
    ).finish()  # fmt: skip


def start_batch(
    out: Path,
    *,
    recipients: list[Any],
    secret_key: minisign.SecretKey,
    manifest: dict[str, Any],
    members: Iterator[Member],
    trusted_comment: str,
    cancelled: Callable[[], bool] = lambda: False,
    check: Callable[[Path, str], None] = lambda path, digest: None,
) -> BatchWriting:
    """``write_batch``, returning once every member is read and encrypted; ``check`` (given the
    path and the SHA-256) runs last, after the rename, before ``finish`` returns."""
    for stale in out.parent.glob(f".{out.name}.*.tmp"):  # left by a crash while writing
        with contextlib.suppress(OSError):
            stale.unlink()
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
    room = block_length(UNTRUSTED_COMMENT, trusted_comment)
    try:
        target = open_private(tmp)
    except OSError as exc:
        raise disk_error(exc, tmp) from None
    try:
        target.write(b"\n" * room)  # the signature goes here once the rest is written
        block = _encrypted(target, recipients, secret_key, manifest, members, trusted_comment,
                           cancelled)  # fmt: skip
    except BaseException as exc:
        target.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise disk_error(exc, tmp) from None
        raise

    def rest() -> str:
        try:
            with target:
                _sign(target, block, room)
                digest = _synced_sha256(target, tmp)
            if tmp.stat().st_size > MAX_BATCH_BYTES:
                raise IntakeError(
                    # Translators: {size} is a size, such as "1 GiB".
                    _(
                        "The batch would be larger than {size}, the most the force's tool opens. "
                        "Nothing was marked as sent: choose fewer reports at a time."
                    ).format(size=size_text(MAX_BATCH_BYTES))
                )
            os.replace(tmp, out)
            fsync_dir(out.parent)
        except OSError as exc:
            raise disk_error(exc, tmp) from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        check(out, digest)
        return digest

    return BatchWriting(rest)


def _encrypted(
    target: BinaryIO,
    recipients: list[Any],
    secret_key: minisign.SecretKey,
    manifest: dict[str, Any],
    members: Iterator[Member],
    trusted_comment: str,
    cancelled: Callable[[], bool],
) -> bytes:
    """Frame, encrypt and write every member after the room at the start of ``target``; the
    signature block of what was written."""
    plain, encrypted = Handover(), Handover()
    failures: list[BaseException] = []
    signed: list[bytes] = []

    def failed(exc: BaseException) -> None:
        failures.append(exc)  # the first is the cause: the others stop because of it
        plain.stop()
        encrypted.stop()

    def frame() -> None:
        try:
            _frame(members, manifest, secret_key, trusted_comment, cancelled,
                   TarStream(Gatherer(plain)))  # fmt: skip
        except BaseException as exc:  # reported on the caller's thread
            failed(exc)

    def sign() -> None:
        try:
            signed.append(signature_block(
                secret_key, WrittenChunks(encrypted, target),
                untrusted_comment=UNTRUSTED_COMMENT, trusted_comment=trusted_comment,
            ))  # fmt: skip
        except BaseException as exc:  # reported on the caller's thread
            failed(exc)

    threads = [threading.Thread(target=work, daemon=True) for work in (frame, sign)]
    for thread in threads:
        thread.start()
    try:
        sink = Gatherer(encrypted)
        pyrage.encrypt_io(Receiver(plain), sink, recipients)
        sink.finish()
    except BaseException as exc:
        failed(exc)
    finally:
        for thread in threads:
            thread.join()
    if failures:
        raise next((f for f in failures if not isinstance(f, Stopped)), failures[0])
    return signed[0]


def _sign(target: BinaryIO, block: bytes, room: int) -> None:
    """Write the signature of everything after the room left at the start into that room."""
    if len(block) != room:
        raise IntakeError(_("The batch's signature did not fit. Nothing was marked as sent."))
    target.flush()
    target.seek(0)
    target.write(block)
    target.flush()


def _synced_sha256(target: BinaryIO, path: Path) -> str:
    """The file's SHA-256, read back while it is synced to the disk (both without the
    interpreter lock, on two cores where there are)."""
    failure: list[OSError] = []

    def sync() -> None:
        try:
            os.fsync(target.fileno())
        except OSError as exc:
            failure.append(exc)

    syncing = threading.Thread(target=sync, daemon=True)
    syncing.start()
    try:
        return _sha256(path)
    finally:
        syncing.join()
        if failure:
            raise failure[0]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_written(path: Path, expected_sha256: str, recipient_count: int) -> None:
    """Re-open the file: same bytes as written, a signature, then an age header naming every
    recipient. (The centre cannot decrypt its own batch: only the force can.)"""
    if _sha256(path) != expected_sha256:
        raise IntakeError(
            _("The batch file changed after it was written. Nothing was marked as sent.")
        )
    with open(path, "rb") as handle:
        head = handle.read(MAX_SIGNATURE_BYTES + 4096)
    found = split_signature(head)
    header = head[found[1] :] if found else b""
    if not header.startswith(AGE_MAGIC) or header[:4096].count(b"\n-> X25519 ") != recipient_count:
        raise IntakeError(_("The batch file is not what was written. Nothing was marked as sent."))
