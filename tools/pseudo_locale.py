"""A pseudo-locale made from the English: every letter accented, each message 40 % longer and
bracketed. Driving the screens in it shows at a glance any text not marked for translation (it
stays plain English) and any label too tight for a longer language (it is cut off).

``python -m tools.pseudo_locale FOLDER`` writes ``FOLDER/en-XA/LC_MESSAGES/intake.mo``; start
the app with ``INTAKE_LANGUAGE=en-XA INTAKE_LOCALE_DIR=FOLDER`` to see it.
"""

from __future__ import annotations

import io
import math
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from intake_app.support import i18n
from tools.catalogues import template

OPEN, CLOSE = "[", "]"
_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
        strict=True,
    )
)
# Left as they are: placeholders, markup, file patterns ("*.pdf"), web addresses, key names.
_KEEP = re.compile(
    r"\{[^{}]*\}|%\(\w+\)[sdr]|%[sdr]|<[^<>]+>|&[a-z]+;|\*\.[A-Za-z0-9*]+|https?://\S+|\b(?:Ctrl|Alt|Shift|Esc|Tab|"
    r"F\d+)\b"
)


def pseudo(text: str) -> str:
    if not text:
        return text
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append("".join(_ACCENTED.get(c, c) for c in text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append("".join(_ACCENTED.get(c, c) for c in text[last:]))
    body = "".join(out)
    padding = "·" * max(1, math.ceil(len(text) * 0.4))
    return f"{OPEN}{body} {padding}{CLOSE}"


def is_pseudo(text: str) -> bool:
    return OPEN in text and CLOSE in text and any(c in text for c in _ACCENTED.values())


def catalogue() -> Catalog:
    pot = template()
    pseudo_catalog = Catalog(locale="en", project="Intake", fuzzy=False)
    for message in pot:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            translated: str | tuple[str, ...] = (pseudo(message.id[0]), pseudo(message.id[1]))
        else:
            translated = pseudo(message.id)
        pseudo_catalog.add(message.id, translated, context=message.context)
    return pseudo_catalog


def write(folder: Path) -> Path:
    path = i18n.catalogue_path(i18n.PSEUDO.code, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_mo(out, catalogue())
    path.write_bytes(out.getvalue())
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "build/locale")))
