"""Where the keyboard is, shown: a list or table that has the focus gets a clear frame in the
highlight colour. Without it the page list looks the same focused or not, and an empty table
that has the focus shows nothing at all. A link-like button (the review's "Go to …" links)
gets the same frame: the style draws none of its own around it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

FOCUS_STYLE = """
QAbstractItemView { border: 2px solid palette(mid); }
QAbstractItemView:focus { border: 2px solid palette(highlight); }
QCommandLinkButton:focus { border: 2px solid palette(highlight); }
"""


def show_focus(app: QApplication) -> None:
    if FOCUS_STYLE not in app.styleSheet():
        app.setStyleSheet(app.styleSheet() + FOCUS_STYLE)
