"""Statistics count what they should, from the store, and keep counting after personal data goes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from intake_app.app.session import Session
from intake_app.domain.report import Report, Reporter, StrandChoice, When, Where
from intake_app.statistics.entries import month_of, record_entries
from intake_app.statistics.figures import Period, PeriodError
from intake_app.storage.migrations import all_migrations, migrate
from tests.conftest import full_report

MARCH = Period("2026-03", "2026-03")


def _ready(session: Session, **changes: object) -> str:
    record = session.reports.create_draft(full_report(**changes))
    session.reports.mark_ready(record.id)
    return record.id


def _counts(session: Session, key: str, period: Period = MARCH) -> dict[str, tuple[int, int]]:
    table = session.statistics.figures(period).table(key)
    return {row.code: (row.count, row.previous) for row in table.rows}


def test_ready_reports_count_by_every_dimension_and_drafts_do_not(session: Session) -> None:
    _ready(session)
    _ready(session, consent="monitoring_only", reporter_type="witness", reporter=Reporter(name="Ottoline Brackenbury"),
           strands=[StrandChoice("religion", "jewish"), StrandChoice("religion", "muslim")],
           incident_types=["graffiti"], where=Where(place_type="street", postcode="LE2 1AB"))  # fmt: skip
    session.reports.create_draft(full_report())  # a draft: not counted
    figures = session.statistics.figures(MARCH)
    assert figures.total == 2
    assert _counts(session, "strand")["religion"] == (2, 0)
    assert _counts(session, "strand")["race"] == (1, 0)
    assert _counts(session, "religion")["muslim"] == (2, 0)
    assert _counts(session, "religion")["jewish"] == (1, 0)
    assert _counts(session, "incident")["graffiti"] == (1, 0)
    assert _counts(session, "incident")["verbal_abuse"] == (1, 0)
    assert _counts(session, "place")["public_transport"] == (1, 0)
    assert _counts(session, "reporter") == {
        "victim": (1, 0),
        "witness": (1, 0),
        "third_party": (0, 0),
    }
    assert _counts(session, "consent")["monitoring_only"] == (1, 0)
    assert _counts(session, "district") == {"LE1": (1, 0), "LE2": (1, 0)}
    assert _counts(session, "month") == {"2026-03": (2, 0)}


def test_previous_period_is_the_same_length_just_before(session: Session) -> None:
    _ready(session, when=When(start="2026-02-10"))
    _ready(session, when=When(start="2026-01-05"))
    _ready(session, when=When(start="2026-03-01"))
    figures = session.statistics.figures(Period("2026-02", "2026-03"))
    assert figures.previous == Period("2025-12", "2026-01")
    assert (figures.total, figures.previous_total) == (2, 1)
    months = {r.code: (r.count, r.previous) for r in figures.table("month").rows}
    assert months == {"2026-02": (1, 0), "2026-03": (1, 1)}  # beside December and January


def test_withdrawn_and_purged_reports_still_count(session: Session) -> None:
    first = _ready(session)
    _ready(session)
    before = session.statistics.figures(MARCH)
    session.reports.withdraw(first)
    session.reports.erase_personal_data(first, "purged", "report.purged")
    after = session.statistics.figures(MARCH)
    assert after == before


def test_a_report_without_a_date_counts_in_the_month_it_was_taken() -> None:
    # Ready reports always have a date now; older stores may hold some without.
    assert month_of(Report(), "2026-05-02T10:00:00Z") == "2026-05"
    assert month_of(Report(when=When(start="2026-03-14T18:30")), "2026-05-02") == "2026-03"


def test_demo_reports_can_be_left_out(session: Session) -> None:
    session.demo.generate(40, ready_share=1.0)
    today = session.local_now().date()
    year = Period.last_months(12, today)
    with_demo = session.statistics.figures(year, include_demo=True)
    assert with_demo.total == with_demo.demo_reports > 0
    assert session.statistics.figures(year, include_demo=False).total == 0
    assert session.statistics.has_reports(demo=True)
    assert not session.statistics.has_reports(demo=False)


def test_migration_fills_the_same_entries_as_marking_ready(session: Session) -> None:
    session.demo.generate(60, ready_share=0.7)
    first = _ready(session)
    legacy = Report(consent="monitoring_only", when=When(start="2025-12-01"))  # an older store's
    with session.db.transaction():
        session.db.execute(
            "UPDATE reports SET data = ?, occurred_on = '2025-12-01' WHERE id = ?",
            (json.dumps(legacy.to_dict()), first),
        )
        session.db.execute("DELETE FROM report_strands WHERE report_id = ?", (first,))
        record_entries(session.db, first, legacy, "2026-01-01T00:00:00Z", is_demo=False)
    session.reports.withdraw(_ready(session))
    draft = session.reports.create_draft(full_report())
    session.reports.withdraw(draft.id)  # withdrawn before it was ready: never counted
    query = "SELECT report_id, month, is_demo, dimension, value FROM statistics_entries"
    written = sorted(session.db.all(query))
    assert any(r[0] == first and r[3] == "strand" and r[4] == "not_recorded" for r in written)
    assert not any(r[0] == draft.id for r in written)
    with session.db.transaction():
        session.db.execute("DROP TABLE statistics_entries")
    (fills,) = [m.version for m in all_migrations() if m.name == "0004_statistics.sql"]
    session.db.execute(f"PRAGMA user_version = {fills - 1:d}")
    migrate(session.db, target=fills)  # that migration alone, as on a store made before it
    # Who or what was targeted came later (migration 0009 counts each earlier report as about a
    # person): one entry for each report counted.
    # Repeat victimisation came later still (migration 0013 counts each earlier report as linked
    # to none: links did not exist), and no report here is linked.
    later = ("victim", "repeat")
    assert sorted(session.db.all(query)) == [r for r in written if r[3] not in later]
    consent_rows = [r[:3] for r in written if r[3] == "consent"]
    victims = [r for r in written if r[3] == "victim"]
    assert [r[:3] for r in victims] == consent_rows
    assert {r[4] for r in victims} <= {"person", "organisation"}
    assert [r for r in written if r[3] == "repeat"] == [
        (*r, "repeat", "none") for r in consent_rows
    ]


def test_periods_are_checked_in_plain_english() -> None:
    with pytest.raises(PeriodError, match="not a month"):
        Period.parse("2026-13", "2026-12")
    with pytest.raises(PeriodError, match="ends before it starts"):
        Period.parse("2026-05", "2026-01")
    with pytest.raises(PeriodError, match="future"):
        Period.parse("2027-01", "2027-02", today=date(2026, 11, 21))
    assert Period.parse(" 2026-01", "2026-12").previous() == Period("2025-01", "2025-12")
    assert Period.last_months(3, date(2026, 1, 9)) == Period("2025-11", "2026-01")
