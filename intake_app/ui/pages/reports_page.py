"""The reports list: search as you type, filters, and a table that loads as it scrolls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain import dates
from intake_app.domain.report import STATUSES
from intake_app.domain.report_display import status_label
from intake_app.domain.report_record import NOT_ASSIGNED, ReportSummary
from intake_app.support.i18n import _, ngettext, number
from intake_app.ui.models.reports_model import ReportsModel
from intake_app.ui.widgets.date_fields import DateField
from intake_app.ui.widgets.layout_helpers import focus_target

SEARCH_DELAY_MS = 250


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(focus_target(widget))
    return label


class ReportsPage(QWidget):
    open_requested = Signal(object)  # a ReportSummary

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.model: ReportsModel | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search reports (names, places, words, references)"))
        self.search.setAccessibleName(_("Search reports"))
        self.search.setClearButtonEnabled(True)
        # Down or Enter in the search box goes to the first report found.
        self.search.returnPressed.connect(self._to_results)
        self.search.installEventFilter(self)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status filter"))
        # Translators: the first choice of the status filter: reports of any status.
        self.status.addItem(_("Every status"), None)
        for status in STATUSES:
            self.status.addItem(status_label(status), status)
        self.strand = QComboBox()
        self.strand.setAccessibleName(_("Strand filter"))
        # A coordinator's list can be narrowed to one caseworker's cases, or nobody's.
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName(_("Caseworker filter"))
        # Translators: the label of a list of caseworkers; & marks the Alt key.
        self.caseworker_label = _labelled(_("Case&worker:"), self.caseworker)
        # Translators: the name of a day field: the earliest day the incident happened.
        self.date_from = DateField(self._date_changed, _("Happened from"))
        # Translators: the name of a day field: the latest day the incident happened.
        self.date_to = DateField(self._date_changed, _("Happened until"))
        self.filter_message = QLabel()

        top = QHBoxLayout()
        top.addWidget(_labelled(_("&Find:"), self.search))
        top.addWidget(self.search, 1)
        # Two short rows rather than one long one: nothing is squeezed on a small screen or at
        # large text sizes.
        second = QHBoxLayout()
        for text, combo in ((_("&Status:"), self.status), (_("S&trand:"), self.strand)):
            second.addWidget(_labelled(text, combo))
            second.addWidget(combo)
        second.addWidget(self.caseworker_label)
        second.addWidget(self.caseworker)
        second.addStretch(1)
        third = QHBoxLayout()
        # Translators: two labels read together: "Happened from: [day] until: [day]".
        from_label, until_label = _("Happened fr&om:"), _("&until:")
        for text, day in ((from_label, self.date_from), (until_label, self.date_to)):
            third.addWidget(_labelled(text, day))
            third.addWidget(day, 1)
        self.filter_message.setWordWrap(True)
        third.addWidget(self.filter_message, 1)

        self.table = QTableView()
        self.table.setAccessibleName(_("Reports"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)  # Enter on a row
        self.count_label = QLabel()
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(second)
        column.addLayout(third)
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        for combo in (self.status, self.strand, self.caseworker):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())

    def show_session(self, session: Session) -> None:
        self.session = session
        labels = {s.code: s.label for s in session.vocabulary.strands}
        for widget in (self.search, self.status, self.strand, self.caseworker):
            widget.blockSignals(True)
        self.search.clear()
        self.date_from.edit.clear()
        self.date_to.edit.clear()
        self.status.setCurrentIndex(0)
        self.strand.clear()
        # Translators: the first choice of the strand filter: reports of any strand.
        self.strand.addItem(_("Every strand"), None)
        for code, label in labels.items():
            self.strand.addItem(label, code)
        self._fill_caseworkers(session)
        for widget in (self.search, self.status, self.strand, self.caseworker):
            widget.blockSignals(False)
        coordinator = session.user.is_coordinator and not session.in_workspace
        self.caseworker.setVisible(coordinator)
        self.caseworker_label.setVisible(coordinator)
        self.model = ReportsModel(session.reports, labels, show_caseworker=coordinator)
        self.model.refreshed.connect(self.update_count)
        self.model.failed.connect(lambda message: self.count_label.setText(f"⚠ {message}"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.update_count()

    def _fill_caseworkers(self, session: Session) -> None:
        """Every caseworker a coordinator may look for (the list is empty for anyone else)."""
        chosen = self.caseworker.currentData() if self.session is session else None
        self.caseworker.clear()
        # Translators: the first choice of the caseworker filter: every report, assigned or not.
        self.caseworker.addItem(_("Every report"), None)
        # Translators: a choice of the caseworker filter: cases no caseworker has yet.
        self.caseworker.addItem(_("Not assigned"), NOT_ASSIGNED)
        for worker in session.cases.caseworkers():
            shown = (
                worker.name if worker.active else _("{name} (deactivated)").format(name=worker.name)
            )
            self.caseworker.addItem(shown, worker.id)
        self.caseworker.setCurrentIndex(max(0, self.caseworker.findData(chosen)))

    def refresh_caseworkers(self) -> None:
        """The caseworker filter as the users are now (one added or deactivated elsewhere)."""
        if self.session is not None:
            self.caseworker.blockSignals(True)
            self._fill_caseworkers(self.session)
            self.caseworker.blockSignals(False)

    def clear(self) -> None:
        """Locking: drop the model so no report stays on screen."""
        self.search_timer.stop()
        self.table.setModel(None)
        self.model = None
        self.session = None

    def refresh(self) -> None:
        """The list as the store is now (after a change elsewhere), read off the GUI thread."""
        if self.model is not None:
            self.model.refresh_in_background()

    def update_count(self) -> None:
        if self.model is None:
            return
        total = self.model.total
        # "1,000+": at least that many (a search stops counting there).
        shown = number(total) + ("+" if self.model.at_least else "")
        handed = self.model.reports.handed_over_summary()
        if handed:
            # Translators: {count} is a number of reports (followed by + when there are at least
            # that many); {handed_over} is a sentence about reports handed over by volunteers.
            text = ngettext(
                "{count} report. {handed_over}", "{count} reports. {handed_over}", total
            ).format(count=shown, handed_over=handed)
        else:
            # Translators: {count} is a number of reports (followed by + when there are at least
            # that many).
            text = ngettext("{count} report", "{count} reports", total).format(count=shown)
        self.count_label.setText(text)

    def _date_changed(self) -> None:
        self.search_timer.start()

    def _dates(self) -> tuple[str | None, str | None] | None:
        """The ISO days to filter by, or None (and a message) if one cannot be understood."""
        values = []
        for field in (self.date_from, self.date_to):
            text = field.edit.text().strip()
            reason = dates.day_problem(text) if text else None
            if reason:
                # Translators: {field} names a day field ("Happened from"); {problem} says what
                # is wrong with the day typed in it.
                problem = _("{field}: {problem}").format(field=field.label, problem=reason)
                self.filter_message.setText("⚠ " + problem)
                return None
            values.append(field.value() or None)
        self.filter_message.clear()
        return values[0], values[1]

    def apply_filters(self) -> None:
        """Run the query off the GUI thread; only the newest answer is shown."""
        model = self.model
        dates = self._dates()
        if model is None or self.session is None or dates is None:
            return
        model.set_query(
            refresh=False,
            search=self.search.text().strip() or None,
            status=self.status.currentData(),
            strand=self.strand.currentData(),
            caseworker=self.caseworker.currentData(),
            occurred_from=dates[0],
            occurred_to=dates[1],
        )
        self.count_label.setText(_("Searching…"))
        model.refresh_in_background()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._to_results()
            return True
        return super().eventFilter(watched, event)

    def _to_results(self) -> None:
        if self.model is None or self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)

    def selected(self) -> ReportSummary | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        return self.model.summary_at(rows[0].row()) if rows and self.model else None

    def _open(self, index: QModelIndex) -> None:
        if self.model is not None and index.isValid():
            self.open_requested.emit(self.model.summary_at(index.row()))
