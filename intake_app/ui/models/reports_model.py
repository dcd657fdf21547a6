"""The reports list as a Qt table model, loading rows a page at a time as the view scrolls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from intake_app.domain.dates import moment_for_people, timestamp_for_people
from intake_app.domain.report import CONSENT_LABELS, CONSENT_SHORT
from intake_app.domain.report_display import status_label
from intake_app.domain.report_notice import with_notice
from intake_app.domain.report_record import ReportQuery, ReportSummary
from intake_app.services.case_assignments import WORKABLE
from intake_app.services.reports import ReportService, sort_value
from intake_app.support.i18n import N_, _
from intake_app.ui.background import run_in_background
from intake_app.ui.models.rows_model import demo_marked

PAGE = 200
SEARCH_COUNT_CAP = 1000
COLUMNS = (
    # Translators: a column header: the report's reference.
    N_("Reference"),
    # Translators: a column header: the report's status (draft, ready…).
    N_("Status"),
    # Translators: a column header: when the incident happened.
    N_("Happened"),
    # Translators: a column header: the strands (kinds of hate) the report is about.
    N_("Strands"),
    # Translators: a column header: what the person agreed may happen to their report.
    N_("Consent"),
    # Translators: a column header: when the report was last changed.
    N_("Last changed"),
    # Translators: a column header: the caseworker a case is assigned to (coordinators see it).
    N_("Caseworker"),
)
_SORT_KEYS = {0: "reference", 2: "occurred", 5: "updated"}
AnyIndex = QModelIndex | QPersistentModelIndex


class ReportsModel(QAbstractTableModel):
    refreshed = Signal()  # a new first page and count arrived from the background helper
    failed = Signal(str)

    def __init__(
        self,
        reports: ReportService,
        strand_labels: dict[str, str],
        *,
        show_caseworker: bool = False,
    ) -> None:
        super().__init__()
        self.show_caseworker = show_caseworker  # a coordinator's list says who works each case
        self.generation = 0  # answers for an older query are dropped
        self._fetching = False
        self.reports = reports
        self.strand_labels = strand_labels
        self.query = ReportQuery(limit=PAGE)
        self.rows: list[ReportSummary] = []
        self.total = 0
        self.at_least = False  # True when ``total`` is a floor (a capped search count)
        self.refresh()

    def set_query(self, *, refresh: bool = True, **changes: Any) -> None:
        self.query = replace(self.query, offset=0, limit=PAGE, **changes)
        if refresh:
            self.refresh()

    def fetch(self) -> tuple[list[ReportSummary], int, bool]:
        """The first page and the count for the current query (may run off the GUI thread)."""
        query = self.query
        capped = bool(query.search)
        total = self.reports.count(query, cap=SEARCH_COUNT_CAP if capped else None)
        return self.reports.list(query), total, capped and total >= SEARCH_COUNT_CAP

    def apply(self, rows: list[ReportSummary], total: int, at_least: bool) -> None:
        self._fetching = False
        self.beginResetModel()
        self.rows, self.total, self.at_least = rows, total, at_least
        self.endResetModel()

    def refresh(self) -> None:
        self.apply(*self.fetch())

    # --- lazy loading -------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching:
            return False
        return len(self.rows) < self.total or self.at_least

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The next page, read by the background helper; the rows arrive when it answers."""
        if self._fetching:
            return
        if self.query.search or not self.rows:
            query = replace(self.query, offset=len(self.rows))
        else:
            last = self.rows[-1]
            query = replace(self.query, after=(sort_value(last, self.query.order), last.reference))
        self._fetching = True
        generation, start = self.generation, len(self.rows)

        def arrived(more: list[ReportSummary]) -> None:
            self._fetching = False
            if generation == self.generation and len(self.rows) == start:
                self.add_rows(more)  # (rows that no longer follow on are dropped)

        def failed(message: str) -> None:
            self._fetching = False
            self.failed.emit(message)

        run_in_background(lambda: self.reports.list(query), arrived, failed)

    @property
    def fetching(self) -> bool:
        """A page is being read by the background helper."""
        return self._fetching

    def add_rows(self, more: list[ReportSummary]) -> None:
        if not more:
            self.total, self.at_least = len(self.rows), False
            return
        if self.at_least and len(self.rows) + len(more) > self.total:
            self.total = len(self.rows) + len(more)
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    # --- table -------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(COLUMNS) if self.show_caseworker else len(COLUMNS) - 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return demo_marked(row.reference, row.is_demo)
        if column == 1:  # and what the force was last told of it: "Withdrawn · Erasure sent"
            return with_notice(status_label(row.status), row.notice)
        if column == 2:
            return moment_for_people(row.occurred_on) or "—"
        if column == 3:
            return ", ".join(self.strand_labels.get(s, s) for s in row.strands) or "—"
        if column == 4:
            if role == Qt.ItemDataRole.ToolTipRole:
                label = CONSENT_LABELS.get(row.consent)
                if label:
                    return _(label)
                # Translators: the hover text of the reports list's Consent column.
                return _("Consent not recorded yet")
            short = CONSENT_SHORT.get(row.consent)
            if short:
                return _(short)
            # Translators: in the reports list's Consent column: nobody has chosen yet.
            return _("Not chosen yet")
        if column == 5:
            return timestamp_for_people(row.updated_at)
        # Translators: in the reports list's Caseworker column: no caseworker has the case.
        return row.caseworker or ("—" if row.status not in WORKABLE else _("Not assigned"))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting asks the store again, off the GUI thread."""
        key = _SORT_KEYS.get(column)
        descending = order == Qt.SortOrder.DescendingOrder
        if key and (key, descending) != (self.query.order, self.query.descending):
            self.set_query(refresh=False, order=key, descending=descending)
            self.refresh_in_background()

    def refresh_in_background(self) -> None:
        self.generation += 1
        generation = self.generation

        def arrived(result: tuple[list[ReportSummary], int, bool]) -> None:
            if generation == self.generation:
                self.apply(*result)
                self.refreshed.emit()

        run_in_background(self.fetch, arrived, self.failed.emit)

    def summary_at(self, row: int) -> ReportSummary:
        return self.rows[row]
