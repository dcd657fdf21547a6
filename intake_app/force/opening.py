"""Opening a batch on the force's side. In this order, each before the next is tried: the file's
size, the centre's signature over the encrypted bytes (``batch_file``), decryption (the bytes
must be the ones whose signature was checked), every member's name and size, the manifest's
signature, then its JSON and fields, every hash, every report against the schema, and every
notice (version 3): an amendment against the report schema, an erasure against its own exact
shape. Anything wrong refuses the whole batch with one plain message."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import minisign
import pyrage

from intake_app.exchange.batch_format import (
    ATTACHMENT_MEMBER,
    AUDIT_HEAD,
    ERASURE_FORMAT,
    ERASURE_MEMBER,
    FORMAT,
    MANIFEST,
    MAX_BATCH_BYTES,
    NOTICES_FROM,
    SIGNATURE,
    VERSIONS,
    is_notice,
    member_limit,
    member_name_ok,
)
from intake_app.exchange.report_schema import (
    FORMAT_1,
    REPORT_FORMAT,
    earlier_schema,
    report_schema,
)
from intake_app.exchange.signed_file import HashingReader, verifies
from intake_app.force.batch_file import WHAT, BatchRefused, SignedBatch, check_signature
from intake_app.support.i18n import _
from intake_app.support.untrusted import load_json, open_file, visible

__all__ = ["BatchRefused", "OpenedBatch", "check_signature", "open_batch", "open_signed"]

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_REFERENCE = re.compile(r"[A-Z][A-Z0-9]{1,7}-[0-9]{4}-[0-9]{5,}-[0-9A-Z]")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@dataclass
class OpenedBatch:
    file_sha256: str
    manifest: dict[str, Any]
    reports: list[dict[str, Any]] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)
    amendments: list[dict[str, Any]] = field(default_factory=list)  # corrected reports
    erasures: list[dict[str, Any]] = field(default_factory=list)  # id, reference, centre code
    # Encrypted to an earlier identity of the force's: its centre has not the new profile yet.
    to_earlier_key: bool = False

    @property
    def centre_code(self) -> str:
        return str(self.manifest["centre_code"])


def open_batch(
    home: Path,
    path: Path,
    identity: pyrage.x25519.Identity,
    earlier: Sequence[pyrage.x25519.Identity] = (),
) -> OpenedBatch:
    return open_signed(check_signature(home, path), identity, earlier)


def open_signed(
    signed: SignedBatch,
    identity: pyrage.x25519.Identity,
    earlier: Sequence[pyrage.x25519.Identity] = (),
) -> OpenedBatch:
    """``earlier``: the force's identities before its keys last changed, for a batch a centre
    encrypted before it had the new profile."""
    to_earlier_key = False
    try:
        plain = _decrypt(signed, [identity])
    except BatchRefused:
        if not earlier:
            raise
        plain, to_earlier_key = _decrypt(signed, list(earlier)), True
    members = _members(plain)
    if MANIFEST not in members or SIGNATURE not in members:
        raise BatchRefused(_("The batch has no signed manifest."))
    if not verifies(signed.centre_key, _inner_signature(members[SIGNATURE]), members[MANIFEST]):
        raise BatchRefused(_("The batch's signature does not match the registered centre's key."))
    manifest = load_json(
        members[MANIFEST], BatchRefused(_("The batch's manifest is not valid JSON."))
    )
    _check_manifest(manifest, signed)
    listed = {m["name"]: m for m in manifest["members"]}
    present = {n for n in members if n not in (MANIFEST, SIGNATURE)}
    if set(listed) != present or len(listed) != len(manifest["members"]):
        raise BatchRefused(_("The batch's members do not match its manifest."))
    for name, entry in listed.items():
        content = members[name]
        if hashlib.sha256(content).hexdigest() != entry["sha256"] or len(content) != entry["size"]:
            raise BatchRefused(
                # Translators: {name} is the name of a file inside the batch (reports/….json).
                _("{name} does not match the hash in the signed manifest.").format(name=name)
            )
    opened = OpenedBatch(signed.sha256, manifest, to_earlier_key=to_earlier_key)
    for name in sorted(present):
        if name.startswith("attachments/"):
            opened.attachments[name] = members[name]
        elif is_notice(name) and manifest["version"] < NOTICES_FROM:
            raise BatchRefused(
                _(
                    "The batch holds a correction or an erasure, but its format version does not "
                    "allow them."
                )
            )
        elif ERASURE_MEMBER.fullmatch(name):
            opened.erasures.append(_erasure(name, members[name], opened.centre_code))
        elif name.startswith("amendments/"):
            opened.amendments.append(_report(name, members, opened.centre_code, amendment=True))
        else:
            opened.reports.append(_report(name, members, opened.centre_code))
    counts = [(opened.reports, "report_count")]
    if manifest["version"] >= NOTICES_FROM:
        counts += [(opened.amendments, "amendment_count"), (opened.erasures, "erasure_count")]
    if any(len(found) != manifest[key] for found, key in counts):
        raise BatchRefused(
            _("The batch holds a different number of reports than its manifest says.")
        )
    named = [d["id"] for d in (*opened.reports, *opened.amendments, *opened.erasures)]
    if len(set(named)) != len(named):
        raise BatchRefused(
            _(
                "The batch names the same report more than once (as a report, a correction or "
                "an erasure)."
            )
        )
    return opened


def _decrypt(signed: SignedBatch, identities: list[pyrage.x25519.Identity]) -> io.BytesIO:
    """The tar, decrypted from exactly the bytes whose signature was checked."""
    plain = io.BytesIO()
    with open_file(signed.path, MAX_BATCH_BYTES, _(WHAT), BatchRefused) as handle:
        reader = HashingReader(handle)
        try:
            reader.read(signed.body_offset)
            try:
                pyrage.decrypt_io(reader, plain, identities)
                decrypted = True
            except Exception:  # pyrage raises DecryptError, and OSError for trailing bytes
                decrypted = False
            digest = reader.drain()
        except OSError:
            raise BatchRefused(_("The batch file cannot be read.")) from None
    if digest != signed.sha256:
        raise BatchRefused(_("The batch file changed while it was being read. Copy it again."))
    if not decrypted:
        raise BatchRefused(
            _(
                "The batch cannot be decrypted: it is not addressed to this force, or it is "
                "damaged or incomplete."
            )
        )
    plain.seek(0)
    return plain


def _inner_signature(raw: bytes) -> minisign.Signature:
    try:
        return minisign.Signature.from_bytes(raw)
    except ValueError:
        raise BatchRefused(
            _("The batch's signature does not match the registered centre's key.")
        ) from None


@cache
def _report_validator(report_format: str) -> Callable[[Any], Any] | None:
    """The schema of a report format the force reads (this version's, or an earlier one a centre
    not yet upgraded still writes), compiled once (fastjsonschema: thousands of reports a
    second; its keywords are all in draft 7, which fastjsonschema reads). None: not a format
    this version knows."""
    found = report_schema() if report_format == REPORT_FORMAT else earlier_schema(report_format)
    if found is None:
        return None
    schema = dict(found)
    schema.pop("$schema")
    return fastjsonschema.compile(schema)


def _report(
    name: str, members: dict[str, bytes], centre_code: str, *, amendment: bool = False
) -> dict[str, Any]:
    """A report, or an amendment (the corrected report: the same schema, in ``amendments/``)."""
    document = load_json(
        members[name],
        # Translators: {name} is the name of a file inside the batch (reports/….json).
        BatchRefused(_("{name} is not valid JSON.").format(name=name)),
    )
    report_format = document.get("format") if isinstance(document, dict) else None
    known = report_format in (REPORT_FORMAT, FORMAT_1)  # nothing else reaches the caches
    validator = _report_validator(report_format) if known else None
    if validator is None:
        raise BatchRefused(
            # Translators: {name} is the name of a file inside the batch (reports/….json).
            _(
                "{name} is a report in a format this version does not read: update intake-force."
            ).format(name=name)
        )
    try:
        validator(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        # Translators: where in a report a problem is, when it is the report as a whole.
        where = ".".join(visible(str(p), 30) for p in exc.path[1:]) or _("(top)")
        raise BatchRefused(
            # Translators: {name} is the name of a file inside the batch (reports/….json);
            # {where} is the field, such as person.name, or "(top)".
            _("{name} does not fit the report schema at {where}.").format(name=name, where=where)
        ) from None
    except (ValueError, TypeError, KeyError, RecursionError):
        raise BatchRefused(
            # Translators: {name} is the name of a file inside the batch (reports/….json).
            _("{name} does not fit the report schema.").format(name=name)
        ) from None
    # The schema's patterns end in $, which lets a final line break through: checked exactly.
    folder = "amendments" if amendment else "reports"
    if (
        name != f"{folder}/{document['id']}.json"
        or document["centre_code"] != centre_code
        or not _HEX32.fullmatch(document["id"])
        or not _REFERENCE.fullmatch(document["reference"])
    ):
        raise BatchRefused(
            # Translators: {name} is the name of a file inside the batch (reports/….json).
            _("{name} does not match the report inside it.").format(name=name)
        )
    for attachment in document.get("attachments", []):
        if amendment:  # the files went with the report; the force checks it holds the same
            if not ATTACHMENT_MEMBER.fullmatch(attachment["member"]):
                raise BatchRefused(
                    _("{name} does not match the report inside it.").format(name=name)
                )
            continue
        if attachment["member"] not in members or not member_name_ok(attachment["member"]):
            raise BatchRefused(
                # Translators: {name} is the name of a file inside the batch (reports/….json).
                _("{name} refers to an attachment that is not in the batch.").format(name=name)
            )
    return dict(document)


def _erasure(name: str, raw: bytes, centre_code: str) -> dict[str, Any]:
    """An erasure: exactly its four fields, each of its shape, naming this centre and the report
    its member name does."""
    document = load_json(
        raw,
        # Translators: {name} is the name of a file inside the batch (erasures/….json).
        BatchRefused(_("{name} is not valid JSON.").format(name=name)),
    )
    if (
        not isinstance(document, dict)
        or set(document) != {"format", "id", "reference", "centre_code"}
        or document["format"] != ERASURE_FORMAT
        or not all(isinstance(document[k], str) for k in ("id", "reference", "centre_code"))
        or not _REFERENCE.fullmatch(document["reference"])
    ):
        raise BatchRefused(
            # Translators: {name} is the name of a file inside the batch (erasures/….json).
            _("{name} is not an erasure in the form this tool reads.").format(name=name)
        )
    if name != f"erasures/{document['id']}.json" or document["centre_code"] != centre_code:
        raise BatchRefused(_("{name} does not match the report inside it.").format(name=name))
    return dict(document)


def _check_manifest(manifest: Any, signed: SignedBatch) -> None:
    """Every field the reader relies on, of the right kind and shape, and the same batch the
    outer signature named (a signed manifest can still be odd)."""
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or type(manifest.get("version")) is not int
        or manifest.get("version") not in VERSIONS
    ):
        raise BatchRefused(_("The batch is not in a format this tool reads."))
    head = manifest.get("audit_head")
    if manifest["version"] >= 2 and not (isinstance(head, str) and AUDIT_HEAD.fullmatch(head)):
        raise BatchRefused(_("The batch's manifest is incomplete or malformed."))
    bad = BatchRefused(_("The batch's manifest is incomplete or malformed."))
    members = manifest.get("members")
    if not isinstance(members, list) or not all(_member_ok(m) for m in members):
        raise bad
    counts = ("amendment_count", "erasure_count") if manifest["version"] >= NOTICES_FROM else ()
    for key in ("sequence", "report_count", *counts):
        value = manifest.get(key)
        if type(value) is not int or value < 0:
            raise bad
    for key, shape in (("batch_id", _HEX32), ("previous_batch_sha256", _HEX64),
                       ("created_at", _TIME), ("centre_code", None)):  # fmt: skip
        value = manifest.get(key)
        if not isinstance(value, str) or (shape is not None and not shape.fullmatch(value)):
            raise bad
    said = (manifest["batch_id"], manifest["sequence"], manifest["centre_code"])
    if said != (signed.batch_id, signed.sequence, signed.centre_code):
        raise BatchRefused(_("The batch's manifest names another batch than its signature does."))


def _member_ok(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("name"), str)
        and member_name_ok(entry["name"])
        and entry["name"] not in (MANIFEST, SIGNATURE)
        and isinstance(entry.get("sha256"), str)
        and bool(_HEX64.fullmatch(entry["sha256"]))
        and type(entry.get("size")) is int
    )


def _members(plain: io.BytesIO) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=plain, mode="r:") as tar:
            for info in tar:
                if not info.isreg() or not member_name_ok(info.name):
                    raise BatchRefused(
                        _("The batch holds a file name or kind that is not allowed.")
                    )
                if info.name in found:
                    raise BatchRefused(_("The batch holds the same name twice."))
                if info.size > member_limit(info.name):
                    if ERASURE_MEMBER.fullmatch(info.name):
                        raise BatchRefused(
                            # Translators: {name} is the name of a file inside the batch
                            # (erasures/….json).
                            _("{name} is larger than an erasure can be.").format(name=info.name)
                        )
                    raise BatchRefused(_("The batch holds a file larger than allowed."))
                handle = tar.extractfile(info)
                if handle is None:
                    raise BatchRefused(_("The batch's contents are damaged."))
                found[info.name] = handle.read()
    except (tarfile.TarError, ValueError, EOFError, OSError):
        raise BatchRefused(_("The batch's contents are damaged.")) from None
    return found
