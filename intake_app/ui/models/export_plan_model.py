"""The ready reports as a Qt table model: whether each goes to the police, and why."""

from __future__ import annotations

from intake_app.exchange.plan import Planned
from intake_app.services.export import ExportService
from intake_app.support.i18n import N_, _
from intake_app.ui.models.rows_model import Cell, RowsModel, demo_marked


class ExportPlanModel(RowsModel[Planned]):
    columns = (
        # Translators: a column header: the report's reference.
        N_("Reference"),
        # Translators: a short column header: whether the report goes to the police.
        N_("Goes?"),
        # Translators: a column header: why the report goes to the police, or stays.
        N_("Why"),
    )

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
            return Cell(demo_marked(row.reference, row.is_demo))
        if column == 1:
            if row.goes:
                # Translators: a short table cell: the report goes to the police.
                return Cell(_("Goes"), spoken=_("Goes to the police"))
            # Translators: a short table cell: the report stays at the centre (not sent).
            return Cell(_("Stays here"), spoken=_("Stays here at the centre"))
        return Cell(row.why, tip=row.why)

    def any_goes(self) -> bool:
        return any(planned.goes for planned in self.rows)
