"""When the computer's screen locks (the desktop says so on D-Bus), the app locks too, saving
the draft first, as with Ctrl+L."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.app import IntakeApp
from intake_app.ui.screen_lock import ScreenLockWatcher
from tests.screen import Screen

pytestmark = pytest.mark.skipif(
    not (shutil.which("dbus-daemon") and shutil.which("dbus-send")),
    reason="needs dbus-daemon and dbus-send (make test installs them)",
)


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus, as a desktop has."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)


def screen_saver_says(address: str, interface: str, path: str, active: bool) -> None:
    subprocess.run(
        ["dbus-send", f"--bus={address}", "--type=signal", path,
         f"{interface}.ActiveChanged", f"boolean:{'true' if active else 'false'}"],
        check=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("interface", "path"),
    [("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
     ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver")],
)  # fmt: skip
def test_the_screen_locking_locks_the_app_and_keeps_the_draft(
    qtbot: QtBot, data_dir: Path, session: Session, session_bus: str, interface: str, path: str
) -> None:
    app = IntakeApp(data_dir)
    bus = QDBusConnection.connectToBus(session_bus, f"screen-lock-{interface}")
    app.screen_lock = ScreenLockWatcher(app.lock, bus)
    assert app.screen_lock.watching
    app._opened(session)
    assert app.window is not None
    qtbot.addWidget(app.window)
    screen = Screen(qtbot)
    screen.wait_for_window("Intake — ")
    screen.ctrl("n")
    screen.tab_to("Who is reporting?")
    screen.type("A")  # A witness
    screen_saver_says(session_bus, interface, path, False)  # the screen saver going away: nothing
    qtbot.wait(200)
    assert app.window.isVisible()
    screen_saver_says(session_bus, interface, path, True)
    screen.wait(lambda: not app.window.isVisible())
    drafts = [r for r in app_store_reports(data_dir)]
    assert drafts == ["witness"]  # saved before the store closed
    app.inactivity.remove()


def app_store_reports(data_dir: Path) -> list[str]:
    from intake_app.app.session import unlock
    from tests.conftest import PASSPHRASE

    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        return [again.reports.get(s.id).report.reporter_type for s in again.reports.list()]
