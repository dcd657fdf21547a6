"""On the Send to the police page: recipients besides the police (a council's anti-social
behaviour team, a housing provider, a school, a support service). A coordinator registers one
from its profile once the fingerprint it read out is typed in, writes each one's own batch, and
imports its receipts; the app tells which recipient a receipt is from by its key."""

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
from intake_app.exchange.receipts import MAX_RECEIPT_BYTES
from intake_app.services.export import BatchResult
from intake_app.services.receipt_import import ReceiptCounts
from intake_app.services.recipients import Recipient
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import one_line, read_file
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.layout_helpers import in_documents

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
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to write the batch (a USB stick or shared folder)"), in_documents()
        )
        if folder:
            self.export_to(recipient, Path(folder))

    def export_to(self, recipient: Recipient, folder: Path) -> None:
        batches = self.session.recipient_batches

        def written(result: BatchResult) -> None:
            self.message.setText(
                # Translators: {number} is the batch's number; {file} its file name; {count}
                # the number of reports in it.
                ngettext(
                    "Batch {number} written to {file}: {count} report.",
                    "Batch {number} written to {file}: {count} reports.",
                    result.report_count,
                ).format(number=result.sequence, file=result.path.name, count=result.report_count)
            )

        self.message.setText(_("Writing the batch…"))
        run_in_background(
            lambda: batches.export(recipient.code, folder),
            written,
            lambda message: self.message.setText(f"⚠ {message}"),
        )

    def _choose_receipt(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("A recipient's receipt"),
            in_documents(),
            # Translators: a file type in a file dialog; keep the patterns in brackets as they are.
            _("Receipt (*.receipt *.json)"),
        )
        if path:
            self.import_receipt_file(Path(path))

    def import_receipt_file(self, path: Path) -> None:
        try:
            raw = read_file(path, MAX_RECEIPT_BYTES, _("The receipt"))
        except IntakeError as exc:
            self.message.setText(f"⚠ {one_line(str(exc))}")
            return
        batches = self.session.recipient_batches

        def imported(found: tuple[Recipient, ReceiptCounts]) -> None:
            recipient, counts = found
            self.message.setText(
                # Translators: {name} is a recipient's name; {count} reports it acknowledged.
                ngettext(
                    "Receipt from {name} imported: {count} report acknowledged.",
                    "Receipt from {name} imported: {count} reports acknowledged.",
                    counts.accepted,
                ).format(name=recipient.name, count=counts.accepted)
            )

        self.message.setText(_("Checking the receipt…"))
        run_in_background(
            lambda: batches.import_receipt(raw),
            imported,
            lambda message: self.message.setText(f"⚠ {message}"),
        )
