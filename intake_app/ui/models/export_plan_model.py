"""The ready reports as a Qt table model: whether each goes to the police, and why."""

from __future__ import annotations

from intake_app.exchange.plan import Planned
from intake_app.services.export import ExportService
from intake_app.ui.models.rows_model import Cell, RowsModel


class ExportPlanModel(RowsModel[Planned]):
    columns = ("Reference", "Goes?", "Why")

    def __init__(self, exports: ExportService) -> None:
        super().__init__()
        self.exports = exports

    def fetch(self) -> list[Planned]:
        """The plan for every ready report (may run off the GUI thread)."""
        return self.exports.plan()

    def refresh(self) -> None:
        self.apply(self.fetch())

    def key(self, row: Planned) -> object:
        return row.report_id

    def cell(self, row: Planned, column: int) -> Cell:
        if column == 0:
            return Cell(row.reference + (" (demo)" if row.is_demo else ""))
        if column == 1:
            if row.goes:
                return Cell("Goes", spoken="Goes to the police")
            return Cell("Stays here", spoken="Stays here at the centre")
        return Cell(row.why, tip=row.why)

    def any_goes(self) -> bool:
        return any(planned.goes for planned in self.rows)
