"""A page whose body scrolls rather than make the window taller than a laptop screen at 150 %:
either the page builds its body in ``scrolling`` or the window holds it in ``ScrollingHolder``."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget

MESSAGE_LINES = 4  # below the control with the keyboard, kept in view: the message it gives
HINT_LINES = 16  # the tallest a held page asks to be; more scroll


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


class ScrollingHolder(QScrollArea):
    """Holds a whole page that scrolls. Whatever gets the keyboard in it is scrolled into view
    with a few lines below it, where a button's message is written."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(page)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def sizeHint(self) -> QSize:
        """What the page asks for, but no taller than ``HINT_LINES`` lines: a scroll area's own
        hint (24 lines) with a large font, the menus and the status bar, is taller than a
        1366×768 screen has room for."""
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self.fontMetrics().height() * HINT_LINES))

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        page = self.widget()
        if now is not None and page is not None and page.isAncestorOf(now):
            below = now.fontMetrics().lineSpacing() * MESSAGE_LINES
            self.ensureWidgetVisible(now, 50, below)

    def let_go(self) -> QWidget | None:
        """Give the page back, with no parent, and go."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)
        page = self.takeWidget()
        self.hide()
        self.setParent(None)
        self.deleteLater()
        return page
