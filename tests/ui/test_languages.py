"""Choosing the language: before signing in (kept beside the store), per user after (kept in the
store), switched from the menu without restarting and without losing what was typed; and in Urdu
the whole layout reads from the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.support import i18n
from intake_app.support.i18n import _
from intake_app.support.language_preference import machine_language
from intake_app.ui.app import IntakeApp
from intake_app.ui.language import without_mnemonic
from intake_app.ui.widgets.charts import BAR, BarChart, ChartRow, MonthChart
from tests.conftest import PASSPHRASE, full_report
from tests.screen import Screen


def pick_in_combo(screen: Screen, name: str, shown: str) -> None:
    """Tab to a drop-down list and press Down until it shows ``shown``. (A language list
    switches the window's language at each step; the keyboard stays in the list.)"""
    screen.tab_to(name)
    seen = []
    for _step in range(20):
        screen.qtbot.wait(20)
        combo = screen.focused()
        assert isinstance(combo, QComboBox), f"the keyboard left the list after {seen}"
        seen.append(combo.currentText())
        if combo.currentText() == shown:
            return
        screen.key(Qt.Key.Key_Down)
    raise AssertionError(f"{shown!r} is not in {name!r}: {seen}")


def unlock_as(screen: Screen, name: str, passphrase: str) -> None:
    screen.fill(_("User name"), name)
    screen.fill(_("Passphrase"), passphrase)
    screen.key(Qt.Key.Key_Return)


def test_the_language_is_chosen_before_signing_in_and_remembered(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.close()
    app = IntakeApp(data_dir)
    assert app.start()
    screen = Screen(qtbot)
    screen.wait_for_window("Unlock the reports")
    pick_in_combo(screen, "Language", "Polski (Polish)")
    polish_title = _("Unlock the reports")
    assert i18n.current().code == "pl" and polish_title != "Unlock the reports"
    unlock = screen.wait_for_window(polish_title)
    assert machine_language(data_dir) == "pl"
    assert screen.focused() is not None  # the keyboard is still somewhere in the window
    unlock.close()
    i18n.use("en")
    again = IntakeApp(data_dir)  # the next start speaks Polish before anyone signs in
    assert again.start()
    screen.wait_for_window(polish_title)
    again.unlock_dialog.quit_without_asking()
    app.inactivity.remove()
    again.inactivity.remove()


def test_each_user_signs_in_to_their_own_language_and_can_switch_without_losing_a_word(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.preferences.set_language("ro")
    draft = session.reports.create_draft(full_report())
    session.close()
    app = IntakeApp(data_dir)
    assert app.start()
    screen = Screen(qtbot)
    screen.wait_for_window("Unlock the reports")  # the machine has no choice yet: English
    unlock_as(screen, "Amina", PASSPHRASE)
    screen.wait(lambda: app.window is not None and app.window.isVisible(), timeout=20_000)
    assert i18n.current().code == "ro"  # Amina's own choice
    window = app.window
    assert window is not None
    title_ro = window.windowTitle()
    assert "Riverside" in title_ro
    # Switch from the menu bar, by keyboard: the menu is named in the current language.
    language_menu = next(
        a.menu()
        for a in window.menuBar().actions()
        if a.menu() and a.menu().objectName() == "language"
    )
    polish = next(a for a in language_menu.actions() if a.text().startswith("Polski"))
    polish.trigger()
    screen.wait(
        lambda: app.window is not None and app.window is not window and app.window.isVisible()
    )
    assert i18n.current().code == "pl"
    assert app.window.session is not None and app.window.session.preferences.language == "pl"
    assert app.window.windowTitle() != title_ro
    app.inactivity.remove()
    app.window.session.close()
    del draft


def test_in_urdu_the_layout_reads_from_the_right(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.demo.generate(5)
    session.preferences.set_language("ur")
    app = IntakeApp(data_dir)
    app._opened(session)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1200, 700)
    screen = Screen(qtbot)
    screen.wait(window.isVisible)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def left(widget: QWidget) -> int:
        return widget.mapTo(window, QPoint(0, 0)).x()

    nav = window.nav
    assert left(nav) > left(window.pages)  # the list of screens is on the right
    header = window.table.horizontalHeader()
    assert header.sectionViewportPosition(0) > header.sectionViewportPosition(1)
    nav.setFocus()
    screen.key(Qt.Key.Key_Home)
    screen.key(Qt.Key.Key_Down)  # New report
    screen.key(Qt.Key.Key_Return)
    screen.wait(lambda: window.form is not None and window.form.isVisible())
    pairs = [
        (label, label.buddy())
        for label in screen.visible_widgets(window)
        if isinstance(label, QLabel) and label.buddy() is not None and label.buddy().isVisible()
    ]
    assert len(pairs) >= 3
    for label, field in pairs:  # each question's words at the right, its answer to their left
        assert left(label) > left(field), (label.text(), field.accessibleName())
    app.inactivity.remove()
    window.session.close()


def _bar_columns(chart: QWidget) -> list[int]:
    """The x of every pixel column in which the chart's bar colour is drawn, as on screen."""
    image = chart.grab().toImage()
    found = []
    for x in range(image.width()):
        for y in range(0, image.height(), 2):
            if image.pixelColor(x, y) == BAR:
                found.append(x)
                break
    return found


def test_a_chart_reads_from_the_right_in_urdu(qtbot: QtBot) -> None:
    rows = [ChartRow("Jan 2026", 40, None), *(ChartRow(f"M{i} 2026", 2, None) for i in range(11))]
    drawn = {}
    for direction in (Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft):
        chart = MonthChart("Month it happened")
        qtbot.addWidget(chart)
        chart.setLayoutDirection(direction)
        chart.resize(600, 240)
        chart.set_rows(rows)
        chart.show()
        columns = _bar_columns(chart)
        tall = chart.grab().toImage()
        # The first month is the tall one: where its bar stands, the colour reaches highest.
        top = {
            x: next(y for y in range(tall.height()) if tall.pixelColor(x, y) == BAR)
            for x in columns
        }
        drawn[direction] = min(top, key=lambda x: top[x])
    assert drawn[Qt.LayoutDirection.LeftToRight] < 100
    assert drawn[Qt.LayoutDirection.RightToLeft] > 500
    bars = BarChart("Strand")
    qtbot.addWidget(bars)
    bars.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    bars.resize(500, 120)
    bars.set_rows([ChartRow("Race", 10, None)])
    bars.show()
    columns = _bar_columns(bars)
    assert columns and min(columns) < 250 < max(columns) < 500  # it grows leftwards from the right


def test_a_report_taken_in_urdu_reads_the_same_in_english_and_keeps_its_codes(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    session.preferences.set_language("ur")
    app = IntakeApp(data_dir)
    app._opened(session)
    window = app.window
    assert window is not None and i18n.current().code == "ur"
    qtbot.addWidget(window)
    screen = Screen(qtbot)
    screen.wait(window.isVisible)
    window.nav.setFocus()
    screen.key(Qt.Key.Key_Home)
    screen.key(Qt.Key.Key_Down)  # New report
    screen.key(Qt.Key.Key_Return)
    consent = screen.tab_to(without_mnemonic(_("What may happen to the &report?")))
    screen.key(Qt.Key.Key_Down)
    screen.key(Qt.Key.Key_Down)
    assert isinstance(consent, QComboBox)
    chosen_urdu = consent.currentText()
    words = "وہ چیخا LE1 5WB کے قریب"  # Urdu with a Latin postcode inside
    assert window.form is not None
    window.form.go_to(2)  # What happened and why
    screen.fill(without_mnemonic(_("What ha&ppened?")), words)
    screen.ctrl("s")
    screen.wait(lambda: len(session.reports.list()) == 1)
    stored = session.reports.get(session.reports.list()[0].id).report
    assert stored.consent in ("police_with_contact", "police_without_details", "monitoring_only")
    assert stored.description == words
    window.choose_language("en")
    screen.wait(lambda: app.window is not window and app.window is not None)
    english = app.window
    assert english is not None and i18n.current().code == "en"
    screen.wait(lambda: english.form is not None and english.form.isVisible())
    english.form.go_to(0)
    shown = screen.find("What may happen to the report?")
    assert isinstance(shown, QComboBox)
    assert shown.currentData() == stored.consent and shown.currentText() != chosen_urdu
    english.form.go_to(2)
    assert screen.find("What happened?").toPlainText() == words  # type: ignore[attr-defined]
    app.inactivity.remove()
    assert english.session is not None
    english.session.close()


def test_a_label_reused_as_words_loses_its_alt_key_in_either_style() -> None:
    assert without_mnemonic("&Postcode") == "Postcode"
    assert without_mnemonic("پوسٹ کوڈ (&P)") == "پوسٹ کوڈ"
    assert without_mnemonic("میرا پاس فریز بدلیں (&P)…") == "میرا پاس فریز بدلیں…"
    assert without_mnemonic("Fish && chips") == "Fish & chips"
