"""Turn what a person types in the search box into a safe FTS5 query.

Every word becomes a quoted prefix term, so punctuation, quotes and FTS5 operators typed by a
person are searched for as text rather than interpreted.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def to_fts(text: str) -> str | None:
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


_REFERENCE_START = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,7}-\d")


def reference_prefix(text: str) -> str | None:
    """If the text is the start of a report reference (``RIVA-2026-00``), that prefix."""
    cleaned = "".join(text.split()).upper()
    return cleaned if _REFERENCE_START.match(cleaned) else None
