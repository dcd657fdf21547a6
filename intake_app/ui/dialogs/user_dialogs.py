"""Dialogs for users: add one, change your passphrase, reset one with the recovery key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.support.i18n import _
from intake_app.ui.background import run_in_background
from intake_app.ui.dialogs.new_recovery_key import show_if_replaced
from intake_app.ui.widgets.passphrase_fields import NewPassphrase, secret_field


class _SlowDialog(QDialog):
    """A dialog whose OK runs a slow call (key derivation) off the GUI thread."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self.column = QVBoxLayout(self)

    def finish_layout(self) -> None:
        self.column.addWidget(self.message)
        self.column.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def ready(self) -> bool:
        return True

    def _refresh(self) -> None:
        self.ok.setEnabled(self.ready())

    def _start(self) -> None:
        if not self.ready():
            return
        self.ok.setEnabled(False)
        self.message.setText(_("Working…"))
        run_in_background(self.work(), self._done, self._failed)

    def _done(self, _result: object) -> None:
        session: Session | None = getattr(self, "session", None)
        parent = self.parentWidget()
        self.accept()
        if session is not None:
            show_if_replaced(parent, session)

    def _failed(self, message: str) -> None:
        self.message.setText(f"⚠ {message}")
        self._refresh()


class AddUserDialog(_SlowDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a user"), parent)
        self.session = session
        self.name = QLineEdit()
        self.name.setAccessibleName(_("User name"))
        self.role = QComboBox()
        # Translators: a user's role at the centre (volunteer or coordinator).
        self.role.setAccessibleName(_("Role"))
        self.role.addItem(_("Volunteer (takes reports)"), "volunteer")
        self.role.addItem(_("Coordinator (also manages users and sends reports)"), "coordinator")
        self.role.addItem(_("Caseworker (follows up the cases assigned to them)"), "caseworker")
        self.passphrase = NewPassphrase(lambda: (self.name.text(), session.centre.name))
        form = QFormLayout()
        form.addRow(_("User &name"), self.name)
        form.addRow(_("&Role"), self.role)
        self.column.addLayout(form)
        self.column.addWidget(QLabel(_("The new user types their own passphrase here, twice:")))
        self.column.addWidget(self.passphrase)
        self.finish_layout()
        self.name.textChanged.connect(self._refresh)
        self.passphrase.changed.connect(self._refresh)
        self._refresh()

    def ready(self) -> bool:
        return bool(self.name.text().strip()) and self.passphrase.problem() is None

    def work(self) -> Callable[[], Any]:
        name, role, secret = self.name.text(), self.role.currentData(), self.passphrase.value()
        return lambda: self.session.users.add(name, role, secret)


class ChangePassphraseDialog(_SlowDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(_("Change your passphrase"), parent)
        self.session = session
        self.current = secret_field(_("Current passphrase"))
        self.passphrase = NewPassphrase(lambda: (session.user.name, session.centre.name))
        form = QFormLayout()
        form.addRow(_("&Current passphrase"), self.current)
        self.column.addLayout(form)
        self.column.addWidget(self.passphrase)
        self.finish_layout()
        self.current.textChanged.connect(self._refresh)
        self.passphrase.changed.connect(self._refresh)
        self._refresh()

    def ready(self) -> bool:
        return bool(self.current.text()) and self.passphrase.problem() is None

    def work(self) -> Callable[[], Any]:
        current, new = self.current.text(), self.passphrase.value()
        return lambda: self.session.users.change_own_passphrase(current, new)


class ResetPassphraseDialog(_SlowDialog):
    """A forgotten passphrase: the recovery key proves the centre's authority to reset it."""

    def __init__(self, session: Session, user_name: str, parent: QWidget | None = None) -> None:
        # Translators: a window's title; {user} is the name of the user whose passphrase is reset.
        super().__init__(_("Reset the passphrase of {user}").format(user=user_name), parent)
        self.session, self.user_name = session, user_name
        centre_name = session.centre.name
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName(_("Recovery key"))
        # Translators: shown in the empty box: the key is six groups of five characters.
        self.recovery.setPlaceholderText(_("six groups of five, as on the recovery sheet"))
        self.passphrase = NewPassphrase(lambda: (user_name, centre_name))
        form = QFormLayout()
        form.addRow(_("&Recovery key"), self.recovery)
        self.column.addLayout(form)
        # Translators: {user} is the name of the user whose passphrase is reset.
        typing = _("{user} types a new passphrase, twice:").format(user=user_name)
        self.column.addWidget(QLabel(typing))
        self.column.addWidget(self.passphrase)
        self.finish_layout()
        self.recovery.textChanged.connect(self._refresh)
        self.passphrase.changed.connect(self._refresh)
        self._refresh()

    def ready(self) -> bool:
        return bool(self.recovery.text().strip()) and self.passphrase.problem() is None

    def work(self) -> Callable[[], Any]:
        key, name, new = self.recovery.text(), self.user_name, self.passphrase.value()
        return lambda: self.session.users.reset_with_recovery_key(name, key, new)
