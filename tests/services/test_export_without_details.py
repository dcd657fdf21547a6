"""A report passed on "without identifying details" carries nothing that could name the person:
checked in the batch as the force opens it, with the stock age tool."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.app.session import Session
from intake_app.domain.police_copy import confirmed, removing
from intake_app.domain.report import (
    ContactPreferences,
    Offender,
    Organisation,
    Person,
    Where,
    Witness,
    postcode_district,
)
from intake_app.domain.text_rules import is_postcode_district
from intake_app.exchange.plan import without_identifying_details
from tests.conftest import full_report
from tests.services.test_export import encrypted_part

SECRETS = (
    "Zenobia Quarterfield",  # the person
    "14 Larkspur Terrace",  # where they live, and where it happened
    "LE2 7QX",
    "2 7QX",
    "Barnaby Quillstone",  # the neighbour who did it
    "Tigrinya",  # an interpreter language can name a person in a small community
    "guide dog",  # so can an access need
    "Mrs Oyelaran",  # a witness's notes
    "outside number 14",  # what was said about the place
    "Thaddeus Ormsgill",
    "Auntie Folasade",  # the trusted person contact goes through
    "Larkspur Tenants Hall",  # the organisation targeted (a community building)
    "Zenny",  # a name in the exact words, taken out by the volunteer
)


def at_home(**changes: object) -> object:
    return full_report(
        consent="police_without_details",
        person=Person(name="Zenobia Quarterfield", address="14 Larkspur Terrace", postcode="LE2 7QX"),
        where=Where(place_type="home", address="14 Larkspur Terrace", postcode="LE2 7QX",
                    details="outside number 14"),
        offenders=[Offender(known_to_victim=True, name="Barnaby Quillstone", sex="male",
                            clothing="Grey dressing gown")],
        witnesses=[Witness(name="Thaddeus Ormsgill", notes="Mrs Oyelaran saw it from her window")],
        interpreter_language="Tigrinya",
        access_needs="Comes with a guide dog",
        exact_words="Get out of here Zenny, nobody wants you",
        contact=ContactPreferences(through_trusted_person=True, trusted_person="Auntie Folasade"),
        victim_type="organisation",
        organisation=Organisation("Larkspur Tenants Hall", "community_building"),
        **changes,
    )  # fmt: skip


def open_with_stock_age(batch: Path, identity: object, folder: Path) -> bytes:
    """Every byte the force reads: decrypted by the stock age tool, unpacked by tar."""
    key = folder / "force.key"
    key.write_text(f"{identity}\n")
    sealed = folder / "batch.age"
    sealed.write_bytes(encrypted_part(batch.read_bytes()))
    plain = folder / "batch.tar"
    subprocess.run(["age", "-d", "-i", str(key), "-o", str(plain), str(sealed)], check=True)
    with tarfile.open(plain) as tar:
        return b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())  # type: ignore[union-attr]


@pytest.mark.skipif(not shutil.which("age"), reason="needs the stock age tool")
def test_a_report_without_details_from_home_names_no_one_in_the_batch(
    session: Session, tmp_path: Path, force
) -> None:  # type: ignore[no-untyped-def]
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    report = at_home()
    report.police_copy = removing(report, "Zenny")  # type: ignore[arg-type]
    report.police_copy = confirmed(report)  # type: ignore[arg-type]
    record = session.reports.create_draft(report)  # type: ignore[arg-type]
    session.reports.mark_ready(record.id)
    result = session.exports.export(tmp_path)
    everything = open_with_stock_age(result.path, identity, tmp_path)
    found = [secret for secret in SECRETS if secret.encode() in everything]
    assert found == []
    assert b"Grey dressing gown" in everything  # what they looked like still goes
    assert b"verbal_abuse" in everything and b"Wexcombe" in everything  # what happened goes
    assert b"Get out of here [removed], nobody wants you" in everything
    assert b"community_building" in everything  # what kind of place was targeted goes
    kept = session.reports.get(record.id).report
    assert kept.offenders[0].name == "Barnaby Quillstone"  # the centre keeps everything
    assert kept.interpreter_language == "Tigrinya"


def test_away_from_home_only_the_postcode_district_goes() -> None:
    away = without_identifying_details(
        full_report(where=Where(place_type="street", address="Corner of Mill Lane", postcode="LE1 5WW"))
    )  # fmt: skip
    assert away.where.postcode == "LE1" and away.where.address == ""
    home = without_identifying_details(at_home())  # type: ignore[arg-type]
    assert home.where.postcode == "" and home.where.address == "" and home.where.details == ""
    assert home.where.place_type == "home"  # the kind of place still counts
    assert [w.notes for w in home.witnesses] == [""]
    assert home.offenders[0].name == "" and home.offenders[0].clothing == "Grey dressing gown"


@given(st.text(max_size=12))
def test_whatever_was_typed_as_a_postcode_only_a_district_or_nothing_goes(typed: str) -> None:
    kept = postcode_district(typed)
    assert kept == "" or is_postcode_district(kept)
    assert len(kept) <= 4
