"""Lock the app when the computer's screen locks.

Desktops on Linux announce it on the session's D-Bus: the freedesktop.org screen saver
interface (KDE, Xfce and others) and GNOME's, Cinnamon's and MATE's own, each with an
``ActiveChanged(bool)`` signal. Without a session bus (a plain X server, a test machine) the app
still locks by itself after a spell without use, and with Ctrl+L. Windows and macOS are not yet
watched.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection

SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
    ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver"),
    ("org.mate.ScreenSaver", "/org/mate/ScreenSaver"),
)


class ScreenLockWatcher(QObject):
    def __init__(self, on_locked: Callable[[], None], bus: QDBusConnection | None = None) -> None:
        super().__init__()
        self.on_locked = on_locked
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        slot = SLOT("active_changed(bool)")  # the binding takes the slot's signature as text
        self.watching = self.bus.isConnected() and all(
            self.bus.connect("", path, interface, "ActiveChanged", self, slot)  # type: ignore[call-overload]
            for interface, path in SCREEN_SAVERS
        )

    @Slot(bool)
    def active_changed(self, active: bool) -> None:
        if active:
            self.on_locked()
