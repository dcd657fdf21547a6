"""The batch file, shared by the centre (writing) and the force (reading).

A batch is ONE file: an age-encrypted (X25519 recipients) POSIX tar holding
``reports/<id>.json``, ``attachments/<id>.<ext>``, and last ``manifest.json`` with
``manifest.json.minisig``, the centre's minisign signature of the manifest. The manifest lists
every other member with its SHA-256, so the one signature covers the whole batch. See
docs/batch-format.md.
"""

from __future__ import annotations

import re

FORMAT = "intake-batch"
VERSION = 1
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


def member_name_ok(name: str) -> bool:
    """Only the fixed shapes of name are allowed: nothing can climb out of its folder."""
    return name in (MANIFEST, SIGNATURE) or bool(
        REPORT_MEMBER.match(name) or ATTACHMENT_MEMBER.match(name)
    )


def batch_file_name(centre_code: str, sequence: int) -> str:
    """A name with nothing personal in it."""
    return f"{centre_code}-batch-{sequence:05d}.intake"
