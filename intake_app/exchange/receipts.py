"""Receipts: the force's signed answer to a batch, listing each report accepted or rejected.

A receipt file is JSON: ``{"receipt": {...}, "signature": "<minisign signature>"}``; the
signature covers the canonical form of ``receipt`` (keys sorted, no spaces, UTF-8).
"""

from __future__ import annotations

import json
from typing import Any

import minisign

from intake_app.errors import IntakeError

FORMAT = "intake-receipt"
VERSION = 1


class ReceiptInvalid(IntakeError):
    pass


def canonical(receipt: dict[str, Any]) -> bytes:
    return json.dumps(receipt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sign_receipt(receipt: dict[str, Any], secret: minisign.SecretKey) -> bytes:
    signature = bytes(
        secret.sign(canonical(receipt), trusted_comment=f"intake receipt {receipt['batch_id']}")
    )
    return json.dumps(
        {"receipt": receipt, "signature": signature.decode("utf-8")}, indent=1, ensure_ascii=False
    ).encode("utf-8")


def read_receipt(raw: bytes, force_key: minisign.PublicKey) -> dict[str, Any]:
    try:
        document = json.loads(raw.decode("utf-8"))
        receipt, signature = document["receipt"], document["signature"]
        if not isinstance(signature, str):
            raise TypeError
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        raise ReceiptInvalid(
            "That file is not a receipt from the force, or it is damaged."
        ) from None
    try:
        force_key.verify(
            canonical(receipt), minisign.Signature.from_bytes(signature.encode("utf-8"))
        )
    except Exception:
        raise ReceiptInvalid(
            "The receipt's signature does not match the force's key. It was not imported."
        ) from None
    if (
        not isinstance(receipt, dict)
        or receipt.get("format") != FORMAT
        or receipt.get("version") != VERSION
    ):
        raise ReceiptInvalid("That receipt is in a format this version does not read.")
    reports = receipt.get("reports")
    if not isinstance(reports, list) or not all(
        isinstance(r, dict)
        and isinstance(r.get("id"), str)
        and r.get("outcome") in ("accepted", "rejected")
        for r in reports
    ):
        raise ReceiptInvalid("The receipt's list of reports is malformed. Nothing was changed.")
    return dict(receipt)
