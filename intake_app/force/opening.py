"""Opening a batch on the force's side: decrypt, check every name, the signature, every hash and
every report against the schema. Anything wrong refuses the whole batch with one message."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import minisign
import pyrage

from intake_app.errors import IntakeError
from intake_app.exchange.batch_format import (
    FORMAT,
    MANIFEST,
    MAX_MEMBER_BYTES,
    SIGNATURE,
    VERSION,
    member_name_ok,
)
from intake_app.exchange.report_schema import report_schema
from intake_app.force.identity import centre_key


class BatchRefused(IntakeError):
    pass


@dataclass
class OpenedBatch:
    file_sha256: str
    manifest: dict[str, Any]
    reports: list[dict[str, Any]] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)

    @property
    def centre_code(self) -> str:
        return str(self.manifest["centre_code"])


def open_batch(home: Path, path: Path, identity: pyrage.x25519.Identity) -> OpenedBatch:
    try:
        raw = path.read_bytes()
    except OSError:
        raise BatchRefused("The batch file cannot be read.") from None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        plain = pyrage.decrypt(raw, [identity])
    except pyrage.DecryptError:
        raise BatchRefused(
            "The batch cannot be decrypted: it is not addressed to this force, or it is "
            "damaged or incomplete."
        ) from None
    members = _members(plain)
    if MANIFEST not in members or SIGNATURE not in members:
        raise BatchRefused("The batch has no signed manifest.")
    try:
        manifest = json.loads(members[MANIFEST])
    except json.JSONDecodeError:
        raise BatchRefused("The batch's manifest is not valid JSON.") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("version") != VERSION
    ):
        raise BatchRefused("The batch is not in a format this tool reads.")
    key = centre_key(home, str(manifest.get("centre_code", "")))
    if key is None:
        raise BatchRefused(
            f"The batch comes from centre '{manifest.get('centre_code')}', which is not registered. "
            "Register its public key with 'intake-force centre add'."
        )
    try:
        key.verify(members[MANIFEST], minisign.Signature.from_bytes(members[SIGNATURE]))
    except Exception:
        raise BatchRefused(
            "The batch's signature does not match the registered centre's key."
        ) from None
    _check_manifest(manifest)
    listed = {m["name"]: m for m in manifest["members"]}
    present = {n for n in members if n not in (MANIFEST, SIGNATURE)}
    if set(listed) != present:
        raise BatchRefused("The batch's members do not match its manifest.")
    for name, entry in listed.items():
        if hashlib.sha256(members[name]).hexdigest() != entry.get("sha256"):
            raise BatchRefused(f"{name} does not match the hash in the signed manifest.")
    opened = OpenedBatch(digest, manifest)
    validate = _report_validator()
    for name in sorted(present):
        if name.startswith("attachments/"):
            opened.attachments[name] = members[name]
            continue
        try:
            document = json.loads(members[name])
        except json.JSONDecodeError:
            raise BatchRefused(f"{name} is not valid JSON.") from None
        try:
            validate(document)
        except fastjsonschema.JsonSchemaValueException as exc:
            where = ".".join(str(p) for p in exc.path[1:]) or "(top)"
            raise BatchRefused(f"{name} does not fit the report schema at {where}.") from None
        if (
            name != f"reports/{document['id']}.json"
            or document["centre_code"] != opened.centre_code
        ):
            raise BatchRefused(f"{name} does not match the report inside it.")
        for attachment in document.get("attachments", []):
            if attachment["member"] not in members:
                raise BatchRefused(f"{name} refers to an attachment that is not in the batch.")
        opened.reports.append(document)
    if len(opened.reports) != manifest.get("report_count"):
        raise BatchRefused("The batch holds a different number of reports than its manifest says.")
    return opened


@cache
def _report_validator() -> Callable[[Any], Any]:
    """The published schema, compiled once (fastjsonschema: thousands of reports a second). Its
    keywords are all in draft 7, which fastjsonschema reads."""
    schema = dict(report_schema())
    schema.pop("$schema")
    return fastjsonschema.compile(schema)


def _check_manifest(manifest: dict[str, Any]) -> None:
    """Every field the reader relies on, of the right kind (a signed manifest can still be odd)."""
    bad = BatchRefused("The batch's manifest is incomplete or malformed.")
    members = manifest.get("members")
    if not isinstance(members, list) or not all(
        isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("sha256"), str)
        for m in members
    ):
        raise bad
    for key in ("sequence", "report_count"):
        value = manifest.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad
    for key in ("batch_id", "previous_batch_sha256", "created_at"):
        if not isinstance(manifest.get(key), str):
            raise bad


def _members(plain: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
            for info in tar:
                if not info.isreg() or not member_name_ok(info.name):
                    raise BatchRefused("The batch holds a file name or kind that is not allowed.")
                if info.name in found:
                    raise BatchRefused("The batch holds the same name twice.")
                if info.size > MAX_MEMBER_BYTES:
                    raise BatchRefused("The batch holds a file larger than allowed.")
                handle = tar.extractfile(info)
                assert handle is not None
                found[info.name] = handle.read()
    except tarfile.TarError:
        raise BatchRefused("The batch's contents are damaged.") from None
    return found
