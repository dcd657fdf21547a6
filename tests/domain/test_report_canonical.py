"""A stored report document taken as it is (``report_codec.canonical``) is exactly what reading it
into ``Report`` and writing it out again gives, or is refused (None) and read as before."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain.report import Report
from intake_app.domain.report_codec import canonical
from intake_app.exchange.report_schema import sent_form, stored_sent_form
from tests.conftest import full_report
from tests.exchange.test_parsers_never_crash import json_values, mutated

FIELDS = list(Report().to_dict())


def as_read(data: Any) -> str:
    """The document as reading and writing it again gives it, as JSON text (order counts)."""
    return json.dumps(Report.from_dict(data)[0].to_dict())


def test_a_document_saved_by_this_version_is_taken_as_it_is() -> None:
    document = full_report().to_dict()
    assert canonical(Report, document) == document
    assert json.dumps(canonical(Report, document)) == json.dumps(document)


@settings(max_examples=200, deadline=None)
@given(removed=st.sets(st.sampled_from(FIELDS)), inner=st.booleans())
def test_a_document_from_an_earlier_version_gets_the_fields_it_lacks_as_reading_gives_them(
    removed: set[str], inner: bool
) -> None:
    document = full_report().to_dict()
    for name in removed:
        del document[name]
    if inner and isinstance(document.get("contact"), dict):
        document["contact"].pop("trusted_person", None)
    found = canonical(Report, document)
    assert found is not None
    assert json.dumps(found) == as_read(document)


@settings(max_examples=400, deadline=None)
@given(data=st.one_of(json_values, mutated(full_report().to_dict()), mutated(Report().to_dict())))
def test_any_document_is_either_taken_exactly_as_reading_gives_it_or_left_to_reading(
    data: Any,
) -> None:
    found = canonical(Report, data)
    if found is not None:
        assert json.dumps(found) == as_read(data)
        assert Report.from_dict(data)[1] == []  # nothing reading would have complained of


def test_a_field_of_the_wrong_kind_or_a_name_that_is_no_field_is_left_to_reading() -> None:
    document = full_report().to_dict()
    for name, value in [("anonymous", 1), ("offender_count", True), ("strands", {}),
                        ("person", None), ("consent", None), ("bogus", "")]:  # fmt: skip
        assert canonical(Report, {**document, name: value}) is None, name
    assert canonical(Report, {**document, "offender_count": None}) is not None  # optional
    assert canonical(Report, [document]) is None


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(mutated(full_report().to_dict()), st.just({"under_16": True})))
def test_the_form_sent_from_a_stored_document_is_the_form_sent_from_the_report_read(
    data: Any,
) -> None:
    """The centre's own notes never go, and an earlier shape ("under 16") is read as now."""
    found = stored_sent_form(data)
    if found is not None:
        assert json.dumps(found) == json.dumps(sent_form(Report.from_dict(data)[0]))
        assert "police_copy" not in found and "shared_with" not in found


def test_a_document_from_before_under_18_is_sent_as_reading_it_gives() -> None:
    document = full_report().to_dict()
    del document["under_18"]
    document["under_16"] = True
    found = stored_sent_form(document)
    assert found is not None and found["under_18"] is True
    assert json.dumps(found) == json.dumps(sent_form(Report.from_dict(document)[0]))
