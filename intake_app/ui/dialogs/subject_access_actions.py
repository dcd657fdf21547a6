"""'Subject access…' on a report (coordinators): everything the centre holds about the person in
that report, written into a folder the person, or the coordinator for them, chooses.

The folder is chosen first; files of the same names already there are replaced only when the
coordinator says so; the writing runs off the screen's thread (the audit log is searched for
the report's entries) and the view says what was written, or why nothing was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from intake_app.app.session import Session
from intake_app.domain.report_record import ReportRecord
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.layout_helpers import in_documents

if TYPE_CHECKING:  # the service brings ReportLab: imported when first used, by the session
    from intake_app.services.subject_access import Written

Say = Callable[[str], None]  # shows a message under the report


class SubjectAccessButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        # Translators: a button on a report (coordinators): answer the person's request to see
        # the personal data the centre holds (a subject access request).
        super().__init__(_("Subject &access…"), parent)
        self.setAccessibleName(
            _("Write everything the centre holds about the person in this report (subject access)")
        )
        self.setToolTip(
            _(
                "For the person's request to see their personal data: a PDF to read, a JSON file "
                "and copies of the attachments, written into a folder you choose"
            )
        )

    def serve(self, session: Session, record: Callable[[], ReportRecord], say: Say) -> None:
        self.clicked.connect(lambda: answer_request(self, session, record(), say))


def answer_request(
    parent: QWidget, session: Session, record: ReportRecord, say: Say, folder: Path | None = None
) -> None:
    """Ask for the folder (unless given), ask before replacing anything, then write."""
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, _("Choose the folder for the subject access files"), in_documents()
        )
        if not chosen:
            return
        folder = Path(chosen)
    try:
        names = session.subject_access.file_names(record.id)
    except IntakeError as exc:
        say(f"⚠ {exc}")
        return
    there = [name for name in names if (folder / name).exists()]
    if there and not _may_replace(parent, there):
        return
    button = parent if isinstance(parent, QPushButton) else None
    if button is not None:
        button.setEnabled(False)
    say(_("Writing the files…"))

    def written(result: Written) -> None:
        if button is not None:
            button.setEnabled(True)
        say(_written(result))

    def failed(message: str) -> None:
        if button is not None:
            button.setEnabled(True)
        say(f"⚠ {message}")

    run_in_background(
        lambda: session.subject_access.write(record.id, folder, replace=bool(there)),
        written,
        failed,
    )


def _may_replace(parent: QWidget, there: list[str]) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Replace the files?"),
        # Translators: {files} is a list of file names.
        ngettext(
            "{files} is already in that folder. Replace it?",
            "{files} are already in that folder. Replace them?",
            len(there),
        ).format(files=", ".join(there)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    parent.window().activateWindow()  # back to the report, whichever way the box was closed
    return answer == QMessageBox.StandardButton.Yes


def _written(result: Written) -> str:
    # Translators: {count} is how many files were written, {files} their names.
    line = ngettext(
        "✓ Wrote {count} file into the chosen folder: {files}.",
        "✓ Wrote {count} files into the chosen folder: {files}.",
        len(result.names),
    ).format(count=len(result.names), files=", ".join(result.names))
    advice = _(
        "They hold personal details: give them only to the person the report is about (or "
        "whoever asked on their behalf, with their agreement), and keep them safe."
    )
    return f"{line} {advice}"
