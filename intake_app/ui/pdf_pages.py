"""PDF pages as images, for the leaflet preview and for printing through Qt (PDFium renders)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PySide6.QtGui import QImage


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
