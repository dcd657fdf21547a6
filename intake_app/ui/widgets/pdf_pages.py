"""PDF pages as images (PDFium renders), for previews and for printing through Qt."""

from __future__ import annotations

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
            # Four bytes a pixel in R, G, B, unused order: Qt's RGBX8888, whatever the CPU.
            bitmap = document[index].render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=True)
            images.append(_as_image(bitmap))
    finally:
        document.close()
    return images


def _as_image(bitmap: pdfium.PdfBitmap) -> QImage:
    """The page's pixels straight from PDFium's buffer; copied, so the QImage owns its
    memory once the bitmap is gone."""
    if bitmap.mode != "RGBX":
        raise ValueError(f"unexpected PDFium pixel format {bitmap.mode}")
    view = QImage(
        bitmap.buffer,
        bitmap.width,
        bitmap.height,
        bitmap.stride,
        QImage.Format.Format_RGBX8888,
    )
    return view.copy()


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
