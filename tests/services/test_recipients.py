"""Recipients besides the police at the service level: registering (and its refusals), what a
recipient's batch carries as the person agreed, receipts checked against the recipient's key
whatever bytes arrive, and a volunteer kept out."""

from __future__ import annotations

import json
from pathlib import Path

import minisign
import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.report import SharedWith
from intake_app.exchange.receipts import sign_receipt
from intake_app.support.errors import IntakeError, NotAllowed
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.services.test_export import open_batch

NAME = "Zenobia Quarterfield"


class Holder:
    """A recipient's keys and the profile it gives the centre."""

    def __init__(self, code: str, name: str, kind: str) -> None:
        self.identity = pyrage.x25519.Identity.generate()
        self.keys = minisign.KeyPair.generate()
        self.profile = ForceProfile(
            force_code=code, force_name=name, age_recipients=(str(self.identity.to_public()),),
            minisign_public_key=self.keys.public_key.to_base64().decode(), kind=kind,
        )  # fmt: skip


@pytest.fixture
def council(session: Session) -> Holder:
    holder = Holder("leicester-asb", "Leicester ASB team", "council")
    session.recipients.add(holder.profile.to_bytes(), holder.profile.fingerprint)
    return holder


def _ready(session: Session, *shared: SharedWith) -> str:
    record = session.reports.create_draft(full_report(shared_with=list(shared)))
    session.reports.mark_ready(record.id)
    return record.id


def test_a_wrong_fingerprint_registers_nothing(session: Session) -> None:
    holder = Holder("leicester-asb", "Leicester ASB team", "council")
    with pytest.raises(IntakeError, match="does not match"):
        session.recipients.add(holder.profile.to_bytes(), "AAAA " * 8)
    assert session.recipients.all() == []
    assert "recipient.added" not in [e.action for e in session.audit.entries()]


def test_new_keys_replace_a_recipients_profile_and_removal_keeps_the_record(
    session: Session, council: Holder, tmp_path: Path
) -> None:
    report_id = _ready(session, SharedWith("leicester-asb"))
    session.recipient_batches.export("leicester-asb", tmp_path)
    renewed = Holder("leicester-asb", "Leicester ASB team", "council")
    session.recipients.add(renewed.profile.to_bytes(), renewed.profile.fingerprint)
    (only,) = session.recipients.all()
    assert only.fingerprint == renewed.profile.fingerprint
    session.recipients.remove("leicester-asb")
    assert session.recipients.all() == []
    with pytest.raises(IntakeError):
        session.recipient_batches.export("leicester-asb", tmp_path)
    shown = session.recipient_batches.deliveries(report_id, [SharedWith("leicester-asb")])
    assert [(d.name, d.state) for d in shown] == [("leicester-asb", "exported")]


def test_the_batch_carries_only_what_the_person_agreed(
    session: Session, council: Holder, tmp_path: Path
) -> None:
    without = _ready(session, SharedWith("leicester-asb", identifying=False))
    with_contact = _ready(session, SharedWith("leicester-asb", identifying=True))
    _ready(session)  # the police only
    _ready(session, SharedWith("st-margarets", identifying=True))  # not registered
    demo = session.reports.create_draft(
        full_report(shared_with=[SharedWith("leicester-asb")]), is_demo=True
    ).id
    session.reports.mark_ready(demo)
    result = session.recipient_batches.export("leicester-asb", tmp_path)
    assert result.report_count == 2 and result.sequence == 1
    members = open_batch(result.path, council.identity)
    manifest = json.loads(members["manifest.json"])
    assert manifest["force_code"] == "leicester-asb" and manifest["sequence"] == 1
    sent = {
        json.loads(v)["id"]: json.loads(v) for k, v in members.items() if k.startswith("reports/")
    }
    assert set(sent) == {without, with_contact} and demo not in sent
    assert sent[without]["report"]["person"]["name"] == ""
    assert sent[with_contact]["report"]["person"]["name"] == NAME
    for document in sent.values():  # who else received it stays at the centre
        assert "shared_with" not in document["report"]
    with pytest.raises(IntakeError, match="Nothing to send"):
        session.recipient_batches.export("leicester-asb", tmp_path)


def test_a_volunteer_cannot_register_write_for_or_remove_a_recipient(
    session: Session, council: Holder, tmp_path: Path, data_dir: Path
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    thaddeus = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    try:
        other = Holder("st-margarets", "St Margaret's School", "school")
        with pytest.raises(NotAllowed):
            thaddeus.recipients.add(other.profile.to_bytes(), other.profile.fingerprint)
        with pytest.raises(NotAllowed):
            thaddeus.recipient_batches.export("leicester-asb", tmp_path)
        with pytest.raises(NotAllowed):
            thaddeus.recipients.remove("leicester-asb")
        # A volunteer's form still lists who the person may agree to (the centre's settings
        # reach the volunteer's workspace); the keys stay in the centre's store.
        assert thaddeus.recipients.choices() == [("leicester-asb", "Leicester ASB team", "council")]
        assert thaddeus.recipients.all() == []
    finally:
        thaddeus.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.one_of(
        st.binary(max_size=600),
        st.sampled_from([b"", b"{}", b"untrusted comment: x\n"]),
    ),
    cut=st.integers(min_value=0, max_value=2000),
)
def test_any_bytes_as_a_recipients_receipt_change_nothing(
    session: Session, council: Holder, tmp_path_factory: pytest.TempPathFactory, raw: bytes,
    cut: int,
) -> None:  # fmt: skip
    """Random bytes, and the genuine receipt cut short or with one byte changed: refused
    plainly, nothing acknowledged."""
    if not session.db.scalar("SELECT count(*) FROM recipient_batches"):
        _ready(session, SharedWith("leicester-asb"))
        session.recipient_batches.export("leicester-asb", tmp_path_factory.mktemp("usb"))
    batch = session.db.one("SELECT id, file_sha256 FROM recipient_batches")
    assert batch is not None
    members = session.db.all("SELECT report_id FROM recipient_batch_members")
    genuine = sign_receipt(
        {"format": "intake-receipt", "version": 3, "force_code": "leicester-asb",
         "centre_code": "RIVA", "batch_id": batch[0], "sequence": 1, "batch_sha256": batch[1],
         "created_at": "2026-11-22T10:00:00Z",
         "reports": [{"id": m[0], "reference": "RIVA-2026-00001-X", "outcome": "accepted",
                      "reason": ""} for m in members], "notices": []},
        council.keys.secret_key,
    )  # fmt: skip
    flipped = bytearray(genuine)
    flipped[cut % len(genuine)] ^= 0x01
    for attempt in (raw, genuine[: cut % len(genuine)], bytes(flipped)):
        with pytest.raises(IntakeError):
            session.recipient_batches.import_receipt(attempt)
    assert session.db.scalar("SELECT acknowledged_at FROM recipient_batches") is None


def _receipt_for(
    session: Session, holder: Holder, sequence: int, notices: list[dict[str, str]]
) -> bytes:
    """The recipient's signed receipt for its batch ``sequence``: every report accepted, each
    notice as given."""
    batch = session.db.one(
        "SELECT id, file_sha256, audit_head FROM recipient_batches "
        "WHERE recipient = ? AND sequence = ?",
        (holder.profile.force_code, sequence),
    )
    assert batch is not None
    members = session.db.all(
        "SELECT m.report_id, r.reference FROM recipient_batch_members m "
        "JOIN reports r ON r.id = m.report_id WHERE m.batch_id = ?",
        (batch[0],),
    )
    return sign_receipt(
        {"format": "intake-receipt", "version": 3, "force_code": holder.profile.force_code,
         "centre_code": "RIVA", "batch_id": batch[0], "sequence": sequence,
         "batch_sha256": batch[1], "created_at": "2026-11-22T10:00:00Z",
         "audit_head": batch[2],
         "reports": [{"id": m[0], "reference": m[1], "outcome": "accepted", "reason": ""}
                     for m in members], "notices": notices},
        holder.keys.secret_key,
    )  # fmt: skip


def test_a_recipients_batch_is_written_again_the_same_until_its_receipt_comes(
    session: Session, council: Holder, tmp_path: Path, data_dir: Path
) -> None:
    report_id = _ready(session, SharedWith("leicester-asb", identifying=True))
    for folder in ("first", "again", "late"):
        (tmp_path / folder).mkdir()
    first = session.recipient_batches.export("leicester-asb", tmp_path / "first")
    with pytest.raises(IntakeError, match="already there"):  # never over the first copy
        session.recipient_batches.rewrite("leicester-asb", 1, tmp_path / "first")
    with pytest.raises(IntakeError, match="There is no batch 2"):
        session.recipient_batches.rewrite("leicester-asb", 2, tmp_path)
    again = session.recipient_batches.rewrite("leicester-asb", 1, tmp_path / "again")
    assert (again.batch_id, again.sequence, again.report_count) == (first.batch_id, 1, 1)
    one, two = (open_batch(r.path, council.identity) for r in (first, again))
    assert json.loads(one["manifest.json"]) == json.loads(two["manifest.json"])
    assert one[f"reports/{report_id}.json"] == two[f"reports/{report_id}.json"]
    assert [e.action for e in session.audit.entries(limit=1)] == ["recipient_batch.rewritten"]
    # The recipient's receipt for the second copy applies, once.
    session.recipient_batches.import_receipt(_receipt_for(session, council, 1, []))
    with pytest.raises(IntakeError, match="acknowledged by Leicester ASB team"):
        session.recipient_batches.rewrite("leicester-asb", 1, tmp_path / "late")
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    thaddeus = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    with pytest.raises(NotAllowed):
        thaddeus.recipient_batches.rewrite("leicester-asb", 1, tmp_path)
    thaddeus.close()


def _corrected(session: Session, report_id: str, **person: str) -> None:
    report = session.reports.get(report_id).report
    for field, value in person.items():
        setattr(report.person, field, value)
    session.reports.correct(report_id, report)


def _notices(members: dict[str, bytes], folder: str) -> dict[str, dict[str, object]]:
    return {
        name.split("/")[1].removesuffix(".json"): json.loads(body)
        for name, body in members.items()
        if name.startswith(f"{folder}/")
    }


def test_a_correction_reaches_each_recipient_holding_the_report_as_the_force_gets_it(
    session: Session, council: Holder, tmp_path: Path
) -> None:
    school = Holder("st-margarets", "St Margaret's School", "school")
    session.recipients.add(school.profile.to_bytes(), school.profile.fingerprint)
    both = [SharedWith("leicester-asb", identifying=True), SharedWith("st-margarets", False)]
    held = _ready(session, *both)
    _ready(session, SharedWith("leicester-asb", identifying=True))  # sent, not corrected
    for folder in ("one", "two", "three"):
        (tmp_path / folder).mkdir()
    first = session.recipient_batches.export("leicester-asb", tmp_path / "one")
    session.recipient_batches.import_receipt(_receipt_for(session, council, 1, []))
    _corrected(session, held, phone="0116 496 0999")
    assert first.report_count == 2

    def told() -> list[str]:
        record = session.reports.get(held)
        return [
            d.sentence()
            for d in session.recipient_batches.deliveries(held, record.report.shared_with)
        ]

    assert told() == [
        "Leicester ASB team: received (acknowledged) · Correction waiting for the next batch",
        "St Margaret's School: the person agreed; not sent yet",
    ]
    second = session.recipient_batches.export("leicester-asb", tmp_path / "two")
    assert (second.report_count, second.notice_count) == (0, 1)
    members = open_batch(second.path, council.identity)
    manifest = json.loads(members["manifest.json"])
    assert (manifest["amendment_count"], manifest["erasure_count"]) == (1, 0)
    amended = _notices(members, "amendments")
    assert list(amended) == [held]
    report = amended[held]["report"]
    assert isinstance(report, dict) and report["person"]["phone"] == "0116 496 0999"
    assert report["person"]["name"] == NAME  # with contact details, as the person agreed
    assert "shared_with" not in report
    # The school's first batch carries the corrected report itself, without details: no notice.
    to_school = session.recipient_batches.export("st-margarets", tmp_path / "three")
    assert (to_school.report_count, to_school.notice_count) == (1, 0)
    # The council's receipt confirms the correction.
    amendment = [{"id": held, "reference": session.reports.get(held).reference,
                  "kind": "amendment", "outcome": "applied", "reason": ""}]  # fmt: skip
    counts = session.recipient_batches.import_receipt(_receipt_for(session, council, 2, amendment))[
        1
    ]
    assert (counts.confirmed, counts.refused) == (1, 0)
    assert told()[0] == "Leicester ASB team: received (acknowledged) · Correction confirmed"
    actions = [(e.action, e.detail) for e in session.audit.entries(limit=50, target=held)]
    assert ("notice.amendment_queued", "leicester-asb") in actions
    assert ("notice.confirmed", "amendment") in actions


def test_a_recipient_the_person_no_longer_agrees_to_is_asked_to_erase_and_a_withdrawal_replaces_a_correction(
    session: Session, council: Holder, tmp_path: Path
) -> None:
    school = Holder("st-margarets", "St Margaret's School", "school")
    session.recipients.add(school.profile.to_bytes(), school.profile.fingerprint)
    shared = [SharedWith("leicester-asb", identifying=False), SharedWith("st-margarets", True)]
    report_id = _ready(session, *shared)
    for folder in ("a", "b", "c", "d"):
        (tmp_path / folder).mkdir()
    session.recipient_batches.export("leicester-asb", tmp_path / "a")
    session.recipient_batches.export("st-margarets", tmp_path / "b")
    report = session.reports.get(report_id).report
    report.shared_with = [SharedWith("leicester-asb", identifying=False)]
    report.person.phone = "0116 496 0999"
    session.reports.correct(report_id, report)
    from intake_app.services import report_notices

    waiting = {
        code: [n.kind for n in report_notices.waiting(session.db, code)]
        for code in ("leicester-asb", "st-margarets")
    }
    assert waiting == {"leicester-asb": ["amendment"], "st-margarets": ["erasure"]}
    _corrected(session, report_id, name="Zenobia Q.")  # the school is told no more
    assert [n.kind for n in report_notices.waiting(session.db, "st-margarets")] == ["erasure"]
    to_council = session.recipient_batches.export("leicester-asb", tmp_path / "c")
    amended = _notices(open_batch(to_council.path, council.identity), "amendments")[report_id]
    assert amended["report"]["person"]["name"] == ""  # type: ignore[index]
    assert amended["report"]["person"]["phone"] == ""  # type: ignore[index]
    _corrected(session, report_id, phone="0116 496 0123")  # a second correction waits
    session.reports.withdraw(report_id)  # and is replaced by an erasure
    assert [n.kind for n in report_notices.waiting(session.db, "leicester-asb")] == ["erasure"]
    assert [n.kind for n in report_notices.waiting(session.db, "st-margarets")] == ["erasure"]
    assert session.db.scalar("SELECT count(*) FROM recipient_notices WHERE recipient = ?",
                             ("st-margarets",)) == 1  # fmt: skip
    erasing = session.recipient_batches.export("leicester-asb", tmp_path / "d")
    members = open_batch(erasing.path, council.identity)
    assert list(_notices(members, "erasures")) == [report_id]
    assert not _notices(members, "amendments")
