"""PDF pages as QImages, straight from PDFium's pixels: right size, right colours, right way up."""

from __future__ import annotations

import io

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from intake_app.ui.widgets.pdf_pages import page_images

A4 = (595.0, 842.0)


def _two_page_pdf() -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    drawing.setFillColorRGB(1, 0, 0)  # red, bottom left of page 1
    drawing.rect(0, 0, 72, 72, stroke=0, fill=1)
    drawing.showPage()
    drawing.setFillColorRGB(0, 0, 1)  # blue, top right of page 2
    drawing.rect(A4[0] - 72, A4[1] - 72, 72, 72, stroke=0, fill=1)
    drawing.showPage()
    drawing.save()
    return out.getvalue()


def test_pages_come_out_at_the_asked_resolution_with_their_own_colours(qtbot: QtBot) -> None:
    first, second = page_images(_two_page_pdf(), dpi=144)
    assert (first.width(), first.height()) == (1190, 1684)
    assert (second.width(), second.height()) == (1190, 1684)
    assert QColor(first.pixel(10, first.height() - 10)).getRgb() == (255, 0, 0, 255)
    assert QColor(first.pixel(first.width() - 10, 10)).getRgb() == (255, 255, 255, 255)
    assert QColor(second.pixel(second.width() - 10, 10)).getRgb() == (0, 0, 255, 255)
    assert QColor(second.pixel(10, second.height() - 10)).getRgb() == (255, 255, 255, 255)


def test_an_image_outlives_the_document_it_came_from(qtbot: QtBot) -> None:
    images = page_images(_two_page_pdf(), dpi=36)
    for _ in range(3):  # later renders reuse the memory PDFium freed
        page_images(_two_page_pdf(), dpi=36)
    assert QColor(images[0].pixel(5, images[0].height() - 5)).getRgb() == (255, 0, 0, 255)
