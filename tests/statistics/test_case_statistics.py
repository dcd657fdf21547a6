"""Statistics of what the police did (promises kept, time to first contact, how reports were
recorded by strand) on a real store: the rows agree with the reports, and once made safe no
hidden cell can be worked out, as for every other table (test_disclosure.py)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session
from intake_app.statistics.case_figures import CASE_TABLES
from intake_app.statistics.disclosure import THRESHOLD, Hidden, Shown
from intake_app.statistics.figures import Period
from intake_app.statistics.publish import make_safe
from tests.case_update_world import fixture
from tests.statistics.test_disclosure import possible_values

RECEIVED = date(2026, 10, 5)  # a Monday
PERIOD = Period("2026-10", "2026-10")

cases = st.lists(
    st.fixed_dictionaries({
        "strands": st.sets(st.sampled_from(["race", "religion", "disability"]), max_size=2),
        "contact": st.none() | st.integers(0, 30),
        "recorded": st.none() | st.sampled_from(["crime", "incident", "no-record"]),
        "closed": st.booleans(),
        "child": st.booleans(),
        "month": st.sampled_from(["2026-09", "2026-10"]),
    }),
    max_size=30,
)  # fmt: skip


def _store(session: Session, drawn: list[dict]) -> None:  # type: ignore[type-arg]
    db = session.db
    with db.transaction():
        for table in ("case_updates", "case_update_files", "batch_members", "batches",
                      "statistics_entries", "reports"):  # fmt: skip
            db.execute(f"DELETE FROM {table}")
        db.execute(
            "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, "
            "previous_sha256, report_count, acknowledged_at, received_at) VALUES "
            "('b1', 1, '2026-10-05T09:00:00Z', ?, 'f', 'p', 1, '2026-10-05T10:00:00Z', "
            "'2026-10-05T10:00:00Z')",
            (session.context.actor,),
        )
        db.execute("INSERT INTO case_update_files VALUES (1, 'h', 'leicestershire', 'c', 'i', 1)")
        for n, case in enumerate(drawn):
            report_id = f"{n:032x}"
            data = '{"under_18": true}' if case["child"] else "{}"
            db.execute(
                "INSERT INTO reports (id, reference, status, created_by, created_at, updated_at, "
                "data) VALUES (?, ?, 'acknowledged', ?, '2026-10-01T00:00:00Z', 'x', ?)",
                (report_id, f"RIVA-2026-{n:05d}-X", session.context.actor, data),
            )
            entries = [("consent", "police_with_contact")]
            entries += [("strand", s) for s in sorted(case["strands"]) or ["not_recorded"]]
            for dimension, value in entries:
                db.execute("INSERT INTO statistics_entries VALUES (?, ?, 0, ?, ?)",
                           (report_id, case["month"], dimension, value))  # fmt: skip
            db.execute("INSERT INTO batch_members (batch_id, report_id, outcome) "
                       "VALUES ('b1', ?, 'accepted')", (report_id,))  # fmt: skip
            if case["recorded"]:
                contact = case["contact"]
                db.execute(
                    "INSERT INTO case_updates (report_id, file_sequence, updated_on, "
                    "crime_reference, recorded_as, contacted_on, outcome, closed) "
                    "VALUES (?, 1, '2026-10-20', 'LP/1', ?, ?, '', ?)",
                    (report_id, case["recorded"],
                     None if contact is None else (RECEIVED + timedelta(contact)).isoformat(),
                     int(case["closed"])),
                )  # fmt: skip


def _possible(cells: tuple[Shown, ...], total: int, exact: bool) -> list[set[int]]:
    """As ``possible_values``; where a report can count in several rows the other hidden cells
    may add up to more than the total, so any value is possible once they can make up the rest
    (the shared helper caps their sum at the total, which only an exact table does)."""
    if exact:
        return possible_values(cells, total, exact)
    shown = sum(c for c in cells if isinstance(c, int))
    ranges = [(1, THRESHOLD - 1) if c is Hidden.SMALL else (THRESHOLD, total)
              for c in cells if isinstance(c, Hidden)]  # fmt: skip
    found = []
    for i, (low, high) in enumerate(ranges):
        others = sum(h for j, (_low, h) in enumerate(ranges) if j != i)
        found.append({v for v in range(low, high + 1) if shown + v + others >= total})
    return found


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(drawn=cases)
def test_case_tables_count_right_and_hide_what_could_identify(
    session: Session,
    drawn: list[dict],  # type: ignore[type-arg]
) -> None:
    if session.exports.profile() is None:
        session.exports.import_profile(fixture("force-profile.json"))
    _store(session, drawn)
    figures = session.statistics.figures(PERIOD)
    safe = make_safe(figures)
    in_period = [c for c in drawn if c["month"] == "2026-10"]
    for key in CASE_TABLES:
        table, shown = figures.table(key), safe.table(key)
        counts = [r.count for r in table.rows]
        if table.exact:
            assert sum(counts) == table.total
        else:
            assert all(c <= table.total for c in counts) and sum(counts) >= table.total
        if key != "promise_updates" and key != "promise_first_contact":
            assert table.total == len(in_period)
        cells = tuple(r.count for r in shown.rows)
        if shown.withheld:
            assert all(isinstance(c, Hidden) for c in cells)
            continue
        hidden_true = [n for n, c in zip(counts, cells, strict=True) if isinstance(c, Hidden)]
        for fits, true in zip(_possible(cells, table.total, table.exact), hidden_true,
                              strict=True):  # fmt: skip
            assert true in fits and len(fits) >= 2, (key, counts, cells)
    first = figures.table("first_contact")
    assert {r.code: r.count for r in first.rows}["not_yet"] == sum(
        1 for c in in_period if not c["recorded"] or c["contact"] is None
    )


def test_without_a_profile_the_promise_tables_are_empty(session: Session) -> None:
    figures = session.statistics.figures(PERIOD)
    assert [figures.table(k).total for k in CASE_TABLES] == [0, 0, 0, 0]
    assert "no such promise" in figures.table("promise_first_contact").note
