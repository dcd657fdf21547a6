"""Report references a person can read out on the phone: ``LEIC-2026-00042-K``.

Centre code, year, a sequence number for the year, and a check character (Luhn mod 36) so a
mistyped or misheard reference is caught rather than matched to another person's report.
"""

from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CENTRE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_REFERENCE = re.compile(r"^([A-Z][A-Z0-9]{1,7})-(\d{4})-(\d{5,})-([0-9A-Z])$")


def check_character(payload: str) -> str:
    """Luhn mod N over the letters and digits of ``payload``."""
    n = len(ALPHABET)
    factor = 2
    total = 0
    for ch in reversed([c for c in payload if c in ALPHABET]):
        addend = factor * ALPHABET.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def make(centre_code: str, year: int, sequence: int) -> str:
    payload = f"{centre_code}-{year:04d}-{sequence:05d}"
    return f"{payload}-{check_character(payload)}"


def normalise(text: str) -> str:
    return "".join(text.split()).upper()


def is_valid(text: str) -> bool:
    match = _REFERENCE.match(normalise(text))
    if not match:
        return False
    payload = "-".join(match.groups()[:3])
    return check_character(payload) == match.group(4)
