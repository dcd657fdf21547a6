"""Where the keyboard goes in a form section, and a section shown read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def first_field(page: QWidget | None) -> QWidget | None:
    """The first control Tab would reach inside ``page`` (visible, enabled)."""
    if page is None:
        return None
    widget = page.nextInFocusChain()
    for _step in range(2000):
        if widget is page or widget is None:
            return None
        if page.isAncestorOf(widget) and widget.isVisibleTo(page) and takes_tab(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_field(page: QWidget | None) -> None:
    target = first_field(page)
    if target is not None:
        target.setFocus(Qt.FocusReason.TabFocusReason)


def set_editable(page: QWidget | None, editable: bool) -> None:
    """Text stays readable and selectable (a screen reader can still go through it); choices
    and buttons are switched off."""
    if page is None:
        return
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            if not isinstance(widget.parentWidget(), QComboBox):
                widget.setReadOnly(not editable)
        elif isinstance(widget, QComboBox | QAbstractButton | QAbstractItemView):
            widget.setEnabled(editable)
