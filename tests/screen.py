"""Reaching the app as a person does: from the windows on screen, by what they show, with keys.

A test using ``Screen`` never touches a widget through the app's Python attributes. It finds
controls among the visible top-level windows by visible text or accessible name (what a
screen reader announces, read through Qt's own ``QAccessible`` interfaces), puts focus in them
with Tab, Alt+letter or a click a person could make, and types with key events. A control that
is built but not on screen cannot be found, so a test cannot pass without it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from intake_app.ui import background

_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Text as a person reads it: no markup, no mnemonic ampersands, single spaces."""
    if _TAGS.search(text):  # rich text: markup and entities, no mnemonics
        text = html.unescape(_TAGS.sub(" ", text))
    else:
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces a control as. A drop-down list's name is its own
    accessible name (Windows, macOS); on Linux Qt names it by its current choice, so the form
    also puts its label in the description, which is read after it."""
    if isinstance(widget, QComboBox) and widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def shown_text(widget: QWidget) -> str:
    """The text drawn on a control (a label's or a button's), plain."""
    if isinstance(widget, QLabel | QAbstractButton):
        return plain(widget.text())
    return ""


def announced_entry(widget: QWidget) -> tuple[str, bool]:
    """What a screen reader says for the entry that has the keyboard in a list or a table, and
    whether it is announced as chosen (selected)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    entry = interface.focusChild() if interface is not None else None
    if entry is None or entry is interface:
        return "", False
    return entry.text(QAccessible.Text.Name), bool(entry.state().selected)


def shown_rows(view: QAbstractItemView) -> list[list[str]]:
    """Every row of a table as drawn: the text of each cell."""
    model = view.model()
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


class NotOnScreen(AssertionError):
    pass


class Screen:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot

    # --- windows --------------------------------------------------------------------------------

    @staticmethod
    def windows() -> list[QWidget]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
            and not isinstance(w, QMenu)
            and w.windowType() != Qt.WindowType.ToolTip
        ]

    def window(self) -> QWidget:
        """The window a person is looking at: a modal dialog if one is up, else the active one."""
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            return modal
        active = QApplication.activeWindow()
        if active is not None and active.isVisible():
            return active
        shown = self.windows()
        if not shown:
            raise NotOnScreen("No window is on screen.")
        return shown[-1]

    def wait_for_window(self, title: str, timeout: int = 20_000) -> QWidget:
        """Wait until a window whose title holds ``title`` is on screen, and look at it."""
        found: list[QWidget] = []

        def shown() -> bool:
            found[:] = [w for w in self.windows() if title in w.windowTitle()]
            return bool(found)

        try:
            self.qtbot.waitUntil(shown, timeout=timeout)
        except Exception:
            raise NotOnScreen(
                f"No window called {title!r}; on screen: {[w.windowTitle() for w in self.windows()]}"
            ) from None
        window = found[-1]
        window.activateWindow()
        window.raise_()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        return window

    def when_shown(self, title: str, then: Callable[[], None]) -> None:
        """A modal dialog runs its own loop, so the test cannot wait for it after the key that
        opens it: this acts in it (``then``) once it is on screen."""

        def poll() -> None:
            if any(title in w.windowTitle() for w in self.windows()):
                self.wait_for_window(title)
                then()
            else:
                QTimer.singleShot(50, poll)

        QTimer.singleShot(50, poll)

    # --- finding ----------------------------------------------------------------------------------

    @staticmethod
    def visible_widgets(window: QWidget) -> Iterator[QWidget]:
        for widget in window.findChildren(QWidget):
            if widget.isVisible() and widget.window() is window:
                yield widget

    def find_all(
        self, name: str, kind: type[QWidget] = QWidget, window: QWidget | None = None
    ) -> list[QWidget]:
        window = window or self.window()
        return [
            w
            for w in self.visible_widgets(window)
            if isinstance(w, kind) and name in (accessible_name(w), shown_text(w))
        ]

    def find(
        self, name: str, kind: type[QWidget] = QWidget, window: QWidget | None = None
    ) -> QWidget:
        """The one visible control called ``name`` (by accessible name or by its own text)."""
        found = self.find_all(name, kind, window)
        if len(found) > 1:  # a caption and the field it names: the field
            found = [w for w in found if not (isinstance(w, QLabel) and w.buddy() in found)]
        if len(found) != 1:
            names = sorted(
                {accessible_name(w) for w in self.visible_widgets(window or self.window())} - {""}
            )
            raise NotOnScreen(
                f"{len(found)} controls called {name!r} on screen; visible names: {names}"
            )
        return found[0]

    def text_on_screen(self, window: QWidget | None = None) -> str:
        """Every visible label's and button's text, as one string, to look for a message in."""
        return " | ".join(
            t for w in self.visible_widgets(window or self.window()) if (t := shown_text(w))
        )

    def sees(self, words: str, window: QWidget | None = None) -> bool:
        return words in self.text_on_screen(window)

    # --- keys -----------------------------------------------------------------------------------

    def focused(self) -> QWidget | None:
        return QApplication.focusWidget()

    def focused_name(self) -> str:
        widget = self.focused()
        return accessible_name(widget) if widget is not None else ""

    def _target(self) -> QWidget:
        return self.focused() or self.window()

    def key(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(self._target(), key, modifiers)
        QApplication.processEvents()

    def type(self, text: str) -> None:
        """Type characters into the control with the focus (a key press and release each)."""
        for ch in text:
            target = self._target()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
                )
        QApplication.processEvents()

    def alt(self, letter: str) -> None:
        """Alt+letter. A button pressed this way clicks after a short flash, so wait for it."""
        self.key(Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
        self.qtbot.wait(200)

    def ctrl(self, letter: str) -> None:
        self.key(Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.ControlModifier)

    def tab_to(self, name: str, limit: int = 400, backwards: bool = False) -> QWidget:
        """Press Tab (or Shift+Tab) until the control called ``name`` has the focus."""
        seen: list[str] = []
        for _ in range(limit):
            widget = self.focused()
            if widget is not None and name in (accessible_name(widget), shown_text(widget)):
                return widget
            seen.append(self.focused_name())
            if backwards:
                self.key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            else:
                self.key(Qt.Key.Key_Tab)
        raise NotOnScreen(f"Tab never reached {name!r}; it went through: {seen[:80]}")

    def choose(self, list_name: str, entry: str, limit: int = 60) -> QWidget:
        """Tab to a list, go to its top (Home) and press Down until the entry a screen reader
        announces is ``entry``."""
        listing = self.tab_to(list_name)
        self.key(Qt.Key.Key_Home)
        heard: list[str] = []
        for _ in range(limit):
            name, _chosen = announced_entry(listing)
            if name == entry:
                return listing
            heard.append(name)
            self.key(Qt.Key.Key_Down)
        raise NotOnScreen(f"{entry!r} is not in {list_name!r}; heard: {heard}")

    def press(self, name: str) -> None:
        """Tab to a button and press Space, as a keyboard user does."""
        self.tab_to(name)
        self.key(Qt.Key.Key_Space)

    def fill(self, name: str, text: str) -> None:
        """Tab to a field, select what is in it and type over it."""
        self.tab_to(name)
        self.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.type(text)

    def click(self, name: str, kind: type[QWidget] = QWidget) -> None:
        """Click a visible control with the mouse (where a person would use the mouse)."""
        widget = self.find(name, kind)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(4, widget.height() // 2))
        QApplication.processEvents()

    def wait(self, condition: Callable[[], bool], timeout: int = 30_000) -> None:
        """Until ``condition`` holds: at once when it does, and long enough for a window to
        open on a machine busy with the rest of the suite (two workers a core)."""
        self.qtbot.waitUntil(condition, timeout=timeout)


def shown_active(qtbot: QtBot, window: QWidget) -> Screen:
    """Show a window as a person meets it (active, so its keys work) and a driver for it."""
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return Screen(qtbot)


def wait_for_the_list(screen: Screen, name: str = "Reports") -> QWidget:
    """The reports list, once it is filled and no answer from the background helper is still
    on its way: a late one resets the list, and on a busy machine it can land between a
    person's Down and Enter, so that Enter opens nothing. ``name``: what the list is called in
    the language on screen."""
    listed = screen.find(name)
    screen.wait(lambda: listed.model() is not None and listed.model().rowCount() >= 1)  # type: ignore[attr-defined]
    screen.wait(lambda: not background._running)  # the jobs whose answers have not arrived
    return listed


def open_first_report(screen: Screen, reference: str) -> None:
    """Ctrl+F, Tab to the list once it is filled, Down, Enter: the report's page opens."""
    screen.ctrl("f")
    wait_for_the_list(screen)
    screen.tab_to("Reports")
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees(f"Report {reference}"))
