"""The centre's usual sending interval: checked, kept in the store, printed on leaflets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.services.centre_settings import (
    DEFAULT_SENDING_INTERVAL_DAYS,
    MAX_SENDING_INTERVAL_DAYS,
    MIN_SENDING_INTERVAL_DAYS,
)
from intake_app.services.leaflets import LeafletRequest
from intake_app.support.errors import IntakeError, NotAllowed
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.leaflets.test_leaflets import pdf_text


def test_a_new_store_sends_about_once_a_week(session: Session) -> None:
    assert session.settings.sending_interval_days == DEFAULT_SENDING_INTERVAL_DAYS == 7


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.one_of(st.integers(-10, 120), st.integers()))
def test_any_interval_is_kept_or_refused_plainly(session: Session, days: int) -> None:
    before = session.settings.sending_interval_days
    if MIN_SENDING_INTERVAL_DAYS <= days <= MAX_SENDING_INTERVAL_DAYS:
        session.settings.set_sending_interval_days(days)
        assert session.settings.sending_interval_days == days
    else:
        with pytest.raises(IntakeError, match="from 1 to 90 days"):
            session.settings.set_sending_interval_days(days)
        assert session.settings.sending_interval_days == before  # nothing lost


@pytest.mark.parametrize("stored", ["", "0", "-3", "abc", "91", "7.5", "١٤"])
def test_a_damaged_stored_interval_reads_as_the_default(session: Session, stored: str) -> None:
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('sending_interval_days', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (stored,),
        )
    assert session.settings.sending_interval_days == DEFAULT_SENDING_INTERVAL_DAYS


def test_only_a_coordinator_changes_the_interval_and_it_is_audited(
    session: Session, data_dir: Path
) -> None:
    session.settings.set_sending_interval_days(14)
    entry = session.audit.entries(limit=1)[0]
    assert (entry.action, entry.detail) == ("settings.changed", "sending_interval_days")
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    with pytest.raises(NotAllowed):
        volunteer.settings.set_sending_interval_days(3)
    assert volunteer.settings.sending_interval_days == 14
    volunteer.close()


def test_the_personal_leaflet_prints_the_centres_interval(session: Session, tmp_path: Path) -> None:
    record = session.reports.create_draft(full_report(consent="police_without_details"))
    weekly = pdf_text(
        session.leaflets.make(LeafletRequest("en", reference=record.reference)).pdf, tmp_path
    )
    assert "in batches, about once a week" in weekly
    session.settings.set_sending_interval_days(14)
    fortnightly = session.leaflets.make(LeafletRequest("en", reference=record.reference)).pdf
    assert "in batches, every 14 days" in pdf_text(fortnightly, tmp_path)
    polish = session.leaflets.make(LeafletRequest("pl", reference=record.reference)).pdf
    assert "partiami, co 14 dni" in pdf_text(polish, tmp_path)
