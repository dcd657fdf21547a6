"""Correcting a ready report: who may, when, what is kept and said. (What the force is told of a
correction of a report it already holds: tests/services/test_report_notices.py.)"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import minisign
import pyrage
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock, unlock_with_recovery
from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.report import VICTIM_TYPES, Offender, Report, StrandChoice, Witness
from intake_app.domain.report_record import ReportQuery
from intake_app.exchange.receipts import sign_receipt
from intake_app.services.report_corrections import changed_paths, correction_line
from intake_app.support.errors import InvalidState, NotAllowed, ValidationFailed
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report


def _ready(session: Session, **changes: object) -> str:
    record = session.reports.create_draft(full_report(**changes))
    session.reports.mark_ready(record.id)
    return record.id


def _with_phone(phone: str, **changes: object) -> Report:
    report = full_report(**changes)
    report.person = replace(report.person, phone=phone)
    return report


def _store_state(session: Session) -> list[Any]:
    return [
        session.db.all(f"SELECT * FROM {table} ORDER BY 1")
        for table in ("reports", "report_strands", "report_search", "statistics_entries")
    ] + [session.db.scalar("SELECT count(*) FROM audit_log")]


@pytest.fixture
def force_keys(
    session: Session, force: tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile]
) -> minisign.KeyPair:
    _, keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    return keys


def _answer(session: Session, keys: minisign.KeyPair, outcomes: dict[str, str]) -> None:
    """The force's signed receipt for the latest batch."""
    batch = session.db.one("SELECT id, file_sha256, sequence FROM batches ORDER BY sequence DESC")
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": "leicestershire",
               "centre_code": "RIVA", "batch_id": batch[0], "sequence": batch[2],
               "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": i, "reference": session.reports.get(i).reference, "outcome": o,
                            "reason": "Phone is wrong"} for i, o in outcomes.items()]}  # fmt: skip
    session.exports.import_receipt(sign_receipt(receipt, keys.secret_key))


# --- who may correct ---------------------------------------------------------------------------


def test_a_volunteer_cannot_correct_even_their_own_report(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    ready_id = _ready(session)
    session.close()
    thaddeus = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    own = thaddeus.reports.create_draft(full_report())
    thaddeus.reports.mark_ready(own.id)
    for target in (ready_id, own.id):
        with pytest.raises(NotAllowed, match="Only a coordinator can correct"):
            thaddeus.reports.correct(target, _with_phone("0116 496 0999"))
    thaddeus.close()
    amina = unlock(data_dir, "Amina", PASSPHRASE)
    assert amina.reports.get(own.id).report.person.phone == "0116 496 0777"
    assert amina.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'report.corrected'") == 0
    amina.close()


def test_the_recovery_key_cannot_correct(new_store: tuple[Session, str], data_dir: Path) -> None:
    session, recovery = new_store
    report_id = _ready(session)
    session.close()
    with unlock_with_recovery(data_dir, recovery) as rescue:
        refused = pytest.raises(NotAllowed, match="Sign in as a coordinator")
        with refused:
            rescue.reports.correct(report_id, _with_phone("0116 496 0999"))


# --- when a report may be corrected ------------------------------------------------------------


def test_a_draft_is_changed_in_the_form_not_corrected(session: Session) -> None:
    draft = session.reports.create_draft(full_report())
    with pytest.raises(InvalidState, match="still a draft: change it in the form"):
        session.reports.correct(draft.id, _with_phone("0116 496 0999"))


def test_a_sent_or_acknowledged_report_is_corrected_and_the_force_will_be_told(
    session: Session, tmp_path: Path, force_keys: minisign.KeyPair
) -> None:
    report_id = _ready(session)
    session.exports.export(tmp_path)
    record = session.reports.correct(report_id, _with_phone("0116 496 0999"))
    assert record.status == "exported"
    assert session.reports.notice(report_id).label() == "Correction waiting for the next batch"  # type: ignore[union-attr]
    _answer(session, force_keys, {report_id: "accepted"})
    record = session.reports.correct(report_id, _with_phone("0116 496 0111"))
    assert record.status == "acknowledged"
    assert session.reports.get(report_id).report.person.phone == "0116 496 0111"
    waiting = session.db.all("SELECT kind FROM notices WHERE batch_id IS NULL")
    assert waiting == [("amendment",)]  # one waits, whatever the number of corrections


def test_a_withdrawn_report_cannot_be_corrected(session: Session) -> None:
    report_id = _ready(session)
    session.reports.withdraw(report_id)
    with pytest.raises(InvalidState, match="withdrawn and its personal data erased"):
        session.reports.correct(report_id, full_report())


def test_a_report_the_force_sent_back_can_be_corrected_and_sent_again(
    session: Session, tmp_path: Path, force_keys: minisign.KeyPair
) -> None:
    report_id = _ready(session)
    session.exports.export(tmp_path)
    _answer(session, force_keys, {report_id: "rejected"})
    assert session.reports.get(report_id).status == "ready"
    corrected = session.reports.correct(report_id, _with_phone("0116 496 0999"))
    assert corrected.status == "ready" and session.reports.notice(report_id) is None
    assert session.exports.export(tmp_path).sequence == 2
    session.reports.correct(report_id, _with_phone("0116 496 0111"))
    assert session.reports.notice(report_id).state == "waiting"  # type: ignore[union-attr]


def test_a_report_withdrawn_while_the_correction_was_checked_is_left_alone(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_app.services import report_corrections

    report_id = _ready(session)

    def withdrawn_meanwhile(*args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        session.db.execute("UPDATE reports SET status = 'withdrawn' WHERE id = ?", (report_id,))
        return []

    monkeypatch.setattr(report_corrections, "problems", withdrawn_meanwhile)
    with pytest.raises(InvalidState, match="has been withdrawn"):
        session.reports.correct(report_id, _with_phone("0116 496 0999"))
    assert session.reports.get(report_id).report.person.phone == "0116 496 0777"
    assert session.reports.corrections(report_id) == []


# --- what a correction does --------------------------------------------------------------------


def test_a_correction_is_saved_indexed_and_audited_by_field_name(session: Session) -> None:
    report_id = _ready(session)
    before = session.reports.get(report_id)
    changed = _with_phone("0116 496 0999", description="Two men followed her from Quillbury.")
    changed.when = replace(changed.when, start="2026-03-15T18:30")
    record = session.reports.correct(before.reference, changed)
    assert record.updated_at >= before.updated_at and record.status == "ready"
    stored = session.reports.get(report_id)
    assert stored.report == changed and stored.updated_at == record.updated_at
    assert [r.id for r in session.reports.list(ReportQuery(search="Quillbury"))] == [report_id]
    assert session.reports.list(ReportQuery(search="slurs")) == []
    entry = session.audit.entries(target=report_id)[1]  # the newest is the view just above
    assert (entry.action, entry.detail) == (
        "report.corrected",
        "person.phone,description,when.start",
    )
    assert session.audit.verify().ok


def test_the_audit_log_never_holds_old_or_new_values(session: Session) -> None:
    report_id = _ready(session)
    new = full_report(
        description="Quillbury Harbour incident", witnesses=[Witness("Ottoline Vexby")]
    )
    new.person = replace(new.person, name="Zenobia Quartermaine", email="zq@example.net")
    session.reports.correct(report_id, new)
    leaves: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict | list):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)
        elif isinstance(value, str) and len(value) >= 6:
            leaves.append(value)

    walk(full_report().to_dict())
    walk(new.to_dict())
    leaves = [v for v in leaves if v not in VICTIM_TYPES]  # a code, also a word of field paths
    dump = repr(session.db.all("SELECT * FROM audit_log"))
    assert {"Zenobia Quarterfield", "Zenobia Quartermaine", "0116 496 0777"} <= set(leaves)
    assert [value for value in leaves if value in dump] == []


def test_a_correction_cannot_make_a_ready_report_incomplete(session: Session) -> None:
    report_id = _ready(session)
    before = _store_state(session)
    with pytest.raises(ValidationFailed) as caught:
        session.reports.correct(report_id, full_report(description="   ", strands=[]))
    assert {p[0] for p in caught.value.problems} == {"description", "strands"}
    with pytest.raises(ValidationFailed):
        session.reports.correct(report_id, _with_phone("12"))
    assert _store_state(session) == before


def test_a_correction_that_changes_nothing_writes_nothing(session: Session) -> None:
    report_id = _ready(session)
    before = _store_state(session)
    record = session.reports.correct(report_id, full_report())
    assert record.report == full_report() and record.status == "ready"
    assert _store_state(session) == before
    assert session.reports.corrections(report_id) == []


def test_statistics_follow_the_correction(session: Session) -> None:
    report_id = _ready(session)

    def counted(dimension: str) -> list[str]:
        rows = session.db.all(
            "SELECT value FROM statistics_entries WHERE report_id = ? AND dimension = ? "
            "ORDER BY value",
            (report_id, dimension),
        )
        return [str(r[0]) for r in rows]

    assert counted("strand") == ["race", "religion"] and counted("religion") == ["muslim"]
    session.reports.correct(
        report_id,
        full_report(strands=[StrandChoice("disability", "")], incident_types=["harassment"]),
    )
    assert counted("strand") == ["disability"] and counted("religion") == []
    assert counted("incident") == ["harassment"]
    strands = session.db.all("SELECT strand FROM report_strands WHERE report_id = ?", (report_id,))
    assert strands == [("disability",)]


def test_corrections_say_who_changed_which_fields(session: Session, data_dir: Path) -> None:
    session.users.add("Bea", "coordinator", "amber tractor willow four")
    report_id = _ready(session)
    session.reports.correct(report_id, _with_phone("0116 496 0999"))
    session.close()
    with unlock(data_dir, "Bea", "amber tractor willow four") as bea:
        bea.reports.correct(
            report_id,
            _with_phone(
                "0116 496 0999",
                offenders=[Offender(known_to_victim=False, sex="male", clothing="Grey coat")],
            ),
        )
        found = bea.reports.corrections(report_id)
    assert [(c.by, c.paths) for c in found] == [
        ("Amina", ["person.phone"]),
        ("Bea", ["offenders[0].clothing"]),
    ]
    assert found[0].at <= found[1].at and found[0].at.endswith("Z")
    assert correction_line(found[1]).startswith("Corrected on ")
    assert correction_line(found[1]).endswith(" by Bea: Offender 1: clothing")


# --- withdrawing a ready report ----------------------------------------------------------------


def test_a_coordinator_withdraws_a_ready_report_a_volunteer_cannot(
    data_dir: Path, session: Session
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    report_id = _ready(session)
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        with pytest.raises(NotAllowed) as caught:
            thaddeus.reports.withdraw(report_id)
        assert str(caught.value) == (
            "You can withdraw only your own drafts. Ask a coordinator to withdraw this report."
        )
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        withdrawn = amina.reports.withdraw(report_id)
        assert withdrawn.status == "withdrawn"
        assert amina.reports.get(report_id).report.person.name == ""


# --- which fields changed ----------------------------------------------------------------------


def _leaf_paths(value: object, path: str = "") -> list[str]:
    if path in ("strands", "incident_types"):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, f"{path}[{i}]")]
    return [path]


def _set(data: dict[str, Any], path: str, value: object) -> None:
    target: Any = data
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value


def _get(data: dict[str, Any], path: str) -> object:
    target: Any = data
    for part in path.replace("[", ".").replace("]", "").split("."):
        target = target[int(part)] if part.isdigit() else target[part]
    return target


ORIGINAL = full_report().to_dict()
OPTIONAL = st.one_of(st.none(), st.booleans(), st.integers(0, 50))
NEW_VALUE = {
    str: st.text(max_size=20),
    bool: st.booleans(),
    int: st.one_of(st.none(), st.integers(0, 50)),
    type(None): OPTIONAL,
    list: st.lists(
        st.fixed_dictionaries(
            {
                "strand": st.sampled_from(["race", "religion", "disability"]),
                "sub_category": st.just(""),
            }
        ),
        max_size=3,
    ),
}


@given(path=st.sampled_from(_leaf_paths(ORIGINAL)), data=st.data())
def test_changing_any_one_field_names_exactly_that_field(path: str, data: st.DataObject) -> None:
    old = _get(ORIGINAL, path)
    if path == "incident_types":
        new: object = data.draw(st.lists(st.sampled_from(["threats", "arson", "graffiti"])))
    else:
        new = data.draw(NEW_VALUE[type(old)] if type(old) is not bool else OPTIONAL)
    changed = copy.deepcopy(ORIGINAL)
    _set(changed, path, new)
    after, shape_problems = Report.from_dict(changed)
    assume(not shape_problems and after.to_dict() != ORIGINAL)
    assert changed_paths(full_report(), after) == [path]
    assert changed_paths(after, full_report()) == [path]
    assert changed_paths(after, after) == []


def test_people_added_or_removed_are_named_by_position() -> None:
    one = full_report()
    two = full_report(witnesses=[*one.witnesses, Witness(name="Ottoline Vexby")])
    assert changed_paths(one, two) == ["witnesses[1]"]
    assert changed_paths(two, one) == ["witnesses[1]"]
    assert changed_paths(one, full_report(offenders=[])) == ["offenders[0]"]
    reordered = full_report(strands=list(reversed(one.strands)))
    assert changed_paths(one, reordered) == ["strands"]
