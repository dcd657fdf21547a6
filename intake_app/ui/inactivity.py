"""Lock after a spell with no keyboard or mouse use, anywhere in the app.

One application-wide event filter restarts one timer on every key press, click, wheel turn or
pointer move; when the timer runs out, the callback locks the app. The same filter answers
Ctrl+L in every window of the app.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

DEFAULT_MINUTES = 5
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def is_lock_key(event: QEvent) -> bool:
    """Ctrl+L (Cmd+L on a Mac, where Qt maps Command to Control)."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_L and modifiers == Qt.KeyboardModifier.ControlModifier


def is_stray_alt_letter(event: QEvent) -> bool:
    """Alt+letter that no control answered: without this a text box would type the letter
    (Alt+P in a date box typed "p"). AltGr (Ctrl+Alt on Windows) is left alone: Polish and
    other keyboards type letters with it."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (
        modifiers == Qt.KeyboardModifier.AltModifier
        and len(event.text()) == 1
        and event.text().isalnum()
    )


class InactivityLock(QObject):
    def __init__(
        self, on_timeout: Callable[[], None], timeout_ms: int = DEFAULT_MINUTES * 60_000
    ) -> None:
        super().__init__()
        self.on_timeout = on_timeout
        self.on_lock_key: Callable[[], None] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self._expired)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        if self.timer.isActive():
            self.timer.start()

    def arm(self) -> None:
        self.timer.start()

    def disarm(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        if is_lock_key(event) and self.on_lock_key is not None:
            self.on_lock_key()  # from any window: a dialog in front would swallow the menu's key
            return True
        return is_stray_alt_letter(event)

    def _expired(self) -> None:
        self.on_timeout()

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
