"""What locking leaves behind and takes away: where the user was (to return them there), and
every other window of the app (none stays on screen while locked)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from intake_app.domain.report import Report
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog


@dataclass(frozen=True)
class Resume:
    """Where a user was when the app locked, and anything typed that could not be saved."""

    user_id: str
    report_id: str | None
    section: int
    unsaved: Report | None
    page: str = "form"  # or the page that was showing when no report was open (users, audit…)


def close_our_windows(keep: QWidget) -> None:
    """Every dialog and window of the app but ``keep`` goes (message boxes, file choosers, the
    report view): nothing stays on screen while locked."""
    for widget in QApplication.topLevelWidgets():
        if widget is keep or not widget.isVisible() or isinstance(widget, UnlockDialog):
            continue
        if isinstance(widget, QDialog):
            widget.reject()
        widget.hide()
