"""One helper for every slow call: run it off the GUI thread, report back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from intake_app.errors import IntakeError


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except IntakeError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never show the text: it could carry report content
            self.signals.failed.emit(
                f"Something went wrong ({type(exc).__name__}). Nothing was lost."
            )
        else:
            self.signals.succeeded.emit(result)


_running: set[_Job] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> None:
    job = _Job(fn)
    _running.add(job)

    def done_ok(result: object) -> None:
        _running.discard(job)
        on_success(result)

    def done_err(message: str) -> None:
        _running.discard(job)
        on_error(message)

    job.signals.succeeded.connect(done_ok)
    job.signals.failed.connect(done_err)
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)
