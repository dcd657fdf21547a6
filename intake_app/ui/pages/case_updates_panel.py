"""On the export page, below the batches: importing the force's update files (what became of
the reports sent), and the promises the force has broken, one line a report, for the
coordinator to take up with the force."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.case_promises import PromiseStatus
from intake_app.exchange.case_updates import MAX_UPDATES_BYTES
from intake_app.services.case_timeline import promise_text
from intake_app.services.case_updates import UpdatesApplied
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import one_line, read_file
from intake_app.ui.background import run_in_background
from intake_app.ui.widgets.layout_helpers import in_documents


class CaseUpdatesPanel(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        heading = html.escape(_("What the police did"), quote=False)
        self.import_button = QPushButton(_("Import the force's &updates…"))
        self.import_button.clicked.connect(self._choose)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.broken_label = QLabel(_("&Broken promises"))
        self.broken = QListWidget()
        self.broken.setAccessibleName(_("Broken promises"))
        self.broken.setMaximumHeight(120)
        self.broken_label.setBuddy(self.broken)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.message, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(f"<b>{heading}</b>"))
        column.addLayout(row)
        column.addWidget(self.broken_label)
        column.addWidget(self.broken)
        self.refresh()

    def refresh(self) -> None:
        timelines = self.session.timelines
        run_in_background(timelines.broken, self._show, lambda m: self.message.setText(f"⚠ {m}"))

    def _show(self, broken: list[tuple[str, PromiseStatus]]) -> None:
        self.broken.clear()
        for reference, status in broken:
            # Translators: {reference} is a report's reference, {promise} a broken promise.
            self.broken.addItem(
                _("{reference}: {promise}").format(
                    reference=reference, promise=promise_text(status)
                )
            )
        if not broken:
            self.broken.addItem(_("No promise broken."))
        self.broken.setCurrentRow(0)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("The force's update file"),
            in_documents(),
            # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
            _("Update file (*.updates)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        try:
            # Translators: the subject of a sentence such as "… cannot be read".
            raw = read_file(path, MAX_UPDATES_BYTES, _("The update file"))
        except IntakeError as exc:
            self.message.setText(f"⚠ {one_line(str(exc))}")
            return
        updates = self.session.case_updates

        def imported(result: UpdatesApplied) -> None:
            if result.already_imported:
                said = _("Update file {number} was imported before: nothing changed.")
            else:
                said = ngettext(
                    "Update file {number} imported: {count} update.",
                    "Update file {number} imported: {count} updates.",
                    result.updates,
                )
            self.message.setText(said.format(number=result.sequence, count=result.updates))
            self.refresh()

        run_in_background(
            lambda: updates.import_file(raw),
            imported,
            lambda message: self.message.setText(f"⚠ {message}"),
        )
