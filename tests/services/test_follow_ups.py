"""Follow-ups after the hand-off, and caseworkers who see and work only their own cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.domain.follow_up import (
    KINDS,
    METHODS,
    REFERRAL_STATES,
    FollowUpEntry,
    FollowUpProblem,
    check_entry,
    parse_due,
)
from intake_app.domain.report_record import NOT_ASSIGNED, ReportQuery
from intake_app.support.errors import IntakeError, NotAllowed, WrongCredentials
from tests.conftest import full_report
from tests.force_desk import PAGE, _decrypt_page

CASEWORKER_PASSPHRASE = "copper lantern meadow nine"
SECRET_NOTE = "Quillon spoke of the Varnholt stairwell again"
SECRET_AGENCY = "Brackwater Housing Trust"
SECRET_ACTION = "Ring Ysolde about the Varnholt repairs"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _fixed() -> datetime:
    return NOW


def _ready(session: Session) -> str:
    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    return str(record.reference)


def _caseworker(data_dir: Path, session: Session) -> Session:
    session.users.add("Bea", "caseworker", CASEWORKER_PASSPHRASE)
    return unlock(data_dir, "Bea", CASEWORKER_PASSPHRASE, clock=_fixed)


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _decrypted(session: Session) -> bytes:
    """The centre store's pages decrypted with its key: the scan's positive control."""
    raw = (session.data_dir / "centre.db").read_bytes()
    key = session.keys.db_key
    return b"".join(
        _decrypt_page(key, raw[at : at + PAGE], at == 0) for at in range(0, len(raw), PAGE)
    )


def test_follow_ups_are_kept_only_inside_the_encrypted_store(session: Session) -> None:
    ref = _ready(session)
    session.follow_ups.add(ref, FollowUpEntry("note", text=SECRET_NOTE))
    session.follow_ups.add(
        ref,
        FollowUpEntry(
            "referral",
            text="",
            agency=SECRET_AGENCY,
            referral_state="made",
            next_action=SECRET_ACTION,
            due_on=date(2026, 12, 1),
        ),
    )
    session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain = _decrypted(session)
    on_disk = _all_bytes(session.data_dir)
    for needle in (SECRET_NOTE, SECRET_AGENCY, SECRET_ACTION):
        for encoded in (needle.encode(), needle.encode("utf-16-le")):
            assert encoded not in on_disk, needle
        assert needle.encode() in plain, needle  # the scan would have found it


def test_follow_ups_are_audited_by_kind_never_by_text(session: Session) -> None:
    ref = _ready(session)
    added = session.follow_ups.add(
        ref, FollowUpEntry("contact", text=SECRET_NOTE, method="call", next_action=SECRET_ACTION,
                           due_on=date(2026, 11, 1))
    )  # fmt: skip
    session.follow_ups.mark_done(added.id)
    rows = session.db.all(
        "SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'follow_up.%'"
    )
    assert rows == [
        (session.user.id, "follow_up.added", added.report_id, "contact"),
        (session.user.id, "follow_up.done", added.report_id, "contact"),
    ]
    everything = repr(session.db.all("SELECT * FROM audit_log"))
    assert "Varnholt" not in everything and "Ysolde" not in everything
    assert session.audit.verify().ok


def test_a_caseworker_sees_and_works_only_the_cases_assigned_to_them(
    data_dir: Path, session: Session
) -> None:
    mine, other = _ready(session), _ready(session)
    session.follow_ups.add(other, FollowUpEntry("note", text=SECRET_NOTE))
    bea = _caseworker(data_dir, session)
    assert bea.context.in_casebook and not bea.in_workspace
    assert bea.reports.list() == [] and bea.cases.mine() == []
    with pytest.raises(IntakeError, match="assigned to you"):
        bea.follow_ups.add(mine, FollowUpEntry("note", text="first call"))
    session.cases.assign(mine, "bea")  # copied into her casebook at once
    assert [r.reference for r in bea.reports.list()] == [mine]
    assert bea.reports.get(mine).reference == mine
    bea.follow_ups.add(mine, FollowUpEntry("note", text="first call", next_action="call back",
                                           due_on=date(2026, 11, 20)))  # fmt: skip
    assert [f.text for f in bea.follow_ups.of_case(mine)] == ["first call"]
    for refused in (
        lambda: bea.follow_ups.of_case(other),
        lambda: bea.follow_ups.add(other, FollowUpEntry("note", text="x")),
        lambda: bea.reports.get(other),
    ):
        with pytest.raises(IntakeError, match=r"assigned to you\. Check the reference, or ask"):
            refused()
    with pytest.raises(NotAllowed):
        bea.cases.assign(other, "bea")
    with pytest.raises(NotAllowed):
        bea.users.list()
    with pytest.raises(NotAllowed):
        bea.reports.withdraw(mine)
    with pytest.raises(NotAllowed):
        bea.reports.create_draft(full_report())
    with pytest.raises(NotAllowed, match="linked at the centre"):
        bea.links.add(mine, mine, "same_person")
    assert [f.reference for f in bea.follow_ups.due()] == [mine]
    session.cases.unassign(mine)  # her follow-up comes to the centre; the case leaves her
    assert [f.text for f in session.follow_ups.of_case(mine)] == ["first call"]
    assert bea.reports.list() == []
    with pytest.raises(IntakeError, match="assigned to you"):
        bea.follow_ups.of_case(mine)
    assert bea.follow_ups.due() == []
    bea.close()


def test_cases_go_only_to_active_caseworkers_and_only_once_at_the_centre(
    data_dir: Path, session: Session
) -> None:
    ref = _ready(session)
    with pytest.raises(IntakeError, match="only to an active caseworker"):
        session.cases.assign(ref, "Amina")
    draft = session.reports.create_draft(full_report())
    session.users.add("Bea", "caseworker", CASEWORKER_PASSPHRASE)
    with pytest.raises(IntakeError, match="reached the centre"):
        session.cases.assign(draft.reference, "Bea")


def test_the_list_says_who_works_each_case_and_narrows_to_one_caseworker_or_nobody(
    data_dir: Path, session: Session
) -> None:
    mine, theirs, nobodys = _ready(session), _ready(session), _ready(session)
    draft = session.reports.create_draft(full_report()).reference
    session.users.add("Bea", "caseworker", CASEWORKER_PASSPHRASE)
    session.users.add("Cai", "caseworker", "willow kettle harbour four")
    session.users.add("Dot", "caseworker", "amber pigeon lighthouse two")
    session.cases.assign(mine, "Bea")
    session.cases.assign(theirs, "Dot")
    session.users.deactivate("Dot")  # still listed: Dot has a case to give to someone else
    workers = session.cases.caseworkers()
    assert [(w.name, w.active) for w in workers] == [("Bea", True), ("Cai", True), ("Dot", False)]
    shown = {s.reference: s.caseworker for s in session.reports.list()}
    assert shown == {mine: "Bea", theirs: "Dot", nobodys: "", draft: ""}
    bea_id = workers[0].id
    only_bea = session.reports.list(ReportQuery(caseworker=bea_id))
    assert [s.reference for s in only_bea] == [mine]
    assert session.reports.count(ReportQuery(caseworker=NOT_ASSIGNED)) == 1  # not the draft
    assert session.cases.worker(session.reports.get(mine).id) == workers[0]
    assert session.cases.worker(session.reports.get(nobodys).id) is None
    # A caseworker is offered nobody to choose, and their filter cannot widen what they see.
    bea = unlock(data_dir, "Bea", CASEWORKER_PASSPHRASE, clock=_fixed)
    assert bea.cases.caseworkers() == []
    assert bea.reports.list(ReportQuery(caseworker=NOT_ASSIGNED)) == []
    bea.close()


def test_a_deactivated_caseworker_opens_nothing_current(data_dir: Path, session: Session) -> None:
    bea = _caseworker(data_dir, session)
    bea.close()
    old_key = session.keys.db_key
    session.users.deactivate("Bea")
    assert session.keys.db_key != old_key  # the store was re-keyed
    session.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Bea", CASEWORKER_PASSPHRASE)


def test_due_lists_today_and_overdue_with_a_fixed_clock(data_dir: Path, session: Session) -> None:
    ref = _ready(session)
    session.close()
    amina = unlock(data_dir, "Amina", "violet kettle harbour seven", clock=_fixed)
    for day, action in ((19, "overdue call"), (20, "today's visit"), (21, "tomorrow's letter")):
        amina.follow_ups.add(
            ref, FollowUpEntry("note", text="n", next_action=action, due_on=date(2026, 11, day))
        )
    amina.follow_ups.add(ref, FollowUpEntry("note", text="no date"))
    assert amina.follow_ups.today() == date(2026, 11, 20)
    assert [f.due_text() for f in amina.follow_ups.due()] == ["overdue call", "today's visit"]
    assert [f.due_text() for f in amina.follow_ups.coming()] == ["tomorrow's letter"]
    assert amina.follow_ups.coming(days=0) == []
    done = amina.follow_ups.due()[0]
    amina.follow_ups.mark_done(done.id)
    amina.follow_ups.mark_done(done.id)  # again: nothing more happens
    assert [f.due_text() for f in amina.follow_ups.due()] == ["today's visit"]
    assert [e.action for e in amina.audit.entries(limit=50)].count("follow_up.done") == 1
    amina.reports.withdraw(ref)  # what was done for the person goes with their data
    assert amina.follow_ups.due() == []
    assert amina.db.scalar("SELECT count(*) FROM follow_ups") == 0
    amina.close()


@given(st.text(max_size=20))
def test_any_typed_due_date_is_a_real_date_or_a_plain_refusal(text: str) -> None:
    try:
        day = parse_due(text)
    except FollowUpProblem as problem:
        assert str(problem) and "{" not in str(problem)
    else:
        assert day.isoformat() == text.strip() and 2000 <= day.year <= 2100


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
)
def test_due_dates_as_written_are_read_back(day: date) -> None:
    if 2000 <= day.year <= 2100:
        assert parse_due(day.isoformat()) == day
    else:
        with pytest.raises(FollowUpProblem, match="between 2000 and 2100"):
            parse_due(day.isoformat())


@given(
    kind=st.sampled_from((*KINDS, "call", "")),
    text=st.text(max_size=60),
    method=st.sampled_from((*METHODS, "", "fax")),
    agency=st.text(max_size=30),
    state=st.sampled_from((*REFERRAL_STATES, "", "maybe")),
    action=st.text(max_size=30),
    due=st.none() | st.dates(),
)
def test_any_entry_is_kept_cleanly_or_refused_plainly(
    kind: str, text: str, method: str, agency: str, state: str, action: str, due: date | None
) -> None:
    entry = FollowUpEntry(kind, text, method, agency, state, action, due)
    try:
        kept = check_entry(entry)
    except FollowUpProblem as problem:
        assert str(problem)
        return
    assert kept.kind in KINDS
    assert kept.text == text.strip() and kept.next_action == action.strip()
    assert kept.due_on is not None or not kept.next_action
    if kept.kind == "contact":
        assert kept.method in METHODS
    if kept.kind == "referral":
        assert kept.agency and kept.referral_state in REFERRAL_STATES
    if kept.kind == "note":
        assert kept.text
