"""Caseworkers' casebooks: a caseworker's passphrase opens their own store, holding copies of the
cases assigned to them and nothing else; what they add comes back to the centre, checked."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.follow_up import FollowUpEntry
from intake_app.exchange import deposit_format
from intake_app.services import rekey
from intake_app.services.workspaces import file_name, remove
from intake_app.storage import key_bundle, keyslots
from intake_app.storage.database import Database
from intake_app.storage.keyslots import CENTRE
from intake_app.support.errors import IntakeError, WrongCredentials
from tests.conftest import full_report
from tests.force_desk import PAGE, _decrypt_page

CASEWORKER = "copper lantern meadow nine"
COORDINATOR = "violet kettle harbour seven"
MINE = "Ottoline Brackenbury"
THEIRS = "Perpetua Wolstenholme"
HER_NOTE = "Rang Ottoline about the Saltmarsh Lane bus shelter"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _fixed() -> datetime:
    return NOW


def _ready(session: Session, name: str) -> str:
    report = full_report()
    report.person.name = name
    record = session.reports.create_draft(report)
    session.reports.mark_ready(record.id)
    return str(record.reference)


def _pages(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes()
    return b"".join(
        _decrypt_page(key, raw[at : at + PAGE], at == 0) for at in range(0, len(raw), PAGE)
    )


def _casebook(session: Session, user: str = "Bea") -> tuple[Path, str]:
    workspace_id = str(session.db.scalar("SELECT workspace_id FROM users WHERE name = ?", (user,)))
    return session.data_dir / file_name(workspace_id), workspace_id


def _both(data_dir: Path, session: Session) -> tuple[str, str]:
    mine, theirs = _ready(session, MINE), _ready(session, THEIRS)
    session.users.add("Bea", "caseworker", CASEWORKER)
    session.cases.assign(mine, "Bea")
    return mine, theirs


def test_a_caseworkers_passphrase_opens_their_casebook_and_nothing_else(
    data_dir: Path, session: Session
) -> None:
    mine, _theirs = _both(data_dir, session)
    path, workspace_id = _casebook(session)
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    assert bea.store == workspace_id and bea.context.in_casebook
    slots = keyslots.load(data_dir / "keyslots.json")
    centre = slots.entry(CENTRE)
    assert centre is not None and bea.keys.bundle is not None
    # The centre's key is sealed to coordinators and the recovery key only.
    assert key_bundle.open_with(centre.sealed_key, bea.keys.bundle) is None
    with pytest.raises(IntakeError):
        Database(data_dir / "centre.db", bea.keys.db_key).close()
    key = bea.keys.db_key
    bea.close()
    plain = _pages(path, key)
    assert MINE.encode() in plain  # the positive control: her case is there, in clear inside
    assert THEIRS.encode() not in plain
    assert mine  # her case, by reference, is what the list shows (below, through the session)


def test_her_casebook_holds_her_case_whole_and_reads_like_the_centre(
    data_dir: Path, session: Session
) -> None:
    mine, theirs = _both(data_dir, session)
    session.follow_ups.add(mine, FollowUpEntry("note", text="Coordinator's first note"))
    session.links.add(mine, theirs, "same_place")  # a link to someone else's case stays behind
    session.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    amina.close()  # a sign-in and a lock bring the casebook up to date
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    [summary] = bea.reports.list()
    assert summary.reference == mine
    assert bea.reports.get(mine).report.person.name == MINE
    assert [f.text for f in bea.follow_ups.of_case(mine)] == ["Coordinator's first note"]
    assert bea.links.links(mine) == []
    timeline = bea.timelines.for_report(bea.reports.get(mine).id)
    assert [e.kind for e in timeline.events][:2] == ["taken", "ready"]
    assert bea.verify_audit().ok
    bea.close()


def test_what_a_caseworker_adds_comes_to_the_centre_audited_in_her_name(
    data_dir: Path, session: Session
) -> None:
    mine, _theirs = _both(data_dir, session)
    bea_id = str(session.db.scalar("SELECT id FROM users WHERE name = 'Bea'"))
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    added = bea.follow_ups.add(
        mine,
        FollowUpEntry("note", text=HER_NOTE, next_action="Ring back", due_on=date(2026, 11, 20)),
    )
    bea.follow_ups.mark_done(added.id)
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    [taken] = amina.follow_ups.of_case(mine)
    assert (taken.text, taken.created_by) == (HER_NOTE, bea_id)
    assert amina.follow_ups.due() == []  # marked done in her casebook
    actions = amina.db.all(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'follow_up.%' ORDER BY seq"
    )
    assert [tuple(a) for a in actions] == [(bea_id, "follow_up.added")]  # added done: one entry
    assert amina.verify_audit().ok
    amina.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)  # taking in twice adds nothing
    assert len(amina.follow_ups.of_case(mine)) == 1
    amina.close()


def test_a_case_taken_back_leaves_her_casebook_and_its_bytes_with_it(
    data_dir: Path, session: Session
) -> None:
    mine, _theirs = _both(data_dir, session)
    path, _workspace_id = _casebook(session)
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    bea.follow_ups.add(mine, FollowUpEntry("note", text=HER_NOTE))
    key = bea.keys.db_key
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    amina.cases.unassign(mine)
    assert [f.text for f in amina.follow_ups.of_case(mine)] == [HER_NOTE]  # taken in first
    amina.close()
    plain = _pages(path, key)
    for gone in (MINE, HER_NOTE):
        assert gone.encode() not in plain, gone
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    assert bea.reports.list() == [] and bea.follow_ups.due() == []
    bea.close()


def test_a_tampered_casebook_gives_the_centre_nothing_but_her_own_checked_follow_ups(
    data_dir: Path, session: Session
) -> None:
    mine, theirs = _both(data_dir, session)
    amina_id = session.user.id
    theirs_id = session.reports.get(theirs).id
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    mine_id = bea.reports.get(mine).id
    db = bea.db
    forged = [
        ("f1", theirs_id, "note", NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), bea.user.id, "a", None),
        ("f2", mine_id, "note", "2026-11-20T09:30:00Z", amina_id, '{"text": "in her name"}', None),
        ("f3", mine_id, "note", "2026-11-20T09:30:00Z", bea.user.id, '{"text": ""}', None),
        ("f4", mine_id, "note", "yesterday", bea.user.id, '{"text": "bad time"}', None),
        ("f5", mine_id, "note", "2026-11-20T09:30:00Z", bea.user.id, "[1]", None),
        ("f6", mine_id, "note", "2026-11-20T09:30:00Z", bea.user.id,
         json.dumps({"text": "x" * 100_000}), None),
        ("f7", mine_id, "contact", "2026-11-20T09:30:00Z", bea.user.id,
         '{"text": "t", "method": "telepathy"}', None),
    ]  # fmt: skip
    with db.transaction():
        db.execute("PRAGMA defer_foreign_keys = ON")
        for row in forged:
            db.execute(
                "INSERT INTO follow_ups (id, report_id, kind, created_at, created_by, details, "
                "due_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        db.execute("DELETE FROM follow_ups WHERE id = 'f1'")  # FK: a report she does not hold
        db.execute(
            "UPDATE reports SET data = json_set(data, '$.description', 'rewritten') WHERE id = ?",
            (mine_id,),
        )
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    assert amina.take_in_problem is None
    assert amina.db.scalar("SELECT count(*) FROM follow_ups") == 0
    assert "rewritten" not in amina.reports.get(mine).report.description
    assert amina.verify_audit().ok
    amina.close()


def test_a_deposit_signed_by_a_caseworker_is_refused(data_dir: Path, session: Session) -> None:
    session.users.add("Bea", "caseworker", CASEWORKER)
    bea_id = str(session.db.scalar("SELECT id FROM users WHERE name = 'Bea'"))
    centre = key_bundle.decode(
        str(session.db.scalar("SELECT value FROM store_meta WHERE key = 'centre_bundle'"))
    )
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    assert bea.keys.bundle is not None
    path = data_dir / "forged.deposit"
    header = deposit_format.DepositHeader(bea.keys.slots.store_id, bea_id, "ab" * 16)
    deposit_format.write(path, header, {"report": {}}, centre.recipient, bea.keys.bundle)
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    with pytest.raises(deposit_format.DepositRefused, match="only volunteers do"):
        amina.deposits.take_in(path)
    amina.close()


def test_a_caseworker_leaving_hands_in_her_follow_ups_and_her_casebook_goes(
    data_dir: Path, session: Session
) -> None:
    mine, _theirs = _both(data_dir, session)
    path, workspace_id = _casebook(session)
    session.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    bea.follow_ups.add(mine, FollowUpEntry("note", text=HER_NOTE))
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    amina.users.deactivate("Bea")
    assert [f.text for f in amina.follow_ups.of_case(mine)] == [HER_NOTE]
    assert not path.exists() and amina.keys.slots.entry(workspace_id) is None
    amina.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Bea", CASEWORKER)


def test_a_caseworker_added_before_casebooks_is_given_one_and_the_centre_re_keyed(
    data_dir: Path, session: Session
) -> None:
    mine, _theirs = _both(data_dir, session)
    # As an earlier version made her: no casebook, the centre's key sealed to her.
    _path, workspace_id = _casebook(session)
    with session.keys.editing_slots():
        remove(data_dir, session.keys.slots, workspace_id)
        recipient = str(session.db.scalar("SELECT recipient FROM users WHERE name = 'Bea'"))
        rekey.reseal(session.keys, [recipient])
        session.keys.save_slots()
    with session.db.transaction():
        session.db.execute("UPDATE users SET workspace_id = NULL WHERE name = 'Bea'")
    old_key = session.keys.db_key
    session.close()
    old_slots = (data_dir / "keyslots.json").read_bytes()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    assert bea.store == CENTRE  # as before: the whole store
    bea.close()
    amina = unlock(data_dir, "Amina", COORDINATOR, clock=_fixed)
    assert amina.take_in_problem is None
    assert amina.keys.db_key != old_key
    new_id = amina.db.scalar("SELECT workspace_id FROM users WHERE name = 'Bea'")
    assert (
        new_id
        and amina.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'casebook.made'") == 1
    )
    amina.close()
    bea = unlock(data_dir, "Bea", CASEWORKER, clock=_fixed)
    assert bea.store == new_id and [r.reference for r in bea.reports.list()] == [mine]
    bea.close()
    # The slot file as it was opens only an old key, which opens nothing now.
    shutil.copy(data_dir / "keyslots.json", data_dir / "current.json")
    (data_dir / "keyslots.json").write_bytes(old_slots)
    with pytest.raises(IntakeError):
        unlock(data_dir, "Bea", CASEWORKER)
