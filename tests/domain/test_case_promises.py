"""The force's promises judged for one report: working days, enhanced rights, update gaps; and a
profile without promises keeps the fingerprint it had."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain.case_promises import (
    BROKEN,
    DUE,
    KEPT,
    CaseFacts,
    ServicePromises,
    add_working_days,
    is_working_day,
    judge,
)
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.force_profile_format import ProfileInvalid, parse_profile

WEDNESDAY = date(2026, 11, 11)
PROMISES = ServicePromises(5, 2, 28)


def test_working_days_skip_the_weekend() -> None:
    assert add_working_days(WEDNESDAY, 2) == date(2026, 11, 13)  # Friday
    assert add_working_days(WEDNESDAY, 3) == date(2026, 11, 16)  # Monday
    assert add_working_days(date(2026, 11, 14), 1) == date(2026, 11, 16)  # Saturday → Monday


@pytest.mark.parametrize(
    ("received", "days", "by"),
    [
        (date(2026, 12, 24), 2, date(2026, 12, 30)),  # Christmas, Boxing Day kept on Monday 28th
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # the late summer bank holiday
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # a one-off: the late Queen's funeral
    ],
)
def test_working_days_skip_bank_holidays_in_england_and_wales(
    received: date, days: int, by: date
) -> None:
    assert add_working_days(received, days) == by


@settings(deadline=None)  # each year's bank holidays are worked out when first asked
@given(start=st.dates(date(2000, 1, 1), date(2100, 1, 1)), days=st.integers(1, 365))
def test_working_days_land_on_a_working_day_with_that_many_working_days_between(
    start: date, days: int
) -> None:
    end = add_working_days(start, days)
    assert is_working_day(end) and end.weekday() < 5
    between = [start + timedelta(n) for n in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d) for d in between) == days
    assert sum(d.weekday() < 5 for d in between) <= days + 12 * (days // 250 + 1)


@pytest.mark.parametrize(
    ("contacted", "today", "state"),
    [
        (date(2026, 11, 18), date(2026, 12, 1), KEPT),  # the 5th working day
        (date(2026, 11, 19), date(2026, 12, 1), BROKEN),
        (None, date(2026, 11, 18), DUE),
        (None, date(2026, 11, 19), BROKEN),
    ],
)
def test_first_contact(contacted: date | None, today: date, state: str) -> None:
    facts = CaseFacts(WEDNESDAY, contacted_on=contacted)
    first = judge(PROMISES, facts, today)[0]
    assert (first.state, first.by, first.enhanced) == (state, date(2026, 11, 18), False)


def test_enhanced_rights_count_the_faster_promise() -> None:
    facts = CaseFacts(WEDNESDAY, contacted_on=date(2026, 11, 16), enhanced_rights=True)
    first = judge(PROMISES, facts, date(2026, 12, 1))[0]
    assert (first.state, first.by, first.enhanced, first.days) == (
        BROKEN,
        date(2026, 11, 13),
        True,
        2,
    )
    plain = judge(ServicePromises(5, None, None), facts, date(2026, 12, 1))[0]
    assert (plain.state, plain.enhanced) == (KEPT, False)


def test_updates_every_n_days() -> None:
    every = ServicePromises(update_every_days=10)
    on_time = [WEDNESDAY + timedelta(10), WEDNESDAY + timedelta(20)]
    assert judge(every, CaseFacts(WEDNESDAY, on_time), WEDNESDAY + timedelta(25))[0].state == DUE
    assert judge(every, CaseFacts(WEDNESDAY, on_time), WEDNESDAY + timedelta(31))[0].state == BROKEN
    late = [WEDNESDAY + timedelta(11)]
    assert judge(every, CaseFacts(WEDNESDAY, late), WEDNESDAY + timedelta(12))[0].state == BROKEN
    closed = CaseFacts(WEDNESDAY, on_time, closed_on=on_time[-1])
    assert judge(every, closed, WEDNESDAY + timedelta(400))[0].state == KEPT


def test_nothing_is_judged_before_the_force_received_the_report() -> None:
    assert judge(PROMISES, CaseFacts(None), WEDNESDAY) == []
    assert judge(ServicePromises(), CaseFacts(WEDNESDAY), WEDNESDAY) == []


def _profile(**changes: object) -> ForceProfile:
    return ForceProfile(force_code="leicestershire", force_name="Leicestershire Police",
                        age_recipients=("age1x",), minisign_public_key="k", **changes)  # type: ignore[arg-type]  # fmt: skip


def test_a_profile_without_promises_keeps_its_fingerprint() -> None:
    assert "promises" not in _profile().to_json()
    # the fingerprint of this profile before promises existed
    assert _profile().fingerprint == "3E8C 1EB5 EA68 7663 A4AF 4F36 BE32 513F"
    assert _profile(promises=PROMISES).fingerprint != _profile().fingerprint
    assert _profile(promises=PROMISES).to_json()["promises"] == {
        "first_contact_working_days": 5,
        "enhanced_first_contact_working_days": 2,
        "update_every_days": 28,
    }


@pytest.mark.parametrize("bad", [{"update_every_days": 0}, {"update_every_days": True},
                                 {"update_every_days": 366}, {"sooner": 1}, [], "5"])  # fmt: skip
def test_malformed_promises_are_refused(force, bad: object) -> None:  # type: ignore[no-untyped-def]
    profile = force[2]
    document = {**profile.to_json(), "promises": bad}
    import json

    with pytest.raises(ProfileInvalid):
        parse_profile(json.dumps(document).encode())
    good = {**profile.to_json(), "promises": {"update_every_days": 14}}
    assert parse_profile(json.dumps(good).encode()).promises == ServicePromises(None, None, 14)
