"""Checks for single values: text length and characters, UK postcodes, phone numbers, email.

Dates are in ``dates.py``."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from intake_app.support.i18n import N_, _, ngettext, number

SHORT = 200
MEDIUM = 2_000
LONG = 20_000

_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_DISTRICT = re.compile(r"^[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE_REGION = "GB"  # numbers typed without a country code are taken as UK numbers
UK_COUNTRY_CODE = 44
_PHONE_CHARACTERS = frozenset("0123456789 +-()./")


# Characters that reverse or isolate the direction of the text around them: they can make text
# read differently from what it holds ("Trojan Source"), and ordinary writing never needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width non-joiner and joiner: needed to spell words in Persian, Urdu and Indic scripts.
JOINERS = frozenset("\u200c\u200d")
BIDI_MESSAGE = N_(
    "This contains an invisible character that changes the direction of the text around it "
    "(from a copy and paste?). Retype it."
)


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """A plain reason why this text cannot be stored, or None."""
    if len(value) > limit:
        # Translators: {length} and {limit} are numbers of characters, such as 2,345 and 2,000.
        return ngettext(
            "This is {length} character long; the limit is {limit}. Shorten it.",
            "This is {length} characters long; the limit is {limit}. Shorten it.",
            len(value),
        ).format(length=number(len(value)), limit=number(limit))
    if not BIDI_CONTROLS.isdisjoint(value):
        return _(BIDI_MESSAGE)
    for ch in value:
        if ch in "\n\t" and multiline:
            continue
        if ch == "\r" and multiline:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return _("This contains a control character (from a copy and paste?). Retype it.")
        if category == "Cs":  # a lone surrogate: not valid text at all
            return _("This contains a character that cannot be stored. Retype it.")
    return None


def name_problem(value: str, limit: int) -> str | None:
    """Why this cannot be a name (of a centre, a force, a helpline), or None. Beyond
    ``text_problem``: one line, and no invisible formatting characters at all except the
    joiners some scripts need to spell a name."""
    reason = text_problem(value, limit)
    if reason:
        return reason
    for ch in value:
        if unicodedata.category(ch) in ("Cf", "Zl", "Zp") and ch not in JOINERS:
            return _(
                "This contains an invisible formatting character (from a copy and paste?). Retype it."
            )
    return None


def hard_cap(limit: int) -> int:
    """The most a field can hold at all: a draft keeps text over a field's limit (the limit only
    stops 'ready'), up to this, which the form enforces while typing."""
    return max(limit * 5, 100)


def storage_problem(value: str, limit: int) -> str | None:
    """Why this text can never be stored, even in a draft (over the hard cap, or not text)."""
    cap = hard_cap(limit)
    if len(value) > cap:
        # Translators: {length} and {cap} are numbers of characters, such as 12,345 and 10,000.
        return ngettext(
            "This is {length} character long; a field can hold at most {cap}.",
            "This is {length} characters long; a field can hold at most {cap}.",
            len(value),
        ).format(length=number(len(value)), cap=number(cap))
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        return _("This contains a character that cannot be stored. Retype it.")
    return None


def normalise_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_uk_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


def is_postcode_district(value: str) -> bool:
    """The first part of a postcode alone (``LE3``): often all a person knows of a place."""
    return bool(_DISTRICT.match("".join(value.split()).upper()))


def _old_uk_shape(national: str) -> bool:
    """The UK numbers this app has always taken: 11 digits from 01, 02, 03, 05, 07 or 08, or
    freephone 0800 and 0808 (also 10 digits). Kept so that no number accepted before is refused
    now, including Ofcom's numbers for drama and training, such as 07700 900123."""
    if national.startswith(("0800", "0808")) and len(national) in (10, 11):
        return True
    return len(national) == 11 and national[1] in "123578"


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number a person typed, if it is one: UK numbers as dialled in the UK (``0116 496
    0123``), any number with its country code after ``+`` or ``00`` (``+48 512 345 678``)."""
    text = value.strip()
    if not text or len(text) > 40 or not set(text) <= _PHONE_CHARACTERS or "+" in text[1:]:
        return None
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    if (
        number.country_code == UK_COUNTRY_CODE
        and not number.italian_leading_zero  # "0001…" is no UK number, old or new
        and _old_uk_shape(f"0{number.national_number}")
    ):
        return number
    return None


def is_phone(value: str) -> bool:
    return parse_phone(value) is not None


def is_uk_phone(value: str) -> bool:
    number = parse_phone(value)
    return number is not None and number.country_code == UK_COUNTRY_CODE


def phone_for_people(value: str) -> str:
    """UK numbers as dialled in the UK, others with their country code; else as typed."""
    number = parse_phone(value)
    if number is None:
        return value
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == UK_COUNTRY_CODE
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))
