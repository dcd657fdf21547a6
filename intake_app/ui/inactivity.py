"""Lock after a spell with no keyboard or mouse use, anywhere in the app.

One application-wide event filter restarts one timer on every key press, click, wheel turn or
pointer move; when the timer runs out, the callback locks the app.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

DEFAULT_MINUTES = 5
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class InactivityLock(QObject):
    def __init__(
        self, on_timeout: Callable[[], None], timeout_ms: int = DEFAULT_MINUTES * 60_000
    ) -> None:
        super().__init__()
        self.on_timeout = on_timeout
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
        return False

    def _expired(self) -> None:
        self.on_timeout()

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
