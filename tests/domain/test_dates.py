"""Dates typed the UK way or as ISO, stored as ISO, shown the UK way: by example and by property."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session
from intake_app.domain import dates
from intake_app.domain.report import Person, When
from intake_app.domain.validation import problems
from intake_app.domain.vocabulary import load
from intake_app.support.errors import ValidationFailed
from tests.conftest import full_report

VOCAB = load()
NOW = datetime(2026, 11, 21, 12, 0)
DAY_HINT = "Type the date as day/month/year, such as 23/04/1990."


def found(**changes: object) -> dict[str, str]:
    return dict(problems(full_report(**changes), VOCAB, NOW, complete=True))


@pytest.mark.parametrize(
    "typed", ["23/04/1990", "23.04.1990", "23-04-1990", "1990-04-23", " 23/04/1990 "]
)
def test_uk_order_and_iso_are_both_understood(typed: str) -> None:
    assert dates.parse_day(typed) == date(1990, 4, 23)
    assert dates.stored_day(typed) == "1990-04-23"
    assert dates.day_problem(typed) is None


def test_single_digit_day_and_month() -> None:
    assert dates.parse_day("3/4/1990") == date(1990, 4, 3)
    assert dates.parse_day("03/4/1990") == date(1990, 4, 3)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "There is no such date. Check the day and the month."),
        ("2026-13-01", "There is no such date. Check the day and the month."),
        ("29/02/2027", "There is no such date. Check the day and the month."),
        ("23/04", DAY_HINT),
        ("twenty third of April", DAY_HINT),
        ("23/O4/1990", DAY_HINT),  # a letter O for a nought
        ("23/04-1990", DAY_HINT),  # mixed separators
        ("04/23/1990", "There is no such date. Check the day and the month."),  # US order
        ("١٢/٠٤/١٩٩٠", DAY_HINT),  # digits from another script are not stored
        ("23/04/90", "Type the year in full, such as 23/04/1990."),
    ],
)
def test_refusals_say_what_to_type(typed: str, reason: str) -> None:
    assert dates.parse_day(typed) is None
    assert dates.day_problem(typed) == reason
    assert dates.stored_day(typed) == typed.strip()  # kept as typed for the draft


def test_moments_keep_a_time_and_show_it_the_uk_way() -> None:
    assert dates.join_moment("14/03/2026", "18:30") == "2026-03-14T18:30"
    assert dates.join_moment("14/03/2026", "6.05") == "2026-03-14T06:05"
    assert dates.join_moment("14/03/2026", "") == "2026-03-14"
    assert dates.join_moment("", "18:30") == "T18:30"
    assert dates.join_moment("14/03", "18:30") == "14/03T18:30"
    assert dates.parse_moment("2026-03-14T18:30") == datetime(2026, 3, 14, 18, 30)
    assert dates.moment_for_people("2026-03-14T18:30") == "14/03/2026 18:30"
    assert dates.moment_for_people("2026-03-14") == "14/03/2026"
    assert dates.moment_for_people("14/03T18:30") == "14/03T18:30"


def test_a_half_typed_day_with_letters_is_not_split_at_its_t() -> None:
    assert dates.split_moment("Tuesday") == ("Tuesday", "")
    assert dates.split_moment("TuesdayT18:30") == ("Tuesday", "18:30")
    assert dates.split_moment("2026-03-14T6pm") == ("2026-03-14", "6pm")


def test_date_messages_name_the_part_that_is_wrong() -> None:
    assert found(when=When(start="14/03")) == {"when.start": DAY_HINT}
    assert found(when=When(start="2026-03-14T6pm")) == {}  # as people say it
    assert found(when=When(start="2026-03-14T6 o'clock")) == {
        "when.start": "Type the time such as 18:30 or 6.30pm."
    }
    assert found(when=When(start="T18:30"))["when.start"] == "Give the date as well as the time."
    person = Person(name="A", phone="0116 496 0777", date_of_birth="23/04")
    assert found(person=person) == {"person.date_of_birth": DAY_HINT}


def test_dates_typed_the_uk_way_pass_validation() -> None:
    person = Person(name="A", phone="0116 496 0777", date_of_birth="23/04/1990")
    assert found(person=person, when=When(start="14/03/2026T18:30", end="15.03.2026")) == {}


def test_future_dates_are_refused_in_uk_order_too() -> None:
    assert found(when=When(start="22/11/2026"))["when.start"] == (
        "The date is in the future. Check the day, month and year."
    )
    assert found(when=When(start="21/11/2026T12:01"))["when.start"].startswith("The date is in")
    assert found(when=When(start="21/11/2026T11:59")) == {}
    person = Person(name="A", phone="0116 496 0777", date_of_birth="01/01/2030")
    assert found(person=person)["person.date_of_birth"] == (
        "The date of birth cannot be in the future."
    )


def test_an_approximate_range_in_uk_order_must_run_forwards() -> None:
    assert found(when=When(start="01/05/2026", end="01/06/2026")) == {}
    assert "before its start" in found(when=When(start="01/06/2026", end="01/05/2026"))["when.end"]


def test_a_report_keeps_iso_dates_and_converts_understood_ones() -> None:
    report = full_report(
        person=Person(date_of_birth="23/04/1990"), when=When(start="14/03/2026T6:30", end="15/03")
    ).with_stored_dates()
    assert report.person.date_of_birth == "1990-04-23"
    assert report.when.start == "2026-03-14T06:30"
    assert report.when.end == "15/03"  # not understood yet: kept as typed


def test_timestamps_are_shown_in_uk_order() -> None:
    shown = dates.timestamp_for_people("2026-03-14T18:30:05Z")
    assert shown[:10] in ("14/03/2026", "15/03/2026", "13/03/2026")  # local time zone
    assert shown.endswith(":05")
    assert dates.timestamp_for_people("not a time") == "not a time"
    utc = dates.timestamp_for_people("2026-03-14T18:30:05.123456Z", utc=True)
    assert utc == "14/03/2026 18:30:05"  # the audit log, headed "When (UTC)"


# --- properties -------------------------------------------------------------------------------

days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@settings(max_examples=300, deadline=None)
@given(day=days, separator=st.sampled_from("/.-"), padded=st.booleans())
def test_any_date_typed_the_uk_way_reads_back(day: date, separator: str, padded: bool) -> None:
    text = dates.uk(day).replace("/", separator)
    if not padded:
        text = f"{day.day}{separator}{day.month}{separator}{day.year:04d}"
    assert dates.parse_day(text) == day
    assert dates.stored_day(text) == dates.iso(day) == day.isoformat()


@settings(max_examples=300, deadline=None)
@given(day=days)
def test_any_iso_date_reads_back_and_shows_the_uk_way(day: date) -> None:
    assert dates.parse_day(day.isoformat()) == day
    assert dates.day_for_people(day.isoformat()) == dates.uk(day)


@settings(max_examples=300, deadline=None)
@given(day=days, at=st.times().map(lambda t: time(t.hour, t.minute)))
def test_any_moment_stored_reads_back(day: date, at: time) -> None:
    stored = dates.join_moment(dates.uk(day), f"{at.hour}:{at.minute:02d}")
    assert stored == f"{day.isoformat()}T{at:%H:%M}"
    assert dates.parse_moment(stored) == datetime.combine(day, at)
    assert dates.stored_moment(stored) == stored


@settings(max_examples=500, deadline=None)
@given(typed=st.text(max_size=20))
def test_anything_typed_gives_a_date_or_a_reason(typed: str) -> None:
    day = dates.parse_day(typed)
    reason = dates.day_problem(typed)
    assert (day is None) == (reason is not None)
    if day is not None:
        assert dates.stored_day(typed) == day.isoformat()
    dates.stored_moment(typed)
    dates.moment_for_people(typed)
    dates.parse_moment(typed)


@settings(max_examples=300, deadline=None)
@given(typed=st.from_regex(r"[0-9]{1,4}[/.-][0-9]{1,4}[/.-][0-9]{1,4}", fullmatch=True))
def test_date_shaped_text_never_crashes_the_parser(typed: str) -> None:
    day = dates.parse_day(typed)
    assert day is None or dates.day_problem(typed) is None


# --- through the reports service ----------------------------------------------------------------


def test_the_service_stores_understood_dates_as_iso_and_keeps_half_typed_ones(
    session: Session,
) -> None:
    person = Person(name="Zenobia", phone="0116 496 0777", date_of_birth="23/04/1990")
    record = session.reports.create_draft(
        full_report(person=person, when=When(start="14.03.2026T18:30", end="15/03")), strict=False
    )
    stored = session.reports.get(record.id).report
    assert stored.person.date_of_birth == "1990-04-23"
    assert stored.when.start == "2026-03-14T18:30"
    assert stored.when.end == "15/03"
    assert session.reports.list()[0].occurred_on == "2026-03-14T18:30"
    with pytest.raises(ValidationFailed) as caught:
        session.reports.mark_ready(record.id)
    assert ("when.end", DAY_HINT) in caught.value.problems


def test_a_draft_saved_with_a_uk_date_before_conversion_is_stored_as_iso_when_ready(
    session: Session,
) -> None:
    record = session.reports.create_draft(full_report())
    document = full_report(when=When(start="14/03/2026T18:30")).to_dict()
    session.reports.db.execute(
        "UPDATE reports SET data = ? WHERE id = ?", (json.dumps(document), record.id)
    )
    session.reports.mark_ready(record.id)
    assert session.reports.get(record.id).report.when.start == "2026-03-14T18:30"
    assert session.reports.list()[0].occurred_on == "2026-03-14T18:30"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("6pm", "18:00"), ("6:30pm", "18:30"), ("6.30 pm", "18:30"), ("11:15am", "11:15"),
     ("12am", "00:00"), ("12pm", "12:00"), ("6 p.m.", "18:00"), ("18:30", "18:30")],
)  # fmt: skip
def test_times_are_taken_as_people_say_them(typed: str, stored: str) -> None:
    assert dates.stored_time(typed) == stored


@pytest.mark.parametrize("typed", ["13pm", "0pm", "6:75pm", "pm", "6 o'clock"])
def test_times_that_are_not_times_are_kept_as_typed_and_refused(typed: str) -> None:
    assert dates.parse_time(typed) is None
    assert dates.stored_time(typed) == typed.strip()
