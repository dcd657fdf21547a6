"""Finding words on screen that were never translated: with the app in the pseudo-locale (every
translated letter accented, bracketed), any run of plain English letters left on a window is a
string nobody marked for translation, or one glued together out of pieces.

What people typed (names, descriptions) and what the store holds (references, dates) is data and
stays as typed; a check is told which texts those are."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from intake_app.support import i18n
from tests.screen import Screen, accessible_name, plain
from tools.pseudo_locale import CLOSE, OPEN, pseudo

_PSEUDO_PART = re.compile(
    re.escape(OPEN) + r"[^" + re.escape(OPEN + CLOSE) + r"]*" + re.escape(CLOSE)
)
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Names that are not translated in any language: the product, the formats, the standards.
ALWAYS = (
    "Language",  # the language list's name is said in English too, for whoever cannot read it
    "Intake",
    "PDF",
    "CSV",
    "JSON",
    "Ctrl",
    "Alt",
    "Shift",
    "Esc",
    "Tab",
    "Enter",
    "Del",
    "Noto",
    "SQLCipher",
    "Qt",
    "PySide",
    "age",
    "minisign",
    "Argon2id",
    "AES",
)


def p(english: str) -> str:
    """The pseudo-locale's version of an English text (what a test looks for on screen)."""
    return pseudo(english)


def leftover_english(text: str, data: Iterable[str] = ()) -> list[str]:
    """The plain English words in a text once translated parts and data are taken out."""
    text = plain(text)
    text = _PSEUDO_PART.sub(" ", text)
    for item in sorted({d for d in data if d}, key=len, reverse=True):
        text = text.replace(item, " ")
    for word in ALWAYS:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return _ENGLISH_WORD.findall(text)


def _texts(widget: QWidget) -> Iterable[tuple[str, str]]:
    kind = type(widget).__name__
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "group", widget.title()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield "choice", widget.itemText(i)
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
    elif isinstance(widget, QListWidget):
        for i in range(widget.count()):
            yield "list entry", widget.item(i).text()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QListWidget):
        model = widget.model()
        if model is not None:
            for c in range(model.columnCount()):
                yield "column", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
    if widget.toolTip():
        yield f"{kind} hover text", widget.toolTip()
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(
        widget, QLineEdit | QTextEdit | QPlainTextEdit
    ):
        yield f"{kind} spoken name", accessible_name(widget)
    elif widget.accessibleName():
        yield f"{kind} spoken name", widget.accessibleName()
    if widget.accessibleDescription():
        yield f"{kind} spoken description", widget.accessibleDescription()


def untranslated(
    window: QWidget, screen_name: str, data: Iterable[str] = (), menus: bool = True
) -> list[str]:
    """Every visible text on a window with English left in it, as "screen: what 'text'".
    Language names are said in each language itself and in English on purpose."""
    data = [
        *data,
        *(lang.name for lang in i18n.LANGUAGES),
        *(lang.english for lang in i18n.LANGUAGES),
    ]
    found: list[str] = []

    def check(what: str, text: str) -> None:
        words = leftover_english(text, data)
        if words:
            found.append(f"{screen_name}: {what} {plain(text)[:70]!r} ({' '.join(words[:4])})")

    check("window title", window.windowTitle())
    if isinstance(window, QMainWindow) and menus:
        for action in window.menuBar().actions():
            check("menu", action.text())
            menu = action.menu()
            for item in menu.actions() if menu is not None else []:
                if not item.isSeparator():
                    check("menu item", item.text())
                    if item.menu() is not None:
                        for sub in item.menu().actions():
                            check("menu item", sub.text())
    if isinstance(window, QMainWindow):
        check("status bar", window.statusBar().currentMessage())
    for widget in Screen.visible_widgets(window):
        if isinstance(widget, QTabWidget):
            continue
        for what, text in _texts(widget):
            check(what, text)
    return sorted(set(found))
