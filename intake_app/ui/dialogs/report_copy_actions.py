"""'Copy for the person…': a plain-language copy of one report, printed or saved as a PDF.

The copy is made by the leaflet service, which checks that the user may open the report and
records the print or save in the audit log. It is made only once the printer or the file has
been chosen, so a cancelled dialog leaves nothing in the log and nothing on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QActionGroup
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QPushButton, QWidget

from intake_app.app.session import Session
from intake_app.domain.report_record import ReportRecord
from intake_app.support import i18n
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.ui.widgets.layout_helpers import in_documents
from intake_app.ui.widgets.pdf_pages import print_pdf

RecordSource = Callable[[], ReportRecord | None]  # None: there is no saved report to copy


def print_copy(
    parent: QWidget,
    session: Session,
    record: ReportRecord | None,
    printer: QPrinter | None = None,
    language: str = "en",
) -> bool:
    """Print the copy (asking for the printer, unless ``printer`` is given)."""
    if record is None:
        return False
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, parent).exec() != QPrintDialog.DialogCode.Accepted:
            return False
    try:
        pdf = session.leaflets.report_copy(record.id, "printed", language)
    except IntakeError as exc:
        QMessageBox.warning(parent, _("No copy made"), str(exc))
        return False
    print_pdf(printer, pdf)
    return True


def save_copy(
    parent: QWidget,
    session: Session,
    record: ReportRecord | None,
    path: str | None = None,
    language: str = "en",
) -> str | None:
    """Save the copy as a PDF (asking where, unless ``path`` is given). Returns the path."""
    if record is None:
        return None
    if path is None:
        # Named after the reference only: never the person's name or anything they said.
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            _("Save the copy for the person"),
            in_documents(f"{record.reference}-copy.pdf"),
            # Translators: a file chooser's filter; keep "(*.pdf)" as it is.
            _("PDF (*.pdf)"),
        )
    if not path:
        return None
    try:
        atomic_write(Path(path), session.leaflets.report_copy(record.id, "saved", language))
    except IntakeError as exc:
        QMessageBox.warning(parent, _("No copy saved"), str(exc))
        return None
    window = parent.window()
    if isinstance(window, QMainWindow):  # said where it went, without a box to dismiss
        window.statusBar().showMessage(
            # Translators: {file} is the name of the PDF file saved.
            _(
                "Saved the copy for the person as {file}. Print it, give it to them, and delete "
                "the file."
            ).format(file=Path(path).name),
            10_000,
        )
    return path


class CopyForPersonButton(QPushButton):
    """The button, with its two choices in a menu: print, or save as PDF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # Translators: a button: a copy of the report for the person who reported.
        super().__init__(_("Cop&y for the person…"), parent)
        self.setAccessibleName(_("Print or save a copy of this report for the person"))
        self.setToolTip(
            _(
                "A plain-language copy of what was recorded, with the reference number, "
                "for the person to keep"
            )
        )
        menu = QMenu(self)
        # Translators: menu items under the "Copy for the person" button.
        self.print_action = menu.addAction(_("&Print…"))
        self.save_action = menu.addAction(_("&Save as PDF…"))
        # Translators: a submenu: the language the copy is written in (the person's own).
        languages = menu.addMenu(_("In the person's &language"))
        group = QActionGroup(self)
        self.language = i18n.current().code if i18n.current() in i18n.LANGUAGES else "en"
        for language in i18n.LANGUAGES:
            item = languages.addAction(language.label)
            item.setCheckable(True)
            item.setChecked(language.code == self.language)
            item.setData(language.code)
            group.addAction(item)
            item.triggered.connect(lambda _checked=False, code=language.code: self._choose(code))
        self.setMenu(menu)

    def _choose(self, code: str) -> None:
        self.language = code

    def serve(self, session: Session, record: RecordSource) -> None:
        """Make the copy of the report ``record`` gives (a form saves its draft first)."""
        self.print_action.triggered.connect(
            lambda: print_copy(self, session, record(), language=self.language)
        )
        self.save_action.triggered.connect(
            lambda: save_copy(self, session, record(), language=self.language)
        )
