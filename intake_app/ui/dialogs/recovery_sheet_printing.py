"""The recovery sheet in the setup wizard: print it, or save the PDF to print.

The sheet itself is set by the leaflet renderer (``intake_app.leaflets.recovery_sheet``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from intake_app.leaflets.recovery_sheet import render_recovery_sheet
from intake_app.support.atomic_files import atomic_write
from intake_app.support.i18n import _
from intake_app.ui.widgets.layout_helpers import in_documents
from intake_app.ui.widgets.pdf_pages import print_pdf


def key_label(base_size: float) -> QLabel:
    """The recovery key, large and fixed-width (growing with the text size), reachable with Tab
    and selectable to copy by hand; its description reads it a character at a time."""
    label = QLabel()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(base_size * 1.6)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextSelectableByMouse
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


def show_key(label: QLabel, key: str) -> None:
    label.setText(key)
    # Translators: read aloud between the groups of the recovery key, one character at a time:
    # "A B C D E, then F G H J K". Keep the spaces around it as they are.
    then = _(", then ")
    label.setAccessibleDescription(then.join(" ".join(group) for group in key.split("-")))


def save_pdf(parent: QWidget, centre: str, key: str, path: str | None = None) -> str | None:
    """Write the sheet as a PDF (asking where, unless ``path`` is given). Returns the path."""
    if path is None:
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            _("Save the recovery sheet"),
            in_documents("recovery-sheet.pdf"),
            # Translators: a file chooser's filter; keep "(*.pdf)" as it is.
            _("PDF (*.pdf)"),
        )
    if not path:
        return None
    atomic_write(Path(path), render_recovery_sheet(centre, key))
    return path


def print_sheet(parent: QWidget, centre: str, key: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_pdf(printer, render_recovery_sheet(centre, key))
    return True
