"""A page whose body scrolls rather than make the window taller than a laptop screen at 150 %."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling(page: QWidget) -> QVBoxLayout:
    """Give ``page`` a scrolling body; the layout returned is the body's column."""
    body = QWidget()
    column = QVBoxLayout(body)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(body)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return column
