"""Every screen in the pseudo-locale (each translated letter accented, 40 % longer, bracketed):
any words left in plain English were never marked for translation, and any label cut off is one
a longer language will not fit. Data people typed stays as typed and is not counted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.vocabulary import available_forces
from intake_app.support import i18n
from intake_app.ui.app import IntakeApp
from tests.conftest import PASSPHRASE, full_report
from tests.screen import Screen, wait_for_the_list
from tests.ui.test_walkers import COORDINATOR_PAGES as PAGES
from tests.ui.test_walkers import FORM_SECTIONS as SECTIONS
from tests.untranslated import p, untranslated
from tests.walkers import clipped_labels
from tools import pseudo_locale

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


def test_setup_and_unlock_speak_the_pseudo_locale_uncut(
    qtbot: QtBot, tmp_path: Path, pseudo: None, text_scale: float
) -> None:
    screen = Screen(qtbot)
    app = IntakeApp(tmp_path / "store", language=i18n.PSEUDO.code)
    app.start()
    wizard = screen.wait_for_window(p("Set up Intake"))
    qtbot.addWidget(wizard)
    # Place names (the forces' areas) are names, as people write them in any language.
    data = {
        CENTRE,
        "Amina",
        "RIVA",
        "MN-1",
        *(c.replace("-", " ").title() for c in available_forces()),
    }
    problems = look(wizard, "Setup › Your centre", data, qtbot)
    screen.fill(p("Centre name"), CENTRE)
    screen.fill(p("Centre code"), "MN-1")
    screen.key(Qt.Key.Key_Return)  # refused on this page, with the reason under the code
    problems += look(wizard, "Setup › Your centre, with a message", data, qtbot)
    screen.fill(p("Centre code"), "RIVA")
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: screen.sees(p("The first coordinator"), wizard))
    problems += look(wizard, "Setup › The first coordinator", data, qtbot)
    screen.fill(p("Your name"), "Amina")
    screen.fill(p("Passphrase"), "short")
    problems += look(wizard, "Setup › The first coordinator, too short", data, qtbot)
    screen.fill(p("Passphrase"), PASSPHRASE)
    screen.fill(p("Type the passphrase again"), PASSPHRASE)
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: app.wizard.session is not None, timeout=30_000)
    QApplication.processEvents()
    groups = [w.text() for w in screen.visible_widgets(wizard) if w.inherits("QLabel")]
    data |= {w for text in groups for w in text.split() if re.fullmatch(r"[0-9A-Z-]{20,}", w)}
    problems += look(wizard, "Setup › Your recovery key", data, qtbot)
    session = app.wizard.session
    assert session is not None
    session.close()
    app.inactivity.remove()
    other = IntakeApp(tmp_path / "store", language=i18n.PSEUDO.code)
    other.start()
    unlock = screen.wait_for_window(p("Unlock the reports"))
    qtbot.addWidget(unlock)
    problems += look(unlock, "Unlock", data, qtbot)
    screen.key(Qt.Key.Key_Return)  # nothing typed: said so
    problems += look(unlock, "Unlock, with a message", data, qtbot)
    other.inactivity.remove()
    assert not problems, "\n".join(sorted(set(problems)))


def test_dialogs_speak_the_pseudo_locale_uncut(
    qtbot: QtBot, data_dir: Path, session: Session, pseudo: None, text_scale: float
) -> None:
    ready = session.reports.create_draft(full_report())
    session.reports.mark_ready(ready.id)
    data = data_of(session) | set(_typed_in(full_report()))
    app = IntakeApp(data_dir, language=i18n.PSEUDO.code)
    app._opened(session)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    screen = Screen(qtbot)
    screen.wait(window.isVisible)
    problems: list[str] = []
    looked.clear()
    go(screen, "Go to", "Users")
    screen.key(Qt.Key.Key_Return)
    screen.tab_to(p("Add a user…"))
    screen.when_shown(p("Add a user"), lambda: _look_and_close(screen, qtbot, data, problems))
    screen.key(Qt.Key.Key_Space)
    screen.wait(lambda: _closed[0], timeout=10_000)
    _closed[0] = False
    screen.when_shown(p("About Intake"), lambda: _look_and_close(screen, qtbot, data, problems))
    next(a for a in window.menuBar().actions() if a.text() == p("&Help")).menu().actions()[
        0
    ].trigger()
    screen.wait(lambda: _closed[0], timeout=10_000)
    _closed[0] = False
    screen.when_shown(
        p("Change your passphrase"), lambda: _look_and_close(screen, qtbot, data, problems)
    )
    intake_menu = window.menuBar().actions()[0].menu()
    next(a for a in intake_menu.actions() if a.text() == p("Change my &passphrase…")).trigger()
    screen.wait(lambda: _closed[0], timeout=10_000)
    _closed[0] = False
    screen.wait_for_window(window.windowTitle())  # back in the main window
    go(screen, "Go to", "Reports")
    screen.key(Qt.Key.Key_Return)
    wait_for_the_list(screen, p("Reports"))
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Return)
    view = screen.wait_for_window(ready.reference)
    looked.append(view.windowTitle())
    problems += look(view, "Report view", data, qtbot)
    view.close()
    app.inactivity.remove()
    assert len(looked) == 4, looked  # every dialog was looked at
    assert not problems, "\n".join(sorted(set(problems)))


_closed = [False]
looked: list[str] = []


def _look_and_close(screen: Screen, qtbot: QtBot, data: set[str], problems: list[str]) -> None:
    dialog = screen.window()
    name = dialog.windowTitle()
    looked.append(name)
    problems += look(dialog, name, data, qtbot)
    dialog.close()
    _closed[0] = True


def _typed_in(report: object) -> list[str]:
    """Every piece of text in a report (what a person typed), to leave out of the check."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend([value, *value.split()])
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for field in value.__dataclass_fields__:  # type: ignore[attr-defined]
                walk(getattr(value, field))

    walk(report)
    return found
