"""The JSON Schema of a report as it travels in a batch, made from the report dataclasses.

One source of truth: ``docs/schema/report-v2.schema.json`` is this function's output (a test
keeps them equal), and the force's side validates every report of format ``intake-report/2``
against it. Reports of format ``intake-report/1`` (from a centre not yet upgraded: "under 16"
where version 2 says "under 18", no organisation, exact words or who saw the hostility) are
checked against that version's schema, kept unchanged in ``resources/schema/``.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

from intake_app.domain.report import CONSENTS, REPORTER_TYPES, Report
from intake_app.domain.report_codec import canonical
from intake_app.domain.report_upgrade import upgraded
from intake_app.exchange.batch_format import ERASURE_FORMAT
from intake_app.support.resources import resources_dir

REPORT_FORMAT = "intake-report/2"  # what this version writes
SCHEMA_ID = "https://intake-app.example/schema/report-v2.json"
FORMAT_1 = "intake-report/1"
ERASURE_SCHEMA_ID = "https://intake-app.example/schema/erasure-v1.json"
_ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
_REFERENCE = {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,7}-[0-9]{4}-[0-9]{5,}-[0-9A-Z]$"}
_CENTRE = {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,7}$"}


def _type_schema(kind: Any) -> dict[str, Any]:
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        inner = _type_schema(options[0])
        inner_type = inner.get("type")
        if isinstance(inner_type, str):
            return {**inner, "type": [inner_type, "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is list:
        (item,) = get_args(kind)
        return {"type": "array", "items": _type_schema(item), "maxItems": 200}
    if dataclasses.is_dataclass(kind):
        return _object_schema(kind)  # type: ignore[arg-type]
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer", "minimum": 0}
    if kind is str:
        return {"type": "string", "maxLength": 20000}
    raise TypeError(f"no schema for {kind!r}")


# Fields of a report that stay at the centre and are never in a batch (the centre's note on the
# police copy's free text: the words it took out; the other recipients the person agreed to).
CENTRE_ONLY = frozenset({"police_copy", "shared_with"})


def sent_form(report: Report) -> dict[str, Any]:
    """A report's fields as a batch carries them: the centre's own notes left out."""
    return {k: v for k, v in report.to_dict().items() if k not in CENTRE_ONLY}


def stored_sent_form(stored: Any) -> dict[str, Any] | None:
    """``sent_form`` of a report document as the store keeps it (parsed JSON), without building
    the ``Report``: ten thousand reports then go in a fraction of the time. None when reading it
    into a ``Report`` would find a problem (a field of the wrong kind, a name that is no field),
    which ``Report.from_dict`` then settles as it always has."""
    document = canonical(Report, upgraded(stored))
    if document is None:
        return None
    for name in CENTRE_ONLY:
        del document[name]
    return document


def _object_schema(cls: type) -> dict[str, Any]:
    hints = get_type_hints(cls)
    properties = {
        f.name: _type_schema(hints[f.name])
        for f in dataclasses.fields(cls)
        if f.name not in CENTRE_ONLY
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }


def report_schema() -> dict[str, Any]:
    body = _object_schema(Report)
    body["properties"]["consent"] = {"enum": [*CONSENTS]}
    body["properties"]["reporter_type"] = {"enum": ["", *REPORTER_TYPES]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "A hate crime or hate incident report, as sent by a third-party reporting centre",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "format",
            "id",
            "reference",
            "centre_code",
            "created_at",
            "identifying_details",
            "report",
        ],
        "properties": {
            "format": {"const": REPORT_FORMAT},
            "id": _ID,
            "reference": _REFERENCE,
            "centre_code": _CENTRE,
            "created_at": {"type": "string", "format": "date-time"},
            "identifying_details": {
                "type": "boolean",
                "description": "false when the person agreed to pass the report on only without identifying details: every identifying field is then empty",
            },
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["member", "media_type", "size", "sha256"],
                    "properties": {
                        "member": {
                            "type": "string",
                            "pattern": "^attachments/[0-9a-f]{32}\\.[a-z]{3,4}$",
                        },
                        "media_type": {
                            "enum": [
                                "image/jpeg",
                                "image/png",
                                "image/gif",
                                "image/webp",
                                "application/pdf",
                            ]
                        },
                        "size": {"type": "integer", "minimum": 1},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                },
            },
            "report": body,
        },
    }


@cache
def earlier_schema(report_format: str) -> dict[str, Any] | None:
    """The schema of an earlier report format a force still reads, or None if unknown."""
    if report_format != FORMAT_1:
        return None
    path = resources_dir() / "schema" / "report-v1.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return schema


def erasure_schema() -> dict[str, Any]:
    """An erasure notice (``erasures/<id>.json``): which report, and nothing of its content."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ERASURE_SCHEMA_ID,
        "title": "A centre's notice that a report it sent was withdrawn: erase it",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "id", "reference", "centre_code"],
        "properties": {
            "format": {"const": ERASURE_FORMAT},
            "id": _ID,
            "reference": _REFERENCE,
            "centre_code": _CENTRE,
        },
    }
