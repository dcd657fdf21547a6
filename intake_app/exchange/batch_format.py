"""The batch file, shared by the centre (writing) and the force (reading).

A batch is ONE file: the centre's minisign signature of everything after it (four lines, see
``signed_file``), then an age-encrypted (X25519 recipients) POSIX tar holding
``reports/<id>.json``, ``attachments/<id>.<ext>``, and last ``manifest.json`` with
``manifest.json.minisig``, the centre's minisign signature of the manifest. The manifest lists
every other member with its SHA-256. The outer signature is checked before anything is
decrypted, the inner one before the manifest is parsed. See docs/batch-format.md.
"""

from __future__ import annotations

import re

FORMAT = "intake-batch"
VERSION = 2  # 2 adds the centre's audit head, signed with the manifest
VERSIONS = (1, 2)  # what a force reads
AUDIT_HEAD = re.compile(r"[0-9]{1,15}:[0-9a-f]{64}")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
REPORT_MEMBER = re.compile(r"^reports/[0-9a-f]{32}\.json$")
ATTACHMENT_MEMBER = re.compile(r"^attachments/[0-9a-f]{32}\.(jpg|png|gif|webp|pdf)$")
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
GENESIS = "0" * 64  # the "previous batch" hash of a centre's first batch
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_BATCH_BYTES = 1024 * 1024 * 1024  # the whole file; the force's tool reads nothing larger
AGE_MAGIC = b"age-encryption.org/v1\n"  # how a batch from before the outer signature begins
UNTRUSTED_COMMENT = "intake batch: the centre's signature, then the age-encrypted batch"
_TRUSTED_COMMENT = re.compile(
    r"intake batch ([0-9a-f]{32}) seq ([1-9][0-9]{0,8}) centre ([A-Z][A-Z0-9]{1,7})"
)


def trusted_comment(batch_id: str, sequence: int, centre_code: str) -> str:
    """What both signatures of a batch say about it (checked against the manifest)."""
    return f"intake batch {batch_id} seq {sequence} centre {centre_code}"


def read_trusted_comment(text: str) -> tuple[str, int, str] | None:
    """(batch id, sequence, centre code) from a signature's trusted comment, or None."""
    match = _TRUSTED_COMMENT.fullmatch(text)
    return (match[1], int(match[2]), match[3]) if match else None


def member_name_ok(name: str) -> bool:
    """Only the fixed shapes of name are allowed: nothing can climb out of its folder."""
    return name in (MANIFEST, SIGNATURE) or bool(
        REPORT_MEMBER.fullmatch(name) or ATTACHMENT_MEMBER.fullmatch(name)
    )


def batch_file_name(centre_code: str, sequence: int) -> str:
    """A name with nothing personal in it."""
    return f"{centre_code}-batch-{sequence:05d}.intake"
