"""The lawful basis setting (coordinators only, known choices only) and the privacy notice made
from the store's settings: printed from what the store holds, audited without anything personal,
and given in a volunteer's workspace with the centre's settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.domain.lawful_basis import LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS
from intake_app.leaflets.privacy_notice import load_texts
from intake_app.services.data_protection_settings import LAWFUL_BASIS_KEY, SPECIAL_CATEGORY_KEY
from intake_app.services.privacy_notices import PrivacyNoticeRequest
from intake_app.support.errors import IntakeError, NotAllowed
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report
from tests.leaflets.test_privacy_notice import notice_text, plain


def test_until_a_coordinator_chooses_the_basis_is_consent(session: Session) -> None:
    settings = session.data_protection
    assert (settings.lawful_basis, settings.special_category_condition) == (
        "consent",
        "explicit_consent",
    )


def test_a_coordinator_chooses_the_basis_and_it_is_kept_in_the_store(
    session: Session, data_dir: Path
) -> None:
    session.data_protection.set_lawful_basis("legitimate_interests", "substantial_public_interest")
    stored = dict(
        session.db.all(
            "SELECT key, value FROM store_meta WHERE key IN (?, ?)",
            (LAWFUL_BASIS_KEY, SPECIAL_CATEGORY_KEY),
        )
    )
    assert stored == {
        "lawful_basis": "legitimate_interests",
        "lawful_basis_special_category": "substantial_public_interest",
    }
    entry = session.audit.entries(limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("settings.changed", None, "lawful_basis")
    session.data_protection.set_lawful_basis("legitimate_interests", "substantial_public_interest")
    assert session.audit.entries(limit=1)[0].seq == entry.seq  # no change, nothing recorded
    session.close()
    again = unlock(data_dir, "Amina", PASSPHRASE)
    assert again.data_protection.lawful_basis == "legitimate_interests"
    again.close()


KNOWN = set(LAWFUL_BASES) | set(SPECIAL_CATEGORY_CONDITIONS)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40).filter(lambda t: t not in KNOWN), st.booleans())
def test_an_unknown_choice_is_refused_and_nothing_changes(
    session: Session, value: str, as_basis: bool
) -> None:
    settings = session.data_protection
    basis, special = (value, "explicit_consent") if as_basis else ("public_task", value)
    with pytest.raises(IntakeError, match="is not one of the choices: ") as refused:
        settings.set_lawful_basis(basis, special)
    choices = LAWFUL_BASES if as_basis else SPECIAL_CATEGORY_CONDITIONS
    assert ", ".join(choices) in str(refused.value)
    assert (settings.lawful_basis, settings.special_category_condition) == (
        "consent",
        "explicit_consent",
    )


def test_a_value_someone_wrote_into_the_store_reads_as_the_default(session: Session) -> None:
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO store_meta (key, value) VALUES (?, 'vital_interests')", (LAWFUL_BASIS_KEY,)
        )
    assert session.data_protection.lawful_basis == "consent"


def test_a_volunteer_cannot_change_the_basis_and_is_told_who_can(
    session: Session, data_dir: Path
) -> None:
    session.data_protection.set_lawful_basis("public_task", "substantial_public_interest")
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)  # the workspace gets it
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as volunteer:
        with pytest.raises(NotAllowed, match="Only a coordinator can change the centre's lawful"):
            volunteer.data_protection.set_lawful_basis("consent", "explicit_consent")
        assert volunteer.data_protection.lawful_basis == "public_task"
        # The volunteer gives the notice with the centre's choice.
        notice = volunteer.privacy_notices.make(PrivacyNoticeRequest("en"))
        assert plain(load_texts("en")["basis_public_task"]) in notice_text(notice.pdf, data_dir)


def test_the_notice_is_made_from_the_stores_settings_and_audited_without_personal_data(
    session: Session, tmp_path: Path
) -> None:
    record = session.reports.create_draft(full_report())
    session.settings.set_centre_contact("12 Mill Lane, Leicester", "Mon-Fri", "0116 496 0000")
    session.retention.set_days(after_acknowledged=730, monitoring_only=90)
    session.data_protection.set_lawful_basis("legitimate_interests", "not_for_profit")
    request = PrivacyNoticeRequest("pl", bilingual=True)
    notice = session.privacy_notices.make(request)
    text = notice_text(notice.pdf, tmp_path)
    english, polish = load_texts("en"), load_texts("pl")
    for pack in (english, polish):
        assert plain(pack["basis_legitimate_interests"]) in text
        assert plain(pack["special_not_for_profit"]) in text
    assert "730 days" in text and "90 days" in text and "730 dni" in text and "90 dni" in text
    assert "Riverside Advice Centre" in text and "12 Mill Lane, Leicester" in text
    for secret in ("Zenobia", "Quarterfield", "Larkspur", "LE2 7QX", record.reference):
        assert secret not in text
    assert notice.unreviewed == ["Polish"]
    session.privacy_notices.record(request, "printed")
    entry = session.audit.entries(limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("privacy_notice.printed", None, "pl+en")
    with pytest.raises(ValueError):
        session.privacy_notices.record(request, "emailed")


def test_the_force_is_named_once_the_centre_has_one(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    assert "The police force we pass reports to" not in notice_text(
        session.privacy_notices.make(PrivacyNoticeRequest("en")).pdf, tmp_path
    )
    with session.db.transaction():
        session.db.execute(
            "UPDATE store_meta SET value = 'leicestershire' WHERE key = 'force_code'"
        )
    session.close()  # the centre's force is read when the store is unlocked
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        text = notice_text(again.privacy_notices.make(PrivacyNoticeRequest("en")).pdf, tmp_path)
    assert "The police force we pass reports to: Leicestershire Police" in text


def test_an_unknown_language_is_refused_naming_the_ones_there_are(session: Session) -> None:
    with pytest.raises(
        IntakeError, match=r"no privacy notice in 'xx'\. Choose one of: ar, bn, cy, en"
    ):
        session.privacy_notices.make(PrivacyNoticeRequest("xx"))


def test_a_centre_replaces_a_languages_texts_without_code(session: Session, tmp_path: Path) -> None:
    folder = session.data_dir / "leaflet-texts" / "privacy"
    folder.mkdir(parents=True)
    document = json.loads(Path("resources/privacy/en.json").read_text("utf-8"))
    document["text"]["ask_body"] = "Ask Riverside's data protection lead, Room 4."
    (folder / "en.json").write_text(json.dumps(document), "utf-8")
    text = notice_text(session.privacy_notices.make(PrivacyNoticeRequest("en")).pdf, tmp_path)
    assert "Ask Riverside's data protection lead, Room 4." in text
    del document["text"]["ask_body"]
    (folder / "en.json").write_text(json.dumps(document), "utf-8")
    with pytest.raises(IntakeError, match=r"en\.json: field text: 'ask_body' is a required"):
        session.privacy_notices.make(PrivacyNoticeRequest("en"))
