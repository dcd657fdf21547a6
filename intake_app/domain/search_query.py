"""Turn what a person types in the search box into a safe, fast FTS5 query.

Every word is quoted, so punctuation, quotes and FTS5 operators typed by a person are searched
for as text rather than interpreted. Finished words match whole words; the word still being
typed matches as a prefix, expanded to the words the index actually holds (an OR of exact
terms reads newest-first and stops early, where FTS5's own prefix query would first merge every
matching list: seconds, not milliseconds, on 100,000 reports).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
MAX_EXPANSION = 40


def fold(word: str) -> str:
    """Lower case without accents, as the index's unicode61 tokenizer stores words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class SearchWords:
    whole: tuple[str, ...]
    prefix: str | None


def words(text: str) -> SearchWords | None:
    found = [fold(w) for w in _WORD.findall(text)][:MAX_TERMS]
    found = [w for w in found if w]
    if not found:
        return None
    still_typing = not text[-1:].isspace()
    if still_typing:
        return SearchWords(tuple(found[:-1]), found[-1])
    return SearchWords(tuple(found), None)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def to_fts(text: str, expand: Callable[[str], list[str]] | None = None) -> str | None:
    """The MATCH expression, or None if nothing can match (or nothing searchable was typed).

    ``expand(prefix)`` lists the index's words that start with ``prefix`` (at most
    ``MAX_EXPANSION``); without it, the last word is a plain FTS5 prefix query.
    """
    parsed = words(text)
    if parsed is None:
        return None
    parts = [_quote(w) for w in parsed.whole]
    if parsed.prefix is not None:
        terms = expand(parsed.prefix) if expand else []
        indexed_prefix = 2 <= len(parsed.prefix) <= 3  # the index keeps these prefixes
        if expand and not terms:
            return None  # no word in the index starts so: nothing can match
        if not expand or (len(terms) >= MAX_EXPANSION and indexed_prefix):
            parts.append(_quote(parsed.prefix) + "*")
        else:
            # Past MAX_EXPANSION words (a one-letter prefix, say) only the first are searched.
            parts.append("(" + " OR ".join(_quote(t) for t in terms) + ")")
    return " AND ".join(parts)


_PHONE_TYPED = re.compile(r"^\+?[0-9 ()\-.]+$")
_DATE_TYPED = re.compile(r"^\d{1,4}[-.]\d{1,2}[-.]\d{1,4}$")
MIN_PHONE_DIGITS = 6


def phone_digits(text: str) -> str | None:
    """If the text is (the start of) a phone number, its digits after any country code or
    trunk zero: ``0116 496 07``, ``+44 116 496 07`` and ``0044116 49607`` all give
    ``1164960`` … so a number is found however it was typed and stored. None otherwise (a date
    such as 14-03-2026 is not a phone number)."""
    typed = text.strip()
    if not _PHONE_TYPED.match(typed) or _DATE_TYPED.match(typed):
        return None
    digits = "".join(c for c in typed if c.isdigit())
    if typed.startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        digits = digits[2:] if digits.startswith("44") else digits
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


_REFERENCE_START = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,7}-\d")


def reference_prefix(text: str) -> str | None:
    """If the text is the start of a report reference (``RIVA-2026-00``), that prefix."""
    cleaned = "".join(text.split()).upper()
    return cleaned if _REFERENCE_START.match(cleaned) else None
