"""The language the unlock window and the setup wizard speak, chosen before anyone signs in.

It is kept beside the store, outside it (nothing is unlocked yet), in a file holding the language
code and nothing else. After unlocking, each user's own choice, kept inside the store, applies.
"""

from __future__ import annotations

from pathlib import Path

from intake_app.support import i18n
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError

FILE_NAME = "language"


def machine_language(data_dir: Path) -> str | None:
    """The code saved in the data folder, or None if none (or not one Intake knows)."""
    try:
        text = (data_dir / FILE_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text or len(text) > 16 or not i18n.is_known(text):
        return None
    return i18n.language(text).code


def save_machine_language(data_dir: Path, code: str) -> bool:
    """Remember the language for the next unlock window. Returns False (and changes nothing) if
    the folder cannot be written: the choice still applies until the app quits."""
    try:
        ensure_private_dir(data_dir)
        atomic_write(data_dir / FILE_NAME, (i18n.language(code).code + "\n").encode("ascii"))
    except (OSError, IntakeError):
        return False
    return True
