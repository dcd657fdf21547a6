"""Linking reports: symmetric, never twice, only between reports the user may see, audited
without notes, kept encrypted, counted as repeat victimisation, and never sent to the police."""

from __future__ import annotations

import json
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.report_record import ReportRecord
from intake_app.force.opening import open_batch
from intake_app.statistics.figures import Period
from intake_app.support.errors import InvalidState, NotAllowed, NotFound
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report
from tests.force_desk import ForceDesk

NOTE = "Kestrelwick family feud across both flats"
MARCH = Period("2026-03", "2026-03")


def _ready(session: Session, **changes: object) -> ReportRecord:
    record = session.reports.create_draft(full_report(**changes))
    return session.reports.mark_ready(record.id)


def _repeat(session: Session) -> dict[str, int]:
    table = session.statistics.figures(MARCH).table("repeat")
    return {row.code: row.count for row in table.rows}


def test_a_link_reads_the_same_from_both_reports_and_is_never_made_twice(
    session: Session,
) -> None:
    first, second = _ready(session), _ready(session)
    link = session.links.add(first.reference, second.reference.lower(), "same_person")
    assert (link.other_reference, link.reason) == (second.reference, "same_person")
    assert [(x.other_reference, x.reason) for x in session.links.links(second.id)] == [
        (first.reference, "same_person")
    ]
    with pytest.raises(InvalidState, match="already linked"):
        session.links.add(second.id, first.id, "same_person")  # the other way round: the same
    session.links.add(second.id, first.id, "same_offender")  # another reason: a second link
    assert len(session.links.links(first.id)) == 2
    with pytest.raises(InvalidState, match="itself"):
        session.links.add(first.id, first.reference, "same_place")
    with pytest.raises(InvalidState):
        session.links.add(first.id, second.id, "other")  # another reason needs a note
    with pytest.raises(InvalidState):
        session.links.add(first.id, second.id, "cousin")
    with pytest.raises(InvalidState):
        session.links.add(first.id, second.id, "other", "x" * 201)
    assert session.links.remove(second.reference, first.reference) == 2
    assert session.links.links(first.id) == []
    with pytest.raises(NotFound, match="not linked"):
        session.links.remove(first.id, second.id)
    with pytest.raises(NotFound):
        session.links.add(first.id, "RIVA-2026-99999-X", "same_place")


def test_adding_and_removing_are_audited_with_ids_and_reasons_never_the_note(
    session: Session, data_dir: Path
) -> None:
    first, second = _ready(session), _ready(session)
    session.links.add(first.id, second.id, "other", NOTE)
    assert [x.note for x in session.links.links(second.id)] == [NOTE]
    session.links.remove(first.id, second.id)
    entries = [e for e in reversed(session.audit.entries(target=first.id))]
    found = [(e.action, e.detail) for e in entries if e.action.startswith("link.")]
    assert found == [("link.added", f"{second.id} other"), ("link.removed", f"{second.id} other")]
    assert NOTE not in repr(session.db.all("SELECT * FROM audit_log"))
    assert session.audit.verify().ok
    session.links.add(first.id, second.id, "other", NOTE)
    session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"Kestrelwick" not in path.read_bytes(), path.name


def test_a_withdrawal_keeps_the_link_but_not_its_note(session: Session) -> None:
    first, second = _ready(session), _ready(session)
    session.links.add(first.id, second.id, "other", NOTE)
    session.reports.withdraw(second.id)
    assert [(x.other_id, x.note) for x in session.links.links(first.id)] == [(second.id, "")]


def test_a_volunteer_links_only_reports_they_can_see(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    coordinators = session.reports.create_draft(full_report())
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        own = thaddeus.reports.create_draft(full_report())
        other = thaddeus.reports.create_draft(full_report())
        with pytest.raises((NotAllowed, NotFound)):
            thaddeus.links.add(own.id, coordinators.reference, "same_person")
        # A volunteer's workspace: links are made at the centre, where both reports will be.
        with pytest.raises(NotAllowed, match="at the centre"):
            thaddeus.links.add(own.id, other.id, "same_person")
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.links.links(coordinators.id) == []


def test_statistics_count_reports_linked_to_an_earlier_one(session: Session) -> None:
    first, second, third = _ready(session), _ready(session), _ready(session)
    assert _repeat(session) == {"same_person": 0, "same_offender": 0, "none": 3}
    session.links.add(first.id, second.id, "same_person")
    session.links.add(third.id, first.id, "same_offender")
    session.links.add(third.id, second.id, "same_person")
    session.links.add(third.id, second.id, "same_place")  # not counted
    # the second repeats the first; the third repeats both, for both reasons
    assert _repeat(session) == {"same_person": 2, "same_offender": 1, "none": 1}
    draft = session.reports.create_draft(full_report())
    session.links.add(draft.id, first.id, "same_person")
    assert _repeat(session) == {"same_person": 2, "same_offender": 1, "none": 1}
    session.reports.mark_ready(draft.id)  # counted now, with its link
    assert _repeat(session) == {"same_person": 3, "same_offender": 1, "none": 1}
    session.links.remove(third.id, first.id)
    assert _repeat(session) == {"same_person": 3, "same_offender": 0, "none": 1}
    assert session.statistics.figures(MARCH).table("repeat").total == 4


def test_no_batch_carries_a_link(
    session: Session,
    tmp_path: Path,
    force: tuple[pyrage.x25519.Identity, minisign.KeyPair, object],
) -> None:
    identity, keys, profile = force
    session.exports.import_profile(profile.to_bytes())  # type: ignore[attr-defined]
    with_contact = _ready(session)
    also_with_contact = _ready(session)
    without = _ready(session, consent="police_without_details")
    kept = _ready(session, consent="monitoring_only")
    for reason in ("same_person", "same_place", "same_offender"):
        session.links.add(with_contact.id, also_with_contact.id, reason)
        session.links.add(with_contact.id, without.id, reason)
        session.links.add(without.id, kept.id, reason)
    session.links.add(with_contact.id, kept.id, "other", NOTE)
    (tmp_path / "out").mkdir()
    result = session.exports.export(tmp_path / "out")
    desk = ForceDesk(tmp_path / "force", identity, keys)
    desk.register("RIVA", session.exports.centre_public_key())
    opened = open_batch(desk.home, result.path, identity)  # as the force opens it
    assert opened is not None
    assert desk.take(result.path).new_reports == 3
    plain = desk.plaintext()
    assert b"Kestrelwick" not in plain
    for member in _members(result.path, identity).values():
        text = member.decode("utf-8", "replace")
        assert "Kestrelwick" not in text and "same_person" not in text
        assert "same_offender" not in text and "link" not in text.lower()
    sent = {json.loads(m)["id"] for n, m in _members(result.path, identity).items()
            if n.startswith("reports/")}  # fmt: skip
    assert sent == {with_contact.id, also_with_contact.id, without.id}
    # whatever the report says, nothing in it names another report
    for name, member in _members(result.path, identity).items():
        if name.startswith("reports/"):
            body = member.decode()
            for record in (with_contact, also_with_contact, without, kept):
                if f"reports/{record.id}.json" != name:
                    assert record.reference not in body and record.id not in body


def _members(path: Path, identity: pyrage.x25519.Identity) -> dict[str, bytes]:
    from tests.services.test_export import open_batch as open_members

    return open_members(path, identity)


@pytest.mark.parametrize(
    "consent", ["police_with_contact", "police_without_details", "monitoring_only"]
)
def test_the_sharing_summary_says_links_stay_at_the_centre(consent: str) -> None:
    from intake_app.domain.report import Report
    from intake_app.domain.report_sharing import LINKS_KEPT, WHOLE_REPORT, sharing_summary

    passed, kept, _sentence = sharing_summary(Report(consent=consent))
    assert LINKS_KEPT not in passed
    assert LINKS_KEPT in kept or kept == [WHOLE_REPORT]
