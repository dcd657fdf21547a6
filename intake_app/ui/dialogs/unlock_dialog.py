"""Unlock: user name and passphrase; the slow key derivation runs off the GUI thread.

Enter unlocks (from either field); Escape or closing the window asks before quitting, as the
reports stay locked and the app ends.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session, unlock
from intake_app.app.unlocking import unlock_wait
from intake_app.services.backups import finish_interrupted_restore
from intake_app.support import i18n
from intake_app.support.i18n import _
from intake_app.ui.background import run_in_background
from intake_app.ui.language import LanguageChooser

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class UnlockDialog(QDialog):
    language_chosen = Signal(str)  # a language code: the app opens this window again in it

    def __init__(
        self,
        data_dir: Path,
        centre_hint: str = "",
        parent: QWidget | None = None,
        user_name: str = "",
    ) -> None:
        """``user_name``: filled in after a lock, so only the passphrase is asked for."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.session: Session | None = None
        self._asked = False
        title = _("Unlock the reports")
        self.setWindowTitle(title)
        heading = QLabel(
            f"<h2>{html.escape(title)}</h2>" + (f"<p>{centre_hint}</p>" if centre_hint else "")
        )
        self.user_name = QLineEdit(user_name)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_passphrase = QCheckBox(_("S&how the passphrase as I type"))
        self.show_passphrase.toggled.connect(
            lambda shown: self.passphrase.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        self.language = LanguageChooser()
        self.language.activated.connect(self._language_activated)
        form = QFormLayout()
        # Translators: the label of the list of languages; & marks the Alt key.
        form.addRow(_("&Language"), self.language)
        form.addRow(_("User &name"), self.user_name)
        form.addRow(_("&Passphrase"), self.passphrase)
        form.addRow("", self.show_passphrase)
        # Translators: Caps Lock is the keyboard key; use its name on keyboards in your language.
        self.caps_lock = QLabel(_("⚠ Caps Lock seems to be on."))
        self.caps_lock.hide()
        self.passphrase.installEventFilter(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Unlocking"))
        self.busy.hide()
        self.buttons = QDialogButtonBox()
        # Translators: buttons; & marks the letter that presses each with Alt.
        self.unlock_button = QPushButton(_("&Unlock"))
        self.quit_button = QPushButton(_("&Quit"))
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.unlock_button, self.quit_button):
            button.setAutoDefault(False)  # Enter is handled below, whatever has the focus
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._start)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.caps_lock)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        (self.passphrase if user_name else self.user_name).setFocus()

    def _language_activated(self, _index: int) -> None:
        if self.unlock_button.isEnabled() and self.language.chosen() != i18n.current().code:
            self.language_chosen.emit(self.language.chosen())

    def focus_language(self) -> None:
        self.language.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            if self.quit_button.hasFocus():
                self.reject()
            elif self.user_name.hasFocus() and not self.passphrase.text():
                self.passphrase.setFocus()
            else:
                self._start()
            return
        super().keyPressEvent(event)  # Escape goes to reject(), which asks

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Guess Caps Lock from the letters typed: capitals without Shift, or small with it."""
        if watched is self.passphrase and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.caps_lock.setVisible(text.isupper() != shift)
        return False

    def reject(self) -> None:
        """Escape, Quit or closing the window: quitting ends the app, so ask first."""
        if self._asked or self.session is not None:
            super().reject()
            return
        answer = QMessageBox.question(
            self,
            _("Quit Intake?"),
            _("Quit Intake? The reports stay locked and safe."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.quit_without_asking()

    def quit_without_asking(self) -> None:
        self._asked = True
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not event.spontaneous():  # closed by the app itself, not by the person
            self._asked = True
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def _start(self) -> None:
        if not self.unlock_button.isEnabled():
            return  # already unlocking
        name, passphrase = self.user_name.text(), self.passphrase.text()
        if not name.strip() or not passphrase:
            self._failed(_("Enter your user name and passphrase."))
            if not name.strip():
                self.user_name.setFocus()
            return
        wait, waiting = unlock_wait(self.data_dir)
        if wait > 0:
            self.message.setText(waiting)
        else:
            self.message.setText(_("Unlocking…"))
        self.busy.show()
        self.unlock_button.setEnabled(False)
        run_in_background(
            lambda: _open(self.data_dir, name, passphrase), self._unlocked, self._failed
        )

    def _unlocked(self, session: Session) -> None:
        self.session = session
        self.passphrase.clear()
        self.accept()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.unlock_button.setEnabled(True)
        self.message.setText(f"⚠ {message}")
        self.passphrase.selectAll()
        self.passphrase.setFocus()


def _open(data_dir: Path, name: str, passphrase: str) -> Session:
    """Unlock, after putting right a restore another program left unfinished (in the
    background, like the unlock itself)."""
    finish_interrupted_restore(data_dir)
    return unlock(data_dir, name, passphrase)
