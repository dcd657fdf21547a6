from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

# GUI tests run offscreen unless a developer asks otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import keyring
import keyring.errors
import minisign
import pyrage
import pytest
from keyring.backend import KeyringBackend

from intake_app.app.session import Session, create_store
from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.police_copy import confirmed, needs_checking
from intake_app.domain.report import (
    ContactPreferences,
    Harm,
    Offender,
    Person,
    Report,
    StrandChoice,
    When,
    Where,
    Witness,
)
from intake_app.storage.kdf import TEST_PARAMS
from tests.light_kdf import use_light_kdf

# PySide 6.12's QtTest functions (keyClick, keyClicks, mouseClick, and pytest-qt's qtbot
# helpers built on them) each drop one reference to None that they never took. Over a whole
# test run that can bring None's count to zero and abort the interpreter. These references
# keep it well above zero; remove them once PySide fixes the binding.
_NONE_REFERENCES = [None] * 2_000_000

PASSPHRASE = "violet kettle harbour seven"
VOLUNTEER_PASSPHRASE = "copper lantern meadow nine"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory, standing in for the OS keyring in tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.items[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_window_left_on_screen() -> Iterator[None]:
    """Windows a test leaves open (an unlock window shown after a lock, say) are hidden when it
    ends, so the next test on this process never finds them on screen or gets their key presses.
    Hidden, not closed: closing some of them asks a question or quits the app."""
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    for window in widgets.QApplication.topLevelWidgets():
        if window.isVisible():
            window.hide()


@pytest.fixture(autouse=True)
def coverage_paused_if_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """Coverage measurement (``make test``) is paused for a test marked ``coverage_paused``: a
    fuzz test that runs the same lines as others millions of times, where measuring them makes
    it several times slower and adds nothing to the figure. The test itself runs in full."""
    coverage = sys.modules.get("coverage")
    running = coverage.Coverage.current() if coverage is not None else None
    if running is None or request.node.get_closest_marker("coverage_paused") is None:
        yield
        return
    running.stop()
    try:
        yield
    finally:
        running.start()


@pytest.fixture
def light_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command-line stores and the force's keys without the production KDF cost (see
    tests/light_kdf.py), for tests that are not about key derivation."""
    use_light_kdf(monkeypatch)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def make_store(data_dir: Path) -> tuple[Session, str]:
    """Riverside's store with Amina as coordinator, on the light test KDF settings."""
    return create_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
    )


@pytest.fixture
def new_store(data_dir: Path) -> Iterator[tuple[Session, str]]:
    session, recovery = make_store(data_dir)
    yield session, recovery
    session.close()


@pytest.fixture
def session(new_store: tuple[Session, str]) -> Session:
    return new_store[0]


@pytest.fixture
def force() -> tuple[pyrage.x25519.Identity, minisign.KeyPair, ForceProfile]:
    """A force's decryption identity, receipt signing keys and the profile it gives centres."""
    identity = pyrage.x25519.Identity.generate()
    keys = minisign.KeyPair.generate()
    profile = ForceProfile(
        force_code="leicestershire", force_name="Leicestershire Police",
        age_recipients=(str(identity.to_public()),),
        minisign_public_key=keys.public_key.to_base64().decode(),
    )  # fmt: skip
    return identity, keys, profile


def full_report(**changes: object) -> Report:
    """A complete report with distinctive personal data, ready to be marked ready."""
    report = Report(
        reporter_type="victim",
        consent="police_with_contact",
        referral_to_support=True,
        person=Person(
            name="Zenobia Quarterfield",
            date_of_birth="1984-02-29",
            address="14 Larkspur Terrace",
            postcode="LE2 7QX",
            phone="0116 496 0777",
            email="zenobia.q@example.org",
        ),
        contact=ContactPreferences(phone_ok=True, officer_sex="female"),
        perception="Because of my hijab; they said so plainly near Wexcombe market.",
        strands=[StrandChoice("religion", "muslim"), StrandChoice("race", "")],
        incident_types=["verbal_abuse", "threats"],
        description="Two men followed Zenobia from the Wexcombe tram stop shouting slurs.",
        when=When(start="2026-03-14T18:30"),
        where=Where(
            place_type="public_transport", transport_route="Tram line 4", postcode="LE1 5WW"
        ),
        harm=Harm(injuries="Bruised wrist", medical_help=False),
        offender_count=2,
        offenders=[Offender(known_to_victim=False, sex="male", clothing="Orange hivis jacket")],
        witnesses=[Witness(name="Thaddeus Ormsgill", phone="07700 900123")],
    )
    for key, value in changes.items():
        setattr(report, key, value)
    if "police_copy" not in changes and needs_checking(report):
        report.police_copy = confirmed(report)  # as a volunteer would have: read and checked
    return report


def pytest_sessionfinish() -> None:
    """Windows still open when the tests end are deleted by Qt, parents before children, while
    the interpreter is whole (see ``intake_app.ui.app.delete_windows``)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        from intake_app.ui.app import delete_windows

        delete_windows()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests (marked ``slow``) start first, so with several workers none of them is
    left to run alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that switches language (the whole process speaks one) leaves English behind."""
    yield
    from intake_app.support import i18n

    if i18n.current() is not i18n.ENGLISH:
        i18n.use("en")
        if "PySide6.QtWidgets" in sys.modules:
            from intake_app.ui.language import apply_language

            apply_language("en")
