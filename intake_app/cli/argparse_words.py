"""The words Python's argparse says itself ("usage:", "the following arguments are required"),
from our catalogues, so a mistyped command is explained in the language asked for.

argparse looks its words up through the module-level names ``_`` and ``ngettext`` it imports
from gettext; ``speak_argparse`` points them at ours. Its messages use %-style placeholders,
which stay as they are in every translation."""

from __future__ import annotations

import argparse

from intake_app.support import i18n
from intake_app.support.i18n import N_

# Translators: Python's own messages about the command line's options; keep every %(name)s,
# %s and %r exactly, and the newline at the end of the "error" line.
WORDS = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("positional arguments"),
    N_("options"),
)


def speak_argparse() -> None:
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
