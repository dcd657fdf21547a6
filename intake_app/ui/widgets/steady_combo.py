"""A drop-down on the report form that changes only when a person means it to.

Qt's combo box answers Home, End, Page Up and Page Down by jumping to the first or last choice,
and the mouse wheel by stepping through the choices even when the box merely sits under the
pointer while the form scrolls. On a form, both silently change an answer already given (a
volunteer pressing End to reach the end of a section changed "Who is reporting?"). Here those
keys do nothing while the list is closed, and the wheel scrolls the form unless the box has the
focus. Up and Down, typing a choice's first letters, and Alt+Down to open the list still work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

_JUMPS = {Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class SteadyComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not take the focus

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _JUMPS and not self.view().isVisible():
            event.ignore()  # left to the form (it scrolls), the answer stays
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # the form under the pointer scrolls instead
            return
        super().wheelEvent(event)
