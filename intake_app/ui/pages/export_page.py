"""Export, for coordinators: what goes to the police and why, writing the batch, receipts."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.exchange.force_profile_format import MAX_PROFILE_BYTES
from intake_app.exchange.plan import Planned
from intake_app.services.export import BatchResult
from intake_app.services.receipt_import import ReceiptCounts
from intake_app.services.report_notices import Notice
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import one_line, read_file
from intake_app.ui.background import TaskControl, run_in_background, start_task
from intake_app.ui.models.batches_model import BatchesModel, BatchRow
from intake_app.ui.models.export_plan_model import ExportPlanModel
from intake_app.ui.pages.batch_flow import (
    BatchFlow,
    choose_folder,
    choose_receipt,
    receipt_line,
    written_line,
)
from intake_app.ui.pages.case_updates_panel import CaseUpdatesPanel
from intake_app.ui.pages.recipients_box import RecipientsBox
from intake_app.ui.widgets.layout_helpers import in_documents
from intake_app.ui.widgets.row_table import RowTable


class ExportPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.control: TaskControl | None = None
        self.profile_label = QLabel()
        self.profile_label.setWordWrap(True)
        import_profile = QPushButton(_("Import the force's &profile…"))
        import_profile.clicked.connect(self._choose_profile)
        centre_key = QPushButton(_("Save the centre's &key for the force…"))
        centre_key.clicked.connect(self._save_centre_key)
        top = QHBoxLayout()
        top.addWidget(self.profile_label, 1)
        top.addWidget(import_profile)
        top.addWidget(centre_key)
        self.plan = ExportPlanModel(session.exports)
        self.plan_table = RowTable(_("Ready reports and what will go"), self.plan)
        self.notices_label = QLabel()  # corrections and erasures waiting for the next batch
        self.notices_label.setWordWrap(True)
        self.notices: list[Notice] = []
        self.write_button = QPushButton(_("&Write the batch…"))
        self.write_button.clicked.connect(self._choose_folder)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Writing the batch"))
        self.progress.hide()
        # Translators: a button: stop writing the batch.
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.hide()
        self.cancel.clicked.connect(lambda: self.control.cancel() if self.control else None)
        write_row = QHBoxLayout()
        write_row.addWidget(self.write_button)
        write_row.addWidget(self.progress, 1)
        write_row.addWidget(self.cancel)
        self.batches = BatchesModel(session.exports, session.settings)
        self.batch_table = RowTable(_("Batches sent"), self.batches)
        receipt = QPushButton(_("Import a &receipt…"))
        receipt.clicked.connect(self._choose_receipt)
        rewrite = QPushButton(_("Write the chosen batch &again…"))
        rewrite.clicked.connect(self._rewrite)
        batch_row = QHBoxLayout()
        batch_row.addWidget(receipt)
        batch_row.addWidget(rewrite)
        batch_row.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.flow = BatchFlow(self, self.message)
        self.busy_label = QLabel()
        self.has_profile = False
        column = QVBoxLayout(self)
        heading = html.escape(_("Send reports to the police"), quote=False)
        column.addWidget(QLabel(f"<h2>{heading}</h2>"))
        column.addLayout(top)
        column.addWidget(self.message)  # near the buttons whose results it reports
        column.addWidget(
            QLabel(
                _(
                    "Ready reports. Only what the person agreed to goes; nothing counts as sent "
                    "until the force's receipt is imported."
                )
            )
        )
        column.addWidget(self.busy_label)
        column.addWidget(self.plan_table, 2)
        column.addWidget(self.notices_label)
        column.addLayout(write_row)
        batches_heading = html.escape(_("Batches"), quote=False)
        column.addWidget(QLabel(f"<b>{batches_heading}</b>"))
        column.addWidget(self.batch_table, 1)
        column.addLayout(batch_row)
        self.case_updates = CaseUpdatesPanel(session)
        column.addWidget(self.case_updates)
        self.recipients_box = RecipientsBox(session)
        column.addWidget(self.recipients_box)
        self.refresh()

    refreshed = Signal()  # the plan and the batches, read again, are on screen

    def refresh(self) -> None:
        """Read the force profile, the plan and the batches off the GUI thread, then show them."""
        exports, read_batches = self.session.exports, self.batches.reader()
        self.write_button.setEnabled(False)
        self.busy_label.setText(_("Reading the ready reports…"))
        run_in_background(
            lambda: (
                exports.profile(),
                self.plan.fetch(),
                read_batches(),
                exports.waiting_notices(),
            ),
            self._show,
            lambda message: self.busy_label.setText(f"⚠ {message}"),
        )

    def _show(self, found: tuple[Any, list[Planned], list[BatchRow], list[Notice]]) -> None:
        profile, plan, batches, self.notices = found
        self.busy_label.setText("")
        if profile:
            # Translators: {force} is the name of a police force (shown in bold); {fingerprint}
            # is its key's fingerprint, a code.
            going = _("Reports go to {force} (fingerprint {fingerprint}).")
            going = html.escape(going, quote=False).format(
                force=f"<b>{profile.force_name}</b>", fingerprint=profile.fingerprint
            )
        else:
            going = "⚠ " + _("No force profile yet: import the one your force gave you.")
        self.profile_label.setText(going)
        self.plan.apply(plan)
        self.notices_label.setText(_waiting_line(self.notices))
        self.notices_label.setVisible(bool(self.notices))
        self.has_profile = profile is not None
        self.write_button.setEnabled(
            profile is not None
            and (self.plan.any_goes() or bool(self.notices))
            and self.control is None
        )
        self.batches.apply(batches)
        self.refreshed.emit()

    # --- profile and key ------------------------------------------------------------------------

    def _choose_profile(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("The force's profile"),
            in_documents(),
            # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
            _("Force profile (*.json)"),
        )
        if path:
            self.import_profile_file(Path(path), self._confirm_fingerprint)

    def _confirm_fingerprint(self, name: str, fingerprint: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Check the fingerprint"),
            # Translators: {force} is the name of a police force; {fingerprint} is its key's
            # fingerprint, a code. Keep the blank lines (\n\n).
            _(
                "Profile of {force}.\n\nFingerprint: {fingerprint}\n\nImport it only if this is "
                "exactly the fingerprint the force gave you by phone or letter."
            ).format(force=name, fingerprint=fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter does not accept an unchecked key
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_profile_file(self, path: Path, confirm: object) -> None:
        try:
            # Translators: the subject of a sentence such as "… cannot be read".
            raw = read_file(path, MAX_PROFILE_BYTES, _("The force profile"))
            profile = self.session.exports.read_profile(raw)
            if not callable(confirm) or not confirm(profile.force_name, profile.fingerprint):
                self.message.setText(_("The profile was not imported."))
                return
            self.session.exports.import_profile(raw)
        except IntakeError as exc:
            self.message.setText(f"⚠ {one_line(str(exc))}")
            return
        self.message.setText(_("Profile imported."))
        self.refresh()

    def _save_centre_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("The centre's public key"),
            in_documents(f"{self.session.centre.code}.pub"),
            # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
            _("Key (*.pub)"),
        )
        if path:
            atomic_write(Path(path), self.session.exports.centre_public_key().encode("ascii"))
            self.message.setText(
                # Translators: {code} is the centre's code, a few letters and digits.
                _("Key saved. Give it to the force with the centre code {code}.").format(
                    code=self.session.centre.code
                )
            )

    # --- batches ----------------------------------------------------------------------------------

    def _choose_folder(self) -> None:
        folder = choose_folder(self)
        if folder:
            self.export_to(folder)

    def export_to(self, folder: Path) -> None:
        self.write_button.setEnabled(False)
        self.progress.show()
        self.cancel.show()
        self.message.setText(_("Writing the batch…"))

        def work(control: TaskControl) -> BatchResult:
            return self.session.exports.export(
                folder, progress=control.report, cancelled=lambda: control.cancelled
            )

        def finished(result: BatchResult) -> None:
            self._done()
            self.message.setText(written_line(result, to_force=True))

        def progressed(done: int, total: int) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

        self.control = start_task(
            work,
            finished,
            self._failed,
            progressed,
            lambda: self._failed(_("Stopped. Nothing was marked as sent.")),
        )

    def _done(self) -> None:
        self.progress.hide()
        self.cancel.hide()
        self.control = None
        self.refresh()

    def _failed(self, message: str) -> None:
        self._done()
        self.message.setText(f"⚠ {message}")

    def _choose_receipt(self) -> None:
        if not self.has_profile:
            self.message.setText(
                "⚠ "
                + _("Import the force's profile first: a receipt is checked with the force's key.")
            )
            return
        path = choose_receipt(self, _("The force's receipt"))
        if path:
            self.import_receipt_file(path)

    def import_receipt_file(self, path: Path) -> None:
        def imported(counts: ReceiptCounts) -> None:
            self.message.setText(receipt_line(counts))
            self.refresh()

        self.flow.import_receipt(path, self.session.exports.import_receipt, imported)

    def _rewrite(self) -> None:
        row = self.batch_table.selected_row()
        if self.batches.rowCount() == 0:
            self.message.setText(_("No batch has been written yet."))
            return
        if row is None:
            self.message.setText(_("Choose a batch in the list first."))
            return
        self.flow.rewrite(self.batches.sequence_at(row), self.session.exports.rewrite)


def _waiting_line(notices: list[Notice]) -> str:
    """What the next batch takes the force besides the reports: ``Also going: …``."""
    if not notices:
        return ""
    amendments = sum(1 for n in notices if n.kind == "amendment")
    # Translators: {amendments} and {erasures} are numbers: corrected reports the police already
    # have, and withdrawn ones whose copy the force is asked to erase.
    return _(
        "Also going with the next batch, for reports the police already have: corrections "
        "{amendments}, erasures {erasures}."
    ).format(amendments=amendments, erasures=len(notices) - amendments)
