"""A new passphrase typed twice, with plain feedback on its strength as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from intake_app.domain.passphrase_policy import weakness
from intake_app.support.i18n import _


def secret_field(accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    return edit


class NewPassphrase(QWidget):
    changed = Signal()

    def __init__(self, context: Callable[[], tuple[str, str]] = lambda: ("", "")) -> None:
        """``context`` gives (user name, centre name), which a passphrase must not contain."""
        super().__init__()
        self.context = context
        self.first = secret_field(_("New passphrase"))
        self.second = secret_field(_("Type the new passphrase again"))
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        # Room for the longest advice from the start, so the dialog need not grow (and cut it
        # off) when a short passphrase brings two lines of it.
        self.feedback.setMinimumHeight(self.feedback.fontMetrics().lineSpacing() * 3)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("New &passphrase"), self.first)
        # Translators: a label: type the passphrase a second time.
        form.addRow(_("Type it &again"), self.second)
        form.addRow(self.feedback)
        for edit in (self.first, self.second):
            edit.textChanged.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        user, centre = self.context()
        reason = weakness(self.first.text(), user_name=user, centre=centre)
        if reason:
            return reason
        if self.first.text() != self.second.text():
            return _("The two passphrases are not the same yet.")
        return None

    def _update(self) -> None:
        problem = self.problem()
        if not self.first.text():
            self.feedback.setText(_("Three or four unrelated words make a strong passphrase."))
        else:
            self.feedback.setText(
                f"✗ {problem}" if problem else _("✓ Strong enough, and both the same.")
            )
        self.changed.emit()

    def value(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
