"""What locking leaves behind and takes away: where the user was (to return them there), and
every other window of the app (none stays on screen while locked); and what the window says
about the session on unlocking (its title, the status bar)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from intake_app.domain.report import Report
from intake_app.support.i18n import _
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog

if TYPE_CHECKING:
    from intake_app.app.session import Session
    from intake_app.ui.main_window import MainWindow


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


def where_they_are(window: MainWindow, session: Session) -> Resume:
    """Where the user is in the window, to come back to (after a lock or a change of language):
    the report open in the form, saved (or, if it cannot be, what was typed), else the page."""
    form = window.form
    if form is not None:
        saved = form.closing()
        record = form.record
        return Resume(
            session.user.id,
            record.id if record else None,
            form.section,
            None if saved else form.unsaved_report(),
        )
    row = window.nav.currentRow()
    page = window.nav_targets[row] if 0 <= row < len(window.nav_targets) else "reports"
    return Resume(session.user.id, None, 0, None, page=page)


def window_title(session: Session) -> str:
    if session.user.is_coordinator:
        # Translators: the window's title: the centre's name, then the user's name and role.
        title = _("Intake — {centre} — {user} (coordinator)")
    elif session.user.is_caseworker:
        # Translators: the window's title: the centre's name, then the user's name and role.
        title = _("Intake — {centre} — {user} (caseworker)")
    else:
        # Translators: the window's title: the centre's name, then the user's name and role.
        title = _("Intake — {centre} — {user} (volunteer)")
    return title.format(centre=session.centre.name, user=session.user.shown_name)


def unlocked_message(session: Session) -> str:
    """The status bar's line on unlocking: how the store is protected, what came in from
    volunteers, and anything that stops work being saved."""
    note = (
        ""
        if session.keyring_bound
        else "  " + _("Protected by passphrases alone (no secure keyring).")
    )
    taken = session.taken_in.summary() if session.taken_in else ""
    problem = f" ⚠ {session.take_in_problem}" if session.take_in_problem else ""
    if session.cannot_write:
        # Translators: {reason} says why the store cannot be written to.
        problem += " " + _("⚠ Nothing can be saved: {reason}").format(reason=session.cannot_write)
    return _("Unlocked.") + note + (f" {taken}" if taken else "") + problem
