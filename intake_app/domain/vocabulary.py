"""Vocabularies (strands and their sub-categories, incident and place types) loaded from data files.

``resources/vocabulary/core.json`` holds the national lists; ``forces/<code>.json`` adds a force's
local strands. Codes are stored in reports; labels are shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, pgettext
from intake_app.support.resources import resources_dir

VOCABULARY_CONTEXT = "vocabulary"  # the labels' context in the catalogues (tools/catalogues.py)

# Strands that were local once and are now a national strand's sub-category: a force profile
# made before still lists them, and they are left out (Gypsy, Roma and Traveller hate is race
# hate; Sussex counted it apart).
MOVED_STRANDS = {"gypsy_roma_traveller": ("race", "gypsy_roma_traveller")}

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_FORCE_CODE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Term:
    code: str
    english: str  # as the data file has it; ``label`` is what a person reads
    asks: str = ""

    @property
    def label(self) -> str:
        """The label in the language the app speaks (the data file's English if untranslated)."""
        return pgettext(VOCABULARY_CONTEXT, self.english)


@dataclass(frozen=True)
class Strand:
    code: str
    english: str
    monitored: bool
    sub_categories: tuple[Term, ...] = ()

    @property
    def label(self) -> str:
        return pgettext(VOCABULARY_CONTEXT, self.english)

    def sub_category(self, code: str) -> Term | None:
        return next((t for t in self.sub_categories if t.code == code), None)


@dataclass(frozen=True)
class Vocabulary:
    strands: tuple[Strand, ...]
    incident_types: tuple[Term, ...]
    place_types: tuple[Term, ...]
    force_code: str = ""
    force_name: str = ""

    def strand(self, code: str) -> Strand | None:
        return next((s for s in self.strands if s.code == code), None)

    def incident_type(self, code: str) -> Term | None:
        return next((t for t in self.incident_types if t.code == code), None)

    def place_type(self, code: str) -> Term | None:
        return next((t for t in self.place_types if t.code == code), None)


class VocabularyError(IntakeError):
    pass


def _not_a_list(where: str) -> VocabularyError:
    # Translators: {where} is a place in a vocabulary data file, such as "core.json strands[2]".
    return VocabularyError(_("{where} must be a list.").format(where=where))


def _not_an_object(where: str) -> VocabularyError:
    # Translators: {where} is a place in a vocabulary data file, such as "core.json strands[2]".
    return VocabularyError(_("{where} must be an object.").format(where=where))


def _terms(items: object, where: str) -> list[Term]:
    if not isinstance(items, list):
        raise _not_a_list(where)
    terms = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise _not_an_object(at)
        code, label = item.get("code"), item.get("label")
        if not isinstance(code, str) or not _CODE.match(code):
            # Translators: {where} is a place in a vocabulary data file ("core.json strands[2]");
            # "code" is the name of a field in the file.
            message = _("{where}.code must be lower-case letters, digits or _.")
            raise VocabularyError(message.format(where=at))
        if not isinstance(label, str) or not label.strip():
            # Translators: {where} is a place in a vocabulary data file ("core.json strands[2]");
            # "label" is the name of a field in the file.
            raise VocabularyError(_("{where}.label must be some text.").format(where=at))
        terms.append(Term(code, label, str(item.get("asks", ""))))
    return terms


def _strands(items: object, where: str) -> list[Strand]:
    if not isinstance(items, list):
        raise _not_a_list(where)
    strands = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _not_an_object(f"{where}[{i}]")
        term = _terms([item], f"{where}[{i}]")[0]
        subs = _terms(item.get("sub_categories", []), f"{where}[{i}].sub_categories")
        strands.append(
            Strand(term.code, term.english, bool(item.get("monitored", False)), tuple(subs))
        )
    return strands


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise VocabularyError(
            _("The vocabulary file {file} is missing.").format(file=path.name)
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        # Translators: {error} is the JSON parser's own description of the problem, in English.
        message = _("The vocabulary file {file} is not valid JSON ({error}).")
        raise VocabularyError(message.format(file=path.name, error=exc)) from None
    if not isinstance(document, dict):
        raise VocabularyError(
            _("The vocabulary file {file} must hold a JSON object.").format(file=path.name)
        )
    return document


def available_forces(root: Path | None = None) -> list[str]:
    folder = (root or resources_dir()) / "vocabulary" / "forces"
    return sorted(p.stem for p in folder.glob("*.json"))


def load(force_code: str = "", root: Path | None = None) -> Vocabulary:
    folder = (root or resources_dir()) / "vocabulary"
    core = _read(folder / "core.json")
    strands = _strands(core.get("strands"), "core.json strands")
    incidents = _terms(core.get("incident_types"), "core.json incident_types")
    places = _terms(core.get("place_types"), "core.json place_types")
    force_name = ""
    if force_code:
        if not _FORCE_CODE.match(force_code):
            raise VocabularyError(_("A force code is lower-case letters, digits and dashes."))
        extra = _read(folder / "forces" / f"{force_code}.json")
        name = f"{force_code}.json"
        force_name = str(extra.get("force_name", ""))
        strands += _strands(extra.get("strands", []), f"{name} strands")
        incidents += _terms(extra.get("incident_types", []), f"{name} incident_types")
        places += _terms(extra.get("place_types", []), f"{name} place_types")
    for terms, message in (
        (strands, _("The strand code {code} is defined twice.")),
        (incidents, _("The incident type code {code} is defined twice.")),
        (places, _("The place type code {code} is defined twice.")),
    ):
        codes = [t.code for t in terms]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise VocabularyError(message.format(code=duplicates[0]))
    return Vocabulary(tuple(strands), tuple(incidents), tuple(places), force_code, force_name)


def with_local_strands(
    vocab: Vocabulary, extra: object, incident_types: object = (), place_types: object = ()
) -> Vocabulary:
    """Add a force profile's local strands, kinds of incident and kinds of place (ignoring any
    already there; a malformed list adds nothing)."""
    try:
        strands = _strands(list(extra), "force profile local_strands")  # type: ignore[call-overload]
    except (VocabularyError, TypeError):
        strands = []
    known = {s.code for s in vocab.strands} | set(MOVED_STRANDS)
    added = tuple(s for s in strands if s.code not in known)
    return Vocabulary(
        vocab.strands + added,
        vocab.incident_types + _new_terms(vocab.incident_types, incident_types, "incident"),
        vocab.place_types + _new_terms(vocab.place_types, place_types, "place"),
        vocab.force_code,
        vocab.force_name,
    )


def _new_terms(have: tuple[Term, ...], extra: object, what: str) -> tuple[Term, ...]:
    try:
        terms = _terms(list(extra), f"force profile local {what} types")  # type: ignore[call-overload]
    except (VocabularyError, TypeError):
        return ()
    known = {t.code for t in have}
    return tuple(t for t in terms if t.code not in known)


def read_local_vocabulary(path: Path) -> tuple[list[dict[str, Any]], ...]:
    """A force's own strands, kinds of incident and kinds of place from a file shaped like
    ``resources/vocabulary/forces/<code>.json``, checked as the app reads them: (strands,
    incident types, place types) as plain dicts for a force profile."""
    document = _read(path)
    name = path.name
    strands = _strands(document.get("strands", []), f"{name} strands")
    incidents = _terms(document.get("incident_types", []), f"{name} incident_types")
    places = _terms(document.get("place_types", []), f"{name} place_types")

    def term(t: Term) -> dict[str, Any]:
        return {"code": t.code, "label": t.english, **({"asks": t.asks} if t.asks else {})}

    return (
        [
            {**term(Term(s.code, s.english)), "monitored": s.monitored,
             "sub_categories": [term(t) for t in s.sub_categories]}
            for s in strands
        ],
        [term(t) for t in incidents],
        [term(t) for t in places],
    )  # fmt: skip
