"""Reading passphrases and recovery keys: from a file for scripts, else a hidden prompt."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from intake_app.support.errors import IntakeError
from intake_app.support.untrusted import read_file

MAX_SECRET_FILE = 64 * 1024


def read_secret_file(path: str) -> str:
    raw = read_file(Path(path), MAX_SECRET_FILE, "The passphrase file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError("The passphrase file is not UTF-8 text.") from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise IntakeError("The passphrase file is empty.")
    return line


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise IntakeError(
            "A passphrase is needed and there is no terminal to ask on. Use --passphrase-file."
        )
    return getpass.getpass(prompt)


def existing_passphrase(file: str | None, prompt: str = "Passphrase: ") -> str:
    return read_secret_file(file) if file else _ask(prompt)


def new_passphrase(file: str | None, who: str) -> str:
    """A new passphrase, typed twice unless it comes from a file."""
    if file:
        return read_secret_file(file)
    first = _ask(f"New passphrase for {who}: ")
    second = _ask("Type it again: ")
    if first != second:
        raise IntakeError("The two passphrases were not the same. Nothing was changed.")
    return first


def recovery_key(file: str | None) -> str:
    if file:
        return read_secret_file(file)
    return _ask("Recovery key (six groups, as on the recovery sheet): ")


def user_name(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise IntakeError("Say which user you are with --user NAME.")
    return input("User name: ")
