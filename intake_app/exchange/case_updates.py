"""Case updates: the force's signed word on what became of reports a centre sent it.

An update file is a signed file (``signed_file``): the force's minisign signature, then the
file as JSON, exactly the bytes signed. One file is for one centre and carries that centre's
next sequence number, so a lost, replayed or reordered file is seen; it lists one or more
updates, each for one report the centre sent. The signature is checked before the JSON is
parsed; then every field is checked for its kind, shape and length (docs/batch-format.md,
docs/schema/case-updates.schema.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import minisign

from intake_app.domain.text_rules import name_problem
from intake_app.exchange.signed_file import (
    MAX_SIGNATURE_BYTES,
    signature_block,
    split_signature,
    verifies,
)
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import load_json

FORMAT = "intake-case-updates"
VERSION = 1
MAX_UPDATES_BYTES = 4 * 1024 * 1024
MAX_UPDATES = 1000  # updates in one file
MAX_CRIME_REFERENCE = 40
MAX_OUTCOME = 200
RECORDED_AS = ("crime", "incident", "no-record", "referred-elsewhere")
UNTRUSTED_COMMENT = "intake case updates: the force's signature, then the updates (JSON)"
_FIELDS = {"format", "version", "force_code", "centre_code", "sequence", "created_at", "updates"}
_UPDATE_FIELDS = {"id", "reference", "updated_on", "crime_reference", "recorded_as",
                  "contacted_on", "outcome", "closed"}  # fmt: skip
_SHAPES = {
    "force_code": re.compile(r"[a-z][a-z0-9-]{1,39}"),
    "centre_code": re.compile(r"[A-Z][A-Z0-9]{1,7}"),
    "created_at": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"),
}
_ID = re.compile(r"[0-9a-f]{32}")
_REFERENCE = re.compile(r"[A-Z][A-Z0-9]{1,7}-[0-9]{4}-[0-9]{5,}-[0-9A-Z]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UpdatesInvalid(IntakeError):
    pass


@dataclass(frozen=True)
class CaseUpdate:
    """What the force says of one report on one day. ``contacted_on`` is the day an officer
    first spoke to the person reporting (None: not yet); ``outcome`` is free text, one line."""

    report_id: str
    reference: str
    updated_on: date
    crime_reference: str
    recorded_as: str
    contacted_on: date | None = None
    outcome: str = ""
    closed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.report_id,
            "reference": self.reference,
            "updated_on": self.updated_on.isoformat(),
            "crime_reference": self.crime_reference,
            "recorded_as": self.recorded_as,
            "contacted_on": self.contacted_on.isoformat() if self.contacted_on else None,
            "outcome": self.outcome,
            "closed": self.closed,
        }


@dataclass(frozen=True)
class UpdateFile:
    force_code: str
    centre_code: str
    sequence: int
    created_at: str
    updates: tuple[CaseUpdate, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "force_code": self.force_code,
            "centre_code": self.centre_code,
            "sequence": self.sequence,
            "created_at": self.created_at,
            "updates": [u.to_json() for u in self.updates],
        }


def trusted_comment(centre_code: str, sequence: int) -> str:
    return f"intake case updates {centre_code} {sequence}"


def value_problem(name: str, value: str) -> str | None:
    """Why a crime reference or outcome typed at the force cannot go in a file, or None."""
    limit = MAX_CRIME_REFERENCE if name == "crime_reference" else MAX_OUTCOME
    return name_problem(value, limit)  # one line, no control or invisible formatting characters


def sign_updates(updates: UpdateFile, secret: minisign.SecretKey) -> bytes:
    body = json.dumps(updates.to_json(), indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    block = signature_block(
        secret,
        body,
        untrusted_comment=UNTRUSTED_COMMENT,
        trusted_comment=trusted_comment(updates.centre_code, updates.sequence),
    )
    return block + body


def read_updates(raw: bytes, force_key: minisign.PublicKey) -> UpdateFile:
    """The file, its signature checked first, then every field; UpdatesInvalid otherwise."""
    if len(raw) > MAX_UPDATES_BYTES:
        raise UpdatesInvalid(_("That file is too large to be an update file. It was not read."))
    found = split_signature(raw[:MAX_SIGNATURE_BYTES])
    if found is None:
        raise UpdatesInvalid(
            _("That file is not an update file from the force, or it is damaged. Nothing changed.")
        )
    signature, offset = found
    body = raw[offset:]
    if not verifies(force_key, signature, body):
        raise UpdatesInvalid(
            _(
                "The update file's signature does not match the force's key: it was not written "
                "by the force, or it was changed after, or the force has made new keys (then "
                "import its new profile first). Nothing changed."
            )
        )
    document = load_json(
        body, UpdatesInvalid(_("The update file is signed by the force but is not valid JSON."))
    )
    parsed = parse_document(document)
    if signature.trusted_comment != trusted_comment(parsed.centre_code, parsed.sequence):
        raise UpdatesInvalid(_("The update file's signature names another file. Nothing changed."))
    return parsed


def parse_document(document: object) -> UpdateFile:
    """The update file's JSON, checked field by field (the signature already checked)."""
    malformed = UpdatesInvalid(_("The update file is malformed. Nothing changed."))
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or type(document.get("version")) is not int
    ):
        raise malformed
    if document["version"] != VERSION:
        raise UpdatesInvalid(_("That update file is in a format this version does not read."))
    if set(document) != _FIELDS:
        raise malformed
    for name, shape in _SHAPES.items():
        value = document[name]
        if not isinstance(value, str) or not shape.fullmatch(value):
            raise malformed
    sequence = document["sequence"]
    if type(sequence) is not int or not 1 <= sequence < 2**31:
        raise malformed
    entries = document["updates"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_UPDATES:
        raise malformed
    updates = tuple(_update(entry, malformed) for entry in entries)
    return UpdateFile(
        document["force_code"], document["centre_code"], sequence, document["created_at"], updates
    )


def _day(value: object, error: UpdatesInvalid) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise error
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise error from None


def _update(entry: object, malformed: UpdatesInvalid) -> CaseUpdate:
    if not isinstance(entry, dict) or set(entry) != _UPDATE_FIELDS:
        raise malformed
    if not (
        isinstance(entry["id"], str)
        and _ID.fullmatch(entry["id"])
        and isinstance(entry["reference"], str)
        and _REFERENCE.fullmatch(entry["reference"])
        and entry["recorded_as"] in RECORDED_AS
        and type(entry["closed"]) is bool
    ):
        raise malformed
    for name in ("crime_reference", "outcome"):
        value = entry[name]
        if not isinstance(value, str) or value_problem(name, value) is not None:
            raise malformed
    if not entry["crime_reference"].strip():
        raise malformed
    contacted = entry["contacted_on"]
    return CaseUpdate(
        report_id=entry["id"],
        reference=entry["reference"],
        updated_on=_day(entry["updated_on"], malformed),
        crime_reference=entry["crime_reference"],
        recorded_as=entry["recorded_as"],
        contacted_on=None if contacted is None else _day(contacted, malformed),
        outcome=entry["outcome"],
        closed=entry["closed"],
    )
