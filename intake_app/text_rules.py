"""Checks for single values: text length and characters, UK postcodes and phone numbers, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

SHORT = 200
MEDIUM = 2_000
LONG = 20_000

_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """A plain reason why this text cannot be stored, or None."""
    if len(value) > limit:
        return f"This is {len(value):,} characters long; the limit is {limit:,}. Shorten it."
    for ch in value:
        if ch in "\n\t" and multiline:
            continue
        if ch == "\r" and multiline:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return "This contains a control character (from a copy and paste?). Retype it."
        if category == "Cs":  # a lone surrogate: not valid text at all
            return "This contains a character that cannot be stored. Retype it."
    return None


def hard_cap(limit: int) -> int:
    """The most a field can hold at all: a draft keeps text over a field's limit (the limit only
    stops 'ready'), up to this, which the form enforces while typing."""
    return max(limit * 5, 100)


def storage_problem(value: str, limit: int) -> str | None:
    """Why this text can never be stored, even in a draft (over the hard cap, or not text)."""
    cap = hard_cap(limit)
    if len(value) > cap:
        return f"This is {len(value):,} characters long; a field can hold at most {cap:,}."
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        return "This contains a character that cannot be stored. Retype it."
    return None


def normalise_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_uk_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


def phone_digits(value: str) -> str | None:
    """The digits of a UK number (``+44`` turned into ``0``), or None if it has stray characters."""
    compact = re.sub(r"[\s\-().]", "", value)
    if compact.startswith("+44"):
        compact = "0" + compact[3:].lstrip("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].lstrip("0")
    return compact if compact.isdigit() else None


def is_uk_phone(value: str) -> bool:
    digits = phone_digits(value)
    if digits is None or not digits.startswith("0"):
        return False
    if digits.startswith(("0800", "0808")) and len(digits) in (10, 11):
        return True
    return len(digits) == 11 and digits[1] in "123578"


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_moment(value: str) -> datetime | None:
    """``YYYY-MM-DD`` (taken as the start of the day) or ``YYYY-MM-DDTHH:MM``."""
    if _DATETIME.match(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    day = parse_date(value)
    return datetime(day.year, day.month, day.day) if day else None
