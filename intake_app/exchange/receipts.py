"""Receipts: the force's signed answer to a batch, listing each report accepted or rejected,
and (version 3) each notice applied or refused.

A receipt file is a signed file (``signed_file``): the force's minisign signature, then the
receipt as JSON, exactly the bytes signed. The signature is checked before the JSON is parsed;
then every field is checked for its kind and shape, and no report or notice may be listed twice.
"""

from __future__ import annotations

import json
import re
from typing import Any

import minisign

from intake_app.domain.text_rules import text_problem
from intake_app.exchange.batch_format import AUDIT_HEAD
from intake_app.exchange.signed_file import (
    MAX_SIGNATURE_BYTES,
    signature_block,
    split_signature,
    verifies,
)
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import load_json

FORMAT = "intake-receipt"
VERSION = 3  # 2 echoes the audit head the batch carried; 3 lists the batch's notices
VERSIONS = (1, 2, 3)
MAX_RECEIPT_BYTES = 64 * 1024 * 1024
MAX_REASON = 500
UNTRUSTED_COMMENT = "intake receipt: the force's signature, then the receipt (JSON)"
_FIELDS = {"format", "version", "force_code", "centre_code", "batch_id", "sequence",
           "batch_sha256", "created_at", "reports"}  # fmt: skip
_ENTRY_FIELDS = {"id", "reference", "outcome", "reason"}
_NOTICE_FIELDS = {"id", "reference", "kind", "outcome", "reason"}
NOTICE_KINDS = ("amendment", "erasure")
NOTICE_OUTCOMES = ("applied", "refused")
_SHAPES = {
    "force_code": re.compile(r"[a-z][a-z0-9-]{1,39}"),
    "centre_code": re.compile(r"[A-Z][A-Z0-9]{1,7}"),
    "batch_id": re.compile(r"[0-9a-f]{32}"),
    "batch_sha256": re.compile(r"[0-9a-f]{64}"),
    "created_at": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"),
}
_ID = re.compile(r"[0-9a-f]{32}")
_REFERENCE = re.compile(r"[A-Z][A-Z0-9]{1,7}-[0-9]{4}-[0-9]{5,}-[0-9A-Z]")


class ReceiptInvalid(IntakeError):
    pass


def sign_receipt(receipt: dict[str, Any], secret: minisign.SecretKey) -> bytes:
    body = json.dumps(receipt, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    block = signature_block(secret, body, untrusted_comment=UNTRUSTED_COMMENT,
                            trusted_comment=f"intake receipt {receipt['batch_id']}")  # fmt: skip
    return block + body


def read_receipt(raw: bytes, force_key: minisign.PublicKey) -> dict[str, Any]:
    if len(raw) > MAX_RECEIPT_BYTES:
        raise ReceiptInvalid(_("That file is too large to be a receipt. It was not read."))
    if raw.lstrip()[:1] == b"{":
        raise ReceiptInvalid(
            _(
                "That receipt was written by an older version of intake-force, without the "
                "signature first. Ask the force to update it and write the receipt again."
            )
        )
    found = split_signature(raw[:MAX_SIGNATURE_BYTES])
    if found is None:
        raise ReceiptInvalid(_("That file is not a receipt from the force, or it is damaged."))
    signature, offset = found
    body = raw[offset:]
    if not verifies(force_key, signature, body):
        raise ReceiptInvalid(
            _(
                "The receipt's signature does not match the force's key. It was not imported. "
                "If the force has made new keys, import its new profile first, then the receipt."
            )
        )
    receipt = load_json(
        body, ReceiptInvalid(_("The receipt is signed by the force but is not valid JSON."))
    )
    if (
        not isinstance(receipt, dict)
        or receipt.get("format") != FORMAT
        or type(receipt.get("version")) is not int
        or receipt.get("version") not in VERSIONS
    ):
        raise ReceiptInvalid(_("That receipt is in a format this version does not read."))
    _check_fields(receipt)
    if signature.trusted_comment != f"intake receipt {receipt['batch_id']}":
        raise ReceiptInvalid(
            _("The receipt's signature names another batch than the receipt does.")
        )
    return receipt


def _check_fields(receipt: dict[str, Any]) -> None:
    expected = (
        _FIELDS
        | ({"audit_head"} if receipt["version"] >= 2 else set())
        | ({"notices"} if receipt["version"] >= 3 else set())
    )
    missing = sorted(expected - set(receipt))
    if missing:
        raise ReceiptInvalid(
            # Translators: {field} is the name of a field in the receipt file, not translated.
            _("The receipt has no '{field}'. Nothing was changed.").format(field=missing[0])
        )
    if set(receipt) != expected:
        raise ReceiptInvalid(
            _("The receipt has a field this version does not know. Nothing changed.")
        )
    for field, shape in _SHAPES.items():
        value = receipt[field]
        if not isinstance(value, str) or not shape.fullmatch(value):
            raise ReceiptInvalid(
                # Translators: {field} is the name of a field in the receipt file, not translated.
                _("The receipt's '{field}' is malformed. Nothing was changed.").format(field=field)
            )
    head = receipt.get("audit_head")
    if head is not None and not (isinstance(head, str) and AUDIT_HEAD.fullmatch(head)):
        raise ReceiptInvalid(
            _("The receipt's '{field}' is malformed. Nothing was changed.").format(
                field="audit_head"
            )
        )
    if type(receipt["sequence"]) is not int or receipt["sequence"] < 1:
        raise ReceiptInvalid(
            _("The receipt's '{field}' is malformed. Nothing was changed.").format(field="sequence")
        )
    reports = receipt["reports"]
    if not isinstance(reports, list) or not all(_entry_ok(r) for r in reports):
        raise ReceiptInvalid(_("The receipt's list of reports is malformed. Nothing was changed."))
    if len({r["id"] for r in reports}) != len(reports):
        raise ReceiptInvalid(_("The receipt lists a report more than once. Nothing was changed."))
    notices = receipt.get("notices", [])
    if not isinstance(notices, list) or not all(_notice_ok(n) for n in notices):
        raise ReceiptInvalid(_("The receipt's list of notices is malformed. Nothing was changed."))
    if len({n["id"] for n in notices}) != len(notices):
        raise ReceiptInvalid(_("The receipt lists a notice more than once. Nothing was changed."))


def _entry_ok(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == _ENTRY_FIELDS
        and entry["outcome"] in ("accepted", "rejected")
        and _common_ok(entry)
    )


def _notice_ok(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == _NOTICE_FIELDS
        and entry["kind"] in NOTICE_KINDS
        and entry["outcome"] in NOTICE_OUTCOMES
        and _common_ok(entry)
    )


def _common_ok(entry: dict[str, Any]) -> bool:
    """The id, reference and reason every entry has."""
    return (
        isinstance(entry["id"], str)
        and bool(_ID.fullmatch(entry["id"]))
        and isinstance(entry["reference"], str)
        and bool(_REFERENCE.fullmatch(entry["reference"]))
        and isinstance(entry["reason"], str)
        and text_problem(entry["reason"], MAX_REASON) is None
    )
