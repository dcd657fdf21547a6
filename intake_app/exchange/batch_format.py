"""The batch file, shared by the centre (writing) and the force (reading).

A batch is ONE file: the centre's minisign signature of everything after it (four lines, see
``signed_file``), then an age-encrypted (X25519 recipients) POSIX tar holding
``reports/<id>.json``, ``attachments/<id>.<ext>``, the notices about reports sent before
(version 3: ``amendments/<id>.json``, a corrected report; ``erasures/<id>.json``, a withdrawn
one), and last ``manifest.json`` with ``manifest.json.minisig``, the centre's minisign signature
of the manifest. The manifest lists every other member with its SHA-256. The outer signature is
checked before anything is decrypted, the inner one before the manifest is parsed. See
docs/batch-format.md.
"""

from __future__ import annotations

import re

FORMAT = "intake-batch"
VERSION = 3  # 2 adds the centre's audit head; 3 the notices (amendments and erasures)
VERSIONS = (1, 2, 3)  # what a force reads
NOTICES_FROM = 3  # the first version that may carry notices
AUDIT_HEAD = re.compile(r"[0-9]{1,15}:[0-9a-f]{64}")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
REPORT_MEMBER = re.compile(r"^reports/[0-9a-f]{32}\.json$")
ATTACHMENT_MEMBER = re.compile(r"^attachments/[0-9a-f]{32}\.(jpg|png|gif|webp|pdf)$")
AMENDMENT_MEMBER = re.compile(r"^amendments/[0-9a-f]{32}\.json$")
ERASURE_MEMBER = re.compile(r"^erasures/[0-9a-f]{32}\.json$")
ERASURE_FORMAT = "intake-erasure/1"
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
GENESIS = "0" * 64  # the "previous batch" hash of a centre's first batch
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_ERASURE_BYTES = 1024  # an erasure holds an id, a reference and a centre code: under 200 bytes
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
    return name in (MANIFEST, SIGNATURE) or any(
        shape.fullmatch(name)
        for shape in (REPORT_MEMBER, ATTACHMENT_MEMBER, AMENDMENT_MEMBER, ERASURE_MEMBER)
    )


def is_notice(name: str) -> bool:
    """An amendment or an erasure (a member only version 3 may hold)."""
    return bool(AMENDMENT_MEMBER.fullmatch(name) or ERASURE_MEMBER.fullmatch(name))


def member_limit(name: str) -> int:
    """The most bytes a member of this name may hold (checked from the tar header)."""
    return MAX_ERASURE_BYTES if ERASURE_MEMBER.fullmatch(name) else MAX_MEMBER_BYTES


def erasure_document(report_id: str, reference: str, centre_code: str) -> dict[str, str]:
    """What an erasure says: which report (no content), and whose."""
    return {
        "format": ERASURE_FORMAT,
        "id": report_id,
        "reference": reference,
        "centre_code": centre_code,
    }


def batch_file_name(centre_code: str, sequence: int) -> str:
    """A name with nothing personal in it."""
    return f"{centre_code}-batch-{sequence:05d}.intake"
