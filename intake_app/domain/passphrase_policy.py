"""Is a new passphrase strong enough? Refuse weak ones with a reason a volunteer understands."""

from __future__ import annotations

import itertools
import re
import unicodedata

from intake_app.support.i18n import _, ngettext

MIN_LENGTH = 12
MAX_LENGTH = 1024

_COMMON = (
    "password", "passw0rd", "qwerty", "letmein", "welcome", "iloveyou", "admin", "monkey",
    "dragon", "football", "sunshine", "princess", "abc123", "123456", "111111", "changeme",
    "secret", "trustno1", "london", "summer", "winter",
)  # fmt: skip


def _sequential(text: str) -> bool:
    codes = [ord(c) for c in text]
    steps = {b - a for a, b in itertools.pairwise(codes)}
    return len(steps) == 1 and steps.pop() in (-1, 0, 1)


def weakness(passphrase: str, *, user_name: str = "", centre: str = "") -> str | None:
    """A reason the passphrase is too weak, or None if it is acceptable."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_LENGTH:
        return ngettext(
            "Use at least {count} character. Three or four unrelated words are easy to "
            "remember and hard to guess.",
            "Use at least {count} characters. Three or four unrelated words are easy to "
            "remember and hard to guess.",
            MIN_LENGTH,
        ).format(count=MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        return ngettext(
            "Use at most {count} character.", "Use at most {count} characters.", MAX_LENGTH
        ).format(count=MAX_LENGTH)
    if any(unicodedata.category(c) == "Cc" for c in text):
        return _("A passphrase cannot contain control characters.")
    lowered = text.casefold()
    squashed = re.sub(r"[^0-9a-z]", "", lowered)
    if len(set(lowered)) < 5 or _sequential(lowered):
        return _("It repeats too few different characters. Try three or four unrelated words.")
    for word in _COMMON:
        if word in squashed and len(squashed) - len(word) < 8:
            # Translators: {word} is a common password such as 'password' or 'qwerty'.
            return _("It is built on '{word}', one of the first guesses anyone tries.").format(
                word=word
            )
    for value, reason in (
        (user_name, _("It contains your user name, which is easy to guess.")),
        (centre, _("It contains the centre's name, which is easy to guess.")),
    ):
        key = re.sub(r"[^0-9a-z]", "", value.casefold())
        if len(key) >= 3 and key in squashed:
            return reason
    return None
