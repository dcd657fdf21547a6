"""The main window's menus and their shortcuts: each item is also reachable by its Alt key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from intake_app.support.i18n import _
from intake_app.ui.dialogs.about_dialog import AboutDialog

if TYPE_CHECKING:
    from intake_app.ui.main_window import MainWindow


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
    action(_("&Copy reference"), window.copy_reference, QKeySequence.StandardKey.Copy)
    menu.addSeparator()
    # Translators: a menu item: lock the app (a verb).
    action(_("&Lock"), window.lock, "Ctrl+L")
    action(_("Change my &passphrase…"), window.change_passphrase)
    action(_("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    about = QAction(_("&About Intake"), window)
    about.triggered.connect(lambda: AboutDialog(window).exec())
    # Translators: a menu title.
    window.menuBar().addMenu(_("&Help")).addAction(about)
