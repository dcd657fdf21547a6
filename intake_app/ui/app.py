"""Start the desktop app: set up a store the first time, otherwise unlock, then the main window."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QLocale, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from intake_app.app.session import Session
from intake_app.app.unlocking import engine_versions
from intake_app.services.backups import finish_interrupted_restore
from intake_app.support import diagnostics, i18n
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.language_preference import machine_language, save_machine_language
from intake_app.support.paths import SLOTS_NAME, resolve_data_dir
from intake_app.support.process_hygiene import harden_process
from intake_app.support.resources import resources_dir
from intake_app.ui.dialogs.setup_wizard import SetupWizard
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog
from intake_app.ui.inactivity import DEFAULT_MINUTES, InactivityLock
from intake_app.ui.language import apply_language
from intake_app.ui.lock_state import Resume
from intake_app.ui.main_window import MainWindow
from intake_app.ui.screen_lock import ScreenLockWatcher
from intake_app.ui.text_rendering import SAMPLES, arabic_appears_in, unshown_scripts
from intake_app.ui.widgets.focus_style import show_focus


class IntakeApp:
    def __init__(
        self,
        data_dir: os.PathLike[str] | str | None = None,
        lock_after_ms: int = DEFAULT_MINUTES * 60_000,
        language: str | None = None,
    ) -> None:
        """``language``: speak this one before sign-in, whatever was chosen on this computer
        (``--lang``); otherwise the one last chosen here, or else the computer's own."""
        self.data_dir = resolve_data_dir(data_dir)
        apply_language(
            language
            or machine_language(self.data_dir)
            or i18n.language(QLocale.system().name()).code
        )
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
            self._show_wizard()
        else:
            self._show_unlock("", lambda: self._opened(self.unlock_dialog.session), self._cancelled)
        return True

    def _show_wizard(self) -> None:
        self.wizard = SetupWizard(self.data_dir)
        self.wizard.accepted.connect(lambda: self._opened(self.wizard.session))
        self.wizard.rejected.connect(self._cancelled)
        self.wizard.language_chosen.connect(self._wizard_language)
        self.wizard.show()

    def _wizard_language(self, code: str) -> None:
        """A language chosen on the wizard's first page, before anything else is typed: the
        wizard starts again in it, with what was typed on that page."""
        old = self.wizard
        typed = old.centre_page.typed()
        self._speak_before_sign_in(code)
        _let_go(old)
        self._show_wizard()
        self.wizard.centre_page.restore(typed)
        self.wizard.centre_page.focus_language()

    def _show_unlock(
        self, user_name: str, on_unlocked: Callable[[], None], on_quit: Callable[[], None]
    ) -> None:
        dialog = UnlockDialog(self.data_dir, user_name=user_name)
        self.unlock_dialog = dialog
        dialog.accepted.connect(on_unlocked)
        dialog.rejected.connect(on_quit)
        dialog.language_chosen.connect(
            lambda code: self._unlock_language(dialog, code, on_unlocked, on_quit)
        )
        dialog.show()

    def _unlock_language(
        self,
        old: UnlockDialog,
        code: str,
        on_unlocked: Callable[[], None],
        on_quit: Callable[[], None],
    ) -> None:
        """A language chosen in the unlock window: it opens again in that language, with the
        user name kept (a passphrase is typed again: it is never kept)."""
        name = old.user_name.text()
        self._speak_before_sign_in(code)
        _let_go(old)
        self._show_unlock(name, on_unlocked, on_quit)
        self.unlock_dialog.focus_language()

    def _speak_before_sign_in(self, code: str) -> None:
        apply_language(code)
        save_machine_language(self.data_dir, code)

    def _cancelled(self) -> None:
        wizard = getattr(self, "wizard", None)
        if wizard is not None and wizard.session is not None:
            wizard.session.close()  # set up, but the recovery key was not confirmed: still a store
        QApplication.quit()

    def _opened(self, session: Session | None) -> None:
        if session is None:
            return
        self._speak_as(session)
        self._show_window(session)
        self.inactivity.set_timeout(session.settings.auto_lock_minutes * 60_000)
        self.inactivity.arm()

    @staticmethod
    def _speak_as(session: Session) -> bool:
        """Speak the language this user chose, if they chose one. Returns whether it changed."""
        own = session.preferences.language
        if own is None or own == i18n.current().code:
            return False
        apply_language(own)
        return True

    def _show_window(self, session: Session, resume: Resume | None = None) -> None:
        self.window = MainWindow(session, self.relock, resume)
        self.window.on_auto_lock_changed = lambda minutes: self.inactivity.set_timeout(
            minutes * 60_000
        )
        self.window.on_closed = QApplication.quit
        self.window.on_language_chosen = self.switch_language
        self.window.show()

    def switch_language(self, code: str) -> None:
        """Speak another language now, for the user signed in: kept in the store for them (and
        beside it, for the next unlock window); the window is made again in it, back where
        they were, with what they typed."""
        window = self.window
        if window is None or window.session is None or code == i18n.current().code:
            return
        with contextlib.suppress(IntakeError):  # a store that cannot be written: the language
            window.session.preferences.set_language(code)  # still changes, until quitting
        save_machine_language(self.data_dir, code)
        geometry, maximised = window.saveGeometry(), window.isMaximized()
        handed = window.hand_over()
        if handed is None:
            return
        session, resume = handed
        window.deleteLater()
        apply_language(code)
        self._show_window(session, resume)
        assert self.window is not None
        self.window.restoreGeometry(geometry)
        if maximised:
            self.window.showMaximized()

    def relock(self) -> None:
        """Called once the window has locked: ask for a passphrase again (or quit on cancel).
        The same user's name is filled in; anyone else can type theirs over it."""
        self.inactivity.disarm()
        name = self.window.last_user_name if self.window is not None else ""
        self._show_unlock(name, self._unlocked_again, QApplication.quit)

    def _unlocked_again(self) -> None:
        session = self.unlock_dialog.session
        if session is not None and self.window is not None:
            self._speak_as(session)
            if self.window.language != i18n.current().code:  # the window is made again in it
                old = self.window
                resume, old._resume = old._resume, None
                old.on_closed = None
                old.deleteLater()
                self._show_window(session, resume)
            else:
                self.window.show_session(session)
                self.window.show()
            self.inactivity.set_timeout(session.settings.auto_lock_minutes * 60_000)
            self.inactivity.arm()


def _let_go(window: UnlockDialog | SetupWizard) -> None:
    """A window replaced by one in another language: it says nothing more (its answers would
    quit the app or open the store twice) and goes."""
    for signal in (window.accepted, window.rejected, window.language_chosen):
        signal.disconnect()
    window.hide()
    window.deleteLater()


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
        "--lang",
        metavar="CODE",
        help=_("the language before signing in: {codes}").format(
            codes=", ".join(lang.code for lang in i18n.LANGUAGES)
        ),
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
    app = IntakeApp(args.data_dir, language=args.lang)
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
