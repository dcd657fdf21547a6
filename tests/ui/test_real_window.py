"""The real ``intake-app`` program in a real X server: a person types their name and passphrase
into the unlock window, presses Enter, and the main window opens with the program still alive.

Needs Xvfb and xdotool (scripts/system-packages.sh installs them with ``make test``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app.app.session import create_store
from intake_app.storage.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)


@pytest.fixture
def x_display() -> Iterator[str]:
    """An Xvfb of its own: the server picks a free display number and writes it back on a pipe,
    so tests running side by side (pytest-xdist) never race for the same number."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as answer:
            number = answer.readline().strip().decode()  # written once the server is ready
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def xdotool(display: str, *args: str, timeout: float = 30) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.stdout.strip()


def wait_for_window(
    display: str, title: str, app: subprocess.Popen[bytes], timeout: float = 30
) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert app.poll() is None, f"intake-app ended (exit status {app.returncode})"
        found = xdotool(display, "search", "--onlyvisible", "--name", title, timeout=5)
        if found:
            return found.splitlines()[-1]
        time.sleep(0.2)
    raise AssertionError(f"no window called {title!r} appeared")


def test_the_real_app_unlocks_with_enter_and_shows_its_window(
    x_display: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "store"
    session, _ = create_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
        device_binding=False,
    )
    session.close()
    program = Path(sys.executable).with_name("intake-app")
    env = {
        **os.environ,
        "DISPLAY": x_display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    app = subprocess.Popen(
        [str(program), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        unlock = wait_for_window(x_display, "Unlock the reports", app)
        xdotool(x_display, "windowfocus", "--sync", unlock)
        xdotool(x_display, "type", "--delay", "20", "Amina")
        xdotool(x_display, "key", "Tab")
        xdotool(x_display, "type", "--delay", "20", PASSPHRASE)
        xdotool(x_display, "key", "Return")
        main = wait_for_window(x_display, "Intake — Riverside Advice Centre — Amina", app)
        time.sleep(0.5)
        assert app.poll() is None, "the app ended after Enter"
        assert not xdotool(x_display, "search", "--onlyvisible", "--name", "Unlock the reports")
        # The Users page (a table over a model), then lock and unlock, then quit from the
        # keyboard, as a person would: the program ends cleanly, with nothing torn down in the
        # wrong order (a model deleted before its table).
        xdotool(x_display, "windowfocus", "--sync", main)
        for _ in range(5):  # Reports, New report, Leaflets, Send to the police, Statistics
            xdotool(x_display, "key", "Down")
        time.sleep(0.5)
        xdotool(x_display, "key", "ctrl+l")
        again = wait_for_window(x_display, "Unlock the reports", app)
        xdotool(x_display, "windowfocus", "--sync", again)
        xdotool(x_display, "type", "--delay", "20", PASSPHRASE)
        xdotool(x_display, "key", "Return")
        main = wait_for_window(x_display, "Intake — Riverside Advice Centre — Amina", app)
        time.sleep(0.5)
        xdotool(x_display, "windowfocus", "--sync", main)
        xdotool(x_display, "key", "ctrl+q")
        assert app.wait(20) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
        assert app.stderr is not None
        errors = app.stderr.read().decode("utf-8", "replace")
        assert "Traceback" not in errors, errors
        assert "malformed" not in errors, errors
