"""A log you can send: what happened and where in the code, never what anyone typed.

``intake.log`` in the data folder (0600, rotating: four files of at most 256 KB). Each line is
an event name with a few fields that can only be numbers or short codes (anything else is written
as ``<withheld>``), or an unexpected failure: its exception type, the places in this app's code it
passed through (file and line), and a short code the person is shown, so the line can be found.
Exception messages are never written: they can carry report content.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import re
import secrets
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from intake_app import __version__
from intake_app.support.atomic_files import ensure_private_dir, touch_private
from intake_app.support.errors import IntakeError

LOG_NAME = "intake.log"
MAX_BYTES = 256 * 1024
BACKUPS = 3
_SAFE = re.compile(r"[A-Za-z0-9_.:+-]{1,60}")
_logger = logging.getLogger("intake")
_logger.propagate = False  # never to the console, where a terminal log could keep it


class _QuietFileHandler(RotatingFileHandler):
    """A log line that cannot be written (a full disk) is dropped without a word: the person is
    already told what failed, and Python's own report would fill the screen."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def start(data_dir: Path, program: str) -> Path | None:
    """Write the log to ``data_dir``; returns its path, or None when the folder cannot hold it
    (read-only, full): the program works on without a log rather than refusing to start."""
    path = data_dir / LOG_NAME
    try:
        ensure_private_dir(data_dir)
        touch_private(path)
        handler = _QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)
    except (OSError, ValueError, IntakeError):  # read-only, full, refused
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for old in list(_logger.handlers):
        _logger.removeHandler(old)
        old.close()
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    event(
        "program.started",
        program=program,
        version=__version__,
        python=platform.python_version(),
        system=platform.system(),
    )
    return path


def stop() -> None:
    for old in list(_logger.handlers):
        _logger.removeHandler(old)
        old.close()


def _safe(value: object) -> str:
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return text if _SAFE.fullmatch(text) else "<withheld>"


def event(name: str, **fields: object) -> None:
    """One line: ``name key=value …``; values other than numbers and short codes are withheld."""
    with contextlib.suppress(Exception):  # a log that cannot be written never stops the work
        parts = [_safe(name), *(f"{key}={_safe(value)}" for key, value in sorted(fields.items()))]
        _logger.info(" ".join(parts))


def failure(exc: BaseException, where: str) -> str:
    """Record an unexpected failure and return the code to show the person (``7F3A2C``): the
    exception's type and the places in this app it passed through, never its message."""
    code = secrets.token_hex(3).upper()
    with contextlib.suppress(Exception):
        frames = [
            f"{Path(frame.filename).name}:{frame.lineno}"
            for frame in traceback.extract_tb(exc.__traceback__)
            if "intake_app" in Path(frame.filename).parts
        ]
        _logger.error(
            "failure code=%s where=%s type=%s at=%s",
            code,
            _safe(where),
            _safe(type(exc).__name__),
            ",".join(frames[-10:]) or "-",
        )
    return code


def refused(exc: BaseException, where: str) -> None:
    """A plain refusal the person was shown (wrong passphrase, full disk): its kind only."""
    event("refused", where=where, kind=type(exc).__name__)
