"""What the Send to the police page does the same way for the force and for each recipient
besides it: choosing the folder a batch is written to (or written to again) and the receipt to
import, reading the receipt with its size limit, running the slow part off the GUI thread, and
saying how it went, in one message line under the buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from intake_app.domain.report_notice import notices_line
from intake_app.exchange.receipts import MAX_RECEIPT_BYTES
from intake_app.services.export import BatchResult
from intake_app.services.receipt_import import ReceiptCounts
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import one_line, read_file
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.layout_helpers import in_documents

T = TypeVar("T")


def choose_folder(parent: QWidget, title: str = "") -> Path | None:
    """A folder for a batch (a USB stick or shared folder), or None if none was chosen."""
    title = title or _("Where to write the batch (a USB stick or shared folder)")
    folder = QFileDialog.getExistingDirectory(parent, title, in_documents())
    return Path(folder) if folder else None


def choose_receipt(parent: QWidget, title: str) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        title,
        in_documents(),
        # Translators: a file type in a file dialog; keep the patterns in brackets as they are.
        _("Receipt (*.receipt *.json)"),
    )
    return Path(path) if path else None


def written_line(result: BatchResult, *, to_force: bool) -> str:
    """``Batch 3 written to …: 2 reports.`` and, when it carries any, its notices."""
    said = [
        # Translators: {number} is the batch's number; {file} its file name; {count} the number
        # of reports in it.
        ngettext(
            "Batch {number} written to {file}: {count} report.",
            "Batch {number} written to {file}: {count} reports.",
            result.report_count,
        ).format(number=result.sequence, file=result.path.name, count=result.report_count)
    ]
    if to_force:
        said.append(_("They count as sent once the force's receipt is imported."))
    if result.notice_count:
        said.append(notices_line(result.notice_count, to_force=to_force))
    return " ".join(said)


def receipt_line(counts: ReceiptCounts, sender: str | None = None) -> str:
    """What a receipt changed: from the force (``sender`` None) or from the recipient named."""
    if sender is None:
        first = ngettext(
            "Receipt imported: {count} report acknowledged.",
            "Receipt imported: {count} reports acknowledged.",
            counts.accepted,
        ).format(count=counts.accepted)
    else:
        # Translators: {name} is a recipient's name; {count} reports it acknowledged.
        first = ngettext(
            "Receipt from {name} imported: {count} report acknowledged.",
            "Receipt from {name} imported: {count} reports acknowledged.",
            counts.accepted,
        ).format(name=sender, count=counts.accepted)
    said = [first]
    if counts.rejected:
        # Translators: {count} reports the police did not accept; each has its reason.
        said.append(
            ngettext(
                "{count} came back: see their reason in the reports list.",
                "{count} came back: see their reason in the reports list.",
                counts.rejected,
            ).format(count=counts.rejected)
        )
    if counts.confirmed or counts.refused:
        if sender is None:
            # Translators: {confirmed} and {refused} are numbers of corrections and erasures.
            told = _(
                "Corrections and erasures: {confirmed} confirmed, {refused} refused by the force."
            )
        else:
            # Translators: {confirmed} and {refused} are numbers of corrections and erasures
            # sent to a recipient besides the police.
            told = _("Corrections and erasures: {confirmed} confirmed, {refused} refused.")
        said.append(told.format(confirmed=counts.confirmed, refused=counts.refused))
    return " ".join(said)


class BatchFlow:
    """The steps both halves of the page share, saying what happens in ``message``."""

    def __init__(self, parent: QWidget, message: QLabel) -> None:
        self.parent = parent
        self.message = message

    def say(self, text: str) -> None:
        self.message.setText(text)

    def failed(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")

    def import_receipt(
        self, path: Path, importer: Callable[[bytes], T], imported: Callable[[T], None]
    ) -> None:
        """Read the receipt (no more than a receipt's size), then check and apply it off the
        GUI thread; whatever is wrong with it is said, and nothing changes."""
        try:
            # Translators: the subject of a sentence such as "… cannot be read".
            raw = read_file(path, MAX_RECEIPT_BYTES, _("The receipt"))
        except IntakeError as exc:
            self.failed(one_line(str(exc)))
            return
        self.say(_("Checking the receipt…"))
        run_in_background(lambda: importer(raw), imported, self.failed)

    def write(
        self,
        folder: Path,
        writer: Callable[[Path], BatchResult],
        *,
        to_force: bool,
        then: Callable[[], None] = lambda: None,
    ) -> None:
        """Write a batch off the GUI thread (``then``: once it is written, to show it)."""
        self.say(_("Writing the batch…"))

        def written(result: BatchResult) -> None:
            self.say(written_line(result, to_force=to_force))
            then()

        run_in_background(lambda: writer(folder), written, self.failed)

    def rewrite(self, sequence: int, rewriter: Callable[[int, Path], BatchResult]) -> None:
        """Ask where, then write the batch again (the same batch id and contents)."""
        # Translators: {number} is the batch's number.
        where = _("Where to write batch {number} again").format(number=sequence)
        folder = choose_folder(self.parent, where)
        if folder is None:
            return
        # Translators: {number} is the batch's number.
        self.say(_("Writing batch {number} again…").format(number=sequence))
        run_in_background(
            lambda: rewriter(sequence, folder),
            lambda result: self.say(
                # Translators: {number} is the batch's number; {file} its file name.
                _("Batch {number} written again to {file}.").format(
                    number=result.sequence, file=result.path.name
                )
            ),
            self.failed,
        )
