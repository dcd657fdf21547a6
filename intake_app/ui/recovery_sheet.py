"""The recovery sheet: the recovery key on paper (or a PDF to print), with what it is for."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget


def sheet_html(centre: str, key: str) -> str:
    groups = " &nbsp; ".join(html.escape(g) for g in key.split("-"))
    return f"""
<h1>Recovery key — {html.escape(centre)}</h1>
<p>Made on {date.today().isoformat()}. Keep this sheet locked away, apart from the computer.</p>
<p style="font-family: monospace; font-size: 17pt; font-weight: bold">{groups}</p>
<h3>What it is for</h3>
<p>If a coordinator or volunteer forgets their passphrase, a coordinator can set a new one with
this key (Users and settings › Reset passphrase, or <code>intake user reset NAME</code>). It also
opens a backup restored on a new computer.</p>
<h3>Keep it safe</h3>
<ul>
<li>Anyone with this key and a copy of the data folder can read every report.</li>
<li>Do not photograph it, email it or keep it on the same computer.</li>
<li>If it is lost, nobody can recover the reports once every passphrase is forgotten.</li>
</ul>
<p>Letters I, L, O and U are never used; the fifth character of each group is a check.</p>
"""


def _document(centre: str, key: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(sheet_html(centre, key))
    return document


def _a4(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)


def save_pdf(parent: QWidget, centre: str, key: str, path: str | None = None) -> str | None:
    """Write the sheet as a PDF (asking where, unless ``path`` is given). Returns the path."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Save the recovery sheet", "recovery-sheet.pdf", "PDF (*.pdf)"
        )
    if not path:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    _a4(printer)
    _document(centre, key).print_(printer)
    return path


def print_sheet(parent: QWidget, centre: str, key: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(centre, key).print_(printer)
    return True
