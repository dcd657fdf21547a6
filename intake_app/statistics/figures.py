"""Counts for a period of months, beside the previous period of the same length.

Everything comes from ``statistics_entries`` (one SQL pass over a covering index), so reports
whose personal data has been erased still count, and no report is ever opened."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names

from intake_app.domain.report import CONSENTS, REPORTER_LABELS, VICTIM_LABELS
from intake_app.domain.vocabulary import Vocabulary
from intake_app.statistics.entries import NOT_RECORDED, NOT_REPEAT, UNKNOWN_RELIGION
from intake_app.storage.database import Database
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _, current, ngettext

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 120

CONSENT_OUTCOMES = {
    "police_with_contact": N_("Passed to the police with contact details"),
    "police_without_details": N_("Passed to the police without identifying details"),
    "monitoring_only": N_("Kept at the centre for monitoring only"),
}


class PeriodError(IntakeError):
    pass


def _index(month: str) -> int:
    found = _MONTH.match(month.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PeriodError(
            # Translators: {month} is what was typed. Keep the example 2026-04 as it is: months
            # are typed that way in every language.
            _("“{month}” is not a month. Write it as year-month, such as 2026-04.").format(
                month=month[:20]
            )
        )
    return int(found.group(1)) * 12 + int(found.group(2)) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@cache
def _month_names(locale: str) -> tuple[str, ...]:
    names = get_month_names("abbreviated", locale=locale)
    return tuple(str(names[number]) for number in range(1, 13))


def month_name(number: int) -> str:
    """The month's short name (1 is "Jan") in the language the app speaks, from the CLDR through
    Babel (the pseudo-locale has the English names)."""
    return _month_names(current().code.split("-")[0])[number - 1]


def month_label(month: str, *, with_year: bool = True) -> str:
    """ "Jan 2026" for "2026-01": the short name, a space, the year (the PDF's chart splits it
    at the space)."""
    year, number = month.split("-")
    name = month_name(int(number))
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
            raise PeriodError(_("The period ends before it starts. Swap the two months."))
        if end - start + 1 > MAX_MONTHS:
            years = MAX_MONTHS // 12
            raise PeriodError(
                ngettext(
                    "Choose a period of at most {count} year.",
                    "Choose a period of at most {count} years.",
                    years,
                ).format(count=years)
            )
        if today is not None and start > today.year * 12 + today.month - 1:
            raise PeriodError(_("The period starts in the future. Choose a month up to this one."))
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
        # Translators: a period of whole months; {first} and {last} are months with their year,
        # such as "Jan 2026".
        return _("{first} to {last}").format(
            first=month_label(self.first), last=month_label(self.last)
        )


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
    codes = [c for c, _label in known if keep_empty or c in found]
    codes += sorted(found - set(labels) - {NOT_RECORDED})
    if NOT_RECORDED in found:
        codes.append(NOT_RECORDED)
    rows = [
        Row(
            code,
            # Translators: a row of a statistics table: reports that did not say (which strand,
            # place, who reported…).
            labels.get(code, _("Not recorded") if code == NOT_RECORDED else code),
            now.get((dimension, code), 0),
            before.get((dimension, code), 0),
        )
        for code in codes
    ]
    if by_count:
        rows.sort(key=lambda r: (r.code == NOT_RECORDED, -r.count, -r.previous, r.code))
    return tuple(rows)


def repeat_table(now: Counts, before: Counts, total: int, previous_total: int) -> Table:
    """Repeat victimisation: reports linked to an earlier report of the same person, or by the
    same offender (a report can be both), and the rest."""
    known = [
        # Translators: rows of the statistics table of repeat victimisation: reports linked to
        # an earlier report of the same person (a repeat victim), by the same offender, or
        # linked to no earlier report for either reason. Narrow columns cut the end off: keep
        # the few words before the colon short and first.
        ("same_person", _("Repeat victim: linked to an earlier report of the same person")),
        ("same_offender", _("Same offender: linked to an earlier report of the same offender")),
        (NOT_REPEAT, _("Neither: not linked to an earlier report of the same person or offender")),
    ]
    return Table("repeat", _("Repeat victimisation"), _rows("repeat", known, now, before),
                 total, previous_total, exact=False,
                 note=_("A report can be linked both ways. Links are made by the centre's "
                        "volunteers and coordinators."))  # fmt: skip


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
    total = sum(c for (d, _value), c in now.items() if d == "consent")
    previous_total = sum(c for (d, _value), c in before.items() if d == "consent")
    strands = _rows("strand", [(s.code, s.label) for s in vocab.strands], now, before)
    religion = vocab.strand("religion")
    religion_terms = [(t.code, t.label) for t in religion.sub_categories] if religion else []
    if UNKNOWN_RELIGION not in dict(religion_terms):
        # Translators: a row of the religion or belief table: the religion was not known.
        religion_terms.append((UNKNOWN_RELIGION, _("Not known")))
    offset = len(period.months)
    months = tuple(
        Row(m, month_label(m), by_month.get(m, 0), by_month.get(_month(_index(m) - offset), 0))
        for m in period.months
    )
    reporters = [(code, _(label)) for code, label in REPORTER_LABELS.items()]
    victims = [(code, _(label)) for code, label in VICTIM_LABELS.items()]
    # Titles and notes of the statistics tables (on screen, in the CSV and the PDF).
    tables = (
        Table("strand", _("Strand (what the hostility was towards)"), strands, total, previous_total,
              exact=False, note=_("A report can touch more than one strand.")),
        Table("religion", _("Religion or belief"), _rows("religion", religion_terms, now, before),
              now.get(("strand", "religion"), 0), before.get(("strand", "religion"), 0),
              exact=False, note=_("Reports with the religion or belief strand.")),
        Table("incident", _("Kind of incident"), _rows("incident", [(t.code, t.label) for t in vocab.incident_types], now, before),
              total, previous_total, exact=False, note=_("A report can name more than one kind.")),
        Table("place", _("Where it happened"), _rows("place", [(t.code, t.label) for t in vocab.place_types], now, before),
              total, previous_total, exact=True),
        Table("month", _("Month it happened"), months, total, previous_total, exact=True,
              note=_("Reports without a date count in the month they were taken.")),
        Table("reporter", _("Who reported"), _rows("reporter", reporters, now, before),
              total, previous_total, exact=True),
        Table("victim", _("Who or what was targeted"), _rows("victim", victims, now, before),
              total, previous_total, exact=True,
              note=_("Organisations and buildings: places of worship, community buildings, businesses.")),
        Table("consent", _("What the person agreed to"), _rows("consent", [(c, _(CONSENT_OUTCOMES[c])) for c in CONSENTS], now, before),
              total, previous_total, exact=True),
        Table("district", _("Postcode district"), _rows("district", [], now, before, keep_empty=False, by_count=True),
              total, previous_total, exact=True, note=_("The first half of the postcode only.")),
        repeat_table(now, before, total, previous_total),
    )  # fmt: skip
    return Figures(period, previous, total, previous_total, tables, demo_reports)
