"""The main window's menus and their shortcuts: each item is also reachable by its Alt key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from intake_app.domain.accounts import CASEWORKER, COORDINATOR
from intake_app.support import i18n
from intake_app.support.i18n import _
from intake_app.ui.dialogs.about_dialog import AboutDialog
from intake_app.ui.dialogs.user_dialogs import ChangePassphraseDialog
from intake_app.ui.language import review_note
from intake_app.ui.widgets.clipboard import copy_text

if TYPE_CHECKING:
    from intake_app.ui.main_window import MainWindow


def screens_for(role: str) -> list[tuple[str, str]]:
    """The screens listed down the main window's side, as (target, label): a coordinator's
    screens after everyone's; a caseworker's are their cases, what is due, and leaflets."""
    # Translators: the screens listed on the left of the main window.
    reports, leaflets = ("reports", _("Reports")), ("leaflets", _("Leaflets"))
    # Translators: a screen listed on the left of the main window: next actions on cases that
    # are due today or overdue.
    due = ("due", _("Due"))
    if role == CASEWORKER:
        return [reports, due, leaflets]
    screens = [reports, ("new", _("New report")), leaflets]
    if role == COORDINATOR:
        screens += [
            due,
            ("export", _("Send to the police")),
            ("statistics", _("Statistics")),
            ("users", _("Users")),
            ("settings", _("Centre settings")),
            ("audit", _("Audit log")),
        ]
    return screens


def build_menus(window: MainWindow) -> None:
    # Translators: a menu title, the app's name (usually kept as it is); & marks the Alt key.
    menu = window.menuBar().addMenu(_("&Intake"))

    def action(
        text: str,
        slot: Callable[[], object],
        keys: QKeySequence | QKeySequence.StandardKey | str = "",
    ) -> None:
        item = QAction(text, window)
        if keys:
            item.setShortcut(QKeySequence(keys))
        item.triggered.connect(slot)
        menu.addAction(item)

    # Translators: menu items; & marks the letter that chooses each with Alt (one per menu).
    action(_("&New report"), window.new_report, "Ctrl+N")
    action(_("&Find reports"), window.find_reports, "Ctrl+F")
    action(_("&Save now"), window.save_now, "Ctrl+S")
    # Translators: a menu item: copy the report's reference number.
    action(_("&Copy reference"), lambda: copy_reference(window), QKeySequence.StandardKey.Copy)
    # Translators: a menu item (coordinators): closed cases, redacted, for the commissioner's
    # scrutiny panel.
    action(_("Case pac&k for the scrutiny panel…"), lambda: open_scrutiny_pack(window))
    pack = menu.actions()[-1]

    def coordinators_only() -> None:
        pack.setVisible(window.session is not None and window.session.user.is_coordinator)

    menu.aboutToShow.connect(coordinators_only)
    menu.addSeparator()
    # Translators: a menu item: lock the app (a verb).
    action(_("&Lock"), window.lock, "Ctrl+L")
    action(_("Change my &passphrase…"), lambda: change_passphrase(window))
    action(_("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    build_language_menu(window)
    about = QAction(_("&About Intake"), window)
    about.triggered.connect(lambda: AboutDialog(window).exec())
    # Translators: a menu title.
    window.menuBar().addMenu(_("&Help")).addAction(about)


def open_scrutiny_pack(window: MainWindow) -> None:
    from intake_app.ui.dialogs.scrutiny_pack_dialog import ScrutinyPackDialog

    if window.session is not None and window.session.user.is_coordinator:
        ScrutinyPackDialog(window.session, window).exec()


def build_language_menu(window: MainWindow) -> None:
    """Every language, each named in itself and in English, the current one ticked, and whether
    a fluent speaker has reviewed it. Choosing one switches at once, for this user."""
    # Translators: a menu title; & marks the Alt key.
    menu = window.menuBar().addMenu(_("Lan&guage"))
    menu.setObjectName("language")
    group = QActionGroup(window)
    for language in i18n.LANGUAGES:
        note = review_note(language)
        item = QAction(f"{language.label} — {note}" if note else language.label, window)
        item.setCheckable(True)
        item.setChecked(language.code == i18n.current().code)
        item.setData(language.code)
        group.addAction(item)
        item.triggered.connect(
            lambda _checked=False, code=language.code: window.choose_language(code)
        )
        menu.addAction(item)


def change_passphrase(window: MainWindow) -> None:
    if window.session is None:
        return
    dialog = ChangePassphraseDialog(window.session, window)
    dialog.accepted.connect(
        lambda: window.statusBar().showMessage(_("Your passphrase has been changed."), 5000)
    )
    dialog.open()


def copy_reference(window: MainWindow) -> None:
    """The reference of the report open in the form, else of the one chosen in the list."""
    if window.form is not None and window.form.record is not None:
        reference: str | None = window.form.record.reference
    else:
        summary = window.reports_page.selected()
        reference = summary.reference if summary is not None else None
    if reference:
        copy_text(reference)
        window.statusBar().showMessage(_("Reference copied."), 3000)
