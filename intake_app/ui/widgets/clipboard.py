"""Copying from the app, and clearing the clipboard on lock only if it still holds our text."""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QGuiApplication

_last_copied: bytes | None = None  # a digest, so the text itself is not kept


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def copy_text(text: str) -> None:
    global _last_copied
    QGuiApplication.clipboard().setText(text)
    _last_copied = _digest(text)


def clear_if_ours() -> bool:
    """Empty the clipboard if it still holds what the app put there. True if it did."""
    global _last_copied
    if _last_copied is None:
        return False
    clipboard = QGuiApplication.clipboard()
    if _digest(clipboard.text()) == _last_copied:
        clipboard.clear()
        _last_copied = None
        return True
    _last_copied = None
    return False
