"""The police copy's free text: words taken out never reach the police, the check holds only
for the text that was read, and the centre's note never leaves."""

from __future__ import annotations

from dataclasses import replace

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from intake_app.domain import police_copy
from intake_app.domain.report import PoliceCopy, Report
from intake_app.exchange.plan import without_identifying_details
from intake_app.exchange.report_schema import report_schema, sent_form
from tests.conftest import full_report

# Capitals, digits and spaces: nothing a "[removed]" marker could spell again.
words = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", min_size=1, max_size=40)


@given(words, words, st.lists(words, max_size=4))
def test_words_taken_out_are_nowhere_in_what_the_police_get(perception, description, chosen):
    report = Report(
        consent="police_without_details", perception=perception, description=description
    )
    for phrase in chosen:
        report = replace(report, police_copy=police_copy.removing(report, phrase))
    sent = police_copy.for_police(report)
    for phrase in report.police_copy.removed:
        assert phrase not in sent.perception and phrase not in sent.description
    assert sent.police_copy == PoliceCopy()  # the centre's note stays behind


@given(words, words)
def test_a_check_holds_only_for_the_words_that_were_read(text, more):
    report = Report(consent="police_without_details", description=text)
    checked = replace(report, police_copy=police_copy.confirmed(report))
    assert police_copy.is_checked(checked)
    edited = replace(checked, description=text + more)
    assert not police_copy.is_checked(edited)
    taken = replace(checked, police_copy=police_copy.removing(checked, text.strip() or "X"))
    assert not police_copy.is_checked(taken) or text.strip() == ""


def test_only_reports_passed_on_without_details_and_with_words_need_checking():
    assert police_copy.needs_checking(Report(consent="police_without_details", description="x"))
    assert not police_copy.needs_checking(Report(consent="police_without_details"))
    assert not police_copy.needs_checking(Report(consent="police_with_contact", description="x"))
    assert not police_copy.needs_checking(Report(consent="monitoring_only", description="x"))


def test_the_marker_itself_cannot_be_taken_out():
    report = Report(consent="police_without_details", description="Ann [removed] it")
    assert police_copy.removing(report, "[removed]") == report.police_copy
    assert police_copy.removing(report, "   ") == report.police_copy


def test_the_centres_note_is_never_in_a_batch_and_the_schema_refuses_it():
    report = full_report(consent="police_without_details")
    report.police_copy = PoliceCopy(["Zenobia"], "abc")
    document = {
        "format": "intake-report/2", "id": "ab" * 16, "reference": "RIVA-2026-00001-I",
        "centre_code": "RIVA", "created_at": "2026-11-21T10:00:00Z", "identifying_details": False,
        "attachments": [], "report": sent_form(without_identifying_details(report)),
    }  # fmt: skip
    jsonschema.validate(document, report_schema())
    assert "police_copy" not in document["report"]
    document["report"]["police_copy"] = {"removed": ["Zenobia"], "checked": ""}
    try:
        jsonschema.validate(document, report_schema())
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the published schema let the centre's note through")
