"""Volunteers' workspaces and deposits: a volunteer's passphrase opens only their own work; a
ready report reaches the centre sealed and signed; forged, altered, replayed, foreign, truncated
and oversized deposits are refused with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session, create_store, unlock
from intake_app.exchange import deposit_format
from intake_app.exchange.deposit_format import DepositRefused
from intake_app.storage import device_secret, key_bundle, keyslots
from intake_app.storage.database import Database
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support.errors import IntakeError, NotAllowed
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report

PRIYA_PASSPHRASE = "amber tractor willow four"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _volunteers(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.users.add("Priya", "volunteer", PRIYA_PASSPHRASE)
    session.close()


def _hand_over(data_dir: Path, description: str = "Shouted at by the bus stop") -> str:
    """Thaddeus writes a report with an attachment and marks it ready; returns its reference."""
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        record = thaddeus.reports.create_draft(full_report(description=description))
        thaddeus.attachments.add(record.id, PNG, "Photo of the shelter", share_with_police=True)
        thaddeus.reports.mark_ready(record.id)
        return record.reference


def _deposits(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "deposits").glob("*.deposit"))


def test_a_ready_report_reaches_the_centre_and_leaves_the_volunteer(
    data_dir: Path, session: Session
) -> None:
    _volunteers(data_dir, session)
    ref = _hand_over(data_dir, "Zenobia was shouted at by the bus stop")
    [deposit] = _deposits(data_dir)
    raw = deposit.read_bytes()
    assert b"Zenobia" not in raw and ref.encode() not in raw  # sealed, not just signed
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        assert thaddeus.reports.list() == []
        with pytest.raises(NotAllowed):
            thaddeus.reports.get(ref)
        stub = thaddeus.db.one("SELECT reference, consent FROM handed_over")
        assert stub is not None and stub[0] == ref
        assert thaddeus.db.scalar("SELECT count(*) FROM attachments") == 0
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.taken_in is not None and amina.taken_in.taken_in == [ref]
        record = amina.reports.get(ref)
        assert record.status == "ready"
        assert record.report.description == "Zenobia was shouted at by the bus stop"
        assert [a.label for a in record.attachments] == ["Photo of the shelter"]
        assert amina.statistics.has_reports(demo=False)  # counted at the centre
        assert amina.audit.verify().ok
    assert _deposits(data_dir) == []


def test_a_volunteers_references_never_clash_with_the_centres(
    data_dir: Path, session: Session
) -> None:
    centre_ref = session.reports.create_draft(full_report()).reference
    _volunteers(data_dir, session)
    volunteer_ref = _hand_over(data_dir)
    assert centre_ref.split("-")[2] == "00001"
    assert volunteer_ref.split("-")[2] == "100001"  # writer 1's block
    with unlock(data_dir, "Priya", PRIYA_PASSPHRASE) as priya:
        assert priya.reports.create_draft(full_report()).reference.split("-")[2] == "200001"


def _everything_derivable(data_dir: Path, name: str, passphrase: str) -> list[bytes]:
    slots = keyslots.load(data_dir / "keyslots.json")
    device = device_secret.load(slots.store_id) if slots.device_bound else None
    opened = slots.open_user(name, passphrase, device)
    assert opened.bundle is not None
    keys = []
    for entry in slots.stores:
        for sealed in (entry.sealed_key, entry.sealed_next):
            key = key_bundle.open_with(sealed, opened.bundle) if sealed else None
            if key:
                keys.append(key)
    return keys


def test_a_volunteers_passphrase_and_every_file_open_only_their_own_work(
    data_dir: Path, session: Session
) -> None:
    """An insider with their own passphrase and a copy of the whole data folder: every key
    they can derive opens their own workspace and nothing else, and no deposit opens."""
    session.reports.create_draft(full_report(description="The coordinator's own report"))
    _volunteers(data_dir, session)
    with unlock(data_dir, "Priya", PRIYA_PASSPHRASE) as priya:
        priya.reports.create_draft(full_report(description="Priya's draft"))
    _hand_over(data_dir)  # a deposit waits in the folder
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        own = thaddeus.store
    keys = _everything_derivable(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    assert len(keys) == 1
    databases = [data_dir / "centre.db", *sorted((data_dir / "workspaces").glob("*.db"))]
    opened = []
    for path in databases:
        try:
            Database(path, keys[0]).close()
        except IntakeError:
            continue
        opened.append(path.stem)
    assert opened == [own]
    slots = keyslots.load(data_dir / "keyslots.json")
    opened_bundle = slots.open_user(
        "Thaddeus", VOLUNTEER_PASSPHRASE, device_secret.load(slots.store_id)
    ).bundle
    assert opened_bundle is not None
    for deposit in _deposits(data_dir):
        body = deposit.read_bytes()[len(deposit.read_bytes().split(b"\n")[0]) + 1 + 64 :]
        assert key_bundle.open_with(body, opened_bundle) is None  # their own, once sealed, too


def test_an_altered_deposit_is_refused_and_set_aside(data_dir: Path, session: Session) -> None:
    _volunteers(data_dir, session)
    _hand_over(data_dir)
    [deposit] = _deposits(data_dir)
    raw = bytearray(deposit.read_bytes())
    raw[-10] ^= 0x01
    deposit.write_bytes(bytes(raw))
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.taken_in is not None
        [(_, reason)] = amina.taken_in.refused
        assert "signature does not match" in reason
        assert amina.reports.count() == 0
    assert list((data_dir / "deposits" / "refused").iterdir())  # kept, not lost


def test_a_deposit_signed_by_another_volunteer_is_refused(data_dir: Path, session: Session) -> None:
    _volunteers(data_dir, session)
    _hand_over(data_dir)
    [deposit] = _deposits(data_dir)
    raw = deposit.read_bytes()
    deposit.unlink()
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        priya_id = amina.db.scalar("SELECT id FROM users WHERE name = 'Priya'")
    line, rest = raw.split(b"\n", 1)
    parts = line.split(b" ")
    forged = b" ".join([parts[0], parts[1], str(priya_id).encode(), parts[3]]) + b"\n" + rest
    path = data_dir / "forged.deposit"
    path.write_bytes(forged)
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        with pytest.raises(DepositRefused, match="signature does not match"):
            amina.deposits.take_in(path)
        assert amina.reports.count() == 0


def test_a_replayed_deposit_changes_nothing(data_dir: Path, session: Session) -> None:
    _volunteers(data_dir, session)
    ref = _hand_over(data_dir)
    [deposit] = _deposits(data_dir)
    kept = data_dir.parent / "copy.deposit"
    shutil.copy(deposit, kept)
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.reports.count() == 1
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        before = amina.audit.verify().entries
        assert amina.deposits.take_in(kept) is None
        assert amina.reports.count() == 1
        assert amina.reports.get(ref).status == "ready"
        assert amina.audit.verify().entries == before + 1  # only the view just made


def test_another_centres_deposit_is_refused(
    data_dir: Path, session: Session, tmp_path: Path
) -> None:
    _volunteers(data_dir, session)
    other_dir = tmp_path / "other"
    other, _ = create_store(
        other_dir, centre_name="Other Centre", centre_code="OTHR", user_name="Olu",
        passphrase=PASSPHRASE, params=TEST_PARAMS,
    )  # fmt: skip
    other.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    other.close()
    with unlock(other_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        record = thaddeus.reports.create_draft(full_report())
        thaddeus.reports.mark_ready(record.id)
    [foreign] = _deposits(other_dir)
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        with pytest.raises(DepositRefused, match="another centre"):
            amina.deposits.take_in(foreign)
        assert amina.reports.count() == 0


def test_truncated_and_oversized_deposits_are_refused_before_reading(
    data_dir: Path, session: Session
) -> None:
    _volunteers(data_dir, session)
    _hand_over(data_dir)
    [deposit] = _deposits(data_dir)
    raw = deposit.read_bytes()
    deposit.unlink()
    cut = data_dir.parent / "cut.deposit"
    huge = data_dir.parent / "huge.deposit"
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        for length in (0, 20, raw.index(b"\n") + 1, raw.index(b"\n") + 40, len(raw) - 1):
            cut.write_bytes(raw[:length])
            with pytest.raises(DepositRefused):
                amina.deposits.take_in(cut)
        with open(huge, "wb") as handle:
            handle.write(raw)
            handle.truncate(deposit_format.MAX_BYTES + 1)  # sparse: nothing is really written
        with pytest.raises(DepositRefused, match="far larger"):
            amina.deposits.take_in(huge)
        assert amina.reports.count() == 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.one_of(
        st.binary(max_size=600),
        st.builds(lambda tail: b"INTAKE-DEPOSIT/1 " + tail, st.binary(max_size=300)),
    )
)
def test_any_bytes_as_a_deposit_give_only_a_plain_refusal(
    raw: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("deposit")
    path = folder / "x.deposit"
    path.write_bytes(raw)
    with pytest.raises(DepositRefused):
        header = deposit_format.read_header(path)
        deposit_format.open_verified(path, b"\x00" * 32, key_bundle.KeyBundle.generate())
        raise AssertionError(header)


def test_a_hand_over_cut_short_is_finished_once(
    data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deposit was written, then the app died before the workspace kept only a stub."""
    _volunteers(data_dir, session)
    from intake_app.services import deposits

    def die(*_: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(deposits, "delete_report", die)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        record = thaddeus.reports.create_draft(full_report())
        with pytest.raises(SystemExit):
            thaddeus.reports.mark_ready(record.id)
    monkeypatch.undo()
    assert len(_deposits(data_dir)) == 1
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        assert thaddeus.reports.list() == []  # finished at sign-in
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.reports.count() == 1


def test_a_departing_volunteers_drafts_and_deposits_come_to_the_centre(
    data_dir: Path, session: Session
) -> None:
    _volunteers(data_dir, session)
    handed = _hand_over(data_dir)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        draft = thaddeus.reports.create_draft(full_report(description="Half written")).reference
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.users.deactivate("Thaddeus")
        assert amina.reports.get(draft).report.description == "Half written"
        assert amina.reports.get(handed).status == "ready"
    assert not list((data_dir / "workspaces").glob("*.db")) or all(
        "Thaddeus" not in p.name for p in (data_dir / "workspaces").glob("*.db")
    )


def test_a_volunteer_who_changed_their_passphrase_still_hands_over(
    data_dir: Path, session: Session
) -> None:
    _volunteers(data_dir, session)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        thaddeus.users.change_own_passphrase(VOLUNTEER_PASSPHRASE, "saffron bicycle orchard twelve")
        record = thaddeus.reports.create_draft(full_report())
        thaddeus.reports.mark_ready(record.id)
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.taken_in is not None and amina.taken_in.taken_in == [record.reference]


def test_a_coordinator_resets_a_volunteers_passphrase(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        thaddeus.reports.create_draft(full_report(description="Kept through the reset"))
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.users.reset_with_recovery_key("Thaddeus", recovery, "saffron bicycle orchard twelve")
    with unlock(data_dir, "Thaddeus", "saffron bicycle orchard twelve") as thaddeus:
        [draft] = thaddeus.reports.list()
        assert thaddeus.reports.get(draft.id).report.description == "Kept through the reset"


def test_a_departed_coordinators_copy_of_the_centre_identity_opens_nothing_new(
    data_dir: Path, session: Session
) -> None:
    """A coordinator could read the centre identity while active. Once they are deactivated,
    every workspace is re-keyed to a new identity and new deposits are sealed to it."""
    session.users.add("Oluwaseun", "coordinator", "saffron bicycle orchard twelve")
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    with session as s:
        old_identity = key_bundle.decode(
            str(s.db.scalar("SELECT value FROM store_meta WHERE key = 'centre_bundle'"))
        )
        s.users.deactivate("Oluwaseun")
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        thaddeus.reports.create_draft(full_report(description="After Oluwaseun left"))
        record = thaddeus.reports.create_draft(full_report())
        thaddeus.reports.mark_ready(record.id)
    slots = keyslots.load(data_dir / "keyslots.json")
    for entry in slots.stores:
        assert key_bundle.open_with(entry.sealed_key, old_identity) is None
    [deposit] = _deposits(data_dir)
    body = deposit.read_bytes().split(b"\n", 1)[1][64:]
    assert key_bundle.open_with(body, old_identity) is None
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        assert amina.taken_in is not None and amina.taken_in.taken_in == [record.reference]
