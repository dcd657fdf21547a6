"""The setup wizard's last page: the recovery key, shown once, printed or saved, and one of its
groups typed back to show it was taken down."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWizardPage

from intake_app.support.i18n import _
from intake_app.ui.dialogs.recovery_sheet_printing import key_label, print_sheet, save_pdf, show_key
from intake_app.ui.dialogs.wizard_layout import StackedForm, intro

if TYPE_CHECKING:
    from intake_app.ui.dialogs.setup_wizard import CoordinatorPage


class RecoveryPage(QWizardPage):
    def __init__(self, coordinator: CoordinatorPage) -> None:
        super().__init__()
        self.coordinator = coordinator
        self.group_number = secrets.randbelow(6) + 1
        self.setTitle(_("Your recovery key"))
        self.intro = intro(
            _(
                "If every coordinator forgets their passphrase, this key is the only way back in. "
                "It is shown once. Write it down or print it and keep it locked away."
            )
        )
        self.key_label = key_label(self.font().pointSizeF())
        self.confirm = QLineEdit()
        # Translators: {number} is 1 to 6: which group of five characters of the key to type.
        self.confirm.setAccessibleName(
            _("Group {number} of the recovery key").format(number=self.group_number)
        )
        self.confirm.setMaxLength(5)
        self.confirm.textChanged.connect(self._confirm_changed)
        self.confirm_note = QLabel()
        self.confirm_note.setWordWrap(True)
        self.print_button = QPushButton(_("&Print the recovery sheet…"))
        self.save_button = QPushButton(_("&Save it as a PDF to print…"))
        self.print_button.clicked.connect(
            lambda: print_sheet(self, self._centre(), self.coordinator.recovery)
        )
        self.save_button.clicked.connect(self._save)
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        caption = QLabel(_("The recovery key (six groups of five letters and digits):"))
        caption.setBuddy(self.key_label)
        layout.addWidget(caption)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.saved_note)
        form = StackedForm()
        # Translators: {number} is 1 to 6: which group of five characters of the key to type.
        check = _("To check you have it, type &group {number}:")
        form.addRow(check.format(number=self.group_number), self.confirm)
        form.addRow("", self.confirm_note)
        layout.addLayout(form)
        layout.addStretch(1)

    def _centre(self) -> str:
        return str(self.field("centre_name") or "")

    def _save(self) -> None:
        path = save_pdf(self, self._centre(), self.coordinator.recovery)
        if path:
            self.saved_note.setText(
                _(
                    "Saved. Print it, keep the paper locked away, and delete the file: anyone who "
                    "finds the file and a copy of the data can read the reports."
                )
            )

    def initializePage(self) -> None:
        # Read out one character at a time, so each letter and digit can be written down.
        show_key(self.key_label, self.coordinator.recovery)
        self.confirm.setFocus()  # typing goes straight in; the key is one Shift+Tab back
        self.confirm.setAccessibleDescription(
            _("The key is shown above; Shift+Tab reads it, a character at a time.")
        )

    def _confirm_changed(self, typed: str) -> None:
        typed = typed.strip()
        if len(typed) < 5:
            self.confirm_note.setText("")
        elif self.isComplete():
            # Translators: "Finish" is the wizard's last button; use its name in your language.
            self.confirm_note.setText(_("✓ That is right. Press Finish to start."))
        else:
            # Translators: {number} is 1 to 6. "0 is a digit, O a letter": zero and the capital
            # letter O look alike on the key; keep the two characters as they are.
            wrong = _(
                "✗ That is not group {number}. Count the groups from the left and check each "
                "character (0 is a digit, O a letter)."
            )
            self.confirm_note.setText(wrong.format(number=self.group_number))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        groups = self.coordinator.recovery.split("-")
        if len(groups) < self.group_number:
            return False
        return self.confirm.text().strip().upper() == groups[self.group_number - 1]
