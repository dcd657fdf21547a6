"""The language Intake speaks: gettext catalogues, one per language, in
``resources/locale/<code>/LC_MESSAGES/intake.mo`` (compiled from the ``.po`` beside it).

Every string a person reads goes through ``_`` (or ``ngettext`` for counts, ``pgettext`` where the
same English means two things). Placeholders are named, ``str.format`` style:
``_("Saved {reference}.").format(reference=ref)``. Text defined at import time is marked with
``N_`` and translated where it is shown: ``_(LABEL)``.

One language at a time for the whole process: the desktop app switches it when a person chooses,
the command line sets it once from ``--lang`` or the locale variables. Data typed by people is
never translated; only the labels around it are.

A catalogue is checked as it is loaded: a translation whose placeholders differ from the
English (``{reference}`` mistyped, a ``{count}`` dropped) is set aside and the English shown, so
a slip in a catalogue cannot stop a message from showing.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import string
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from intake_app.support.resources import resources_dir

DOMAIN = "intake"
REVIEWED_HEADER = "X-Reviewed-By"  # in a catalogue's header: who fluent has reviewed it


@dataclass(frozen=True)
class Language:
    code: str  # the catalogue's folder and the Babel locale: "pl", "pa" (Gurmukhi), "ur"
    name: str  # as its own speakers write it, so anyone can find their language in a list
    english: str
    right_to_left: bool = False

    @property
    def label(self) -> str:
        """The name in the language itself, then in English: "Polski (Polish)"."""
        return self.name if self.code == "en" else f"{self.name} ({self.english})"


ENGLISH = Language("en", "English", "English")
LANGUAGES: tuple[Language, ...] = (
    ENGLISH,
    Language("ar", "العربية", "Arabic", right_to_left=True),
    Language("bn", "বাংলা", "Bengali"),
    Language("cy", "Cymraeg", "Welsh"),
    Language("gu", "ગુજરાતી", "Gujarati"),
    Language("pa", "ਪੰਜਾਬੀ", "Panjabi"),
    Language("pl", "Polski", "Polish"),
    Language("ro", "Română", "Romanian"),
    Language("so", "Soomaali", "Somali"),
    Language("ur", "اردو", "Urdu", right_to_left=True),
)
# Every English string with each letter accented, 40 % longer and bracketed: a test drives every
# screen in it, so any text not marked for translation, or cut off when longer, shows up.
PSEUDO = Language("en-XA", "[Ƥšéûđö]", "Pseudo-locale")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}")


# Python's own %-style ones, in the few messages of argparse the catalogues also hold.
_PERCENT = re.compile(r"%\((\w+)\)[sdr]|%[sdr]")


def placeholders(text: str) -> set[str]:
    """The named ``{placeholders}`` in a message (and argparse's ``%(name)s``, ``%s``)."""
    found = {match.group(1) or "" for match in _PLACEHOLDER.finditer(text)}
    return found | {f"%{match.group(1) or ''}" for match in _PERCENT.finditer(text)}


def fills_safely(translation: str, english: str | tuple[str, str]) -> bool:
    """Whether a translation can stand in for the English: it names no placeholder the English
    lacks, and its braces are well formed. (A plural's forms may leave out ``{count}``: "one
    report".)"""
    allowed = (
        placeholders(english)
        if isinstance(english, str)
        else set().union(*(placeholders(form) for form in english))
    )
    try:
        list(string.Formatter().parse(translation))
    except ValueError:
        return False
    return placeholders(translation) <= allowed


class _Checked(gettext.GNUTranslations):
    """A compiled catalogue, with every translation that could not be filled in dropped as it
    loads (so the English shows rather than an error)."""

    right_to_left = False

    def _parse(self, fp):  # type: ignore[no-untyped-def]  # gettext's own hook
        from babel.messages.mofile import read_mo

        data = fp.read()
        super()._parse(io.BytesIO(data))
        catalog: dict[object, str] = self._catalog  # type: ignore[attr-defined]
        for message in read_mo(io.BytesIO(data)):
            if not message.id:
                continue  # the header
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]
            english: str | tuple[str, str] = (ids[0], ids[1]) if len(ids) > 1 else ids[0]
            keys = [(key, i) for i in range(8)] if len(ids) > 1 else [key]
            for found in keys:
                if found in catalog and not fills_safely(catalog[found], english):
                    del catalog[found]
                elif found in catalog and self.right_to_left:
                    catalog[found] = isolated(catalog[found])


class _CheckedRightToLeft(_Checked):
    right_to_left = True


# Unicode's directional isolates: what goes between them is laid out on its own, in its own
# direction, and does not reorder the sentence around it.
FIRST_STRONG_ISOLATE, LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2068", "\u2066", "\u2069"
RIGHT_TO_LEFT_MARK = "\u200f"
_DIGIT_GROUPS = re.compile(r"\+?\d+(?: \d+)+")


def isolated(translation: str) -> str:
    """A right-to-left translation with what it holds of left-to-right text kept whole: each
    ``{placeholder}`` (a reference, a postcode, a name in any script takes the direction of its
    own first letter) and each number written in groups ("+48 512 345 678", which the bidi
    algorithm would otherwise show as "678 345 512 +48")."""
    text = _PLACEHOLDER.sub(
        lambda m: f"{FIRST_STRONG_ISOLATE}{m.group(0)}{POP_ISOLATE}", translation
    )
    text = _DIGIT_GROUPS.sub(lambda m: f"{LEFT_TO_RIGHT_ISOLATE}{m.group(0)}{POP_ISOLATE}", text)
    # A sentence that starts with a Latin word ("Intake", "PDF") would be laid out left to
    # right, its Urdu words in the wrong order: a right-to-left mark in front says otherwise.
    return RIGHT_TO_LEFT_MARK + text if _starts_left_to_right(translation) else text


def _starts_left_to_right(text: str) -> bool:
    return first_strong(_PLACEHOLDER.sub("", text)) == "L"


def first_strong(text: str) -> str:
    """The direction of a text's first strong letter: "R" (right to left: Arabic, Urdu,
    Hebrew), "L" (left to right) or "" (none: digits and punctuation only)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return ""


class _State:
    def __init__(self) -> None:
        self.language = ENGLISH
        self.translations: gettext.NullTranslations = gettext.NullTranslations()
        self.lock = threading.Lock()


_state = _State()


def catalogue_dir() -> Path:
    return resources_dir() / "locale"


def catalogue_path(code: str, folder: Path | None = None) -> Path:
    return (folder or catalogue_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def language(code: str) -> Language:
    """The language with this code (``pl``, ``pl_PL.UTF-8``, ``pa-Guru``…); English if none."""
    wanted = code.strip().replace("-", "_").split(".")[0].split("@")[0]
    if wanted.lower() == PSEUDO.code.replace("-", "_").lower():
        return PSEUDO
    base = wanted.split("_")[0].lower()
    return next((lang for lang in LANGUAGES if lang.code == base), ENGLISH)


def is_known(code: str) -> bool:
    return language(code) is not ENGLISH or code.strip().lower().startswith("en")


def load(code: str, folder: Path | None = None) -> gettext.NullTranslations:
    """The checked catalogue for ``code`` (English, which needs none, as the fallback)."""
    lang = language(code)
    if lang is ENGLISH:
        return gettext.NullTranslations()
    if lang is PSEUDO and folder is None:  # made by tools/pseudo_locale.py, never shipped
        folder = Path(os.environ.get("INTAKE_LOCALE_DIR", "build/locale"))
    path = catalogue_path(lang.code, folder)
    try:
        with path.open("rb") as handle:
            return _CheckedRightToLeft(handle) if lang.right_to_left else _Checked(handle)
    except Exception:  # missing, truncated, damaged (struct, value, decode errors…)
        return gettext.NullTranslations()  # English, never a crash


def use(code: str, folder: Path | None = None) -> Language:
    """Speak this language from now on, in the whole process. Returns the language chosen
    (English for a code Intake does not know)."""
    lang = language(code)
    translations = load(lang.code, folder)
    with _state.lock:
        _state.language, _state.translations = lang, translations
    return lang


def current() -> Language:
    return _state.language


def reviewed_by(code: str, folder: Path | None = None) -> str:
    """Who has reviewed this language's catalogue as a fluent speaker ("" if nobody yet)."""
    lang = language(code)
    if lang is ENGLISH:
        return "Intake"
    return load(lang.code, folder).info().get(REVIEWED_HEADER.lower(), "").strip()


def _(message: str) -> str:
    return _state.translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _state.translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _state.translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _state.translations.npgettext(context, singular, plural, count)


def babel_locale(code: str | None = None) -> str:
    """The CLDR locale for dates and numbers: the language's own ("pl", "ur"), British English
    for English and the pseudo-locale. ``code``: another language than the one spoken (a
    printed notice in the person's language)."""
    code = current().code if code is None else language(code).code
    return "en_GB" if code in (ENGLISH.code, PSEUDO.code) else code


def number(value: float, places: int | None = None, *, in_language: str | None = None) -> str:
    """A number as the language writes it: 12,345 in English, 12 345 in Polish, 12.345 in
    Romanian (always with the digits 0-9, as the leaflets and the police's systems use).
    ``in_language``: a language's code, when it is not the one spoken."""
    from babel.numbers import format_decimal

    pattern = None if places is None else "#,##0." + "0" * places
    return format_decimal(value, format=pattern, locale=babel_locale(in_language))


def plural_category(count: int, code: str) -> str:
    """Which of a language's plural forms a count takes, by CLDR's rules ("one", "few",
    "many", "other"…): for texts that hold a form per category rather than a catalogue."""
    from babel import Locale

    return str(Locale.parse(babel_locale(code)).plural_form(count))


def N_(message: str) -> str:  # the usual gettext marker's name
    """Marks text for translation where it is defined; ``_()`` translates it where shown."""
    return message


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale variables ask for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in the
    order gettext reads them), or "en"."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        for code in value.split(":"):
            if code and code not in ("C", "POSIX") and is_known(code):
                return language(code).code
    return ENGLISH.code
