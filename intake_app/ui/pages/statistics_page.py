"""Statistics, for coordinators: counts for a period beside the previous one, as charts or
tables, exact (for use inside the centre) or as they would be published, and safe exports."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.statistics.case_figures import CASE_TABLES
from intake_app.statistics.disclosure import Shown, shown_text
from intake_app.statistics.figures import Figures, Period
from intake_app.statistics.publish import KEY_NOTES, WITHHELD, SafeFigures, change_text, make_safe
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _, ngettext, pgettext
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.charts import BarChart, ChartRow, MonthChart
from intake_app.ui.widgets.layout_helpers import in_documents


def plural_number(count: Shown) -> int:
    """The number that picks the word after a count: a hidden count ("<5", "*") takes the
    plural ("<5 reports")."""
    return count if isinstance(count, int) else 5


# The periods to choose from: (label, months back; 0 this year, -1 last year, None chosen by hand).
PRESETS = (
    (N_("Last 12 months"), 12),
    (N_("Last 6 months"), 6),
    (N_("Last 3 months"), 3),
    (N_("This year"), 0),
    (N_("Last year"), -1),
    # Translators: a choice of period: the person picks the first and last months themselves.
    (N_("Months I choose"), None),
)
# Translators: the key to the charts of statistics.
LEGEND = N_("Blue bars: this period. Grey marks: the previous period.")
SECTIONS = ("strand", "religion", "incident", "place", "reporter", "victim", "consent", "district",
            "repeat", *CASE_TABLES)  # fmt: skip


def _preset(index: int, today: date) -> Period:
    months = PRESETS[index][1]
    if months == 0:
        return Period(f"{today.year:04d}-01", today.strftime("%Y-%m"))
    if months == -1:
        return Period(f"{today.year - 1:04d}-01", f"{today.year - 1:04d}-12")
    return Period.last_months(months or 12, today)


class Section(QGroupBox):
    """One table of figures: a chart, or the same as a table for screen readers."""

    def __init__(self, title: str, note: str, months: bool = False) -> None:
        super().__init__(title)
        self.chart: BarChart | MonthChart = MonthChart(title) if months else BarChart(title)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(title)
        headers = [
            "",
            # Translators: a column header of statistics: the counts for the period chosen.
            _("This period"),
            # Translators: a column header of statistics: the counts for the period before it.
            _("Previous period"),
            # Translators: a column header of statistics: how the count changed ("up 3 (20%)").
            pgettext("statistics", "Change"),
        ]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.withheld = QLabel(_(WITHHELD))
        self.withheld.setWordWrap(True)
        self.stack = QStackedWidget()
        for widget in (self.chart, self.table, self.withheld):
            self.stack.addWidget(widget)
        column = QVBoxLayout(self)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            column.addWidget(hint)
        column.addWidget(self.stack)
        column.addStretch(1)

    def set_title(self, title: str) -> None:
        """The title the figures bring (in the language spoken): on screen and for screen
        readers, on the chart and on its table alike."""
        self.setTitle(title)
        self.table.setAccessibleName(title)
        self.chart.title = title
        self.chart.setAccessibleName(title)

    def show_rows(
        self, rows: list[tuple[str, Shown, Shown, str]], as_table: bool, withheld: bool
    ) -> None:
        self.chart.set_rows([ChartRow(label, now, before) for label, now, before, _c in rows])
        self.table.setRowCount(len(rows))
        for i, (label, now, before, change) in enumerate(rows):
            for j, text in enumerate((label, shown_text(now), shown_text(before), change)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + sum(self.table.rowHeight(i) for i in range(len(rows)))
            + 2 * self.table.frameWidth()
        )
        current: QWidget = self.withheld if withheld else self.table if as_table else self.chart
        self.stack.setCurrentWidget(current)
        height = self.table.height() if current is self.table else current.sizeHint().height()
        self.stack.setFixedHeight(height)


class StatisticsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.figures: Figures | None = None
        self.safe: SafeFigures | None = None
        self._asked = 0
        today = session.local_now().date()
        self.preset = QComboBox()
        self.preset.setAccessibleName(_("Period"))
        self.preset.addItems([_(name) for name, _months in PRESETS])
        # Translators: the name of a field: the first month of the period.
        self.first = self._month_edit(_("From month"))
        # Translators: the name of a field: the last month of the period.
        self.last = self._month_edit(_("To month"))
        self.demo = QCheckBox(_("Include &demo reports"))
        self.demo.setChecked(not session.statistics.has_reports(demo=False))
        self.published = QCheckBox(_("Show as pu&blished (small numbers hidden)"))
        self.as_tables = QCheckBox(_("Show as &tables"))
        # Translators: a button: save the figures as a CSV file (a spreadsheet).
        self.csv_button = QPushButton(_("Save &CSV…"))
        self.pdf_button = QPushButton(_("Save PDF &summary…"))
        self.csv_button.clicked.connect(lambda: self._save("csv"))
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        controls = QHBoxLayout()
        texts = (
            # Translators: three labels read together: "Period: [Last 12 months] from [May 2024]
            # to [Apr 2025]".
            _("&Period:"),
            # Translators: read as "from [May 2024] to [Apr 2025]": before the first month.
            _("&from"),
            # Translators: read as "from [May 2024] to [Apr 2025]": before the last month.
            _("t&o"),
        )
        for text, field in zip(texts, (self.preset, self.first, self.last), strict=True):
            label = QLabel(text)
            label.setBuddy(field)
            controls.addWidget(label)
            controls.addWidget(field)
        controls.addStretch(1)
        controls.addWidget(self.csv_button)
        controls.addWidget(self.pdf_button)
        options = QHBoxLayout()
        for box in (self.published, self.as_tables, self.demo):
            options.addWidget(box)
        options.addStretch(1)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.sections: dict[str, Section] = {}
        body = QWidget()
        grid = QGridLayout(body)
        self.sections["month"] = Section(_("Month it happened"), "", months=True)
        grid.addWidget(self.sections["month"], 0, 0, 1, 2)
        for n, key in enumerate(SECTIONS):
            self.sections[key] = Section(key, "")
            grid.addWidget(self.sections[key], 1 + n // 2, n % 2)
        grid.setRowStretch(1 + len(SECTIONS) // 2 + 1, 1)
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Figures"))
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        column = QVBoxLayout(self)
        heading = html.escape(_("Statistics"), quote=False)
        about = html.escape(
            _(
                "Counts of reports for whole months, beside the previous period of the same "
                "length. The numbers here are exact, for use inside the centre; saved files hide "
                "small numbers so that nobody can be identified."
            ),
            quote=False,
        )
        column.addWidget(QLabel(f"<h2>{heading}</h2><p>{about}</p>", wordWrap=True))
        column.addLayout(controls)
        column.addLayout(options)
        column.addWidget(self.headline)
        column.addWidget(self.status)
        column.addWidget(scroll, 1)
        # Only once it sits in the page: shown before, it flashed up as a window of its own and
        # took the keyboard from the main window.
        self.demo.setVisible(session.statistics.has_reports(demo=True))
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.first.dateChanged.connect(self._months_changed)
        self.last.dateChanged.connect(self._months_changed)
        self.demo.toggled.connect(self.refresh)
        self.published.toggled.connect(self._show)
        self.as_tables.toggled.connect(self._show)
        self._set_period(_preset(0, today))
        self.refresh()

    def _month_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("MMM yyyy")
        edit.setAccessibleName(name)
        edit.setCalendarPopup(False)
        edit.setMaximumDate(QDate.currentDate())
        return edit

    def _set_period(self, period: Period) -> None:
        for edit, month in ((self.first, period.first), (self.last, period.last)):
            edit.blockSignals(True)
            year, number = month.split("-")
            edit.setDate(QDate(int(year), int(number), 1))
            edit.blockSignals(False)

    def period(self) -> Period:
        first, last = self.first.date(), self.last.date()
        return Period.parse(
            f"{first.year():04d}-{first.month():02d}", f"{last.year():04d}-{last.month():02d}"
        )

    def _preset_chosen(self, index: int) -> None:
        if PRESETS[index][1] is not None:
            self._set_period(_preset(index, self.session.local_now().date()))
            self.refresh()

    def _months_changed(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)
        self.preset.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Work the figures out off the GUI thread; the newest request wins."""
        try:
            period = self.period()
        except IntakeError as exc:
            self.status.setText(str(exc))
            return
        self._asked += 1
        asked, include_demo = self._asked, self.demo.isChecked()
        self.status.setText(_("Counting…"))
        service = self.session.statistics

        def work() -> tuple[Figures, SafeFigures]:
            figures = service.figures(period, include_demo=include_demo)
            return figures, make_safe(figures)

        def done(result: tuple[Figures, SafeFigures]) -> None:
            if asked == self._asked:
                self.figures, self.safe = result
                self.status.setText("")
                self._show()

        def failed(message: str) -> None:
            if asked == self._asked:
                self.status.setText(message)

        run_in_background(work, done, failed)

    def _show(self) -> None:
        figures, safe = self.figures, self.safe
        if figures is None or safe is None:
            return
        published = self.published.isChecked()
        total: Shown = safe.total if published else figures.total
        before: Shown = safe.previous_total if published else figures.previous_total
        change = change_text(total, before)
        if change:
            # Translators: {total} is a count of reports in {period} (months, "May 2024 to April
            # 2025"), {previous_total} the count in {previous_period}, and {change} how it
            # changed ("up 3 (20%)"). A count may be "<5" (hidden because it is small).
            sentence = ngettext(
                "{total} report in {period} — {previous_total} in {previous_period}, {change}.",
                "{total} reports in {period} — {previous_total} in {previous_period}, {change}.",
                plural_number(total),
            )
        else:
            # Translators: {total} is a count of reports in {period} (months, "May 2024 to April
            # 2025"), {previous_total} the count in {previous_period}. A count may be "<5"
            # (hidden because it is small).
            sentence = ngettext(
                "{total} report in {period} — {previous_total} in {previous_period}.",
                "{total} reports in {period} — {previous_total} in {previous_period}.",
                plural_number(total),
            )
        # "<5" is text, not markup; the count stands out, and a space keeps it from the words.
        big = (
            "<span style='font-size:xx-large; font-weight:600'>"
            f"{html.escape(shown_text(total))}</span>&nbsp;"
        )
        headline = html.escape(sentence, quote=False).format(
            total=big,
            period=html.escape(figures.period.label),
            previous_total=html.escape(shown_text(before)),
            previous_period=html.escape(figures.previous.label),
            change=html.escape(change),
        )
        if figures.demo_reports:
            # Translators: {count} of the reports counted are invented ones, made for practice.
            demo = ngettext(
                "{count} of them are demo reports.",
                "{count} of them are demo reports.",
                figures.demo_reports,
            ).format(count=figures.demo_reports)
            headline += " " + html.escape(demo)
        notes = " ".join(_(note) for note in KEY_NOTES) if published else _(LEGEND)
        self.headline.setText(f"<p>{headline}</p><p>{html.escape(notes)}</p>")
        for table, shown in zip(figures.tables, safe.tables, strict=True):
            section = self.sections[table.key]
            section.set_title(table.title)
            if published:
                rows = [(r.label, r.count, r.previous, r.change) for r in shown.rows]
                withheld = shown.withheld and shown.previous_withheld
            else:
                rows = [
                    (r.label, r.count, r.previous, change_text(r.count, r.previous))
                    for r in table.rows
                ]
                withheld = False
            if table.note:
                section.setToolTip(table.note)
            section.show_rows(rows, self.as_tables.isChecked(), withheld)

    def _save(self, kind: Literal["csv", "pdf"]) -> None:
        figures = self.figures
        if figures is None:
            return
        period = figures.period
        suggested = f"statistics-{period.first}-to-{period.last}.{kind}"
        # Translators: file types in a file dialog; keep the patterns in brackets as they are.
        wanted = _("CSV files (*.csv)") if kind == "csv" else _("PDF files (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save statistics"), in_documents(suggested), wanted
        )
        if not path:
            return
        try:
            self.session.statistics.export(figures, kind, Path(path))
        except IntakeError as exc:
            QMessageBox.warning(self, _("Could not save"), str(exc))
            return
        self.status.setText(
            # Translators: {file} is the name of the file just saved.
            _(
                "Saved {file}. Small numbers are hidden in it, and the audit log records that it "
                "was made."
            ).format(file=Path(path).name)
        )
