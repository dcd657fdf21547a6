"""Report validation: one precise message per field, by example and by property."""

from __future__ import annotations

import string
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain import text_rules
from intake_app.domain.report import Person, Report, StrandChoice, When, Where, postcode_district
from intake_app.domain.validation import problems
from intake_app.domain.vocabulary import load
from tests.conftest import full_report

VOCAB = load()
NOW = datetime(2026, 11, 21, 12, 0)


def fields_of(report: Report, complete: bool = True) -> dict[str, str]:
    return dict(problems(report, VOCAB, NOW, complete=complete))


def test_complete_report_has_no_problems() -> None:
    assert fields_of(full_report()) == {}


def test_empty_draft_saves_but_cannot_be_ready() -> None:
    assert fields_of(Report(), complete=False) == {}
    missing = fields_of(Report())
    for path in ("consent", "reporter_type", "perception", "strands", "incident_types",
                 "description", "when.start", "where.place_type"):  # fmt: skip
        assert path in missing
    assert "in their words" in missing["perception"]


def test_anonymous_report_does_not_ask_for_identifying_details() -> None:
    report = full_report(anonymous=True, consent="police_without_details", person=Person())
    assert fields_of(report) == {}


def test_anonymous_report_refuses_identifying_details_and_contact_consent() -> None:
    found = fields_of(full_report(anonymous=True))
    assert "stay anonymous" in found["person.name"]
    assert "cannot be passed on with contact details" in found["consent"]


def test_contact_consent_needs_a_name_and_a_way_to_make_contact() -> None:
    found = fields_of(full_report(person=Person()))
    assert "name" in found["person.name"]
    assert "way to contact" in found["person.phone"]


def test_dates_in_the_future_are_refused() -> None:
    found = fields_of(full_report(when=When(start="2026-11-22")))
    assert "future" in found["when.start"]
    found = fields_of(
        full_report(person=Person(name="A", phone="0116 496 0777", date_of_birth="2030-01-01"))
    )
    assert "future" in found["person.date_of_birth"]


def test_approximate_range_must_run_forwards() -> None:
    assert fields_of(full_report(when=When(start="2026-05-01", end="2026-06-01"))) == {}
    found = fields_of(full_report(when=When(start="2026-06-01", end="2026-05-01")))
    assert "before its start" in found["when.end"]


def test_a_child_needs_parental_consent_recorded() -> None:
    child = Person(name="Kit", phone="0116 496 0777", date_of_birth="2015-06-01")
    found = fields_of(full_report(person=child))
    assert "under 18" in found["under_18"]
    found = fields_of(full_report(person=child, under_18=True))
    assert "parent or carer" in found["parental_consent"]
    assert fields_of(full_report(person=child, under_18=True, parental_consent=True)) == {}


def test_a_seventeen_year_old_is_a_child_too() -> None:
    born = (NOW.date() - timedelta(days=17 * 366)).isoformat()
    found = fields_of(
        full_report(person=Person(name="Kit", phone="0116 496 0777", date_of_birth=born))
    )
    assert "under 18" in found["under_18"]


def test_the_centre_may_rule_that_a_child_needs_no_parents_agreement() -> None:
    child = Person(name="Kit", phone="0116 496 0777", date_of_birth="2015-06-01")
    report = full_report(person=child, under_18=True, parental_consent=False)
    assert "consent" in fields_of(report)
    found = problems(report, VOCAB, NOW, complete=True, children_need_parental_consent=False)
    assert found == []


def test_postcode_phone_and_email_formats() -> None:
    bad = Person(name="A", phone="12345", email="not-an-email", postcode="XYZ")
    found = fields_of(full_report(person=bad))
    assert found["person.phone"] == (
        "Enter a phone number, such as 0116 496 0123, or with the country code, such as "
        "+48 512 345 678."
    )
    assert "email" in found["person.email"]
    assert "UK postcode" in found["person.postcode"]


def test_unknown_vocabulary_codes_are_named() -> None:
    report = full_report(
        strands=[StrandChoice("religion", "pastafarian"), StrandChoice("weather", "")],
        incident_types=["verbal_abuse", "teleportation"],
        where=Where(place_type="moon"),
    )
    found = fields_of(report, complete=False)
    assert "strands[0].sub_category" in found
    assert "strands[1].strand" in found
    assert "incident_types[1]" in found
    assert "where.place_type" in found


def test_force_vocabulary_adds_local_strands() -> None:
    report = full_report(strands=[StrandChoice("alternative_subculture", "")])
    assert "strands[0].strand" in fields_of(report)
    assert fields_of(report, complete=True) != {}
    west_mercia = load("west-mercia")
    assert dict(problems(report, west_mercia, NOW, complete=True)) == {}


def test_too_long_and_control_characters_are_refused_with_the_limit() -> None:
    found = fields_of(
        full_report(perception="x" * 20_001, description="Bad\x00byte"), complete=False
    )
    assert "20,000" in found["perception"]
    assert "control character" in found["description"]


def test_online_place_asks_for_the_platform() -> None:
    found = fields_of(full_report(where=Where(place_type="online")))
    assert "website or app" in found["where.online_platform"]


# --- properties -------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=300, deadline=None)
@given(value=texts)
def test_text_rule_never_crashes_and_refuses_only_for_a_reason(value: str) -> None:
    reason = text_rules.text_problem(value, 200, multiline=True)
    has_control = any((ord(c) < 32 and c not in "\n\t\r") or 0x7F <= ord(c) < 0xA0 for c in value)
    turns_direction = not text_rules.BIDI_CONTROLS.isdisjoint(value)
    assert (reason is not None) == (len(value) > 200 or has_control or turns_direction)


@settings(max_examples=300, deadline=None)
@given(
    outward=st.from_regex(r"[A-PR-UWYZ][A-HK-Y]?[0-9]", fullmatch=True),
    inward=st.from_regex(r"[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True),
    spaces=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_well_formed_postcodes_pass_in_any_spacing_or_case(
    outward: str, inward: str, spaces: str, lower: bool
) -> None:
    text = outward + spaces + inward
    assert text_rules.is_uk_postcode(text.lower() if lower else text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=12))
def test_postcode_check_agrees_with_its_normal_form(text: str) -> None:
    assert text_rules.is_uk_postcode(text) == text_rules.is_uk_postcode(
        text_rules.normalise_postcode(text)
    )


@settings(max_examples=300, deadline=None)
@given(digits=st.from_regex(r"0[1237][0-9]{9}", fullmatch=True), style=st.integers(0, 3))
def test_uk_numbers_pass_in_common_styles(digits: str, style: int) -> None:
    """Every 11-digit shape accepted before the phonenumbers library is still accepted."""
    text = [digits, f"{digits[:5]} {digits[5:]}", "+44 " + digits[1:], "0044 " + digits[1:]]
    assert text_rules.is_uk_phone(text[style])


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["consent", "perception", "person", "strands",
                                             "offender_count", "when", "bogus"]),
                            st.one_of(st.none(), st.integers(), texts, st.lists(st.integers()),
                                      st.dictionaries(st.text(max_size=5), st.integers()))))  # fmt: skip
def test_any_json_shape_gives_problems_not_crashes(data: dict[str, object]) -> None:
    report, shape = Report.from_dict(data)
    problems(report, VOCAB, NOW, complete=True)
    if "bogus" in data:
        assert ("bogus", "This is not a field of a report.") in shape


def test_where_it_happened_may_be_just_a_postcode_district() -> None:
    """A person often knows only "LE3" of a street; their own postcode must be whole."""
    vocab = load()
    now = datetime(2026, 11, 21, 12, 0)
    district = full_report(where=Where(place_type="street", postcode="le3"))
    assert "where.postcode" not in dict(problems(district, vocab, now))
    assert postcode_district("le3") == "LE3" and postcode_district("LE3 5WW") == "LE3"
    own = full_report(person=Person(name="A", phone="0116 496 0777", postcode="LE3"))
    assert "Enter a UK postcode" in dict(problems(own, vocab, now))["person.postcode"]
    nonsense = full_report(where=Where(place_type="street", postcode="3LE"))
    assert "or just its first part" in dict(problems(nonsense, vocab, now))["where.postcode"]
