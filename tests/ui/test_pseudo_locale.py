"""Every screen in the pseudo-locale (each translated letter accented, 40 % longer, bracketed):
any words left in plain English were never marked for translation, and any label cut off is one
a longer language will not fit. Data people typed stays as typed and is not counted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.support import i18n
from intake_app.ui.app import IntakeApp
from tests.conftest import full_report
from tests.screen import Screen
from tests.untranslated import p, untranslated
from tests.walkers import clipped_labels
from tools import pseudo_locale

SECTIONS = (
    "Consent and who is reporting",
    "The person",
    "What happened and why",
    "When and where",
    "Who did it",
    "Witnesses and evidence",
    "Support and contact needs",
    "Review and send",
)
PAGES = (
    "Reports",
    "Leaflets",
    "Send to the police",
    "Statistics",
    "Users",
    "Centre settings",
    "Audit log",
)
CENTRE = "Riverside Advice Centre"


@pytest.fixture(scope="session")
def pseudo_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pseudo-locale made from the code as it is now (once per test process)."""
    folder = tmp_path_factory.mktemp("locale")
    pseudo_locale.write(folder)
    return folder


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch, pseudo_catalogue: Path) -> Iterator[None]:
    monkeypatch.setenv("INTAKE_LOCALE_DIR", str(pseudo_catalogue))
    yield
    i18n.use("en")


@pytest.fixture(params=[1.0, 2.0], ids=["1x", "2x"])
def text_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * request.param)
    qapp.setFont(bigger)
    yield request.param
    qapp.setFont(original)


def data_of(session: Session) -> set[str]:
    """What the store holds as people typed it (and its references): not for translating."""
    found = {CENTRE, "Amina", "RIVA", session.centre.name, session.user.name}
    for summary in session.reports.list():
        found.add(summary.reference)
    return found


def go(screen: Screen, list_name: str, item: str) -> None:
    listing = screen.find(p(list_name))
    listing.setFocus(Qt.FocusReason.TabFocusReason)
    screen.key(Qt.Key.Key_Home)
    for _step in range(40):
        current = listing.currentItem()  # type: ignore[attr-defined]
        if current is not None and current.text() == p(item):
            return
        screen.key(Qt.Key.Key_Down)
    raise AssertionError(f"{item!r} is not in {list_name!r}")


def look(
    window: QWidget, name: str, data: set[str], qtbot: QtBot, menus: bool = False
) -> list[str]:
    QApplication.processEvents()
    qtbot.wait(30)
    found = untranslated(window, name, data, menus=menus)
    return found + [f"{name}: {c}" for c in clipped_labels(window)]


def test_every_main_screen_speaks_the_pseudo_locale_uncut(
    qtbot: QtBot, data_dir: Path, session: Session, pseudo: None, text_scale: float
) -> None:
    session.reports.create_draft(full_report())
    session.demo.generate(3)
    data = data_of(session)
    app = IntakeApp(data_dir, language=i18n.PSEUDO.code)
    assert i18n.current() is i18n.PSEUDO
    app._opened(session)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)
    screen = Screen(qtbot)
    screen.wait(window.isVisible)
    problems: list[str] = []
    for page in PAGES:
        go(screen, "Go to", page)
        problems += look(window, page, data, qtbot, menus=page == "Reports")
    go(screen, "Go to", "New report")
    for section in SECTIONS:
        go(screen, "Form sections", section)
        problems += look(window, f"New report › {section}", data, qtbot)
    app.inactivity.remove()
    assert not problems, "\n".join(sorted(set(problems)))
