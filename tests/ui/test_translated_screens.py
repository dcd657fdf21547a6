"""Every screen in every language: Alt+letter keys unique on each screen (a translation moves
them), each one reaching a control, and no label cut off, in the main window, the unlock window
and the setup wizard's first page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain import police_copy
from intake_app.domain.report import Organisation
from intake_app.support import i18n
from intake_app.ui.app import IntakeApp
from intake_app.ui.dialogs.setup_wizard import SetupWizard
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog
from tests.conftest import full_report
from tests.screen import Screen
from tests.walkers import clipped_labels, dead_mnemonics, mnemonic_clashes

CODES = [lang.code for lang in i18n.LANGUAGES]


def problems_on(window: QWidget, name: str, qtbot: QtBot) -> list[str]:
    """What is wrong once the screen has settled: a label whose text a background task has just
    set is laid out again a moment later (on a busy machine, more than one moment), so a cut
    label counts only if it stays cut for two seconds."""
    found: list[str] = []
    for _attempt in range(20):
        QApplication.processEvents()
        qtbot.wait(20 if not found else 100)
        found = mnemonic_clashes(window) + dead_mnemonics(window) + clipped_labels(window)
        if not found:
            break
    return [f"{name}: {problem}" for problem in found]


@pytest.mark.parametrize("code", CODES)
def test_every_screen_keeps_unique_keys_and_uncut_labels_in_each_language(
    qtbot: QtBot, data_dir: Path, session: Session, code: str
) -> None:
    # Passed on without details, one word already taken out: the review shows the police copy
    # with every control it has.
    # An organisation was targeted, so its fields are on screen too (its name is made up).
    report = full_report(
        consent="police_without_details",
        victim_type="organisation",
        organisation=Organisation("Wexcombe Gurdwara", "place_of_worship"),
    )
    report.police_copy = police_copy.removing(report, "Wexcombe")
    session.reports.create_draft(report)
    session.preferences.set_language(code)
    app = IntakeApp(data_dir)
    app._opened(session)
    window = app.window
    assert window is not None and i18n.current().code == code
    qtbot.addWidget(window)
    window.resize(1366, 768)
    Screen(qtbot).wait(window.isVisible)
    problems: list[str] = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.nav.item(row).text()
        problems += problems_on(window, page, qtbot)
        form = window.form
        if form is not None and form.isVisible():
            for section in range(form.nav.count()):
                form.nav.setCurrentRow(section)
                problems += problems_on(window, f"{page} › {form.nav.item(section).text()}", qtbot)
    app.inactivity.remove()
    unlock = UnlockDialog(data_dir)
    qtbot.addWidget(unlock)
    unlock.show()
    problems += problems_on(unlock, unlock.windowTitle(), qtbot)
    wizard = SetupWizard(data_dir.parent / "new")
    qtbot.addWidget(wizard)
    wizard.show()
    problems += problems_on(wizard, wizard.windowTitle(), qtbot)
    assert not problems, "\n".join(sorted(set(problems)))
