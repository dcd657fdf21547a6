"""Demo reports never leave the centre, however an export is asked for."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from intake_app.app.session import Session
from intake_app.exchange.plan import DEMO_STAYS
from intake_app.support.errors import IntakeError
from tests.conftest import full_report
from tests.services.test_export import open_batch


def _ready(session: Session, *, demo: bool = False, **changes: object) -> tuple[str, str]:
    record = session.reports.create_draft(full_report(**changes), is_demo=demo)
    session.reports.mark_ready(record.id)
    return record.id, record.reference


def _status(session: Session, report_id: str) -> str:
    return str(session.db.scalar("SELECT status FROM reports WHERE id = ?", (report_id,)))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    return folder


def _nothing_sent(session: Session, folder: Path) -> None:
    assert session.db.scalar("SELECT count(*) FROM batches") == 0
    assert session.db.scalar("SELECT count(*) FROM batch_members") == 0
    assert list(folder.iterdir()) == []


def test_the_plan_lists_each_demo_report_as_staying_with_the_reason(session: Session) -> None:
    real, _ = _ready(session)
    demo_with_contact, _ = _ready(session, demo=True)
    demo_without, _ = _ready(session, demo=True, consent="police_without_details")
    plan = {p.report_id: p for p in session.exports.plan()}
    assert plan[real].goes and not plan[real].is_demo
    for report_id in (demo_with_contact, demo_without):
        assert not plan[report_id].goes and plan[report_id].is_demo
        assert plan[report_id].why == "Demo report: demo data never leaves the centre."
        assert plan[report_id].why == DEMO_STAYS


def test_export_leaves_demo_reports_out_even_when_named(session: Session, out: Path, force) -> None:  # type: ignore[no-untyped-def]
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    real, real_ref = _ready(session)
    by_id, _ = _ready(session, demo=True)
    by_ref_id, by_ref = _ready(session, demo=True, consent="police_without_details")
    result = session.exports.export(out, [real_ref, by_id, by_ref])
    assert result.report_count == 1
    members = open_batch(result.path, identity)
    assert [n for n in members if n.startswith("reports/")] == [f"reports/{real}.json"]
    assert json.loads(members["manifest.json"])["report_count"] == 1
    assert [str(r[0]) for r in session.db.all("SELECT report_id FROM batch_members")] == [real]
    assert _status(session, real) == "exported"
    assert _status(session, by_id) == _status(session, by_ref_id) == "ready"


def test_export_of_everything_ready_leaves_demo_reports_behind(
    session: Session, out: Path, force
) -> None:  # type: ignore[no-untyped-def]
    session.exports.import_profile(force[2].to_bytes())
    real, _ = _ready(session)
    demo, _ = _ready(session, demo=True)
    assert session.exports.export(out).report_count == 1
    assert _status(session, real) == "exported" and _status(session, demo) == "ready"


@pytest.mark.parametrize("name_by", ["id", "reference"])
def test_naming_only_demo_reports_is_refused_and_writes_nothing(
    session: Session, out: Path, force, name_by: str
) -> None:  # type: ignore[no-untyped-def]
    session.exports.import_profile(force[2].to_bytes())
    _ready(session)  # a real report that was not asked for
    report_id, reference = _ready(session, demo=True)
    named = report_id if name_by == "id" else reference
    with pytest.raises(IntakeError, match="demo reports never go to the police"):
        session.exports.export(out, [named])
    _nothing_sent(session, out)
    assert _status(session, report_id) == "ready"


def test_a_store_with_only_demo_reports_ready_has_nothing_to_send(
    session: Session, out: Path, force
) -> None:  # type: ignore[no-untyped-def]
    session.exports.import_profile(force[2].to_bytes())
    _ready(session, demo=True)
    _ready(session, demo=True, consent="police_without_details")
    with pytest.raises(IntakeError, match=r"^Nothing to send: demo reports never go"):
        session.exports.export(out)
    _nothing_sent(session, out)


def test_the_batch_writer_refuses_a_demo_report_however_it_was_planned(
    session: Session, out: Path, force, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Even a plan that says a demo report goes (a fault in planning) cannot put it in a batch."""
    session.exports.import_profile(force[2].to_bytes())
    real, _ = _ready(session)
    demo, _ = _ready(session, demo=True)
    planned = session.exports.plan()
    wrong = [replace(p, goes=True, identifying=True, is_demo=False) for p in planned]
    monkeypatch.setattr(session.exports, "plan", lambda report_ids=None: wrong)
    with pytest.raises(IntakeError, match="A demo report cannot go in a batch"):
        session.exports.export(out)
    _nothing_sent(session, out)
    assert _status(session, real) == _status(session, demo) == "ready"


def test_a_batch_holding_a_demo_report_is_not_written_again(
    session: Session, out: Path, force
) -> None:  # type: ignore[no-untyped-def]
    """A batch recorded before demo reports were stopped cannot send one a second time."""
    session.exports.import_profile(force[2].to_bytes())
    demo, _ = _ready(session, demo=True)
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO batches (id, sequence, created_at, created_by, file_sha256, previous_sha256, "
            "report_count, acknowledged_at) VALUES ('b1', 1, '2026-01-01T00:00:00Z', ?, 'h', ?, 1, NULL)",
            (session.user.id, "0" * 64),
        )
        session.db.execute(
            "INSERT INTO batch_members (batch_id, report_id) VALUES ('b1', ?)", (demo,)
        )
        session.db.execute("UPDATE reports SET status = 'exported' WHERE id = ?", (demo,))
    with pytest.raises(IntakeError, match="A demo report cannot go in a batch"):
        session.exports.rewrite(1, out)
    assert list(out.iterdir()) == []
