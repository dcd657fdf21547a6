"""The main window's menus and their shortcuts: each item is also reachable by its Alt key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from intake_app.ui.dialogs.about_dialog import AboutDialog

if TYPE_CHECKING:
    from intake_app.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Intake")

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

    action("&New report", window.new_report, "Ctrl+N")
    action("&Find reports", window.find_reports, "Ctrl+F")
    action("&Save now", window.save_now, "Ctrl+S")
    action("&Copy reference", window.copy_reference, QKeySequence.StandardKey.Copy)
    menu.addSeparator()
    action("&Lock", window.lock, "Ctrl+L")
    action("Change my &passphrase…", window.change_passphrase)
    action("&Quit", window.close, QKeySequence.StandardKey.Quit)
    about = QAction("&About Intake", window)
    about.triggered.connect(lambda: AboutDialog(window).exec())
    window.menuBar().addMenu("&Help").addAction(about)
