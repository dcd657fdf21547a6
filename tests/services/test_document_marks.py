"""A report whose stored document carries this version's mark goes in a batch as the store holds
its text, cut where the centre's own notes begin; every other report is read and written out
again. Either way the batch carries the same report, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from intake_app.app.session import Session
from intake_app.domain.document_mark import current_mark, document_mark
from intake_app.domain.report import Report
from intake_app.exchange.report_schema import sent_form
from intake_app.services.report_storage import COLUMN_NAMES, columns, sent_text
from tests.conftest import full_report
from tests.exchange.test_parsers_never_crash import mutated
from tests.services.test_export import open_batch, ready

DATA, MARK, END = (COLUMN_NAMES.index(n) for n in ("data", "data_mark", "sent_end"))


def compact(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def test_a_report_saved_now_is_marked_and_its_sent_text_is_what_reading_it_sends() -> None:
    report = full_report()
    stored = columns(report)
    assert stored[MARK] == current_mark()
    text = sent_text(stored[DATA], stored[END])  # type: ignore[arg-type]
    assert text == compact(sent_form(report))
    assert "police_copy" not in json.loads(text) and "shared_with" not in json.loads(text)


def test_words_that_look_like_the_centres_notes_inside_a_field_do_not_cut_the_text() -> None:
    trap = '","police_copy":{"x":1},"shared_with":[],"description":"'
    report = full_report(description=trap)
    report.police_copy.removed = [trap]  # type: ignore[attr-defined]
    stored = columns(report)
    text = sent_text(stored[DATA], stored[END])  # type: ignore[arg-type]
    assert text == compact(sent_form(report))
    assert json.loads(text)["description"] == trap


@settings(max_examples=300, deadline=None)
@given(data=mutated(full_report().to_dict()))
def test_any_report_that_can_be_stored_is_sent_the_same_either_way(data: Any) -> None:
    report, _problems = Report.from_dict(data)
    stored = columns(report)
    read_again, _ = Report.from_dict(json.loads(stored[DATA]))  # type: ignore[arg-type]
    if stored[END] is not None:
        assert stored[MARK] == current_mark()
        assert sent_text(stored[DATA], stored[END]) == compact(sent_form(read_again))  # type: ignore[arg-type]
    else:
        assert stored[MARK] is None


def test_a_document_that_reading_would_change_is_not_marked() -> None:
    document = full_report().to_dict()
    assert document_mark(document) == current_mark()
    older = dict(document)
    del older["under_18"]  # written before the field was there
    assert document_mark(older) is None
    assert document_mark({**document, "unknown_field": 1}) is None
    assert document_mark({**document, "offender_count": "three"}) is None


def test_a_batch_carries_the_same_report_whether_its_mark_is_current_earlier_or_missing(
    session: Session, tmp_path: Path, force: Any
) -> None:
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    marked, earlier, missing = (ready(session) for _ in range(3))
    with session.db.transaction():
        session.db.execute(
            "UPDATE reports SET data_mark = 'an-earlier-one' WHERE id = ?", (earlier,)
        )
        session.db.execute(
            "UPDATE reports SET data_mark = NULL, sent_end = NULL WHERE id = ?", (missing,)
        )
    assert (
        session.db.scalar("SELECT data_mark FROM reports WHERE id = ?", (marked,)) == current_mark()
    )
    members = open_batch(session.exports.export(tmp_path).path, identity)
    sent = {i: json.loads(members[f"reports/{i}.json"]) for i in (marked, earlier, missing)}
    for report_id, document in sent.items():
        record = session.reports.load_many([report_id])[0]
        assert document["report"] == json.loads(compact(sent_form(record.report)))
        assert document["id"] == report_id and document["identifying_details"] is True
        assert [a["sha256"] for a in document["attachments"]] != [""]
    first, *others = ({k: v for k, v in d.items() if k not in ("id", "reference", "attachments",
                      "created_at")} for d in sent.values())  # fmt: skip
    assert all(other == first for other in others)


def test_a_report_without_identifying_details_never_goes_as_stored(
    session: Session, tmp_path: Path, force: Any
) -> None:
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    without = ready(session, consent="police_without_details")
    members = open_batch(session.exports.export(tmp_path).path, identity)
    document = json.loads(members[f"reports/{without}.json"])
    assert document["identifying_details"] is False
    assert document["report"]["person"]["name"] == ""
