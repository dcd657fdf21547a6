"""Figures made safe to leave the centre, and written as CSV.

Every table goes through :func:`disclosure.protect`, for this period and the previous one
separately; a change is shown only where both counts are. Labels come from the vocabularies,
never from what people typed, and months are the finest dates."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from intake_app.statistics.disclosure import Hidden, Protected, Shown, protect, shown_text
from intake_app.statistics.figures import Figures, Table, month_label
from intake_app.support.i18n import N_, _, pgettext

# Shown with _() where they are used (the language can change while the app runs).
WITHHELD = N_("Withheld: too few reports to show without risk of identifying someone.")
KEY_NOTES = (
    # Translators: "<5" is how a hidden small number is shown in the tables: keep it as it is.
    N_("<5 means 1 to 4 reports; the number is hidden to protect the people involved."),
    # Translators: "*" is how a number hidden so others cannot be worked out is shown: keep it.
    N_(
        "* means the number is hidden so that a smaller number cannot be worked out from the totals."
    ),
)


@dataclass(frozen=True)
class SafeRow:
    label: str
    count: Shown
    previous: Shown
    change: str


@dataclass(frozen=True)
class SafeTable:
    key: str
    title: str
    note: str
    rows: tuple[SafeRow, ...]
    total: Shown
    previous_total: Shown
    withheld: bool
    previous_withheld: bool


@dataclass(frozen=True)
class SafeFigures:
    period_label: str
    previous_label: str
    total: Shown
    previous_total: Shown
    tables: tuple[SafeTable, ...]
    demo: bool

    def table(self, key: str) -> SafeTable:
        return next(t for t in self.tables if t.key == key)


def change_text(now: Shown, before: Shown, *, short: bool = False) -> str:
    """ "up 3 (20%)", or "+3 (20%)" where space is short; nothing if either count is hidden."""
    if not isinstance(now, int) or not isinstance(before, int):
        return ""
    difference = now - before
    if difference == 0:
        # Translators: no change from the previous period, in a narrow column: keep it short.
        return pgettext("statistics change", "same") if short else _("no change")
    share = f"{abs(difference) / before:.0%}" if before else ""
    if short:
        sign = "+" if difference > 0 else "\u2013"  # the fonts have no minus sign
        return f"{sign}{abs(difference)}" + (f" ({share})" if share else "")
    if share:
        # Translators: a change from the previous period: {number} more reports, {share} that
        # as a percentage of the previous count: "up 3 (20%)".
        text = _("up {number} ({share})") if difference > 0 else _("down {number} ({share})")
    else:
        text = _("up {number}") if difference > 0 else _("down {number}")
    return text.format(number=abs(difference), share=share)


def _protect(table: Table, *, previous: bool, hide_all: bool) -> Protected:
    counts = [r.previous if previous else r.count for r in table.rows]
    total = table.previous_total if previous else table.total
    if hide_all:  # the table's total is itself hidden elsewhere
        return Protected(tuple(Hidden.SECONDARY for _count in counts), Hidden.SECONDARY, True)
    return protect(counts, total, exact=table.exact)


def make_safe(figures: Figures) -> SafeFigures:
    tables: list[SafeTable] = []
    strand_now: Protected | None = None
    strand_before: Protected | None = None
    for table in figures.tables:
        hide_now = hide_before = False
        if table.key == "religion" and strand_now and strand_before:
            index = next(
                i for i, r in enumerate(figures.table("strand").rows) if r.code == "religion"
            )
            hide_now = isinstance(strand_now.cells[index], Hidden)
            hide_before = isinstance(strand_before.cells[index], Hidden)
        now = _protect(table, previous=False, hide_all=hide_now)
        before = _protect(table, previous=True, hide_all=hide_before)
        if table.key == "strand":
            strand_now, strand_before = now, before
        rows = tuple(
            SafeRow(
                row.label,
                now.cells[i],
                before.cells[i],
                ""
                if now.withheld or before.withheld
                else change_text(now.cells[i], before.cells[i]),
            )
            for i, row in enumerate(table.rows)
        )
        tables.append(
            SafeTable(table.key, table.title, table.note, rows, now.total, before.total,
                      now.withheld, before.withheld)
        )  # fmt: skip
    overall = protect([], figures.total, exact=False).total
    overall_before = protect([], figures.previous_total, exact=False).total
    return SafeFigures(
        figures.period.label, figures.previous.label, overall, overall_before, tuple(tables),
        figures.demo_reports > 0,
    )  # fmt: skip


def notes(safe: SafeFigures, centre_name: str, today: date) -> list[str]:
    lines = [
        # Translators: {centre} is the centre's name.
        _("Hate crime and hate incident reports taken by {centre}.").format(centre=centre_name),
        # Translators: {period} and {previous} are periods of months ("Jan 2026 to Jun 2026").
        _("Period: {period}, beside {previous}.").format(
            period=safe.period_label, previous=safe.previous_label
        ),
        _(
            "Reports are counted in the month the incident happened (or, without a date, the month"
            " the report was taken). Withdrawn reports and reports whose personal details have been"
            " deleted still count; unfinished drafts do not."
        ),
        *(_(note) for note in KEY_NOTES),
        # Translators: {month} is a month and year, such as "Nov 2026".
        _("Produced {month}.").format(month=month_label(today.strftime("%Y-%m"))),
    ]
    if safe.demo:
        lines.insert(0, _("DEMO DATA: these figures include invented reports and are not real."))
    return lines


def to_csv(safe: SafeFigures, centre_name: str, today: date) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    # Translators: column headers of the statistics spreadsheet: which table, which row of it,
    # and the change from the previous period.
    out.writerow([pgettext("statistics column", "Table"), pgettext("statistics column", "Category"),
                  safe.period_label, safe.previous_label, pgettext("statistics column", "Change")])  # fmt: skip
    # Translators: the first row of the statistics spreadsheet: the number of all reports.
    out.writerow([_("All reports"), pgettext("statistics row", "Reports"), shown_text(safe.total),
                  shown_text(safe.previous_total), change_text(safe.total, safe.previous_total)])  # fmt: skip
    withheld = withheld_cell()
    for table in safe.tables:
        if table.withheld and table.previous_withheld:
            out.writerow([table.title, _(WITHHELD), "", "", ""])
            continue
        for row in table.rows:
            out.writerow([
                table.title, row.label,
                withheld if table.withheld else shown_text(row.count),
                withheld if table.previous_withheld else shown_text(row.previous),
                row.change,
            ])  # fmt: skip
    # Translators: the rows at the foot of the statistics spreadsheet that explain it.
    heading = pgettext("statistics", "Notes")
    for line in notes(safe, centre_name, today):
        out.writerow([heading, line, "", "", ""])
    return buffer.getvalue().encode("utf-8-sig")  # the mark lets spreadsheets read it as UTF-8


def withheld_cell() -> str:
    # Translators: in a table cell instead of a number: too few reports to show safely.
    return pgettext("statistics cell", "withheld")
