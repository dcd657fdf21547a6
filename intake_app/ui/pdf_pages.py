"""PDF pages as images (PDFium renders), for previews and for printing through Qt."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 300


def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page rendered at ``dpi``; runs fine off the GUI thread (QImage, not QPixmap)."""
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            images.append(QImage.fromData(buffer.getvalue()))
    finally:
        document.close()
    return images


def print_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Print every page of a PDF, scaled to the printer's page."""
    painter = QPainter(printer)
    try:
        for index, image in enumerate(page_images(pdf, PRINT_DPI)):
            if index:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled))
    finally:
        painter.end()
