"""Roles, deactivation, passphrase rules and changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.app.session import Session, unlock, unlock_with_recovery
from intake_app.domain.passphrase_policy import weakness
from intake_app.support.errors import (
    AccountInactive,
    NotAllowed,
    WeakPassphrase,
    WrongCredentials,
)
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE


def test_first_user_is_a_coordinator_who_adds_volunteers(session: Session) -> None:
    assert session.user.is_coordinator
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    assert [(u.name, u.role) for u in session.users.list()] == [
        ("Amina", "coordinator"),
        ("Thaddeus", "volunteer"),
    ]


def test_volunteers_cannot_manage_users(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    with pytest.raises(NotAllowed, match="coordinator"):
        volunteer.users.add("Eve", "coordinator", "amber tractor willow four")
    with pytest.raises(NotAllowed):
        volunteer.users.list()
    volunteer.close()


def test_deactivated_user_can_no_longer_unlock(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.users.deactivate("thaddeus")
    session.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)


def test_restored_old_slot_of_a_deactivated_user_is_still_refused(
    data_dir: Path, session: Session
) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    old_slots = (data_dir / "keyslots.json").read_bytes()
    session.users.deactivate("Thaddeus")
    session.close()
    (data_dir / "keyslots.json").write_bytes(old_slots)
    with pytest.raises(AccountInactive, match="workspace is not in the data folder"):
        unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)


def test_the_last_coordinator_and_yourself_cannot_be_deactivated(session: Session) -> None:
    with pytest.raises(NotAllowed, match="your own"):
        session.users.deactivate("Amina")
    session.users.add("Bilal", "coordinator", "amber tractor willow four")
    session.users.deactivate("Bilal")
    assert [u.active for u in session.users.list()] == [True, False]


def test_weak_passphrases_are_refused_with_a_reason(session: Session) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12"):
        session.users.add("Thaddeus", "volunteer", "short")
    with pytest.raises(WeakPassphrase, match="user name"):
        session.users.add("Thaddeus", "volunteer", "thaddeus is my name ok")
    with pytest.raises(WeakPassphrase, match="first guesses"):
        session.users.add("Thaddeus", "volunteer", "Password1234")
    assert weakness("aaaaaaaaaaaaaaaa") is not None
    assert weakness("abcdefghijklmnop") is not None
    assert weakness("copper lantern meadow nine") is None


def test_duplicate_user_names_are_refused(session: Session) -> None:
    with pytest.raises(Exception, match="already a user"):
        session.users.add("AMINA", "volunteer", VOLUNTEER_PASSPHRASE)


def test_change_own_passphrase_needs_the_current_one(data_dir: Path, session: Session) -> None:
    with pytest.raises(WrongCredentials, match="current passphrase"):
        session.users.change_own_passphrase("not it at all", "quartz pelican drizzle orbit")
    session.users.change_own_passphrase(PASSPHRASE, "quartz pelican drizzle orbit")
    session.close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Amina", PASSPHRASE)
    unlock(data_dir, "Amina", "quartz pelican drizzle orbit").close()


def test_recovery_key_can_add_a_coordinator_but_not_read_reports(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    session.close()
    rescue = unlock_with_recovery(data_dir, recovery)
    with pytest.raises(NotAllowed):
        rescue.users.add("Helper", "volunteer", "amber tractor willow four")
    rescue.users.add("Bilal", "coordinator", "amber tractor willow four")
    with pytest.raises(NotAllowed):
        rescue.reports.create_draft(__import__("intake_app.domain.report").domain.report.Report())
    assert rescue.reports.list() == []
    rescue.close()
    unlock(data_dir, "Bilal", "amber tractor willow four").close()


def test_signed_in_coordinator_resets_a_passphrase_with_the_recovery_key(
    data_dir: Path, new_store: tuple[Session, str]
) -> None:
    session, recovery = new_store
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    with pytest.raises(Exception, match=r"does not belong|mistyped"):
        session.users.reset_with_recovery_key(
            "Thaddeus", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "amber tractor willow four"
        )
    session.users.reset_with_recovery_key("Thaddeus", recovery, "amber tractor willow four")
    session.users.add("Priya", "volunteer", "quartz pelican drizzle orbit")  # slots stay consistent
    session.close()
    unlock(data_dir, "Thaddeus", "amber tractor willow four").close()
    unlock(data_dir, "Priya", "quartz pelican drizzle orbit").close()
    with pytest.raises(WrongCredentials):
        unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
