"""The recovery key: 120 random bits written as six groups a person can copy by hand.

Each group is four data characters and one check character, in Crockford's base-32 alphabet
(no I, L, O or U, so nothing looks like anything else). The check character is a weighted sum in
GF(32) that also depends on the group's position, so any single mistyped character, any swap of two
characters in a group, and any swap of two groups is caught, and the message says which group.
"""

from __future__ import annotations

import secrets

from intake_app.support.errors import InvalidRecoveryKey
from intake_app.support.i18n import _, ngettext

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {ch: i for i, ch in enumerate(ALPHABET)}
_DECODE.update({"O": 0, "I": 1, "L": 1})
GROUPS = 6
DATA_PER_GROUP = 4
SECRET_BITS = GROUPS * DATA_PER_GROUP * 5  # 120
_POLY = 0b100101  # x^5 + x^2 + 1, primitive over GF(2)
_ALPHA = 2


def _gf_mul(a: int, b: int) -> int:
    result = 0
    while b:
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return result


def _gf_pow(a: int, n: int) -> int:
    result = 1
    for _step in range(n):
        result = _gf_mul(result, a)
    return result


def _check_value(group_index: int, values: list[int]) -> int:
    check = _gf_pow(_ALPHA, 10 + group_index)  # the group's position changes the check
    for i, value in enumerate(values):
        check ^= _gf_mul(_gf_pow(_ALPHA, i + 1), value)
    return check


def _to_values(secret: bytes) -> list[int]:
    number = int.from_bytes(secret, "big")
    count = GROUPS * DATA_PER_GROUP
    return [(number >> (5 * (count - 1 - i))) & 31 for i in range(count)]


def _from_values(values: list[int]) -> bytes:
    number = 0
    for value in values:
        number = (number << 5) | value
    return number.to_bytes(SECRET_BITS // 8, "big")


def generate() -> bytes:
    return secrets.token_bytes(SECRET_BITS // 8)


def format_key(secret: bytes) -> str:
    """``ABCD1-EFGH2-…``: six groups of five characters."""
    values = _to_values(secret)
    groups = []
    for g in range(GROUPS):
        chunk = values[g * DATA_PER_GROUP : (g + 1) * DATA_PER_GROUP]
        chars = "".join(ALPHABET[v] for v in chunk) + ALPHABET[_check_value(g, chunk)]
        groups.append(chars)
    return "-".join(groups)


def parse_key(text: str) -> bytes:
    """Read a typed recovery key; spaces, dashes and letter case do not matter."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    size = GROUPS * (DATA_PER_GROUP + 1)
    if len(cleaned) != size:
        # Translators: "6 groups of 5 characters (30 in all)"; {count} is how many characters
        # (letters and digits) the key that was typed has.
        message = ngettext(
            "A recovery key has {groups} groups of {length} characters ({total} in all); this "
            "one has {count}.",
            "A recovery key has {groups} groups of {length} characters ({total} in all); this "
            "one has {count}.",
            len(cleaned),
        )
        raise InvalidRecoveryKey(
            message.format(groups=GROUPS, length=DATA_PER_GROUP + 1, total=size, count=len(cleaned))
        )
    values: list[int] = []
    for g in range(GROUPS):
        chunk = cleaned[g * 5 : (g + 1) * 5]
        try:
            digits = [_DECODE[ch] for ch in chunk]
        except KeyError:
            raise InvalidRecoveryKey(
                # Translators: {number} is 1 to 6, which group of five characters.
                _(
                    "Group {number} of the recovery key has a character that is never used in "
                    "recovery keys. Check it against the recovery sheet."
                ).format(number=g + 1)
            ) from None
        if _check_value(g, digits[:4]) != digits[4]:
            raise InvalidRecoveryKey(
                # Translators: {number} is 1 to 6, which group of five characters.
                _(
                    "Group {number} of the recovery key looks mistyped. Check it against the "
                    "recovery sheet."
                ).format(number=g + 1)
            )
        values.extend(digits[:4])
    return _from_values(values)
