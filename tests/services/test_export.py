"""Batches: one encrypted, signed file; consent decides what goes; readable with stock tools."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.app.session import Session
from intake_app.exchange.force_profile_format import ProfileInvalid, parse_profile
from intake_app.exchange.report_schema import report_schema
from intake_app.exchange.signed_file import split_signature
from intake_app.support.errors import IntakeError
from tests.conftest import full_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def encrypted_part(raw: bytes) -> bytes:
    """A batch file without the centre's signature at its start: the age-encrypted bytes."""
    found = split_signature(raw)
    assert found is not None
    return raw[found[1] :]


def open_batch(path: Path, identity: pyrage.x25519.Identity) -> dict[str, bytes]:
    plain = pyrage.decrypt(encrypted_part(path.read_bytes()), [identity])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def ready(session: Session, **changes: object) -> str:
    record = session.reports.create_draft(full_report(**changes))
    session.attachments.add(record.id, PNG, "door", share_with_police=True)
    session.attachments.add(record.id, PNG + b"private", "private photo", share_with_police=False)
    session.reports.mark_ready(record.id)
    return record.id


def test_consent_decides_what_goes_and_how(session: Session, tmp_path: Path, force) -> None:  # type: ignore[no-untyped-def]
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    with_contact = ready(session)
    without = ready(session, consent="police_without_details")
    kept = ready(session, consent="monitoring_only")
    plan = {p.report_id: p for p in session.exports.plan()}
    assert not plan[kept].goes and "never leaves" in plan[kept].why
    result = session.exports.export(tmp_path)
    assert result.report_count == 2 and result.path.name == "RIVA-batch-00001.intake"
    members = open_batch(result.path, identity)
    manifest = json.loads(members["manifest.json"])
    centre_key = session.exports.centre_public_key().splitlines()[1].encode()
    public = minisign.PublicKey.from_base64(centre_key)
    public.verify(
        members["manifest.json"], minisign.Signature.from_bytes(members["manifest.json.minisig"])
    )
    listed = {m["name"]: m["sha256"] for m in manifest["members"]}
    assert set(listed) == set(members) - {"manifest.json", "manifest.json.minisig"}
    first = json.loads(members[f"reports/{with_contact}.json"])
    second = json.loads(members[f"reports/{without}.json"])
    assert first["report"]["person"]["name"] == "Zenobia Quarterfield"
    assert second["identifying_details"] is False
    assert second["report"]["person"] == {k: "" for k in second["report"]["person"]}
    assert second["report"]["witnesses"][0]["name"] == ""
    assert f"reports/{kept}.json" not in members
    assert len([n for n in members if n.startswith("attachments/")]) == 2  # only the shared ones
    import jsonschema

    for name, content in members.items():
        if name.startswith("reports/"):
            jsonschema.validate(json.loads(content), report_schema())
    statuses = {r.id: r.status for r in session.reports.list()}
    assert statuses[with_contact] == statuses[without] == "exported" and statuses[kept] == "ready"
    assert b"Zenobia" not in result.path.read_bytes()


def test_international_numbers_travel_as_typed_and_fit_the_schema(
    session: Session, tmp_path: Path, force
) -> None:  # type: ignore[no-untyped-def]
    from intake_app.domain.report import Person, Witness
    from intake_app.force.opening import _report_validator

    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    person = Person(name="Zofia Kowalska", phone="+48 512 345 678")
    report_id = ready(
        session, person=person, witnesses=[Witness(name="Ion", phone="0040712345678")]
    )
    members = open_batch(session.exports.export(tmp_path).path, identity)
    document = json.loads(members[f"reports/{report_id}.json"])
    assert document["report"]["person"]["phone"] == "+48 512 345 678"
    assert document["report"]["witnesses"][0]["phone"] == "0040712345678"
    validator = _report_validator(document["format"])
    assert validator is not None
    validator(document)  # as the force's side checks every report


def test_stock_age_and_minisign_open_a_batch(session: Session, tmp_path: Path, force) -> None:  # type: ignore[no-untyped-def]
    if not shutil.which("age") or not shutil.which("minisign"):
        pytest.skip("the stock age and minisign tools are not installed")
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    ready(session)
    result = session.exports.export(tmp_path)
    (tmp_path / "force.key").write_text(str(identity) + "\n")
    (tmp_path / "centre.pub").write_text(session.exports.centre_public_key())
    # The documented recipe: the first four lines are the signature, the rest the age file.
    shell = 'head -n 4 "$0" > "$1.minisig" && tail -n +5 "$0" > "$1"'
    age_file = tmp_path / "batch.age"
    subprocess.run(["sh", "-c", shell, str(result.path), str(age_file)], check=True)
    outer = subprocess.run(["minisign", "-V", "-p", str(tmp_path / "centre.pub"), "-m", str(age_file),
                            "-x", str(tmp_path / "batch.age.minisig")], capture_output=True, text=True)  # fmt: skip
    assert outer.returncode == 0, outer.stderr
    assert "intake batch" in outer.stdout
    tar_path = tmp_path / "batch.tar"
    subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "force.key"), "-o", str(tar_path), str(age_file)],
        check=True,
    )
    out = tmp_path / "opened"
    out.mkdir()
    subprocess.run(["tar", "-xf", str(tar_path), "-C", str(out)], check=True)
    check = subprocess.run(["minisign", "-V", "-p", str(tmp_path / "centre.pub"), "-m", str(out / "manifest.json")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert "intake batch" in check.stdout


def test_nothing_is_marked_sent_when_writing_fails(session: Session, tmp_path: Path, force) -> None:  # type: ignore[no-untyped-def]
    session.exports.import_profile(force[2].to_bytes())
    report_id = ready(session)
    out = tmp_path / "usb-stick"
    out.mkdir()
    with pytest.raises(IntakeError, match="Stopped"):
        session.exports.export(out, cancelled=lambda: True)
    assert [r.status for r in session.reports.list() if r.id == report_id] == ["ready"]
    assert list(out.iterdir()) == []  # no half-written file left behind


def test_nothing_is_marked_sent_when_the_file_changes_before_it_is_checked(
    session: Session, tmp_path: Path, force, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The store's changes are made while the file is finished, and undone when its check
    fails: no report exported, no batch, no member, no audit entry of it."""
    from intake_app.services import export

    session.exports.import_profile(force[2].to_bytes())
    report_id = ready(session)
    real = export.verify_written

    def changed_then_checked(path: Path, digest: str, count: int) -> None:
        with open(path, "r+b") as handle:
            handle.seek(-1, 2)
            last = handle.read(1)
            handle.seek(-1, 2)
            handle.write(bytes([last[0] ^ 1]))
        real(path, digest, count)

    monkeypatch.setattr(export, "verify_written", changed_then_checked)
    with pytest.raises(IntakeError, match="changed after it was written"):
        session.exports.export(tmp_path)
    assert [r.status for r in session.reports.list() if r.id == report_id] == ["ready"]
    for table in ("batches", "batch_members", "batch_copies"):
        assert session.db.scalar(f"SELECT count(*) FROM {table}") == 0
    assert session.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'batch.exported'") == 0
    monkeypatch.undo()
    assert session.exports.export(tmp_path).report_count == 1  # and the next export replaces it


def test_export_needs_a_profile_and_profiles_are_checked(
    session: Session, tmp_path: Path, force
) -> None:  # type: ignore[no-untyped-def]
    ready(session)
    with pytest.raises(IntakeError, match="profile first"):
        session.exports.export(tmp_path)
    with pytest.raises(ProfileInvalid):
        parse_profile(b"{}")
    document = force[2].to_json()
    document["age_recipients"] = ["age1notakey"]
    with pytest.raises(ProfileInvalid, match="age recipient"):
        parse_profile(json.dumps(document).encode())
    assert len(force[2].fingerprint.split()) == 8


def test_published_schema_matches_the_code() -> None:
    published = json.loads(Path("docs/schema/report-v2.schema.json").read_text())
    assert published == report_schema()


def test_the_published_erasure_schema_matches_the_code_and_what_a_centre_writes() -> None:
    import jsonschema

    from intake_app.exchange.batch_format import erasure_document
    from intake_app.exchange.report_schema import erasure_schema

    published = json.loads(Path("docs/schema/erasure-v1.schema.json").read_text())
    assert published == erasure_schema()
    jsonschema.validate(erasure_document("ab" * 16, "RIVA-2026-00001-I", "RIVA"), published)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**erasure_document("ab" * 16, "RIVA-2026-00001-I", "RIVA"),
                             "report": {}}, published)  # fmt: skip


def test_local_strands_from_the_force_profile_join_the_form(session: Session, force) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from intake_app.domain.report import StrandChoice

    profile = replace(
        force[2], local_strands=({"code": "sex_or_gender", "label": "Sex or gender (misogyny)"},)
    )
    session.exports.import_profile(profile.to_bytes())
    assert session.vocabulary.strand("sex_or_gender") is not None
    session.reports.create_draft(full_report(strands=[StrandChoice("sex_or_gender", "")]))
