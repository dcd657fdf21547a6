"""One helper for every slow call: run it off the GUI thread, report back on the GUI thread.

``run_in_background(fn, on_success, on_error)`` for a call that only needs an answer;
``start_task(fn, ...)`` for long work that reports progress and can be cancelled: ``fn`` gets a
``TaskControl`` to report ``(done, total)`` and to check whether the person pressed Cancel.

Locking calls ``stop_all()``: every job still running is asked to stop and waited for, so the
store is never closed under a job's feet, and no job's answer reaches a screen after the lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from intake_app.support import diagnostics
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import one_line


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
        """Stop here if the person pressed Cancel (or the app is locking)."""
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
    def __init__(self, fn: Callable[[], Any], control: TaskControl) -> None:
        super().__init__()
        self.fn = fn
        self.control = control
        self.signals = _Signals()
        self.finished = threading.Event()
        self.abandoned = False  # set when the app locks: the answer is dropped

    def run(self) -> None:
        try:
            result = self.fn()
        except Cancelled:
            self.signals.cancelled.emit()
        except IntakeError as exc:
            self.signals.failed.emit(one_line(str(exc)))
        except Exception as exc:  # never show the text: it could carry report content
            code = diagnostics.failure(exc, "background")
            # Translators: {kind} is a programming error's name (e.g. ValueError), {code} a short
            # code to quote, {log} the log file's name; all three stay as they are.
            message = _(
                "Something went wrong ({kind}, code {code}). Nothing was lost. {log} in the data "
                "folder says where in the program it happened, without anything you typed."
            )
            self.signals.failed.emit(
                message.format(kind=type(exc).__name__, code=code, log=diagnostics.LOG_NAME)
            )
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.finished.set()


_running: set[_Job] = set()


def _start(
    job: _Job,
    on_success: Callable[[Any], None],
    on_error: Callable[[str], None],
    on_cancelled: Callable[[], None] | None = None,
) -> None:
    _running.add(job)

    def done_ok(result: object) -> None:
        _running.discard(job)
        if not job.abandoned:
            on_success(result)

    def done_err(message: str) -> None:
        _running.discard(job)
        if not job.abandoned:
            on_error(message)

    def done_cancelled() -> None:
        _running.discard(job)
        if not job.abandoned and on_cancelled is not None:
            on_cancelled()

    job.signals.succeeded.connect(done_ok)
    job.signals.failed.connect(done_err)
    job.signals.cancelled.connect(done_cancelled)
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> TaskControl:
    control = TaskControl(lambda done, total: None)
    _start(_Job(fn, control), on_success, on_error)
    return control


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
    job = _Job(lambda: fn(control), control)
    holder.append(job)
    if on_progress is not None:
        job.signals.progressed.connect(
            lambda done, total: None if job.abandoned else on_progress(done, total)
        )
    _start(job, on_success, on_error, on_cancelled)
    return control


def wait_for(control: TaskControl, timeout_s: float = 60.0) -> bool:
    """Block until the job with this control has finished (its answer is still delivered)."""
    for job in list(_running):
        if job.control is control:
            return job.finished.wait(timeout_s)
    return True


def stop_all(timeout_s: float = 60.0) -> bool:
    """Ask every running job to stop, wait for each, and drop their answers. True when all
    finished in time (a job that did not is still dropped; the store's lock keeps it safe)."""
    deadline = time.monotonic() + timeout_s
    jobs = list(_running)
    for job in jobs:
        job.abandoned = True
        job.control.cancel()
    finished = all(job.finished.wait(max(0.0, deadline - time.monotonic())) for job in jobs)
    _running.difference_update(jobs)
    return finished
