"""The victim-information leaflet as an A4 PDF, in one language or beside English.

Content comes from the language's content pack; phone numbers from the national support list
and the force profile; the centre's details and (for a personalised leaflet) the report's
reference number, the date and what happens next under the person's consent. Nothing else from
the report is printed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Group, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.domain.dates import uk
from intake_app.domain.force_profile import DEFAULT_WEB, ForceProfile, Helpline
from intake_app.leaflets.content import ContentPack
from intake_app.leaflets.fonts import register
from intake_app.leaflets.typeset import Style, draw_line, wrap

MARGIN = 16 * mm
GUTTER = 8 * mm
QR_SIZE = 26 * mm


@dataclass(frozen=True)
class CentreDetails:
    name: str
    address: str = ""
    opening_hours: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Personal:
    reference: str
    issued: date
    consent: str  # police_with_contact | police_without_details | monitoring_only


@dataclass(frozen=True)
class Sizes:
    title: float
    heading: float
    body: float

    @classmethod
    def for_print(cls, large: bool) -> Sizes:
        return cls(26, 20, 16) if large else cls(19, 13, 10)


Text = Callable[[ContentPack], str]


@dataclass(frozen=True)
class Row:
    kind: str  # title | heading | body | bullet | note | latin
    text: Text


def _rows(personal: Personal | None, centre: CentreDetails, force: ForceProfile | None,
          support: tuple[Helpline, ...]) -> list[Row]:  # fmt: skip
    def t(key: str) -> Text:
        return lambda pack: str(pack[key])

    def const(text: str) -> Text:
        return lambda _pack: text

    def right(index: int) -> Text:
        return lambda pack: str(pack["rights"][index])

    rows = [Row("title", t("title"))]
    rows.append(Row("note", lambda p: "" if p.reviewed else str(p["unreviewed"])))
    if personal is not None:
        rows += [
            Row("heading", lambda p: f"{p['reference']}: {personal.reference}"),
            Row("body", lambda p: f"{p['date']}: {uk(personal.issued)}"),
        ]
    centre_lines = [centre.name, centre.address, centre.opening_hours, centre.phone]
    rows.append(Row("heading", t("centre")))
    rows += [Row("latin", const(line)) for line in centre_lines if line]
    rows += [
        Row("heading", t("what_title")),
        Row("body", t("what_body")),
        Row("heading", t("report_title")),
    ]
    rows += [Row("bullet", t(key)) for key in ("report_emergency", "report_police", "report_textphone",
                                                "report_online", "report_centre", "report_anonymous")]  # fmt: skip
    rows += [Row("heading", t("rights_title")), Row("body", t("rights_intro"))]
    rows += [Row("bullet", right(i)) for i in range(12)]
    rows += [Row("heading", t("support_title")), Row("body", t("support_intro"))]
    local = force.contacts if force else ()
    for line in (*local, *support):
        note = f" ({line.note})" if line.note else ""
        rows.append(Row("latin", const(f"{line.name}: {line.phone}{note}")))
    rows.append(Row("heading", t("next_title")))
    if personal is not None:
        rows.append(Row("body", t(f"next_{personal.consent}")))
    else:
        rows += [Row("bullet", t(key)) for key in ("next_police_with_contact", "next_police_without_details",
                                                    "next_monitoring_only")]  # fmt: skip
    return rows


class _Pages:
    def __init__(self, canvas: Canvas, sizes: Sizes, footer: str) -> None:
        self.canvas, self.sizes, self.footer = canvas, sizes, footer
        self.page = 1
        self.y = A4[1] - MARGIN

    @property
    def bottom(self) -> float:
        # Page one keeps room at the foot for the QR code.
        return float(MARGIN + 10 * mm + (QR_SIZE + 4 * mm if self.page == 1 else 0))

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self._finish_page()
            self.canvas.showPage()
            self.page += 1
            self.y = A4[1] - MARGIN

    def _finish_page(self) -> None:
        style = Style("latin", 7.5)
        lines = wrap(f"{self.footer} · {self.page}", style, A4[0] - 2 * MARGIN)
        for line in lines[:1]:
            draw_line(self.canvas, line, MARGIN, A4[0] - MARGIN, MARGIN - 2 * mm, style)

    def close(self) -> None:
        self._finish_page()


def _style(row: Row, pack: ContentPack, sizes: Sizes) -> Style:
    size = {"title": sizes.title, "heading": sizes.heading}.get(row.kind, sizes.body)
    if row.kind == "latin":  # names, addresses, phone numbers: left to right in any column
        return Style("latin", size, align_right=pack.rtl)
    return Style(pack.script, size, bold=row.kind in ("title", "heading"), rtl=pack.rtl)


def render_leaflet(
    packs: list[ContentPack],
    *,
    centre: CentreDetails,
    force: ForceProfile | None,
    support: tuple[Helpline, ...],
    personal: Personal | None = None,
    large_print: bool = False,
) -> bytes:
    """One column per pack (English first when bilingual); returns the PDF."""
    sizes = Sizes.for_print(large_print)
    out = io.BytesIO()
    # The page's starting font is a bundled one too, so no unembedded font is named in the file.
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=register("latin"))
    canvas.setTitle(str(packs[-1]["title"]))
    canvas.setCreator(f"Intake {__version__}")
    canvas.setAuthor(centre.name)
    width = A4[0] - 2 * MARGIN
    column_width = (width - GUTTER * (len(packs) - 1)) / len(packs)
    pages = _Pages(canvas, sizes, " / ".join(p.english_name for p in packs))
    web = force.hate_crime_web if force else DEFAULT_WEB
    _draw_qr(canvas, web, packs, sizes)
    for row in _rows(personal, centre, force, support):
        texts = [row.text(pack) for pack in packs]
        if not any(texts):
            continue
        laid = []
        for pack, text in zip(packs, texts, strict=True):
            style = _style(row, pack, sizes)
            limit = column_width
            indent = style.size * 1.1 if row.kind == "bullet" else 0
            lines = (
                wrap(("• " if row.kind == "bullet" else "") + text, style, limit - indent)
                if text
                else []
            )
            laid.append((style, lines, indent))
        space_before = {"title": 0, "heading": sizes.body * 0.9}.get(row.kind, sizes.body * 0.25)
        height = space_before + max(len(lines) * style.leading for style, lines, _ in laid)
        pages.need(height)
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
    pages.close()
    canvas.save()
    return out.getvalue()


def _rects(group: Group) -> list[Rect]:
    found: list[Rect] = []
    for item in group.contents:
        if isinstance(item, Group):
            found += _rects(item)
        elif (
            isinstance(item, Rect) and item.fillColor is not None and item.fillColor != colors.white
        ):
            found.append(item)
    return found


def _draw_qr(canvas: Canvas, web: str, packs: list[ContentPack], sizes: Sizes) -> None:
    """The force's hate crime web address as a QR code at the foot of page one, captioned."""
    widget = QrCodeWidget(web)
    x0, y0, x1, y1 = widget.getBounds()
    scale_x, scale_y = QR_SIZE / (x1 - x0), QR_SIZE / (y1 - y0)
    x = A4[0] - MARGIN - QR_SIZE
    y = MARGIN + 8 * mm
    # Drawn as plain filled squares, not through the graphics renderer, which would name a
    # font in the file that is not embedded.
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for shape in _rects(widget.draw()):
        canvas.rect(x + (shape.x - x0) * scale_x, y + (shape.y - y0) * scale_y,
                    shape.width * scale_x, shape.height * scale_y, stroke=0, fill=1)  # fmt: skip
    canvas.restoreState()
    caption_y = y + QR_SIZE / 2 + sizes.body
    for pack in reversed(packs):
        style = Style(pack.script, sizes.body, bold=True, rtl=pack.rtl, align_right=True)
        for line in wrap(str(pack["scan"]), style, A4[0] - 2 * MARGIN - QR_SIZE - 6 * mm)[:2]:
            draw_line(canvas, line, MARGIN, x - 4 * mm, caption_y, style)
            caption_y -= style.leading
    address = Style("latin", sizes.body, align_right=True)
    for line in wrap(web.removeprefix("https://").removeprefix("www."), address, A4[0])[:1]:
        draw_line(canvas, line, MARGIN, x - 4 * mm, caption_y, address)
