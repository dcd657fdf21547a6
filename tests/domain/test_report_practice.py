"""The form as practice records a report: an organisation or building as the victim, race's
categories (Gypsy, Roma or Traveller among them), the exact words used, who saw the hostility,
a child (under 18) or an adult at risk, contact through a trusted person; and reports written
before, read the same."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain import police_copy
from intake_app.domain.report import ContactPreferences, Organisation, Person, Report, StrandChoice
from intake_app.domain.report_upgrade import upgraded
from intake_app.domain.validation import problems
from intake_app.domain.vocabulary import load, with_local_strands
from intake_app.exchange.plan import without_identifying_details
from tests.conftest import full_report

VOCAB = load()
NOW = datetime(2026, 11, 21, 12, 0)


def fields_of(report: Report, complete: bool = True) -> dict[str, str]:
    return dict(problems(report, VOCAB, NOW, complete=complete))


def test_a_mosque_can_be_the_victim_and_must_say_what_kind_of_place_it_is() -> None:
    mosque = full_report(victim_type="organisation", organisation=Organisation("Wexcombe Mosque"))
    assert "kind of organisation" in fields_of(mosque)["organisation.kind"]
    mosque.organisation.kind = "place_of_worship"
    assert fields_of(mosque) == {}


def test_a_report_about_a_person_does_not_keep_an_organisations_name() -> None:
    report = full_report(organisation=Organisation("Wexcombe Mosque", "place_of_worship"))
    assert "clear the organisation's name" in fields_of(report)["organisation.name"]
    assert fields_of(full_report(victim_type="")).keys() == {"victim_type"}


def test_codes_that_are_not_choices_are_refused_even_in_a_draft() -> None:
    report = full_report(
        victim_type="building",
        organisation=Organisation("X", "castle"),
        perceived_by=["victim", "victim", "police"],
    )
    found = problems(report, VOCAB, NOW)
    paths = {path for path, _reason in found}
    assert {"victim_type", "organisation.kind", "perceived_by", "perceived_by[2]"} <= paths


def test_race_has_its_categories_and_gypsy_roma_traveller_is_one_of_them() -> None:
    race = VOCAB.strand("race")
    assert race is not None
    codes = [t.code for t in race.sub_categories]
    assert codes == ["colour", "nationality", "ethnic_origin", "gypsy_roma_traveller"]
    assert VOCAB.strand("gypsy_roma_traveller") is None
    assert load("sussex").strand("gypsy_roma_traveller") is None  # no longer a local strand
    orientation, disability = VOCAB.strand("sexual_orientation"), VOCAB.strand("disability")
    assert orientation and [t.code for t in orientation.sub_categories] == [
        "homophobic",
        "biphobic",
    ]
    assert disability and disability.sub_categories
    report = full_report(strands=[StrandChoice("race", "gypsy_roma_traveller")])
    assert fields_of(report) == {}


def test_a_force_profile_from_before_adds_no_gypsy_roma_traveller_strand() -> None:
    local = [{"code": "gypsy_roma_traveller", "label": "GRT", "monitored": False}]
    assert with_local_strands(VOCAB, local).strand("gypsy_roma_traveller") is None


def test_the_new_kinds_of_incident_and_place_are_there() -> None:
    for code in ("discrimination", "suspicious_behaviour", "exploitation"):
        assert VOCAB.incident_type(code) is not None
    assert VOCAB.place_type("stadium") is not None


def test_a_child_and_an_adult_at_risk_are_not_both_ticked() -> None:
    found = fields_of(full_report(under_18=True, parental_consent=True, adult_at_risk=True))
    assert "adult_at_risk" in found
    assert fields_of(full_report(adult_at_risk=True)) == {}


def test_contact_through_a_trusted_person_says_who() -> None:
    report = full_report(contact=ContactPreferences(through_trusted_person=True))
    assert "trusted person" in fields_of(report)["contact.trusted_person"]
    report.contact.trusted_person = "Her sister Maryam, 0116 496 0999"
    assert fields_of(report) == {}


def test_an_anonymous_report_takes_no_trusted_persons_details() -> None:
    report = full_report(
        anonymous=True,
        consent="police_without_details",
        person=Person(),
        contact=ContactPreferences(trusted_person="Maryam"),
    )
    assert "anonymous" in fields_of(report)["contact.trusted_person"]


def test_the_exact_words_are_checked_in_the_police_copy_like_the_other_free_text() -> None:
    report = full_report(
        consent="police_without_details",
        exact_words="Go back home, Zenobia, we know you live at Larkspur",
        police_copy=police_copy.PoliceCopy(),
    )
    assert police_copy.needs_checking(report)
    assert "police_copy" in fields_of(report)
    report.police_copy = police_copy.removing(report, "Zenobia")
    report.police_copy = police_copy.removing(report, "Larkspur")
    report.police_copy = police_copy.confirmed(report)
    assert fields_of(report) == {}
    sent = without_identifying_details(report)
    assert sent.exact_words == "Go back home, [removed], we know you live at [removed]"
    assert "Zenobia" not in json.dumps(sent.to_dict())


def test_a_confirmation_given_before_the_exact_words_existed_still_holds() -> None:
    report = full_report(consent="police_without_details")
    # The fingerprint of the two answers alone, as the version before wrote it.
    import hashlib

    old = hashlib.sha256(f"{report.perception}\x00{report.description}".encode()).hexdigest()
    assert report.police_copy.checked == old
    assert police_copy.is_checked(report)


def test_without_details_an_organisation_keeps_its_kind_not_its_name() -> None:
    report = full_report(
        consent="police_without_details",
        victim_type="organisation",
        organisation=Organisation("Wexcombe Mosque", "place_of_worship"),
        contact=ContactPreferences(through_trusted_person=True, trusted_person="Imam Yusuf"),
    )
    sent = without_identifying_details(report)
    assert sent.organisation == Organisation("", "place_of_worship")
    assert sent.contact.trusted_person == "" and sent.victim_type == "organisation"


def test_statistics_keep_who_was_targeted_but_never_a_name() -> None:
    report = full_report(
        victim_type="organisation",
        organisation=Organisation("Wexcombe Mosque", "place_of_worship"),
        perceived_by=["witness"],
        exact_words="slur",
    )
    counted = report.anonymised()
    assert counted.organisation == Organisation("", "place_of_worship")
    assert counted.perceived_by == ["witness"] and counted.exact_words == ""


def test_a_report_written_before_reads_as_it_did() -> None:
    old = full_report().to_dict()
    del old["under_18"], old["adult_at_risk"], old["victim_type"], old["organisation"]
    del old["exact_words"], old["perceived_by"]
    old["contact"] = {
        k: v
        for k, v in old["contact"].items()
        if k not in ("through_trusted_person", "trusted_person")
    }
    old["under_16"] = True
    old["strands"] = [
        {"strand": "race", "sub_category": ""},
        {"strand": "gypsy_roma_traveller", "sub_category": ""},
        {"strand": "religion", "sub_category": "muslim"},
    ]
    report, found = Report.from_dict(old)
    assert found == []
    assert report.under_18 is True and report.victim_type == "person"
    assert report.strands == [
        StrandChoice("race", "gypsy_roma_traveller"),
        StrandChoice("religion", "muslim"),
    ]
    assert report.person == full_report().person
    assert replace(report, under_18=False, strands=full_report().strands) == full_report()


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(["under_16", "under_18", "strands", "strand", "sub_category", "x"]),
                inner,
                max_size=4,
            )
        ),
        max_leaves=20,
    )
)
def test_reading_any_document_never_crashes_and_upgrading_twice_changes_nothing(
    data: object,
) -> None:
    once = upgraded(data)
    assert upgraded(once) == once
    Report.from_dict(data)  # problems, never an exception


def test_a_strand_that_is_not_text_is_a_problem_not_a_crash() -> None:
    document = full_report().to_dict()
    document["strands"] = [{"strand": [], "sub_category": "muslim"}, {"strand": {"a": 1}}]
    _report, found = Report.from_dict(document)
    assert {path for path, _reason in found} == {"strands[0].strand", "strands[1].strand"}
