"""Where the keyboard is can be seen: a list or table with the focus is framed in the highlight
colour, and loses the frame when the focus moves on."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from intake_app.ui.widgets.focus_style import show_focus
from tests.screen import shown_active


def _edge(widget: QWidget) -> QColor:
    return widget.grab().toImage().pixelColor(0, widget.height() // 2)


def test_the_list_with_the_focus_is_framed_in_the_highlight_colour(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    show_focus(app)
    show_focus(app)  # once is enough: the rules are not added twice
    assert app.styleSheet().count("QAbstractItemView:focus") == 1
    window = QWidget()
    qtbot.addWidget(window)
    pages = QListWidget()
    pages.addItems(["Reports", "Users"])
    search = QLineEdit()
    column = QVBoxLayout(window)
    column.addWidget(pages)
    column.addWidget(search)
    shown_active(qtbot, window)
    highlight = pages.palette().color(QPalette.ColorRole.Highlight)
    pages.setFocus()
    qtbot.waitUntil(pages.hasFocus)
    assert _edge(pages) == highlight
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    assert _edge(pages) != highlight
