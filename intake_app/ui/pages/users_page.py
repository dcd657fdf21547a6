"""Users, for coordinators: the list of people who can unlock the store; add a user,
deactivate one, reset a passphrase with the recovery key."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from intake_app.app.session import Session
from intake_app.support.i18n import _
from intake_app.ui.background import run_in_background
from intake_app.ui.dialogs.new_recovery_key import show_if_replaced
from intake_app.ui.dialogs.user_dialogs import AddUserDialog, ResetPassphraseDialog
from intake_app.ui.models.users_model import UsersModel
from intake_app.ui.pages.scrolling_page import scrolling
from intake_app.ui.widgets.row_table import RowTable


class UsersPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = UsersModel(session.users)
        self.table = RowTable(_("Users"), self.model, stretch_columns=True)
        self.add = QPushButton(_("&Add a user…"))
        # Translators: a button: deactivate the user chosen in the list.
        self.deactivate = QPushButton(_("&Deactivate…"))
        self.reset = QPushButton(_("&Reset passphrase with the recovery key…"))
        self.add.clicked.connect(self._add)
        self.deactivate.clicked.connect(self._deactivate)
        self.reset.clicked.connect(self._reset)
        buttons = QHBoxLayout()
        for button in (self.add, self.deactivate, self.reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        column = scrolling(self)
        heading = html.escape(_("Users"), quote=False)
        column.addWidget(QLabel(f"<h2>{heading}</h2>"))
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.message)

    def refresh(self) -> None:
        self.model.refresh()

    def _selected_name(self) -> str | None:
        row = self.table.selected_row()
        if row is None:
            self.message.setText(_("Choose a user in the list first."))
            return None
        return self.model.name_at(row)

    def _is_active(self, name: str) -> bool:
        return any(u.name == name and u.active for u in self.session.users.list())

    def _add(self) -> None:
        dialog = AddUserDialog(self.session, self)
        dialog.accepted.connect(lambda: self._added(dialog.name.text().strip()))
        dialog.open()

    def _added(self, name: str) -> None:
        """The keyboard goes to the person just added, in the list, so a screen reader says who
        was added and Deactivate or Reset act on them."""
        self.refresh()
        self.message.setText(_("User added."))
        row = next(
            (
                i
                for i, user in enumerate(self.model.rows)
                if user.name.casefold() == name.casefold()
            ),
            None,
        )
        if row is not None:
            self.table.selectRow(row)
            self.table.setFocus()

    def _deactivate(self) -> None:
        name = self._selected_name()
        if name is None:
            return
        if not self._is_active(name):
            # Translators: {name} is a user's name.
            self.message.setText(_("{name} is already deactivated.").format(name=name))
            return
        answer = QMessageBox.question(
            self,
            _("Deactivate this user?"),
            # Translators: {name} is a user's name.
            _(
                "{name} will no longer be able to unlock the store. Their reports stay, and any "
                "drafts or reports waiting in their workspace come to the centre. Go ahead?"
            ).format(name=name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.deactivate_user(name)

    def deactivate_user(self, name: str) -> None:
        """Deactivating re-keys the whole store (seconds on a large one): off the GUI thread."""
        self.deactivate.setEnabled(False)
        # Translators: {name} is a user's name.
        deactivating = _("Deactivating {name} and changing the store's key…")
        self.message.setText(deactivating.format(name=name))

        def done(_result: object) -> None:
            self.deactivate.setEnabled(True)
            self.refresh()
            self.message.setText(
                # Translators: {name} is a user's name.
                _(
                    "{name} has been deactivated, and their drafts came to the centre. The store "
                    "now has a new key, so nothing they may have copied opens what it holds now."
                ).format(name=name)
            )
            show_if_replaced(self, self.session)

        def failed(message: str) -> None:
            self.deactivate.setEnabled(True)
            self.message.setText(f"⚠ {message}")

        run_in_background(lambda: self.session.users.deactivate(name), done, failed)

    def _reset(self) -> None:
        name = self._selected_name()
        if name is None:
            return
        dialog = ResetPassphraseDialog(self.session, name, self)
        dialog.accepted.connect(lambda: self._was_reset(name))
        dialog.open()

    def _was_reset(self, name: str) -> None:
        # Translators: {name} is a user's name.
        self.message.setText(_("The passphrase of {name} has been reset.").format(name=name))
