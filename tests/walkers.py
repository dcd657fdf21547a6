"""Checks run over whatever a window shows: mnemonics, names for screen readers, clipped text.

Each returns a list of plain descriptions of what is wrong (empty when all is well), so a failing
test says which control on which screen.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)

from tests.screen import Screen, accessible_name, plain

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def _is_shown_on(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.window() is window


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Alt+letter keys that more than one visible control (or menu) on this window answers."""
    owners: dict[str, list[str]] = defaultdict(list)

    def note(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners[letter].append(f"{what} {plain(text)!r}")

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                note(action.text(), "menu")
    for widget in Screen.visible_widgets(window):
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            if widget.buddy().isVisible():
                note(widget.text(), "label")
        elif isinstance(widget, QAbstractButton):
            note(widget.text(), "button")
        elif isinstance(widget, QGroupBox):
            note(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                note(widget.tabText(i), "tab")
    return [
        f"Alt+{letter.upper()} is taken by " + ", ".join(names)
        for letter, names in sorted(owners.items())
        if len(names) > 1
    ]


def dead_mnemonics(window: QWidget) -> list[str]:
    """Labels whose Alt+letter does nothing: Qt moves the focus to a label's buddy only if the
    buddy itself takes focus (a container that forwards focus to a box inside does not)."""
    return [
        f"Alt+{(mnemonic(widget.text()) or '?').upper()} on label {plain(widget.text())!r} "
        "goes nowhere: its buddy does not take focus"
        for widget in Screen.visible_widgets(window)
        if isinstance(widget, QLabel)
        and mnemonic(widget.text())
        and widget.buddy() is not None
        and widget.buddy().isVisible()
        and widget.buddy().focusPolicy() == Qt.FocusPolicy.NoFocus
    ]


def _takes_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def _inner_part(widget: QWidget) -> bool:
    """Parts of a compound control that a screen reader announces as the control itself."""
    parent = widget.parentWidget()
    return isinstance(
        parent, QComboBox | QAbstractScrollArea | QAbstractSpinBox
    ) and not isinstance(widget, QAbstractScrollArea)


def unnamed_controls(window: QWidget) -> list[str]:
    """Focusable controls a screen reader would announce with no name."""
    found = []
    for widget in Screen.visible_widgets(window):
        if not _takes_focus(widget) or _inner_part(widget):
            continue
        if not accessible_name(widget).strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r} has no accessible name")
    return found


def _letters(text: str) -> str:
    """Only the letters and digits: how a list or a line break is spoken does not matter."""
    return "".join(ch for ch in text if ch.isalnum())


def hidden_messages(window: QWidget) -> list[str]:
    """Labels whose words a screen reader cannot get: a fixed accessible name hides the text."""
    found = []
    for label in Screen.visible_widgets(window):
        if not isinstance(label, QLabel) or (label.pixmap() is not None and not label.text()):
            continue
        text = plain(label.text())
        if not text:
            continue
        interface = QAccessible.queryAccessibleInterface(label)
        heard = " ".join(
            interface.text(part) for part in (QAccessible.Text.Name, QAccessible.Text.Description)
        )
        if _letters(text) not in _letters(plain(heard)):
            found.append(f"label {text[:60]!r} is read as {plain(heard)[:60]!r}")
    return found


def clipped_labels(window: QWidget) -> list[str]:
    """Labels drawn smaller than their text needs (cut off at the side or the bottom)."""
    found = []
    for label in Screen.visible_widgets(window):
        if not isinstance(label, QLabel) or not plain(label.text()):
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                found.append(
                    f"label {plain(label.text())[:50]!r} is {label.height()} px high, needs {needed}"
                )
        else:
            needed = label.minimumSizeHint().width()
            if needed > label.width() + 1:
                found.append(
                    f"label {plain(label.text())[:50]!r} is {label.width()} px wide, needs {needed}"
                )
    return found


def every_problem(window: QWidget, screen_name: str) -> list[str]:
    return [
        f"{screen_name}: {p}"
        for p in mnemonic_clashes(window)
        + dead_mnemonics(window)
        + unnamed_controls(window)
        + hidden_messages(window)
        + clipped_labels(window)
    ]
