"""Phone numbers: UK numbers as dialled here, any other country's with its code; kept as typed."""

from __future__ import annotations

from datetime import datetime

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session
from intake_app.domain import text_rules
from intake_app.domain.report import Person, Report, Witness
from intake_app.domain.report_display import describe
from intake_app.domain.validation import PHONE_MESSAGE, problems
from intake_app.domain.vocabulary import load
from tests.conftest import full_report

VOCAB = load()
NOW = datetime(2026, 11, 21, 12, 0)
POLISH, ROMANIAN, IRISH = "+48 512 345 678", "+40 712 345 678", "+353 85 123 4567"
REGIONS = ("GB", "PL", "RO", "IE", "IN", "PK", "BD", "SO")


@pytest.mark.parametrize(
    "typed",
    [
        POLISH,
        ROMANIAN,
        IRISH,
        "0048 512 345 678",
        "+48512345678",
        "0116 496 0123",
        "07700 900123",
        "+44 116 496 0123",
        "+44 (0)116 496 0123",
        "0044 116 496 0123",
        "0800 111 2222",
        " 0116-496-0123 ",
    ],
)
def test_numbers_people_give_are_accepted(typed: str) -> None:
    assert text_rules.is_phone(typed)


@pytest.mark.parametrize(
    "typed",
    ["12345", "0116 49", "512 345 678", "0116 496 0123 ext 4", "phone me", "+", "0116+496+0123"],
)
def test_numbers_that_cannot_be_dialled_are_refused(typed: str) -> None:
    assert not text_rules.is_phone(typed)


def test_only_uk_numbers_are_uk_numbers() -> None:
    """The centre's own number, printed on leaflets, must still be a UK one."""
    assert text_rules.is_uk_phone("0044 116 496 0123")
    assert not text_rules.is_uk_phone(POLISH)


def test_numbers_are_shown_in_a_standard_form() -> None:
    assert text_rules.phone_for_people("+48512345678") == POLISH
    assert text_rules.phone_for_people("0048 512345678") == POLISH
    assert text_rules.phone_for_people("+353851234567") == IRISH
    assert text_rules.phone_for_people("+441164960123") == "0116 496 0123"
    assert text_rules.phone_for_people("0116-496-0123") == "0116 496 0123"
    assert text_rules.phone_for_people("0116 49") == "0116 49"  # not a number: as typed


def test_a_report_shows_numbers_in_standard_form_but_keeps_them_as_typed() -> None:
    report = full_report(
        person=Person(name="Ana", phone="+40712345678"),
        witnesses=[Witness(name="Bea", phone="00353851234567")],
    )
    shown = dict(describe(report, VOCAB))
    assert shown["Phone"] == ROMANIAN
    assert shown["Witness 1: phone"] == IRISH
    assert report.person.phone == "+40712345678"


def test_each_phone_field_names_the_country_code_when_refused() -> None:
    report = full_report(
        person=Person(name="A", phone="512 345 678"), witnesses=[Witness(name="B", phone="99")]
    )
    report.reporter.phone = "0116"
    found = dict(problems(report, VOCAB, NOW))
    assert found["person.phone"] == found["reporter.phone"] == PHONE_MESSAGE
    assert found["witnesses[0].phone"] == PHONE_MESSAGE
    assert "+48 512 345 678" in PHONE_MESSAGE


def test_a_report_whose_only_number_is_polish_can_be_marked_ready(session: Session) -> None:
    person = Person(name="Zofia Kowalska", phone=POLISH)
    record = session.reports.create_draft(full_report(person=person, witnesses=[]))
    ready = session.reports.mark_ready(record.reference)
    assert ready.status == "ready"
    assert session.reports.get(record.id).report.person.phone == POLISH  # kept as typed


def test_a_draft_with_a_half_typed_international_number_saves(session: Session) -> None:
    record = session.reports.create_draft(
        full_report(person=Person(name="Ana", phone="+40 712")), strict=False
    )
    assert session.reports.get(record.id).report.person.phone == "+40 712"


# --- properties -------------------------------------------------------------------------------


def _example(region: str, style: int) -> str:
    number = phonenumbers.example_number(region)
    assert number is not None
    formats = (
        phonenumbers.PhoneNumberFormat.E164,
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )
    text = phonenumbers.format_number(number, formats[style])
    if style == 2:
        text = "00" + text[1:]  # as dialled from the UK
    return text


@settings(max_examples=200, deadline=None)
@given(region=st.sampled_from(REGIONS), style=st.integers(0, 2))
def test_example_numbers_of_the_communities_served_are_accepted(region: str, style: int) -> None:
    text = _example(region, style)
    assert text_rules.is_phone(text), text
    assert text_rules.parse_phone(text) == phonenumbers.example_number(region)


@settings(max_examples=100, deadline=None)
@given(region=st.sampled_from(REGIONS))
def test_example_numbers_are_shown_uk_national_or_with_their_country_code(region: str) -> None:
    shown = text_rules.phone_for_people(_example(region, 0))
    assert shown.startswith("0" if region == "GB" else "+")
    assert text_rules.phone_for_people(shown) == shown


@settings(max_examples=500, deadline=None)
@given(
    typed=st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789 +-()./", max_size=40),
        st.from_regex(r"(\+|00)?[0-9 ]{0,30}", fullmatch=True),
    )
)
@example(typed="0001000000000")  # leading zeros once read as an old-style UK number
def test_anything_typed_never_crashes_the_phone_checks(typed: str) -> None:
    accepted = text_rules.is_phone(typed)
    shown = text_rules.phone_for_people(typed)
    assert accepted or shown == typed
    if accepted:
        assert text_rules.is_phone(shown)
    problems(Report(person=Person(phone=typed)), VOCAB, NOW)
