"""A subject access request: everything the centre holds about the person in one report, written
as a PDF, a JSON file and the attachments' copies into a chosen folder; coordinators only; the
request audited without content; a missing, read-only or full folder refused for its real cause."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.domain.police_copy import removing
from intake_app.domain.report import Person, Report
from intake_app.exchange.receipts import sign_receipt
from intake_app.services.leaflets import LeafletRequest
from intake_app.services.subject_access import ACTION, base_name
from intake_app.support.errors import (
    AlreadyThere,
    DiskFull,
    IntakeError,
    NotAllowed,
    StorageFailure,
    StoreReadOnly,
)
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.disk_conditions import fill, read_only_view, tmpfs
from tests.leaflets.test_leaflets import pdf_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% a scanned letter\n"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def sent_and_received(session: Session, force: Any) -> tuple[str, str]:
    """A full report with two attachments, corrected, viewed, its leaflet saved and its copy
    printed, sent in batch 1 and accepted by the force; and another report, viewed and printed
    too, that must not show in the first one's answer. Returns both ids."""
    _identity, keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "door of the flat", share_with_police=True)
    session.attachments.add(record.id, PDF, "letter from the council")
    session.reports.mark_ready(record.id)
    corrected = dataclasses.replace(
        record.report, person=dataclasses.replace(record.report.person, phone="0116 496 0888")
    )
    session.reports.correct(record.id, session.reports.visible(record.id).report)  # no change
    session.reports.correct(record.id, corrected.with_stored_dates())
    other = session.reports.create_draft(
        full_report(person=Person(name="Ottoline Brackenbury", phone="0116 496 0555"))
    )
    session.reports.mark_ready(other.id)
    for report_id in (record.id, other.id, other.id):
        session.reports.get(report_id)
        session.leaflets.report_copy(report_id, "printed")
    request = LeafletRequest("ur", bilingual=True, reference=record.reference)
    session.leaflets.record(session.leaflets.make(request), request, "saved")
    session.exports.export(session.data_dir.parent)
    batch = session.db.one("SELECT id, file_sha256 FROM batches")
    assert batch is not None
    receipt = {"format": "intake-receipt", "version": 1, "force_code": profile.force_code,
               "centre_code": "RIVA", "batch_id": batch[0], "sequence": 1,
               "batch_sha256": batch[1], "created_at": "2026-11-21T12:00:00Z",
               "reports": [{"id": r.id, "reference": r.reference, "outcome": "accepted",
                            "reason": ""} for r in (record, other)]}  # fmt: skip
    session.exports.import_receipt(sign_receipt(receipt, keys.secret_key))
    return record.id, other.id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder the person chose (beside the store's own folder, not in it)."""
    folder = tmp_path / "for the person"
    folder.mkdir()
    return folder


def answered(session: Session, report_id: str, folder: Path) -> dict[str, Any]:
    written = session.subject_access.write(report_id, folder)
    reference = session.reports.visible(report_id).reference
    assert written.names[:2] == [
        f"subject-access-{reference}.pdf",
        f"subject-access-{reference}.json",
    ]
    data: dict[str, Any] = json.loads((folder / written.names[1]).read_text(encoding="utf-8"))
    return data


def test_the_json_holds_every_field_the_batch_the_corrections_and_this_reports_log(
    session: Session, out: Path, force: Any
) -> None:
    report_id, other_id = sent_and_received(session, force)
    folder = out
    data = answered(session, report_id, folder)
    stored = session.reports.visible(report_id)

    assert data["report"] == stored.report.to_dict()  # every field, as stored
    assert set(data["report"]) == {f.name for f in dataclasses.fields(Report)}
    assert data["report"]["person"]["name"] == "Zenobia Quarterfield"
    assert data["report"]["person"]["phone"] == "0116 496 0888"  # the corrected one
    assert data["report"]["offenders"][0]["clothing"] == "Orange hivis jacket"
    assert data["report"]["witnesses"][0]["name"] == "Thaddeus Ormsgill"
    assert data["report"]["perception"].startswith("Because of my hijab")
    assert (data["reference"], data["status"]) == (stored.reference, "acknowledged")
    assert data["consent"]["choice"] == "police_with_contact" and data["police_copy"] is None
    assert data["centre"] == {"name": "Riverside Advice Centre", "code": "RIVA"}
    assert data["personal_data_erased"] is False and data["made_by"] == "Amina"

    files = sorted(data["attachments"], key=lambda f: f["name"])  # added in the same second
    assert [(f["name"], f["type"], f["size"], f["shared_with_police"]) for f in files] == [
        ("door of the flat", "image/png", len(PNG), True),
        ("letter from the council", "application/pdf", len(PDF), False),
    ]
    assert (folder / files[0]["file"]).read_bytes() == PNG  # the files themselves, copied
    assert (folder / files[1]["file"]).read_bytes() == PDF
    assert {f["file"] for f in files} == {
        f"subject-access-{stored.reference}-attachment-0{n}.{ext}"
        for n, ext in zip((1, 2), [f["file"][-3:] for f in data["attachments"]], strict=True)
    }

    (batch,) = data["sent_to_police"]
    assert batch["batch"] == 1
    assert batch["force"] == {"code": "leicestershire", "name": "Leicestershire Police"}
    assert batch["receipt"]["status"] == "accepted" and batch["receipt"]["reason"] is None

    (correction,) = data["corrections"]  # the correction that changed nothing is not one
    assert (correction["by"], correction["fields"]) == ("Amina", ["person.phone"])

    actions = [entry["action"] for entry in data["activity"]]
    # Its own views (opened once; the copy and the leaflet open it too), not the other's four.
    assert actions.count("report.viewed") == 3
    assert actions.count("report.copy_made") == 1
    assert {"report.created", "attachment.added", "report.ready", "report.corrected",
            "leaflet.saved", "batch.exported", "receipt.imported"} <= set(actions)  # fmt: skip
    assert all(entry["by"] == "Amina" for entry in data["activity"])
    copy = next(e for e in data["activity"] if e["action"] == "report.copy_made")
    assert (copy["what"], copy["detail"]) == ("Made a copy of a report for the person", "printed")
    leaflet = next(e for e in data["activity"] if e["action"] == "leaflet.saved")
    assert leaflet["detail"] == "ur+en"
    for stamp in (data["made_at"], data["created_at"], batch["exported_at"],
                  batch["receipt"]["imported_at"], correction["at"],
                  *(e["at"] for e in data["activity"])):  # fmt: skip
        assert ISO.match(stamp), stamp
    assert "Ottoline" not in json.dumps(data)

    last = session.audit.entries(1)[0]
    assert (last.action, last.target, last.detail) == (ACTION, report_id, "4")
    assert other_id not in [e.target for e in session.audit.entries(3) if e.action == ACTION]


def test_the_pdf_reads_the_name_the_reference_the_batch_and_uk_dates(
    session: Session, out: Path, force: Any
) -> None:
    report_id, _other = sent_and_received(session, force)
    written = session.subject_access.write(report_id, out)
    reference = session.reports.visible(report_id).reference
    text = unicodedata.normalize("NFKC", pdf_text((out / written.names[0]).read_bytes(), out))
    assert "Everything the centre holds about you in this report" in text
    assert "Zenobia Quarterfield" in text and reference in text
    assert "Batch 1" in text and "Leicestershire Police" in text
    assert "The force confirmed it has the report" in text
    assert "Amina corrected: Phone" in text
    assert "Amina: Opened a report" in text and "Amina: Printed a leaflet" not in text
    assert "door of the flat" in text and written.names[2] in text
    assert re.search(r"\b\d{2}/\d{2}/20\d{2} \d{2}:\d{2}:\d{2}\b", text)  # UK order
    assert not re.search(r"\b20\d{2}-\d{2}-\d{2}T", text)  # no ISO dates for people
    assert "Ottoline" not in text


def test_file_names_hold_only_the_centres_reference(session: Session, out: Path) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "Zenobia at the tram stop")
    written = session.subject_access.write(record.id, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(written.names)
    for name in written.names:
        assert name.startswith(f"subject-access-{record.reference}")
        assert "Zenobia" not in name and "tram" not in name


@given(st.text())
def test_a_base_name_is_safe_whatever_the_reference(reference: str) -> None:
    name = base_name(reference)
    assert re.fullmatch(r"subject-access-[A-Za-z0-9-]{1,40}", name)


def test_a_report_passed_on_without_details_shows_the_words_the_police_get(
    session: Session, out: Path
) -> None:
    report = full_report(consent="police_without_details")
    report.police_copy = removing(report, "Wexcombe")
    record = session.reports.create_draft(report)
    data = answered(session, record.id, out)
    police = data["police_copy"]
    assert (
        police["perception"] == "Because of my hijab; they said so plainly near [removed] market."
    )
    assert police["words_taken_out"] == ["Wexcombe"]
    assert police["checked_that_it_names_nobody"] is False  # taken out after it was checked
    assert data["report"]["perception"].endswith("near Wexcombe market.")  # the centre's copy
    text = pdf_text((out / f"subject-access-{record.reference}.pdf").read_bytes(), out)
    assert "The words the police get" in text and "[removed] market" in text


def test_a_withdrawn_report_says_what_remains_and_that_personal_data_was_erased(
    session: Session, out: Path
) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "door")
    session.reports.mark_ready(record.id)
    session.reports.withdraw(record.id)
    data = answered(session, record.id, out)
    assert data["status"] == "withdrawn" and data["personal_data_erased"] is True
    assert ISO.match(data["erased_at"])
    assert data["report"]["person"]["name"] == "" and data["attachments"] == []
    assert data["report"]["strands"]  # the anonymous facts kept for figures
    assert "report.withdrawn" in [e["action"] for e in data["activity"]]
    text = pdf_text((out / f"subject-access-{record.reference}.pdf").read_bytes(), out)
    assert "Personal data erased" in text and "This report was withdrawn on" in text
    assert "Zenobia" not in text
    assert len(list(out.glob("subject-access-*"))) == 2  # nothing left to copy


def test_a_volunteer_and_the_recovery_key_are_refused_and_nothing_is_written(
    session: Session, data_dir: Path, out: Path, new_store: tuple[Session, str]
) -> None:
    record = session.reports.create_draft(full_report())
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        own = thaddeus.reports.create_draft(full_report())
        for ref in (own.reference, record.reference):
            with pytest.raises(NotAllowed, match="Only a coordinator can answer a subject access"):
                thaddeus.subject_access.write(ref, out)
    from intake_app.app.session import unlock_with_recovery

    with (
        unlock_with_recovery(data_dir, new_store[1]) as recovery,
        pytest.raises(NotAllowed, match="Sign in as a coordinator"),
    ):
        recovery.subject_access.write(record.reference, out)
    assert list(out.glob("subject-access-*")) == []


def test_a_missing_folder_or_a_file_is_refused_by_name_of_the_cause(
    session: Session, tmp_path: Path
) -> None:
    record = session.reports.create_draft(full_report())
    with pytest.raises(IntakeError, match="The chosen folder does not exist") as missing:
        session.subject_access.write(record.id, tmp_path / "Zenobia" / "gone")
    assert "Zenobia" not in str(missing.value)  # the path may name the person
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(IntakeError, match="is a file, not a folder"):
        session.subject_access.write(record.id, tmp_path / "a-file")
    assert session.audit.entries(1)[0].action != ACTION


def test_a_read_only_folder_is_refused_as_read_only(session: Session, tmp_path: Path) -> None:
    record = session.reports.create_draft(full_report())
    (tmp_path / "stick").mkdir()
    with (
        read_only_view(tmp_path / "stick", tmp_path / "ro") as view,
        pytest.raises(StoreReadOnly) as refused,
    ):
        session.subject_access.write(record.id, view)
    assert str(refused.value).startswith("The chosen folder is read-only")
    assert list((tmp_path / "stick").iterdir()) == []
    assert session.audit.entries(1)[0].action != ACTION


def test_a_full_disk_is_refused_as_full_and_leaves_nothing(
    session: Session, tmp_path: Path
) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "door")
    with tmpfs(tmp_path / "stick", "1m") as stick:
        filler = fill(stick)
        with pytest.raises(DiskFull) as refused:
            session.subject_access.write(record.id, stick)
        assert "The disk is full" in str(refused.value)
        assert "the chosen folder" in str(refused.value)
        assert [p.name for p in stick.iterdir()] == [filler.name]  # no part-written file
    assert session.audit.entries(1)[0].action != ACTION


def test_files_already_there_are_never_replaced_unless_asked(session: Session, out: Path) -> None:
    record = session.reports.create_draft(full_report())
    json_file = out / f"subject-access-{record.reference}.json"
    json_file.write_text("kept")
    with pytest.raises(AlreadyThere) as refused:
        session.subject_access.write(record.id, out)
    assert refused.value.names == [json_file.name]
    assert json_file.name in str(refused.value) and "Nothing was written" in str(refused.value)
    assert json_file.read_text() == "kept" and len(list(out.iterdir())) == 1
    assert session.audit.entries(1)[0].action != ACTION
    assert session.subject_access.file_names(record.id)[1] == json_file.name
    session.subject_access.write(record.id, out, replace=True)
    assert json.loads(json_file.read_text())["reference"] == record.reference


def test_files_are_taken_away_when_the_request_cannot_be_audited(
    session: Session, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = session.reports.create_draft(full_report())

    def refuse(*_args: object) -> None:
        raise StorageFailure()

    monkeypatch.setattr(session.subject_access.context.audit, "append", refuse)
    with pytest.raises(StorageFailure):
        session.subject_access.write(record.id, out)
    assert list(out.iterdir()) == []


def test_a_draft_saved_many_times_a_day_is_one_line_of_the_pdf(session: Session, out: Path) -> None:
    record = session.reports.create_draft(full_report())
    for n in range(5):  # autosave while it was typed
        session.reports.update_draft(record.id, full_report(description=f"draft {n}"))
    session.reports.mark_ready(record.id)
    written = session.subject_access.write(record.id, out)
    text = unicodedata.normalize("NFKC", pdf_text((out / written.names[0]).read_bytes(), out))
    assert text.count("Amina: Changed a report") == 1
    assert "Amina: Changed a report (5 times that day)" in text
    data = json.loads((out / written.names[1]).read_text())
    assert [e["action"] for e in data["activity"]].count("report.updated") == 5  # all of it


def test_the_persons_follow_ups_are_in_the_json_and_the_pdf(session: Session, out: Path) -> None:
    from datetime import date

    from intake_app.domain.follow_up import FollowUpEntry

    record = session.reports.create_draft(full_report())
    session.reports.mark_ready(record.id)
    session.follow_ups.add(
        record.id,
        FollowUpEntry("referral", agency="Brackwater Housing Trust", referral_state="accepted",
                      next_action="Ask how the move went", due_on=date(2026, 12, 1)),
    )  # fmt: skip
    written = session.subject_access.write(record.id, out)
    data = json.loads((out / written.names[1]).read_text(encoding="utf-8"))
    assert [
        (f["kind"], f["referred_to"], f["referral"], f["due_on"]) for f in data["follow_ups"]
    ] == [("referral", "Brackwater Housing Trust", "accepted", "2026-12-01")]
    text = unicodedata.normalize("NFKC", pdf_text((out / written.names[0]).read_bytes(), out))
    assert "Follow-ups" in text and "Brackwater Housing Trust" in text
    assert "Ask how the move went (due 01/12/2026)" in text


def test_links_name_another_report_only_when_it_is_about_the_same_person(
    session: Session, out: Path
) -> None:
    def ready() -> tuple[str, str]:
        record = session.reports.create_draft(full_report())
        return record.id, session.reports.mark_ready(record.id).reference

    (report_id, _ref), (same_id, same_ref) = ready(), ready()
    (place_id, place_ref), (offender_id, offender_ref) = ready(), ready()
    other_id, other_ref = ready()
    session.links.add(report_id, same_ref, "same_person")
    session.links.add(place_ref, report_id, "same_place")  # made from the other side
    session.links.add(report_id, offender_ref, "same_offender")
    session.links.add(report_id, other_ref, "other", "Both mention Quillbrook's van")
    data = answered(session, report_id, out)
    assert [(x["reason"], x["other_report"]) for x in data["links"]] == [
        ("same_person", same_ref),
        ("same_place", None),
        ("same_offender", None),
        ("other", None),
    ]
    assert [x["in_words"] for x in data["links"]][1] == "The same place"
    assert all(re.fullmatch(r"20\d{2}-\d{2}-\d{2}T.*", x["linked_at"]) for x in data["links"])
    document = json.dumps(data)
    for hidden in (place_ref, offender_ref, other_ref, "Quillbrook"):
        assert hidden not in document
    for hidden_id in (place_id, offender_id, other_id, same_id):  # not even in the log's details
        assert hidden_id not in document
    assert [e["detail"] for e in data["activity"] if e["action"] == "link.added"] == [
        "same_person",
        "same_offender",
        "other",
    ]
    text = unicodedata.normalize(
        "NFKC", pdf_text((out / f"subject-access-{_ref}.pdf").read_bytes(), out)
    )
    text = " ".join(text.split())
    assert "Links to other reports" in text
    assert f"Linked to {same_ref}, another report about the same person." in text
    assert "Linked to another report. Why: The same offender" in text
    assert "Linked to another report. Why: Another reason" in text
    for hidden in (place_ref, offender_ref, other_ref, "Quillbrook"):
        assert hidden not in text
