"""Reading passphrases and recovery keys: from a file for scripts, else a hidden prompt."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import read_file

MAX_SECRET_FILE = 64 * 1024


def read_secret_file(path: str) -> str:
    raw = read_file(Path(path), MAX_SECRET_FILE, _("The passphrase file"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError(_("The passphrase file is not UTF-8 text.")) from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise IntakeError(_("The passphrase file is empty."))
    return line


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise IntakeError(
            _("A passphrase is needed and there is no terminal to ask on. Use --passphrase-file.")
        )
    return getpass.getpass(prompt)


def existing_passphrase(file: str | None, prompt: str | None = None) -> str:
    """The passphrase from ``file``, else asked for with ``prompt`` (translated by the caller;
    "Passphrase: " if none)."""
    if file:
        return read_secret_file(file)
    # Translators: a prompt on the command line; what is typed after it is hidden.
    return _ask(prompt if prompt is not None else _("Passphrase: "))


def new_passphrase(file: str | None, who: str) -> str:
    """A new passphrase, typed twice unless it comes from a file."""
    if file:
        return read_secret_file(file)
    # Translators: a prompt on the command line; {who} is a user's name (or "the force's keys").
    first = _ask(_("New passphrase for {who}: ").format(who=who))
    second = _ask(_("Type it again: "))
    if first != second:
        raise IntakeError(_("The two passphrases were not the same. Nothing was changed."))
    return first


def recovery_key(file: str | None) -> str:
    if file:
        return read_secret_file(file)
    return _ask(_("Recovery key (six groups, as on the recovery sheet): "))


def user_name(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise IntakeError(_("Say which user you are with --user NAME."))
    return input(_("User name: "))
