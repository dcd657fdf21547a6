"""Counts for a period of months, beside the previous period of the same length.

Everything comes from ``statistics_entries`` (one SQL pass over a covering index), so reports
whose personal data has been erased still count, and no report is ever opened."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from intake_app.domain.report import CONSENTS, REPORTER_LABELS
from intake_app.domain.vocabulary import Vocabulary
from intake_app.statistics.entries import NOT_RECORDED, UNKNOWN_RELIGION
from intake_app.storage.database import Database
from intake_app.support.errors import IntakeError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 120
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

CONSENT_OUTCOMES = {
    "police_with_contact": "Passed to the police with contact details",
    "police_without_details": "Passed to the police without identifying details",
    "monitoring_only": "Kept at the centre for monitoring only",
}


class PeriodError(IntakeError):
    pass


def _index(month: str) -> int:
    found = _MONTH.match(month.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PeriodError(
            f"“{month[:20]}” is not a month. Write it as year-month, such as 2026-04."
        )
    return int(found.group(1)) * 12 + int(found.group(2)) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_label(month: str, *, with_year: bool = True) -> str:
    year, number = month.split("-")
    name = MONTH_NAMES[int(number) - 1]
    return f"{name} {year}" if with_year else name


@dataclass(frozen=True)
class Period:
    """Whole months, first to last inclusive."""

    first: str
    last: str

    @classmethod
    def parse(cls, first: str, last: str, today: date | None = None) -> Period:
        start, end = _index(first), _index(last)
        if end < start:
            raise PeriodError("The period ends before it starts. Swap the two months.")
        if end - start + 1 > MAX_MONTHS:
            raise PeriodError(f"Choose a period of at most {MAX_MONTHS // 12} years.")
        if today is not None and start > today.year * 12 + today.month - 1:
            raise PeriodError("The period starts in the future. Choose a month up to this one.")
        return cls(_month(start), _month(end))

    @classmethod
    def last_months(cls, count: int, today: date) -> Period:
        end = today.year * 12 + today.month - 1
        return cls(_month(end - count + 1), _month(end))

    @property
    def months(self) -> list[str]:
        return [_month(i) for i in range(_index(self.first), _index(self.last) + 1)]

    def previous(self) -> Period:
        length = len(self.months)
        return Period(_month(_index(self.first) - length), _month(_index(self.first) - 1))

    @property
    def label(self) -> str:
        if self.first == self.last:
            return month_label(self.first)
        return f"{month_label(self.first)} to {month_label(self.last)}"


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int
    previous: int


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: tuple[Row, ...]
    total: int
    previous_total: int
    exact: bool  # one value per report: the rows add up to the total
    note: str = ""


@dataclass(frozen=True)
class Figures:
    period: Period
    previous: Period
    total: int
    previous_total: int
    tables: tuple[Table, ...]
    demo_reports: int  # how many of the counted reports are demo data

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


Counts = dict[tuple[str, str], int]  # (dimension, value) -> reports


def _rows(
    dimension: str,
    known: list[tuple[str, str]],
    now: Counts,
    before: Counts,
    *,
    keep_empty: bool = True,
    by_count: bool = False,
) -> tuple[Row, ...]:
    labels = dict(known)
    found = {v for d, v in (*now, *before) if d == dimension}
    codes = [c for c, _ in known if keep_empty or c in found]
    codes += sorted(found - set(labels) - {NOT_RECORDED})
    if NOT_RECORDED in found:
        codes.append(NOT_RECORDED)
    rows = [
        Row(
            code,
            labels.get(code, "Not recorded" if code == NOT_RECORDED else code),
            now.get((dimension, code), 0),
            before.get((dimension, code), 0),
        )
        for code in codes
    ]
    if by_count:
        rows.sort(key=lambda r: (r.code == NOT_RECORDED, -r.count, -r.previous, r.code))
    return tuple(rows)


def compute(db: Database, vocab: Vocabulary, period: Period, *, include_demo: bool) -> Figures:
    previous = period.previous()
    demo = "" if include_demo else "AND is_demo = 0"
    rows = db.all(
        "SELECT month, dimension, value, is_demo, count(*) FROM statistics_entries "  # noqa: S608
        f"WHERE month BETWEEN ? AND ? {demo} GROUP BY month, dimension, value, is_demo",
        (previous.first, period.last),
    )
    now: Counts = {}
    before: Counts = {}
    by_month: dict[str, int] = {}
    demo_reports = 0
    for month, dimension, value, is_demo, count in rows:
        target = now if month >= period.first else before
        key = (str(dimension), str(value))
        target[key] = target.get(key, 0) + int(count)
        if dimension == "consent":  # exactly one per report
            by_month[month] = by_month.get(month, 0) + int(count)
            if is_demo and month >= period.first:
                demo_reports += int(count)
    total = sum(c for (d, _), c in now.items() if d == "consent")
    previous_total = sum(c for (d, _), c in before.items() if d == "consent")
    strands = _rows("strand", [(s.code, s.label) for s in vocab.strands], now, before)
    religion = vocab.strand("religion")
    religion_terms = [(t.code, t.label) for t in religion.sub_categories] if religion else []
    if UNKNOWN_RELIGION not in dict(religion_terms):
        religion_terms.append((UNKNOWN_RELIGION, "Not known"))
    offset = len(period.months)
    months = tuple(
        Row(m, month_label(m), by_month.get(m, 0), by_month.get(_month(_index(m) - offset), 0))
        for m in period.months
    )
    tables = (
        Table("strand", "Strand (what the hostility was towards)", strands, total, previous_total,
              exact=False, note="A report can touch more than one strand."),
        Table("religion", "Religion or belief", _rows("religion", religion_terms, now, before),
              now.get(("strand", "religion"), 0), before.get(("strand", "religion"), 0),
              exact=False, note="Reports with the religion or belief strand."),
        Table("incident", "Kind of incident", _rows("incident", [(t.code, t.label) for t in vocab.incident_types], now, before),
              total, previous_total, exact=False, note="A report can name more than one kind."),
        Table("place", "Where it happened", _rows("place", [(t.code, t.label) for t in vocab.place_types], now, before),
              total, previous_total, exact=True),
        Table("month", "Month it happened", months, total, previous_total, exact=True,
              note="Reports without a date count in the month they were taken."),
        Table("reporter", "Who reported", _rows("reporter", list(REPORTER_LABELS.items()), now, before),
              total, previous_total, exact=True),
        Table("consent", "What the person agreed to", _rows("consent", [(c, CONSENT_OUTCOMES[c]) for c in CONSENTS], now, before),
              total, previous_total, exact=True),
        Table("district", "Postcode district", _rows("district", [], now, before, keep_empty=False, by_count=True),
              total, previous_total, exact=True, note="The first half of the postcode only."),
    )  # fmt: skip
    return Figures(period, previous, total, previous_total, tables, demo_reports)
