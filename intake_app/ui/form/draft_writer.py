"""Writing a draft: on the background helper while a person types (one save at a time), or at
once when the form is leaving or the app is locking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from intake_app.app.session import Session
from intake_app.domain.report import Report
from intake_app.domain.report_record import ReportRecord
from intake_app.support.errors import IntakeError
from intake_app.ui.background import TaskControl, run_in_background, wait_for


@dataclass
class Answer:
    """How a background save ended, and how many changes it held."""

    changes: int
    record: ReportRecord | None = None
    error: IntakeError | None = None


class DraftWriter:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._job: TaskControl | None = None
        self._answer: Answer | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def write_now(self, record_id: str | None, report: Report) -> ReportRecord:
        reports = self.session.reports
        if record_id is None:
            return reports.create_draft(report, strict=False)
        return reports.update_draft(record_id, report, strict=False)

    def start(
        self, record_id: str | None, report: Report, changes: int, done: Callable[[], None]
    ) -> None:
        """Write off the GUI thread; ``done`` is called when it has finished, either way."""
        answer = Answer(changes)

        def work() -> None:
            try:
                answer.record = self.write_now(record_id, report)
            except IntakeError as exc:
                answer.error = exc
                raise

        self._answer = answer
        self._job = run_in_background(work, lambda _result: done(), lambda _error: done())

    def settle(self) -> Answer | None:
        """Wait for the running save, if any, and hand its answer over (once)."""
        if self._job is None:
            return None
        wait_for(self._job)
        answer, self._job, self._answer = self._answer, None, None
        return answer


def one_shot(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A timer that fires once, ``interval_ms`` after each start (autosave, the next check)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
