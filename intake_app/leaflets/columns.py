"""Rows of text set in one column per language, page after page, on A4.

The victim-information leaflet and the privacy notice are both made this way: each row is a
title, a heading, a paragraph, a bullet, a note or a line of names and numbers ("latin"), and
its text comes from each language's pack, so a bilingual print keeps the two languages side by
side, row for row. Right-to-left packs are set against the right edge of their column.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.leaflets.content import ContentPack
from intake_app.leaflets.fonts import register
from intake_app.leaflets.typeset import Style, draw_line, wrap

MARGIN = 16 * mm
GUTTER = 8 * mm


@dataclass(frozen=True)
class Sizes:
    title: float
    heading: float
    body: float

    @classmethod
    def for_print(cls, large: bool) -> Sizes:
        return cls(26, 20, 16) if large else cls(19, 13, 10)


Text = Callable[[ContentPack], str]


def pack_text(key: str) -> Text:
    """A row's text: the pack's text under ``key``."""
    return lambda pack: str(pack[key])


def same_text(words: str) -> Text:
    """A row's text the same in every column (a name, an address, a phone number)."""
    return lambda _pack: words


def pack_item(key: str, index: int) -> Text:
    """A row's text: one item of a list in the pack (a right)."""
    return lambda pack: str(pack[key][index])


@dataclass(frozen=True)
class Row:
    kind: str  # title | heading | body | bullet | contact | contact_note | note | latin
    text: Text
    mark: str = "•"  # before a bullet's first line: "•", or a numbered right's number


class Pages:
    """Where the next row goes, and a new page (with the footer on the old one) when it is full.

    ``first_page_reserve``: room kept free at the foot of page one (the leaflet's QR code)."""

    def __init__(self, canvas: Canvas, footer: str, first_page_reserve: float = 0) -> None:
        self.canvas, self.footer = canvas, footer
        self.first_page_reserve = first_page_reserve
        self.page = 1
        self.y = A4[1] - MARGIN

    @property
    def bottom(self) -> float:
        return float(MARGIN + 10 * mm + (self.first_page_reserve if self.page == 1 else 0))

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self._finish_page()
            self.canvas.showPage()
            self.page += 1
            self.y = A4[1] - MARGIN

    def _finish_page(self) -> None:
        style = Style("latin", 7.5)
        # The page number first: after a right-to-left name it would be read as part of it.
        lines = wrap(f"{self.page} · {self.footer}", style, A4[0] - 2 * MARGIN)
        for line in lines[:1]:
            draw_line(self.canvas, line, MARGIN, A4[0] - MARGIN, MARGIN - 2 * mm, style)

    def close(self) -> None:
        self._finish_page()


def start(out: io.BytesIO, title: str, author: str) -> Canvas:
    """An A4 canvas whose starting font is a bundled one too, so no unembedded font is named
    in the file."""
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=register("latin"))
    canvas.setTitle(title)
    canvas.setCreator(f"Intake {__version__}")
    canvas.setAuthor(author)
    return canvas


def footer_for(packs: Sequence[ContentPack]) -> str:
    """Each language named in itself: a translated print holds no English."""
    return " / ".join(p.name for p in packs)


def row_style(row: Row, pack: ContentPack, sizes: Sizes) -> Style:
    size = {"title": sizes.title, "heading": sizes.heading}.get(row.kind, sizes.body)
    if row.kind == "latin" or (row.kind == "contact" and pack.rtl):
        # Names, addresses, phone numbers: left to right in any column.
        return Style("latin", size, align_right=pack.rtl)
    return Style(pack.script, size, bold=row.kind in ("title", "heading"), rtl=pack.rtl)


def _indent(mark: str, style: Style) -> float:
    """How far a bullet's or numbered right's later lines are set in: past its mark."""
    if not mark:
        return 0.0
    if mark == "• ":
        return style.size * 1.1
    return float(pdfmetrics.stringWidth(mark, register("latin"), style.size))


def set_rows(
    canvas: Canvas, pages: Pages, rows: Sequence[Row], packs: Sequence[ContentPack], sizes: Sizes
) -> None:
    """Set each row in every pack's column (English first when bilingual); a row with no text
    in any column is left out."""
    width = A4[0] - 2 * MARGIN
    column_width = (width - GUTTER * (len(packs) - 1)) / len(packs)
    for row in rows:
        texts = [row.text(pack) for pack in packs]
        if not any(texts):
            continue
        laid = []
        for pack, text in zip(packs, texts, strict=True):
            style = row_style(row, pack, sizes)
            mark = row.mark + " " if row.kind == "bullet" else ""
            indent = _indent(mark, style)
            lines = wrap(mark + text, style, column_width - indent) if text else []
            laid.append((style, lines, indent))
        space_before = {"title": 0, "heading": sizes.body * 0.9, "contact_note": 0}.get(
            row.kind, sizes.body * 0.25
        )
        height = space_before + max(len(lines) * style.leading for style, lines, _ in laid)
        # A heading keeps two lines of what follows it on its page.
        pages.need(height + (2.7 * sizes.body if row.kind == "heading" else 0))
        pages.y -= space_before
        for column, (style, lines, indent) in enumerate(laid):
            left = MARGIN + column * (column_width + GUTTER)
            right = left + column_width
            y = pages.y
            for i, line in enumerate(lines):
                y -= style.leading if i else style.size
                inner_left = left + (indent if i and not style.rtl else 0)
                inner_right = right - (indent if i and style.rtl else 0)
                draw_line(canvas, line, inner_left, inner_right, y, style)
        pages.y -= height - space_before
