"""Batches made by hand for the tests, as a centre would write them or as an attacker might:
any members, any manifest, signed by any key, with members slipped in after signing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from typing import Any

import minisign
import pyrage

from intake_app.exchange.batch_format import UNTRUSTED_COMMENT, trusted_comment
from intake_app.exchange.signed_file import signature_block

Members = list[tuple[str, bytes]]


def encoded(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def report_document(report_id: str, reference: str, **changes: Any) -> dict[str, Any]:
    """A report as a centre sends it, with the example report's content."""
    from intake_app.domain.report_template import example_report
    from intake_app.exchange.report_schema import sent_form

    document: dict[str, Any] = {
        "format": "intake-report/1", "id": report_id, "reference": reference,
        "centre_code": reference.split("-")[0], "created_at": "2026-11-21T10:00:00Z",
        "identifying_details": True, "attachments": [], "report": sent_form(example_report()),
    }  # fmt: skip
    document.update(changes)
    return document


def craft_batch(
    members: Members,
    *,
    key: minisign.KeyPair,
    recipient: Any,
    centre: str = "RIVA",
    sequence: int = 1,
    version: int = 3,
    manifest_changes: dict[str, Any] | None = None,
    slipped_in: Members = (),  # type: ignore[assignment]
) -> bytes:
    """The bytes of a batch file: ``members`` listed in a manifest signed by ``key`` (inside and
    out), then ``slipped_in`` added to the tar unlisted, all encrypted to ``recipient``."""
    # Each centre's batch ids differ (a force keeps every batch id it has seen, from any centre).
    batch_id = hashlib.sha256(f"{centre} {sequence}".encode()).hexdigest()[:32]
    listed = [
        {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()} for n, c in members
    ]
    manifest: dict[str, Any] = {
        "format": "intake-batch", "version": version, "centre_code": centre,
        "batch_id": batch_id, "sequence": sequence,
        "previous_batch_sha256": "0" * 64 if sequence == 1 else f"{sequence - 1:064x}",
        "created_at": "2026-11-21T10:00:00Z", "force_code": "leicestershire",
        "report_count": sum(1 for n, _ in members if n.startswith("reports/")),
        "members": listed,
    }  # fmt: skip
    if version >= 2:
        manifest["audit_head"] = f"{sequence}:{'a' * 64}"
    if version >= 3:
        manifest["amendment_count"] = sum(1 for n, _ in members if n.startswith("amendments/"))
        manifest["erasure_count"] = sum(1 for n, _ in members if n.startswith("erasures/"))
    manifest.update(manifest_changes or {})
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    comment = trusted_comment(batch_id, sequence, centre)
    signature = bytes(key.secret_key.sign(body, trusted_comment=comment))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in [
            *members, *slipped_in, ("manifest.json", body), ("manifest.json.minisig", signature)
        ]:  # fmt: skip
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    encrypted = pyrage.encrypt(buffer.getvalue(), [recipient])
    block = signature_block(key.secret_key, encrypted, untrusted_comment=UNTRUSTED_COMMENT,
                            trusted_comment=comment)  # fmt: skip
    return block + encrypted
