"""The victim-information leaflet as an A4 PDF, in one language or beside English.

Content comes from the language's content pack; phone numbers from the national support list
and the force profile; the centre's details and (for a personalised leaflet) the report's
reference number, the date and what happens next under the person's consent. Nothing else from
the report is printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Group, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intake_app.domain.dates import uk
from intake_app.domain.force_profile import DEFAULT_WEB, ForceProfile, Helpline
from intake_app.leaflets.columns import (
    MARGIN,
    Pages,
    Row,
    Sizes,
    Text,
    footer_for,
    set_rows,
    start,
)
from intake_app.leaflets.content import ContentPack
from intake_app.leaflets.typeset import Style, draw_line, wrap

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
    canvas = start(out, str(packs[-1]["title"]), centre.name)
    # Page one keeps room at the foot for the QR code.
    pages = Pages(canvas, footer_for(packs), first_page_reserve=QR_SIZE + 4 * mm)
    web = force.hate_crime_web if force else DEFAULT_WEB
    _draw_qr(canvas, web, packs, sizes)
    set_rows(canvas, pages, _rows(personal, centre, force, support), packs, sizes)
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
