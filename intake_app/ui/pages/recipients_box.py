"""On the Send to the police page: recipients besides the police (a council's anti-social
behaviour team, a housing provider, a school, a support service). A coordinator registers one
from its profile once the fingerprint it read out is typed in, writes each one's own batch (or
writes one of them again, as for the force), and imports its receipts; the app tells which
recipient a receipt is from by its key. Writing and receipts go as the force's do
(``batch_flow``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.force_profile import KIND_LABELS
from intake_app.exchange.force_profile_format import MAX_PROFILE_BYTES
from intake_app.services.export import BatchResult
from intake_app.services.receipt_import import ReceiptCounts
from intake_app.services.recipients import Recipient
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import one_line, read_file
from intake_app.ui.models.batches_model import BatchesModel
from intake_app.ui.pages.batch_flow import BatchFlow, choose_folder, choose_receipt, receipt_line
from intake_app.ui.widgets.layout_helpers import in_documents
from intake_app.ui.widgets.row_table import RowTable

Asker = Callable[[str], str | None]  # the recipient's name → the fingerprint typed, or None


class RecipientsBox(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.listing = QListWidget()
        self.listing.setAccessibleName(_("Other recipients"))
        add = QPushButton(_("Register a re&cipient…"))
        add.clicked.connect(self._choose_profile)
        remove = QPushButton(_("Re&move the chosen recipient"))
        remove.clicked.connect(self.remove_chosen)
        write = QPushButton(_("Write the ch&osen recipient's batch…"))
        write.clicked.connect(self._choose_folder)
        receipt = QPushButton(_("Import a recipient's receip&t…"))
        receipt.clicked.connect(self._choose_receipt)
        buttons = QHBoxLayout()
        for button in (add, remove, write, receipt):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.flow = BatchFlow(self, self.message)
        self.batches = BatchesModel(
            _RecipientBatches(session, ""), session.settings, to_force=False
        )
        # Translators: the name of the table of batches written for the recipient chosen above.
        self.batch_table = RowTable(_("The chosen recipient's batches"), self.batches)
        # Translators: a button under the chosen recipient's batches; & marks the Alt key.
        rewrite = QPushButton(_("Writ&e the recipient's chosen batch again…"))
        rewrite.clicked.connect(self._rewrite)
        again = QHBoxLayout()
        again.addWidget(rewrite)
        again.addStretch(1)
        self.listing.currentRowChanged.connect(lambda _row: self._show_batches())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        heading = html.escape(_("Other recipients"), quote=False)
        column.addWidget(QLabel(f"<b>{heading}</b>"))
        column.addWidget(
            QLabel(
                _(
                    "A council's team, a housing provider, a school or a support service gets "
                    "only the reports the person agreed it may have, in batches of its own."
                )
            )
        )
        column.addWidget(self.listing)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.batch_table)
        column.addLayout(again)
        self.recipients: list[Recipient] = []
        self.refresh()

    def refresh(self) -> None:
        self.recipients = self.session.recipients.all()
        self.listing.clear()
        for recipient in self.recipients:
            # Translators: {name} is a recipient's name, {kind} what it is (Council, School…),
            # {fingerprint} its key's fingerprint, a code.
            text = _("{name} ({kind}), fingerprint {fingerprint}").format(
                name=recipient.name,
                kind=_(KIND_LABELS[recipient.kind]),
                fingerprint=recipient.fingerprint,
            )
            self.listing.addItem(QListWidgetItem(text))
        if not self.recipients:
            self.listing.addItem(QListWidgetItem(_("None registered yet.")))
        self._show_batches()

    def _show_batches(self) -> None:
        """The batches written for the recipient chosen in the list (none if none is)."""
        row = self.listing.currentRow()
        code = self.recipients[row].code if 0 <= row < len(self.recipients) else ""
        self.batches.exports = _RecipientBatches(self.session, code)
        self.batches.refresh()

    def chosen(self) -> Recipient | None:
        row = self.listing.currentRow()
        if 0 <= row < len(self.recipients):
            return self.recipients[row]
        self.message.setText(_("Choose a recipient in the list first."))
        return None

    # --- registering ----------------------------------------------------------------------------

    def _choose_profile(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("The recipient's profile"),
            in_documents(),
            # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
            _("Profile (*.json)"),
        )
        if path:
            self.register_file(Path(path), self._ask_fingerprint)

    def _ask_fingerprint(self, name: str) -> str | None:
        typed, ok = QInputDialog.getText(
            self,
            _("Check the fingerprint"),
            # Translators: {name} is a recipient's name.
            _("Type the fingerprint {name} gave you by phone or letter:").format(name=name),
        )
        return typed if ok else None

    def register_file(self, path: Path, ask: Asker) -> None:
        try:
            # Translators: the subject of a sentence such as "… cannot be read".
            raw = read_file(path, MAX_PROFILE_BYTES, _("The profile"))
            profile = self.session.exports.read_profile(raw)
            typed = ask(profile.force_name)
            if typed is None:
                self.message.setText(_("The recipient was not registered."))
                return
            recipient = self.session.recipients.add(raw, typed)
        except IntakeError as exc:
            self.message.setText(f"⚠ {one_line(str(exc))}")
            return
        # Translators: {name} is a recipient's name, {code} its short code.
        self.message.setText(
            _("Registered {name} ({code}).").format(name=recipient.name, code=recipient.code)
        )
        self.refresh()

    def remove_chosen(self) -> None:
        recipient = self.chosen()
        if recipient is None:
            return
        try:
            self.session.recipients.remove(recipient.code)
        except IntakeError as exc:
            self.message.setText(f"⚠ {one_line(str(exc))}")
            return
        # Translators: {code} is a recipient's short code.
        self.message.setText(
            _("Removed {code}: no more batches go to it.").format(code=recipient.code)
        )
        self.refresh()

    # --- batches and receipts -------------------------------------------------------------------

    def _choose_folder(self) -> None:
        recipient = self.chosen()
        if recipient is None:
            return
        folder = choose_folder(self)
        if folder:
            self.export_to(recipient, folder)

    def export_to(self, recipient: Recipient, folder: Path) -> None:
        batches = self.session.recipient_batches

        def write(into: Path) -> BatchResult:
            return batches.export(recipient.code, into)

        self.flow.write(folder, write, to_force=False, then=self._show_batches)

    def _rewrite(self) -> None:
        recipient = self.chosen()
        if recipient is None:
            return
        row = self.batch_table.selected_row()
        if row is None:
            self.message.setText(_("Choose a batch in the list first."))
            return
        batches = self.session.recipient_batches

        def rewrite(sequence: int, folder: Path) -> BatchResult:
            return batches.rewrite(recipient.code, sequence, folder)

        self.flow.rewrite(self.batches.sequence_at(row), rewrite)

    def _choose_receipt(self) -> None:
        path = choose_receipt(self, _("A recipient's receipt"))
        if path:
            self.import_receipt_file(path)

    def import_receipt_file(self, path: Path) -> None:
        def imported(found: tuple[Recipient, ReceiptCounts]) -> None:
            recipient, counts = found
            self.message.setText(receipt_line(counts, recipient.name))
            self._show_batches()

        self.flow.import_receipt(path, self.session.recipient_batches.import_receipt, imported)


class _RecipientBatches:
    """One recipient's batches, as the batches table reads them."""

    def __init__(self, session: Session, code: str) -> None:
        self.batches_of, self.code = session.recipient_batches.batches, code

    def batches(self) -> list[tuple[int, str, int, str | None, int]]:
        return self.batches_of(self.code) if self.code else []
