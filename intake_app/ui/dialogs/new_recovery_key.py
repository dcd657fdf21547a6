"""A new recovery key, made when a store set up by an earlier version was re-keyed: shown once,
to be printed or written down, exactly as at setup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.support.i18n import _
from intake_app.ui.dialogs.recovery_sheet_printing import key_label, print_sheet, save_pdf, show_key


class NewRecoveryKeyDialog(QDialog):
    def __init__(self, centre: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("A new recovery key"))
        self.centre, self.key = centre, key
        intro = QLabel(
            _(
                "The store's key has just been changed, and the recovery key printed when this "
                "store was set up no longer works. This is the new one. It is shown once: print "
                "it or write it down, keep it locked away, and destroy the old sheet."
            )
        )
        intro.setWordWrap(True)
        self.key_label = key_label(self.font().pointSizeF())
        show_key(self.key_label, key)
        self.key_label.setAccessibleName(_("The new recovery key"))
        # Translators: buttons; & marks the letter that presses each with Alt.
        print_button = QPushButton(_("&Print the recovery sheet…"))
        save_button = QPushButton(_("&Save it as a PDF to print…"))
        print_button.clicked.connect(lambda: print_sheet(self, self.centre, self.key))
        save_button.clicked.connect(lambda: save_pdf(self, self.centre, self.key))
        row = QHBoxLayout()
        row.addWidget(print_button)
        row.addWidget(save_button)
        row.addStretch(1)
        done = QDialogButtonBox()
        close = done.addButton(
            # Translators: a button that closes the window once the key is printed or written.
            _("I have &kept it safe"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        close.setAutoDefault(False)
        done.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addLayout(row)
        layout.addWidget(done)
        self.key_label.setFocus()


def show_if_replaced(parent: QWidget | None, session: Session) -> None:
    """After a re-key: if a new recovery key was made, show it (once)."""
    key = session.users.new_recovery_key
    if not key:
        return
    session.users.new_recovery_key = None
    dialog = NewRecoveryKeyDialog(session.centre.name, key, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
