"""Writing a batch: tar members streamed straight into age encryption, so memory does not grow
with the batch and no plaintext ever reaches the disk. Room is left at the start of the file for
the centre's signature of the encrypted bytes, written in once they are all on disk."""

from __future__ import annotations

import contextlib

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
import hashlib
import io
import json
import os
import secrets
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import minisign
import pyrage

from intake_app.exchange.batch_format import (
    AGE_MAGIC,
    MANIFEST,
    MAX_BATCH_BYTES,
    SIGNATURE,
    UNTRUSTED_COMMENT,
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

Member = tuple[str, bytes]


# The encryptor holds the interpreter lock while it works and reads 8 KiB at a time, so the two
# sides hand over in large pieces: each hand-over costs far more than copying a few megabytes.
_CHUNK = 4 << 20


def _widen(fd: int) -> None:
    """Ask for a larger pipe where the system allows it (Linux); the default is 64 KiB."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, 1 << 20)


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, 0
    info.uname = info.gname = ""
    return info


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
    for stale in out.parent.glob(f".{out.name}.*.tmp"):  # left by a crash while writing
        with contextlib.suppress(OSError):
            stale.unlink()
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
    read_fd, write_fd = os.pipe()
    _widen(write_fd)
    failure: list[BaseException] = []
    listed: list[dict[str, Any]] = []

    def produce() -> None:
        try:
            with (
                os.fdopen(write_fd, "wb", buffering=_CHUNK) as pipe,
                tarfile.open(fileobj=pipe, mode="w|", format=tarfile.PAX_FORMAT) as tar,
            ):
                for name, content in members:
                    if cancelled():
                        raise IntakeError(_("Stopped. Nothing was marked as sent."))
                    listed.append(
                        {
                            "name": name,
                            "size": len(content),
                            "sha256": hashlib.sha256(content).hexdigest(),
                        }
                    )
                    tar.addfile(_tar_info(name, len(content)), io.BytesIO(content))
                manifest["members"] = listed
                body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
                signature = bytes(secret_key.sign(body, trusted_comment=trusted_comment))
                tar.addfile(_tar_info(MANIFEST, len(body)), io.BytesIO(body))
                tar.addfile(_tar_info(SIGNATURE, len(signature)), io.BytesIO(signature))
        except BaseException as exc:  # reported on the writing side
            failure.append(exc)

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    try:
        room = block_length(UNTRUSTED_COMMENT, trusted_comment)
        with os.fdopen(read_fd, "rb", buffering=_CHUNK) as source, open_private(tmp) as target:
            target.write(b"\n" * room)  # the signature goes here once the rest is written
            pyrage.encrypt_io(source, target, recipients)
            target.flush()
        producer.join()
        if failure:
            raise failure[0]
        _sign(tmp, room, secret_key, trusted_comment)
        if tmp.stat().st_size > MAX_BATCH_BYTES:
            raise IntakeError(
                # Translators: {size} is a size, such as "1 GiB".
                _(
                    "The batch would be larger than {size}, the most the force's tool opens. "
                    "Nothing was marked as sent: choose fewer reports at a time."
                ).format(size=size_text(MAX_BATCH_BYTES))
            )
        digest = _sha256(tmp)
        os.replace(tmp, out)
        fsync_dir(out.parent)
        return digest
    except OSError as exc:
        raise disk_error(exc, tmp) from None
    finally:
        producer.join(timeout=5)
        with contextlib.suppress(OSError):
            tmp.unlink()


def _sign(path: Path, room: int, secret_key: minisign.SecretKey, trusted_comment: str) -> None:
    """Sign everything after the room left at the start, write the signature into it, sync."""
    with open(path, "r+b") as handle:
        handle.seek(room)
        block = signature_block(secret_key, handle, untrusted_comment=UNTRUSTED_COMMENT,
                                trusted_comment=trusted_comment)  # fmt: skip
        if len(block) != room:
            raise IntakeError(_("The batch's signature did not fit. Nothing was marked as sent."))
        handle.seek(0)
        handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())


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
