"""``--lang CODE`` before the command: the language the command line speaks (else the locale
variables, LANGUAGE, LC_ALL, LC_MESSAGES and LANG, as other programs read them). It is chosen
before the options are read, so the help and argument messages speak it too."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from intake_app.support import i18n
from intake_app.support.i18n import _

OPTION = "--lang"


def asked_language(argv: Sequence[str], takes_value: Sequence[str]) -> str | None:
    """The code given to ``--lang`` among the options before the command, if any. (A command's
    own ``--lang``, such as the leaflet's language, comes after the command and is not this.)"""
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == OPTION:
            return tokens[i + 1] if i + 1 < len(tokens) else None
        if token.startswith(OPTION + "="):
            return token.split("=", 1)[1]
        if token in takes_value:
            i += 2
            continue
        if not token.startswith("-"):
            return None  # the command: what follows is its own
        i += 1
    return None


def speak(argv: Sequence[str], takes_value: Sequence[str]) -> i18n.Language:
    asked = asked_language(argv, takes_value)
    return i18n.use(asked if asked else i18n.from_environment())


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        OPTION,
        dest="interface_language",
        metavar="CODE",
        # Translators: {codes} is a list of language codes such as "en, ar, bn".
        help=_("the language to speak: {codes} (default: from LANGUAGE or LANG)").format(
            codes=", ".join(lang.code for lang in i18n.LANGUAGES)
        ),
    )
