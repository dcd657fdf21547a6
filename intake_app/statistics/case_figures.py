"""What the police did with the reports they received, counted by the month each report counts
in (as every other table): whether the force kept its promises, how soon an officer first made
contact, and how the reports were recorded, by strand.

Only codes are read (dates, how recorded, closed, the two enhanced-rights answers), never what
anyone typed; the outcome's free text is not counted. The tables go through the same disclosure
control as the others (``publish.make_safe``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from intake_app.domain.case_promises import (
    BROKEN,
    DUE,
    FIRST_CONTACT,
    KEPT,
    UPDATES,
    CaseFacts,
    ServicePromises,
    add_working_days,
    judge,
)
from intake_app.domain.vocabulary import Vocabulary
from intake_app.statistics.entries import NOT_RECORDED
from intake_app.statistics.figures import Period, Row, Table
from intake_app.storage.database import Database
from intake_app.support.i18n import N_, _, pgettext

NOT_YET = "not_yet"
CASE_TABLES = ("promise_first_contact", "promise_updates", "first_contact", "recorded_by_strand")
CONTACT_BANDS = (("2", 2), ("5", 5), ("10", 10))  # within N working days
RECORDED_CODES = ("crime", "incident", "no-record", "referred-elsewhere")
STATES = (
    (KEPT, N_("Kept")),
    (DUE, N_("Not yet due")),
    (BROKEN, N_("Broken")),
)


@dataclass
class _Case:
    month: str
    received: date | None = None
    updates: list[tuple[date, str, date | None, bool]] = field(default_factory=list)
    strands: set[str] = field(default_factory=set)
    enhanced: bool = False

    def facts(self) -> CaseFacts:
        contacts = [u[2] for u in self.updates if u[2] is not None]
        closed = [u[0] for u in self.updates if u[3]]
        return CaseFacts(self.received, [u[0] for u in self.updates],
                         min(contacts) if contacts else None, min(closed) if closed else None,
                         self.enhanced)  # fmt: skip

    def recorded(self) -> str:
        return max(self.updates)[1] if self.updates else NOT_YET


def _cases(db: Database, first: str, last: str, include_demo: bool) -> dict[str, _Case]:
    """Reports the force received that count in months ``first`` to ``last``."""
    demo = "" if include_demo else "AND e.is_demo = 0"
    cases: dict[str, _Case] = {}
    for report_id, month, received, enhanced in db.all(
        "SELECT e.report_id, e.month, min(substr(coalesce(b.received_at, b.acknowledged_at), 1, 10)), "  # noqa: S608
        "CASE WHEN json_valid(r.data) THEN coalesce(json_extract(r.data, '$.under_18'), 0) "
        "OR coalesce(json_extract(r.data, '$.adult_at_risk'), 0) ELSE 0 END "
        "FROM statistics_entries e JOIN reports r ON r.id = e.report_id "
        "JOIN batch_members m ON m.report_id = e.report_id AND m.outcome = 'accepted' "
        "JOIN batches b ON b.id = m.batch_id AND b.acknowledged_at IS NOT NULL "
        f"WHERE e.dimension = 'consent' AND e.month BETWEEN ? AND ? {demo} "
        "GROUP BY e.report_id",
        (first, last),
    ):
        cases[str(report_id)] = _Case(str(month), date.fromisoformat(str(received)),
                                      enhanced=bool(enhanced))  # fmt: skip
    if not cases:
        return cases
    for report_id, strand in db.all(
        "SELECT report_id, value FROM statistics_entries WHERE dimension = 'strand' "
        "AND month BETWEEN ? AND ?",
        (first, last),
    ):
        if str(report_id) in cases:
            cases[str(report_id)].strands.add(str(strand))
    for report_id, day, recorded, contacted, closed in db.all(
        "SELECT report_id, updated_on, recorded_as, contacted_on, closed FROM case_updates"
    ):
        case = cases.get(str(report_id))
        if case is not None:
            case.updates.append((date.fromisoformat(day), str(recorded),
                                 date.fromisoformat(contacted) if contacted else None,
                                 bool(closed)))  # fmt: skip
    return cases


def _contact_band(case: _Case) -> str:
    facts = case.facts()
    if facts.contacted_on is None or case.received is None:
        return NOT_YET
    for code, days in CONTACT_BANDS:
        if facts.contacted_on <= add_working_days(case.received, days):
            return code
    return "more"


def _table(key: str, title: str, note: str, known: list[tuple[str, str]], now: Counter[str],
           before: Counter[str], total: tuple[int, int], *, exact: bool) -> Table:  # fmt: skip
    codes = [c for c, _label in known]
    labels = dict(known)
    codes += sorted((set(now) | set(before)) - set(codes))
    rows = tuple(Row(c, labels.get(c, c), now[c], before[c]) for c in codes
                 if labels.get(c) or now[c] or before[c])  # fmt: skip
    return Table(key, title, rows, total[0], total[1], exact=exact, note=note)


def case_tables(
    db: Database,
    vocab: Vocabulary,
    period: Period,
    previous: Period,
    promises: ServicePromises | None,
    today: date,
    *,
    include_demo: bool,
) -> tuple[Table, ...]:
    """Always the same four tables (keys in ``CASE_TABLES``), empty where nothing counts."""
    everything = _cases(db, previous.first, period.last, include_demo)
    now = [c for c in everything.values() if c.month >= period.first]
    before = [c for c in everything.values() if c.month < period.first]
    tables: list[Table] = []
    states = [(code, _(label)) for code, label in STATES]
    for promise, key, title in (
        (FIRST_CONTACT, "promise_first_contact", _("The force's promise of first contact")),
        (UPDATES, "promise_updates", _("The force's promise of regular updates")),
    ):

        def judged(cases: Iterable[_Case], which: str = promise) -> Counter[str]:
            if not promises:
                return Counter()
            return Counter(
                s.state for c in cases for s in judge(promises, c.facts(), today)
                if s.promise == which
            )  # fmt: skip

        counted_now, counted_before = judged(now), judged(before)
        note = (_("Reports the force received.") if promises
                else _("The force's profile makes no such promise."))  # fmt: skip
        tables.append(_table(key, title, note, states, counted_now, counted_before,
                             (counted_now.total(), counted_before.total()),
                             exact=True))  # fmt: skip
    bands = [
        ("2", _("Within 2 working days")),
        ("5", _("Within 3 to 5 working days")),
        ("10", _("Within 6 to 10 working days")),
        ("more", _("After more than 10 working days")),
        (NOT_YET, _("No contact yet")),
    ]
    tables.append(_table("first_contact", _("Time to first contact by an officer"),
                         _("Reports the force received; working days from its receipt."), bands,
                         Counter(_contact_band(c) for c in now),
                         Counter(_contact_band(c) for c in before), (len(now), len(before)),
                         exact=True))  # fmt: skip
    strand_labels = {s.code: s.label for s in vocab.strands}
    strand_labels[NOT_RECORDED] = _("Not recorded")
    recorded_labels = {
        "crime": pgettext("recorded as", "a crime"),
        "incident": pgettext("recorded as", "a non-crime incident"),
        "no-record": pgettext("recorded as", "not recorded"),
        "referred-elsewhere": pgettext("recorded as", "referred to another agency"),
        NOT_YET: _("no update yet"),
    }
    known = [
        (f"{strand}/{recorded}",
         # Translators: a row of a statistics table: {strand} such as "Race", {recorded} how the
         # police recorded the reports, such as "a crime".
         _("{strand}: {recorded}").format(strand=strand_labels.get(strand, strand),
                                           recorded=recorded_labels[recorded]))
        for strand in [s.code for s in vocab.strands] + [NOT_RECORDED]
        for recorded in (*RECORDED_CODES, NOT_YET)
    ]  # fmt: skip

    def by_strand(cases: list[_Case]) -> Counter[str]:
        return Counter(
            f"{strand}/{c.recorded()}" for c in cases for strand in c.strands or {NOT_RECORDED}
        )

    counted_now, counted_before = by_strand(now), by_strand(before)
    present = set(counted_now) | set(counted_before)
    tables.append(_table("recorded_by_strand", _("How the police recorded them, by strand"),
                         _("A report can touch more than one strand."),
                         [k for k in known if k[0] in present], counted_now, counted_before,
                         (len(now), len(before)), exact=False))  # fmt: skip
    return tuple(tables)
