"""The batches written for the police (or for one recipient besides it) as a Qt table model,
newest first: when each was written, how many reports it holds, and whether the receipt has come
(or is late)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from intake_app.domain.dates import day_for_people
from intake_app.domain.report_notice import notices_line
from intake_app.services.centre_settings import CentreSettings
from intake_app.support.i18n import N_, _, ngettext
from intake_app.ui.models.rows_model import Cell, RowsModel


@dataclass(frozen=True)
class BatchRow:
    sequence: int
    created_at: str
    report_count: int
    acknowledged_at: str | None
    age_days: int  # whole days since it was written
    due_days: int  # the centre's wait for a receipt before a batch is flagged
    notice_count: int = 0  # corrections and erasures it took the force
    to_force: bool = True  # False: a batch for a recipient besides the police

    @property
    def receipt(self) -> str:
        if self.acknowledged_at:
            # Translators: a batch's receipt from the police came on this day ("Received 3 May 2025").
            return _("Received {day}").format(day=day_for_people(self.acknowledged_at[:10]))
        if self.age_days > self.due_days and self.to_force:
            late = ngettext(
                "No receipt after {count} day: ask the force, or write it again",
                "No receipt after {count} days: ask the force, or write it again",
                self.age_days,
            ).format(count=self.age_days)
            return "⚠ " + late
        if self.age_days > self.due_days:
            late = ngettext(
                "No receipt after {count} day: ask the recipient, or write it again",
                "No receipt after {count} days: ask the recipient, or write it again",
                self.age_days,
            ).format(count=self.age_days)
            return "⚠ " + late
        return _("Waiting for the receipt")


class BatchSource(Protocol):
    def batches(self) -> list[tuple[int, str, int, str | None, int]]:
        """(sequence, created_at, report count, acknowledged_at, notice count), newest first."""
        ...


def _now() -> datetime:
    return datetime.now(UTC)


class BatchesModel(RowsModel[BatchRow]):
    columns = (
        # Translators: a column header: the number of a batch of reports written for the police.
        N_("Batch"),
        # Translators: a column header: the day the batch was written.
        N_("Written"),
        # Translators: a column header: how many reports the batch holds.
        N_("Reports"),
        # Translators: a column header: whether the police's receipt for the batch has come.
        N_("Receipt"),
    )

    def __init__(
        self,
        exports: BatchSource,  # the force's batches, or one recipient's
        settings: CentreSettings,
        clock: Callable[[], datetime] = _now,
        *,
        to_force: bool = True,
    ) -> None:
        super().__init__()
        self.exports = exports
        self.to_force = to_force
        self.settings = settings
        self.clock = clock

    def reader(self) -> Callable[[], list[BatchRow]]:
        """A call that reads the batches (to run off the GUI thread); the centre's settings are
        read now, on this one."""
        exports, due_days, now = self.exports, self.settings.receipt_due_days, self.clock()
        to_force = self.to_force

        def read() -> list[BatchRow]:
            return [
                BatchRow(sequence, made, count, received, _days_since(made, now), due_days, told,
                         to_force)
                for sequence, made, count, received, told in exports.batches()
            ]  # fmt: skip

        return read

    def refresh(self) -> None:
        self.apply(self.reader()())

    def key(self, row: BatchRow) -> object:
        return row.sequence

    def cell(self, row: BatchRow, column: int) -> Cell:
        if column == 0:
            # Translators: what a screen reader says for a batch's number: "Batch 3".
            spoken = _("Batch {number}").format(number=row.sequence)
            return Cell(str(row.sequence), spoken=spoken)
        if column == 1:
            return Cell(day_for_people(row.created_at[:10]))
        if column == 2:
            count = row.report_count
            reports = ngettext("{count} report", "{count} reports", count).format(count=count)
            if row.notice_count:
                told = notices_line(row.notice_count, to_force=row.to_force)
                # Translators: a batch's number of reports, then how many corrections and
                # erasures it also took: "0 (+2)".
                shown = _("{reports} (+{notices})").format(reports=count, notices=row.notice_count)
                return Cell(shown, spoken=f"{reports}. {told}", tip=told)
            return Cell(str(count), spoken=reports)
        return Cell(row.receipt)

    def sequence_at(self, row: int) -> int:
        return self.rows[row].sequence


def _days_since(stamp: str, now: datetime) -> int:
    return (now - datetime.fromisoformat(stamp.replace("Z", "+00:00"))).days
