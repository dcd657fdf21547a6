"""Unlock: user name and passphrase; the slow key derivation runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from intake_app.session import Session, unlock
from intake_app.storage.throttle import Throttle
from intake_app.ui.background import run_in_background


class UnlockDialog(QDialog):
    def __init__(
        self, data_dir: Path, centre_hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.session: Session | None = None
        self.setWindowTitle("Unlock the reports")
        heading = QLabel(
            "<h2>Unlock the reports</h2>" + (f"<p>{centre_hint}</p>" if centre_hint else "")
        )
        self.user_name = QLineEdit()
        self.user_name.setAccessibleName("User name")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        form = QFormLayout()
        form.addRow("&User name", self.user_name)
        form.addRow("&Passphrase", self.passphrase)
        self.caps_lock = QLabel("⚠ Caps Lock seems to be on.")
        self.caps_lock.setAccessibleName("Caps Lock warning")
        self.caps_lock.hide()
        self.passphrase.installEventFilter(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Unlocking")
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.addButton(
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.buttons.accepted.connect(self._start)
        self.user_name.returnPressed.connect(self.passphrase.setFocus)
        self.passphrase.returnPressed.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.caps_lock)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Guess Caps Lock from the letters typed: capitals without Shift, or small with it."""
        if watched is self.passphrase and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.caps_lock.setVisible(text.isupper() != shift)
        return False

    def _start(self) -> None:
        if not self.unlock_button.isEnabled():
            return  # already unlocking (Return and the default button can both arrive)
        name, passphrase = self.user_name.text(), self.passphrase.text()
        if not name.strip() or not passphrase:
            self._failed("Enter your user name and passphrase.")
            return
        wait = Throttle(self.data_dir).wait_seconds()
        if wait > 0:
            self.message.setText(
                f"After several wrong attempts, waiting {wait:.0f} seconds before trying…"
            )
        else:
            self.message.setText("Unlocking…")
        self.busy.show()
        self.unlock_button.setEnabled(False)
        run_in_background(
            lambda: unlock(self.data_dir, name, passphrase), self._unlocked, self._failed
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
