"""A drop-down's answer changes only when a person means it to: Home, End and the page keys do
not jump through the choices, and the wheel scrolls the form over a box without the focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.main_window import MainWindow
from tests.screen import shown_active


def test_home_end_and_the_wheel_never_change_an_answer(qtbot: QtBot, session: Session) -> None:
    window = MainWindow(session, lambda: None)
    screen = shown_active(qtbot, window)
    screen.ctrl("n")
    screen.wait(lambda: screen.sees("New report"))
    screen.tab_to("Who is reporting?")
    combo = screen.focused()
    assert isinstance(combo, QComboBox)
    screen.key(Qt.Key.Key_Down)  # a person choosing: Down still moves to the next choice
    chosen = combo.currentText()
    assert chosen != "Choose…"
    for key in (Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        screen.key(key)
        assert combo.currentText() == chosen, key

    other = screen.find("What may happen to the report?")
    assert isinstance(other, QComboBox) and not other.hasFocus()
    before = other.currentText()
    centre = QPointF(other.rect().center())
    wheel = QWheelEvent(
        centre, QPointF(other.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(other, wheel)
    assert other.currentText() == before
    window.close()
