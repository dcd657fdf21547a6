"""Committed update files (tests/fixtures/case_updates, test keys only) against a centre's real
store: forged, replayed, out-of-order and foreign files are refused with nothing written; the
same file twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from intake_app.app.session import Session
from intake_app.exchange.case_updates import UpdatesInvalid
from tests.case_update_world import REFERENCE, REPORT_ID, with_a_sent_report
from tests.case_update_world import fixture as _read


@pytest.fixture
def centre(session: Session) -> Session:
    return with_a_sent_report(session)


def _written(session: Session) -> tuple[object, ...]:
    db = session.db
    return (
        db.all("SELECT * FROM case_update_files"),
        db.all("SELECT * FROM case_updates"),
        db.scalar("SELECT count(*) FROM audit_log"),
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("forged.updates", "signature does not match"),
        ("other-key.updates", "signature does not match"),
        ("truncated.updates", "signature does not match"),
        ("out-of-order.updates", "Update files 1 to 2"),
        ("other-centre.updates", "another centre"),
        ("unknown-report.updates", "never sent"),
    ],
)
def test_hostile_files_are_refused_with_nothing_written(
    centre: Session, name: str, words: str
) -> None:
    before = _written(centre)
    with pytest.raises(UpdatesInvalid, match=words):
        centre.case_updates.import_file(_read(name))
    assert _written(centre) == before


def test_a_replay_of_an_applied_number_is_refused(centre: Session) -> None:
    centre.case_updates.import_file(_read("good-1.updates"))
    before = _written(centre)
    with pytest.raises(UpdatesInvalid, match="imported before, with other content"):
        centre.case_updates.import_file(_read("replayed.updates"))
    assert _written(centre) == before


def test_the_same_file_twice_changes_nothing(centre: Session) -> None:
    first = centre.case_updates.import_file(_read("good-1.updates"))
    assert (first.sequence, first.updates, first.already_imported) == (1, 1, False)
    before = _written(centre)
    again = centre.case_updates.import_file(_read("good-1.updates"))
    assert again.already_imported and _written(centre) == before


def test_updates_make_the_timeline_and_judge_the_promises(centre: Session) -> None:
    centre.case_updates.import_file(_read("good-1.updates"))
    timeline = centre.timelines.for_report(REPORT_ID, today=date(2026, 11, 25))
    assert [(e.kind, e.day) for e in timeline.events] == [
        ("taken", "2026-11-10"), ("sent", "2026-11-11"), ("received", "2026-11-11"),
        ("contacted", "2026-11-18"), ("recorded", "2026-11-20"), ("crime_reference", "2026-11-20"),
    ]  # fmt: skip
    # under 18: enhanced rights, 2 working days from Wednesday 11th: Friday 13th; contact the 18th
    first, updates = timeline.promises
    assert (first.state, first.by, first.enhanced) == ("broken", date(2026, 11, 13), True)
    assert (updates.state, updates.by) == ("due", date(2026, 12, 18))
    assert [r for r, _p in centre.timelines.broken(today=date(2026, 11, 25))] == [REFERENCE]
    centre.case_updates.import_file(_read("good-2.updates"))
    timeline = centre.timelines.for_report(REPORT_ID, today=date(2027, 6, 1))
    assert [e.kind for e in timeline.events][-2:] == ["outcome", "closed"]
    assert timeline.promises[1].state == "kept"  # closed: no more updates owed
