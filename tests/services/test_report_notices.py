"""The force is told of a correction or a withdrawal of a report it already holds: what waits,
what the next batch carries (in the form the consent allows), what the receipt confirms, and
that the audit log records each step without personal data."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import minisign
import pyrage
import pytest

from intake_app.app.session import Session
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.receipts import ReceiptInvalid, read_receipt, sign_receipt
from intake_app.support.errors import IntakeError, InvalidState
from tests.conftest import full_report
from tests.force_desk import ForceDesk
from tests.services.test_export import PNG, open_batch

NAME = "Zenobia Quarterfield"


@pytest.fixture
def desk(
    session: Session,
    tmp_path: Path,
    force: tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile],
) -> ForceDesk:
    identity, keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    desk = ForceDesk(tmp_path / "force", identity, keys)
    desk.register("RIVA", session.exports.centre_public_key())
    return desk


def _ready(session: Session, **changes: object) -> str:
    record = session.reports.create_draft(full_report(**changes))
    session.attachments.add(record.id, PNG, "door", share_with_police=True)
    session.reports.mark_ready(record.id)
    return record.id


def _round(session: Session, desk: ForceDesk, folder: Path) -> tuple[Path, Any]:
    """A batch written, taken in by the force, its receipt imported at the centre."""
    folder.mkdir(exist_ok=True)
    result = session.exports.export(folder)
    desk.take(result.path)
    counts = session.exports.import_receipt(desk.receipt(result.path))
    return result.path, counts


def _sent(session: Session, desk: ForceDesk, tmp_path: Path, **changes: object) -> str:
    report_id = _ready(session, **changes)
    _round(session, desk, tmp_path / "first")
    assert session.reports.get(report_id).status == "acknowledged"
    return report_id


def _phone(phone: str, **changes: object) -> Any:
    report = full_report(**changes)
    report.person = replace(report.person, phone=phone)
    return report


# --- amendments --------------------------------------------------------------------------------


def test_a_correction_goes_as_an_amendment_and_the_receipt_confirms_it(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    session.reports.correct(report_id, _phone("0116 496 0999"))
    assert session.reports.notice(report_id).label() == "Correction waiting for the next batch"  # type: ignore[union-attr]
    (tmp_path / "second").mkdir()
    result = session.exports.export(tmp_path / "second")
    assert (result.report_count, result.notice_count) == (0, 1)  # a batch of notices alone
    assert session.reports.notice(report_id).label() == "Correction sent"  # type: ignore[union-attr]
    members = open_batch(result.path, desk.identity)
    manifest = json.loads(members["manifest.json"])
    assert (manifest["version"], manifest["amendment_count"], manifest["erasure_count"]) == (
        3,
        1,
        0,
    )
    amendment = json.loads(members[f"amendments/{report_id}.json"])
    assert amendment["report"]["person"]["phone"] == "0116 496 0999"
    assert amendment["attachments"][0]["sha256"] and not any(
        name.startswith("attachments/") for name in members
    )  # listed with its hash, not carried again
    assert {m["name"] for m in manifest["members"]} == {f"amendments/{report_id}.json"}
    desk.take(result.path)
    stored = desk.document(report_id)
    assert stored is not None and stored["report"]["person"]["phone"] == "0116 496 0999"
    changes = desk.rows(
        "SELECT kind, sequence FROM report_changes WHERE report_id = ?", (report_id,)
    )
    assert changes == [("amended", 2)]
    counts = session.exports.import_receipt(desk.receipt(result.path))
    assert (counts.accepted, counts.rejected, counts.confirmed, counts.refused) == (0, 0, 1, 0)
    assert session.reports.notice(report_id).label() == "Correction confirmed"  # type: ignore[union-attr]
    actions = [e.action for e in reversed(session.audit.entries(200, target=report_id))]
    assert [a for a in actions if a.startswith("notice.")] == [
        "notice.amendment_queued", "notice.sent", "notice.confirmed",
    ]  # fmt: skip
    assert session.audit.verify().ok


def test_an_amendment_respects_the_consent_without_identifying_details(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path, consent="police_without_details")
    session.reports.correct(report_id, _phone("0116 496 0999", consent="police_without_details"))
    (tmp_path / "second").mkdir()
    members = open_batch(session.exports.export(tmp_path / "second").path, desk.identity)
    amendment = json.loads(members[f"amendments/{report_id}.json"])
    assert amendment["identifying_details"] is False
    assert set(amendment["report"]["person"].values()) == {""}
    assert NAME.encode() not in b"".join(members.values())


def test_a_correction_cannot_make_a_sent_report_monitoring_only(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    with pytest.raises(InvalidState, match="withdraw it: the force is then told to erase"):
        session.reports.correct(report_id, full_report(consent="monitoring_only"))
    assert session.reports.notice(report_id) is None
    assert session.reports.get(report_id).report.consent == "police_with_contact"


def test_a_report_never_sent_is_corrected_without_telling_anyone(session: Session) -> None:
    report_id = _ready(session)
    session.reports.correct(report_id, _phone("0116 496 0999"))
    session.reports.withdraw(report_id)
    assert session.reports.notice(report_id) is None
    assert session.db.scalar("SELECT count(*) FROM notices") == 0


def test_a_second_correction_while_a_batch_is_written_stops_that_batch(
    session: Session, desk: ForceDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_app.services import export

    report_id = _sent(session, desk, tmp_path)
    session.reports.correct(report_id, _phone("0116 496 0999"))
    real = export.start_batch

    def corrected_meanwhile(*args: Any, **kwargs: Any) -> Any:
        writing = real(*args, **kwargs)  # every member read and encrypted; the file not yet done
        session.reports.correct(report_id, _phone("0116 496 0111"))
        return writing

    monkeypatch.setattr(export, "start_batch", corrected_meanwhile)
    (tmp_path / "second").mkdir()
    with pytest.raises(IntakeError, match="corrected or withdrawn while the batch was being"):
        session.exports.export(tmp_path / "second")
    monkeypatch.undo()
    assert session.db.scalar("SELECT count(*) FROM batches") == 1
    assert session.reports.notice(report_id).state == "waiting"  # type: ignore[union-attr]
    result = session.exports.export(tmp_path / "second")  # the stale file is replaced
    amendment = json.loads(open_batch(result.path, desk.identity)[f"amendments/{report_id}.json"])
    assert amendment["report"]["person"]["phone"] == "0116 496 0111"


# --- erasures ----------------------------------------------------------------------------------


def test_a_withdrawal_goes_as_an_erasure_and_the_force_keeps_no_content(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    reference = session.reports.get(report_id).reference
    assert NAME.encode() in desk.plaintext()  # the scan below finds what is there
    session.reports.correct(report_id, _phone("0116 496 0999"))
    session.reports.withdraw(report_id)  # the waiting correction goes no further
    assert session.reports.notice(report_id).label() == "Erasure waiting for the next batch"  # type: ignore[union-attr]
    (tmp_path / "second").mkdir()
    result = session.exports.export(tmp_path / "second")
    members = open_batch(result.path, desk.identity)
    assert json.loads(members[f"erasures/{report_id}.json"]) == {
        "format": "intake-erasure/1", "id": report_id, "reference": reference,
        "centre_code": "RIVA",
    }  # fmt: skip
    assert not any(name.startswith("amendments/") for name in members)
    taken = desk.take(result.path)
    assert [(n.kind, n.outcome) for n in taken.notices] == [("erasure", "applied")]
    assert desk.rows("SELECT centre_code, reference, sealed, status FROM reports") == [
        ("RIVA", reference, None, "erased")
    ]
    assert desk.rows("SELECT count(*) FROM attachments") == [(0,)]
    assert desk.rows("SELECT kind, sequence FROM report_changes") == [("erased", 2)]
    plain = desk.plaintext()
    for needle in (NAME, "0116 496 0777", "Wexcombe", "zenobia.q@example.org"):
        assert needle.encode() not in plain, needle
    assert reference.encode() in plain  # what it kept: the id and reference
    counts = session.exports.import_receipt(desk.receipt(result.path))
    assert (counts.confirmed, counts.refused) == (1, 0)
    assert session.reports.notice(report_id).label() == "Erasure confirmed"  # type: ignore[union-attr]


def test_the_retention_purge_tells_the_force_nothing(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    session.reports.correct(report_id, _phone("0116 496 0999"))
    session.reports.erase_personal_data(report_id, "purged", "report.purged")
    assert session.reports.notice(report_id) is None
    assert session.exports.waiting_notices() == []


def test_notices_and_reports_go_together_and_a_rewrite_carries_the_same(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    first = _sent(session, desk, tmp_path)
    second = _ready(session)
    session.reports.withdraw(first)
    (tmp_path / "second").mkdir()
    result = session.exports.export(tmp_path / "second")
    assert (result.report_count, result.notice_count) == (1, 1)
    (tmp_path / "again").mkdir()
    again = session.exports.rewrite(2, tmp_path / "again")
    assert (again.report_count, again.notice_count) == (1, 1)
    names = set(open_batch(again.path, desk.identity))
    assert {f"reports/{second}.json", f"erasures/{first}.json"} <= names
    desk.take(again.path)
    assert desk.take(result.path).already_imported  # the same batch, whichever copy came first
    session.exports.import_receipt(desk.receipt(again.path))
    assert session.reports.notice(first).state == "confirmed"  # type: ignore[union-attr]
    assert session.exports.batches()[0][2:] == (1, session.exports.batches()[0][3], 1)


def test_nothing_to_send_when_no_report_and_no_notice_waits(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    _sent(session, desk, tmp_path)
    with pytest.raises(IntakeError, match="Nothing to send"):
        session.exports.export(tmp_path)


# --- the receipt -------------------------------------------------------------------------------


def _receipt_for_latest(session: Session, keys: minisign.KeyPair, **changes: object) -> bytes:
    batch = session.db.one("SELECT id, file_sha256, sequence, audit_head FROM batches "
                           "ORDER BY sequence DESC")  # fmt: skip
    assert batch is not None
    notices = [
        {"id": r[0], "reference": r[1], "kind": r[2], "outcome": "applied", "reason": ""}
        for r in session.db.all(
            "SELECT n.report_id, r.reference, n.kind FROM notices n JOIN reports r "
            "ON r.id = n.report_id WHERE n.batch_id = ?",
            (batch[0],),
        )
    ]
    receipt = {"format": "intake-receipt", "version": 3, "force_code": "leicestershire",
               "centre_code": "RIVA", "batch_id": batch[0], "sequence": batch[2],
               "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "audit_head": batch[3], "reports": [], "notices": notices}  # fmt: skip
    receipt.update(changes)
    return sign_receipt(receipt, keys.secret_key)


def test_a_receipt_must_answer_exactly_the_notices_sent(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    other = _sent(session, desk, tmp_path)
    session.reports.withdraw(report_id)
    (tmp_path / "second").mkdir()
    session.exports.export(tmp_path / "second")
    before = session.db.all("SELECT * FROM notices ORDER BY id")
    good = json.loads(_receipt_for_latest(session, desk.keys).split(b"\n", 4)[4])
    wrong = [
        {"notices": []},
        {"notices": [{**good["notices"][0], "kind": "amendment"}]},
        {"notices": [{**good["notices"][0], "id": other}]},
        {"notices": [*good["notices"], {**good["notices"][0], "id": other}]},
    ]
    for change in wrong:
        with pytest.raises(ReceiptInvalid, match="exactly the corrections and erasures"):
            session.exports.import_receipt(_receipt_for_latest(session, desk.keys, **change))
    older = {"version": 2}  # a receipt of a version without notices has none to confirm
    del good["notices"]
    with pytest.raises(ReceiptInvalid):
        session.exports.import_receipt(_receipt_for_latest(session, desk.keys, **older))
    assert session.db.all("SELECT * FROM notices ORDER BY id") == before
    refused = {**_one_notice(session, desk), "outcome": "refused", "reason": "not received"}
    session.exports.import_receipt(_receipt_for_latest(session, desk.keys, notices=[refused]))
    notice = session.reports.notice(report_id)
    assert notice is not None and notice.sentence() == "Erasure refused by the force: not received"


def _one_notice(session: Session, desk: ForceDesk) -> dict[str, Any]:
    receipt = read_receipt(_receipt_for_latest(session, desk.keys), desk.keys.public_key)
    return dict(receipt["notices"][0])


def test_a_report_the_force_sends_back_drops_the_notice_still_waiting(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _ready(session)
    (tmp_path / "first").mkdir()
    result = session.exports.export(tmp_path / "first")
    session.reports.correct(report_id, _phone("0116 496 0999"))  # while the receipt is awaited
    receipt = json.loads(desk_receipt_body(session, desk, result.path))
    receipt["reports"][0].update(outcome="rejected", reason="Please send it again")
    session.exports.import_receipt(sign_receipt(receipt, desk.keys.secret_key))
    assert session.reports.get(report_id).status == "ready"
    assert session.exports.waiting_notices() == []  # it goes again whole, as a report


def desk_receipt_body(session: Session, desk: ForceDesk, batch: Path) -> bytes:
    desk.take(batch)
    return desk.receipt(batch).split(b"\n", 4)[4]


def test_the_audit_log_holds_no_personal_data_from_notices(
    session: Session, desk: ForceDesk, tmp_path: Path
) -> None:
    report_id = _sent(session, desk, tmp_path)
    session.reports.correct(report_id, _phone("0116 496 0999"))
    _round(session, desk, tmp_path / "second")
    session.reports.withdraw(report_id)
    _round(session, desk, tmp_path / "third")
    rows = session.db.all(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'notice.%' ORDER BY seq"
    )
    assert rows == [
        ("notice.amendment_queued", None), ("notice.sent", "amendment"),
        ("notice.confirmed", "amendment"), ("notice.erasure_queued", None),
        ("notice.sent", "erasure"), ("notice.confirmed", "erasure"),
    ]  # fmt: skip
    dump = repr(session.db.all("SELECT * FROM audit_log"))
    for needle in (NAME, "0116 496 0999", "0116 496 0777", "Wexcombe"):
        assert needle not in dump
