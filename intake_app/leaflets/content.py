"""Leaflet content packs: one JSON file per language, checked against a JSON Schema.

A pack that does not fit the schema is refused with its file and the field named, so whoever
edits a translation sees at once what to fix. A centre or force replaces any text by putting
its own pack (same file name) in a folder that is searched first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.resources import resources_dir
from intake_app.support.untrusted import quoted

SCHEMA_NAME = "content-pack.schema.json"


class ContentPackError(IntakeError):
    pass


@dataclass(frozen=True)
class ContentPack:
    language: str
    name: str
    english_name: str
    direction: str
    script: str
    reviewed: bool
    text: dict[str, Any]

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def __getitem__(self, key: str) -> Any:
        return self.text[key]


def leaflets_dir() -> Path:
    return resources_dir() / "leaflets"


@cache
def read_schema(path: Path) -> dict[str, Any]:
    """A bundled JSON Schema (the leaflet's packs', the privacy notice's texts')."""
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return schema


def parse_pack(raw: bytes, file_name: str, schema: Path | None = None) -> ContentPack:
    """A pack checked against the leaflet's schema, or against ``schema`` (a schema file for
    another document set in the same way, such as the privacy notice)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContentPackError(
            # Translators: {file} is a file's name, {error} what the JSON reader found (in English).
            _("{file}: not valid UTF-8 JSON ({error}).").format(file=file_name, error=exc)
        ) from None
    validator = jsonschema.Draft202012Validator(read_schema(schema or leaflets_dir() / SCHEMA_NAME))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.absolute_path) or _("(the whole file)")
        message = first.message if len(first.message) < 160 else first.message[:157] + "…"
        raise ContentPackError(
            # Translators: {file} is a file's name, {field} the field's name in it (as in the file),
            # {problem} what is wrong with it (from the schema checker, in English).
            _("{file}: field {field}: {problem}").format(
                file=file_name, field=where, problem=message
            )
        )
    fields = {
        k: document[k]
        for k in ("language", "name", "english_name", "direction", "script", "reviewed", "text")
    }
    if Path(file_name).stem != fields["language"]:
        raise ContentPackError(
            # Translators: keep "language" (the field's name) as it is; {code} is what it says.
            _("{file}: field language: says {code}, the file name another.").format(
                file=file_name, code=repr(fields["language"])
            )
        )
    return ContentPack(**fields)


def pack_path(language: str, overrides: Path | None = None) -> Path:
    if overrides is not None and (overrides / f"{language}.json").exists():
        return overrides / f"{language}.json"
    return leaflets_dir() / f"{language}.json"


def load_pack(language: str, overrides: Path | None = None) -> ContentPack:
    path = pack_path(language, overrides)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentPackError(
            # Translators: {code} is the language code asked for (such as "pl").
            _("There is no leaflet in the language {code}.").format(code=quoted(language))
        ) from None
    return parse_pack(raw, path.name)


def available_languages() -> list[str]:
    return sorted(
        p.stem
        for p in leaflets_dir().glob("*.json")
        if p.name != SCHEMA_NAME and p.stem != "support"
    )
