"""One helper for every slow call: run it off the GUI thread, report back on the GUI thread.

``run_in_background(fn, on_success, on_error)`` for a call that only needs an answer;
``start_task(fn, ...)`` for long work that reports progress and can be cancelled: ``fn`` gets a
``TaskControl`` to report ``(done, total)`` and to check whether the person pressed Cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from intake_app.errors import IntakeError


class Cancelled(Exception):
    """Raised inside a task when the person cancelled it."""


class TaskControl:
    def __init__(self, progress: Callable[[int, int], None]) -> None:
        self._progress = progress
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._progress(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Stop here if the person pressed Cancel."""
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, int)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Cancelled:
            self.signals.cancelled.emit()
        except IntakeError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never show the text: it could carry report content
            self.signals.failed.emit(
                f"Something went wrong ({type(exc).__name__}). Nothing was lost."
            )
        else:
            self.signals.succeeded.emit(result)


_running: set[_Job] = set()


def _start(job: _Job, on_success: Callable[[Any], None], on_error: Callable[[str], None]) -> None:
    _running.add(job)

    def done_ok(result: object) -> None:
        _running.discard(job)
        on_success(result)

    def done_err(message: str) -> None:
        _running.discard(job)
        on_error(message)

    job.signals.succeeded.connect(done_ok)
    job.signals.failed.connect(done_err)
    job.signals.cancelled.connect(lambda: _running.discard(job))
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> None:
    _start(_Job(fn), on_success, on_error)


def start_task(
    fn: Callable[[TaskControl], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[str], None],
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> TaskControl:
    """Start long work; the returned control's ``cancel()`` asks it to stop at its next check."""
    holder: list[_Job] = []
    control = TaskControl(lambda done, total: holder[0].signals.progressed.emit(done, total))
    job = _Job(lambda: fn(control))
    holder.append(job)
    if on_progress is not None:
        job.signals.progressed.connect(on_progress)
    if on_cancelled is not None:
        job.signals.cancelled.connect(on_cancelled)
    _start(job, on_success, on_error)
    return control
