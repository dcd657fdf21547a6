"""Start the desktop app: set up a store the first time, otherwise unlock, then the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from intake_app.app.session import Session
from intake_app.app.unlocking import engine_versions
from intake_app.services.backups import finish_interrupted_restore
from intake_app.support import diagnostics
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.paths import SLOTS_NAME, resolve_data_dir
from intake_app.support.process_hygiene import harden_process
from intake_app.support.resources import resources_dir
from intake_app.ui.dialogs.setup_wizard import SetupWizard
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog
from intake_app.ui.inactivity import DEFAULT_MINUTES, InactivityLock
from intake_app.ui.main_window import MainWindow
from intake_app.ui.screen_lock import ScreenLockWatcher
from intake_app.ui.text_rendering import SAMPLES, arabic_appears_in, unshown_scripts
from intake_app.ui.widgets.focus_style import show_focus


class IntakeApp:
    def __init__(
        self,
        data_dir: os.PathLike[str] | str | None = None,
        lock_after_ms: int = DEFAULT_MINUTES * 60_000,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.window: MainWindow | None = None
        self.inactivity = InactivityLock(self.lock, lock_after_ms)
        self.inactivity.on_lock_key = self.lock  # Ctrl+L in any window, a report view too
        self.screen_lock = ScreenLockWatcher(self.lock)  # and when the computer's screen locks
        register_fonts()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            show_focus(app)

    def lock(self) -> None:
        if self.window is not None and self.window.session is not None:
            self.window.lock()

    def start(self) -> bool:
        """Show the setup wizard (first run) or the unlock window; the main window follows.
        Returns False, after saying why, if this build lacks SQLCipher."""
        try:
            engine_versions()
        except IntakeError as exc:
            QMessageBox.critical(None, _("Intake cannot start"), str(exc))
            return False
        try:
            if self.data_dir.is_dir():
                finish_interrupted_restore(self.data_dir)  # never "no store" after a crash
        except IntakeError as exc:
            QMessageBox.critical(None, _("Intake cannot open the store"), str(exc))
            return False
        if not (self.data_dir / SLOTS_NAME).exists():
            self.wizard = SetupWizard(self.data_dir)
            self.wizard.accepted.connect(lambda: self._opened(self.wizard.session))
            self.wizard.rejected.connect(self._cancelled)
            self.wizard.show()
        else:
            self.unlock_dialog = UnlockDialog(self.data_dir)
            self.unlock_dialog.accepted.connect(lambda: self._opened(self.unlock_dialog.session))
            self.unlock_dialog.rejected.connect(self._cancelled)
            self.unlock_dialog.show()
        return True

    def _cancelled(self) -> None:
        wizard = getattr(self, "wizard", None)
        if wizard is not None and wizard.session is not None:
            wizard.session.close()  # set up, but the recovery key was not confirmed: still a store
        QApplication.quit()

    def _opened(self, session: Session | None) -> None:
        if session is None:
            return
        self.window = MainWindow(session, self.relock)
        self.window.on_auto_lock_changed = lambda minutes: self.inactivity.set_timeout(
            minutes * 60_000
        )
        self.window.on_closed = QApplication.quit
        self.inactivity.set_timeout(session.settings.auto_lock_minutes * 60_000)
        self.window.show()
        self.inactivity.arm()

    def relock(self) -> None:
        """Called once the window has locked: ask for a passphrase again (or quit on cancel).
        The same user's name is filled in; anyone else can type theirs over it."""
        self.inactivity.disarm()
        name = self.window.last_user_name if self.window is not None else ""
        self.unlock_dialog = UnlockDialog(self.data_dir, user_name=name)
        self.unlock_dialog.accepted.connect(self._unlocked_again)
        self.unlock_dialog.rejected.connect(QApplication.quit)
        self.unlock_dialog.show()

    def _unlocked_again(self) -> None:
        session = self.unlock_dialog.session
        if session is not None and self.window is not None:
            self.window.show_session(session)
            self.window.show()
            self.inactivity.set_timeout(session.settings.auto_lock_minutes * 60_000)
            self.inactivity.arm()


def register_fonts() -> None:
    """The bundled Noto fonts, so names in Bengali, Gujarati, Gurmukhi, Arabic and Urdu show
    on screen (a computer may have no font for them)."""
    folder = resources_dir() / "fonts"
    for path in sorted(folder.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # before anything else: no core dumps, private files
    parser = argparse.ArgumentParser(prog="intake-app", description=_("The Intake desktop app."))
    parser.add_argument(
        "--data-dir", help=_("folder holding the store (default: your data folder)")
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "start, say which window opened (setup or unlock), and quit: checks an installation"
        ),
    )
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    qt_app = QApplication([sys.argv[0], *qt_args])
    qt_app.setApplicationName("Intake")
    qt_app.setQuitOnLastWindowClosed(False)  # locking hides the window; quitting is explicit
    app = IntakeApp(args.data_dir)
    if app.data_dir.is_dir():  # a log only where a store's folder already is
        diagnostics.start(app.data_dir, "intake-app")
    sys.excepthook = _log_and_say  # a failure in the event loop: logged, with its code
    if not app.start():
        return 1
    if args.self_test:
        QTimer.singleShot(300, lambda: _report_and_quit(app))
    code = qt_app.exec()
    delete_windows()
    return code


def delete_windows() -> None:
    """Delete every window through Qt (each parent before its children, each table before its
    model) before the interpreter shuts down; left to the interpreter, they go in any order, and
    a model deleted before its table can bring the app down as it quits."""
    for window in QApplication.topLevelWidgets():
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _log_and_say(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    """Never the message (it could carry report content): the type, where, and a code."""
    code = diagnostics.failure(exc, "window")
    # Translators: {kind} is a programming error's name (e.g. ValueError), {code} a short code
    # to quote, {log} the log file's name; all three stay as they are.
    message = _(
        "intake-app: something went wrong ({kind}, code {code}); {log} in the data folder says "
        "where."
    )
    print(message.format(kind=kind.__name__, code=code, log=diagnostics.LOG_NAME), file=sys.stderr)


def _report_and_quit(app: IntakeApp) -> None:
    wizard = getattr(app, "wizard", None)
    unlock = getattr(app, "unlock_dialog", None)
    if wizard is not None and wizard.isVisible():
        # Translators: said by intake-app --self-test; {page} is the wizard page's title.
        started = _("Intake started: the setup wizard is showing ({page}).")
        print(started.format(page=wizard.currentPage().title()))
        text_shows = _report_text(wizard)
        wizard.reject()
    elif unlock is not None and unlock.isVisible():
        print(_("Intake started: the unlock window is showing."))
        text_shows = _report_text(unlock)
        unlock.quit_without_asking()
    else:
        print(_("Intake started, but no window is showing."))
        QApplication.exit(1)
        return
    if not text_shows:
        QApplication.exit(1)


def _report_text(window: QWidget) -> bool:
    """Say whether every supported script shows and shapes in the first window's font, and
    whether Arabic typed into its first text field appears."""
    failing = [_(script) for script in unshown_scripts(window.font())]
    fields = [field for field in window.findChildren(QLineEdit) if field.isVisible()]
    if not fields or not arabic_appears_in(fields[0]):
        # Translators: said by intake-app --self-test, in a list of what does not show properly.
        failing.append(_("Arabic typed into the window"))
    if failing:
        # Translators: said by intake-app --self-test; {problems} is a list of scripts and checks.
        print(_("Text does not show properly: {problems}.").format(problems=", ".join(failing)))
        return False
    scripts = ", ".join(_(script) for script in SAMPLES)
    # Translators: said by intake-app --self-test; {scripts} lists the scripts checked.
    shown = _("Text shows and shapes: {scripts}; Arabic typed into the window appears.")
    print(shown.format(scripts=scripts))
    return True


if __name__ == "__main__":
    sys.exit(main())
