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
from functools import cache

from babel import Locale, UnknownLocaleError
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
    pack_item,
    pack_text,
    same_text,
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


NBSP = "\u00a0"


def sending_interval(pack: ContentPack, days: int) -> str:
    """How often the centre sends reports, in the pack's words: "about once a week" for 7 days,
    else the pack's form of "every {count} days" for the language's plural category (CLDR)."""
    if days == 7:
        return str(pack["interval_week"])
    forms: dict[str, str] = pack["interval_days"]
    try:
        category = Locale.parse(pack.language).plural_form(days)
    except (ValueError, UnknownLocaleError):  # a centre's own pack in a language Babel lacks
        category = "other"
    return forms.get(category, forms["other"]).replace("{count}", str(days))


def _contact_parts(line: Helpline, pack: ContentPack) -> tuple[str, list[str]]:
    """A helpline's name, number and web address as they are, and what is said about it in the
    pack's words: the number to text, and its note. A coordinator's note is never printed; an
    older profile's English ``note`` only in an English column."""
    reach = [line.phone.replace(" ", NBSP)] if line.phone else []
    if line.web:
        reach.append(line.web)
    head = f"{line.name}: {', '.join(reach)}" if reach else line.name
    said = []
    if line.text:
        said.append(str(pack["helpline_text"]).replace("{number}", line.text.replace(" ", NBSP)))
    if line.note_key:
        said.append(str(pack["notes"].get(line.note_key, "")))
    elif pack.language == "en":
        said.append(line.note)
    return head, [part for part in said if part]


def contact_line(line: Helpline, pack: ContentPack) -> str:
    """A helpline on one line, as a left-to-right column prints it: "Name: 0800 … (note)"."""
    head, said = _contact_parts(line, pack)
    if not said:
        return head
    if not line.phone and not line.web:
        return f"{head}: {'; '.join(said)}"
    return f"{head} ({'; '.join(said)})"


def _contact_rows(line: Helpline) -> list[Row]:
    """A right-to-left column gives the name and numbers a line of their own, set left to right,
    and what is said about them the next, in the column's script: mixed on one line, the bidi
    algorithm would pull brackets and names apart."""

    def first(pack: ContentPack) -> str:
        return _contact_parts(line, pack)[0] if pack.rtl else contact_line(line, pack)

    def second(pack: ContentPack) -> str:
        return " · ".join(_contact_parts(line, pack)[1]) if pack.rtl else ""

    return [Row("contact", first), Row("contact_note", second)]


def _next_steps(personal: Personal | None, interval_days: int) -> list[Row]:
    """What happens next: under the person's consent, or (a blank leaflet) all three choices."""

    t = pack_text

    def batches(pack: ContentPack) -> str:
        interval = sending_interval(pack, interval_days)
        return str(pack["next_batches"]).replace("{interval}", interval)

    def both(first: str, second: str) -> Text:
        return lambda pack: f"{pack[first]} {pack[second]}"

    consent = personal.consent if personal is not None else None
    if consent is None:
        return [
            Row("body", t("next_choices")),
            Row("bullet", both("next_police_with_contact", "next_no_contact")),
            Row("bullet", t("next_police_without_details")),
            Row("bullet", t("next_monitoring_only")),
            Row("body", t("next_safeguarding")),
            Row("body", batches),
            Row("body", t("next_emergency")),
        ]
    if consent == "police_with_contact":
        steps = [t("next_police_with_contact"), t("next_no_contact"), batches]
    elif consent == "police_without_details":
        steps = [t("next_police_without_details"), t("next_safeguarding"), batches]
    else:  # monitoring only: nothing is sent, so no batches
        steps = [t("next_monitoring_only"), t("next_safeguarding")]
    return [Row("body", text) for text in (*steps, t("next_emergency"))]


def _rows(personal: Personal | None, centre: CentreDetails, force: ForceProfile | None,
          support: tuple[Helpline, ...], interval_days: int) -> list[Row]:  # fmt: skip
    t, const = pack_text, same_text

    def right(index: int) -> Text:
        return pack_item("rights", index)

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
        Row("body", t("what_recording")),
        Row("heading", t("report_title")),
    ]
    rows += [Row("bullet", t(key)) for key in ("report_emergency", "report_police", "report_textphone",
                                                "report_bsl", "report_sms", "report_online",
                                                "report_centre", "report_anonymous")]  # fmt: skip
    rows += [Row("heading", t("rights_title")), Row("body", t("rights_intro"))]
    rows += [Row("bullet", right(i), mark=f"{i + 1}.") for i in range(12)]
    rows.append(Row("body", t("rights_enhanced")))
    rows += [Row("heading", t("support_title")), Row("body", t("support_intro"))]
    local = force.contacts if force else ()
    for line in (*local, *support):
        rows += _contact_rows(line)
    rows.append(Row("heading", t("next_title")))
    rows += _next_steps(personal, interval_days)
    return rows


def render_leaflet(
    packs: list[ContentPack],
    *,
    centre: CentreDetails,
    force: ForceProfile | None,
    support: tuple[Helpline, ...],
    personal: Personal | None = None,
    large_print: bool = False,
    sending_interval_days: int = 7,
) -> bytes:
    """One column per pack (English first when bilingual); returns the PDF.
    ``sending_interval_days`` is how often the centre usually sends reports to the police."""
    sizes = Sizes.for_print(large_print)
    out = io.BytesIO()
    canvas = start(out, str(packs[-1]["title"]), centre.name)
    # Page one keeps room at the foot for the QR code.
    pages = Pages(canvas, footer_for(packs), first_page_reserve=QR_SIZE + 4 * mm)
    web = force.hate_crime_web if force else DEFAULT_WEB
    _draw_qr(canvas, web, packs, sizes)
    rows = _rows(personal, centre, force, support, sending_interval_days)
    set_rows(canvas, pages, rows, packs, sizes)
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


@cache
def _qr_squares(web: str) -> tuple[tuple[float, float, float, float], ...]:
    """The dark squares of the address's QR code, as (x, y, width, height) within a square of
    side 1: worked out once per address, as every leaflet of a centre carries the same one."""
    widget = QrCodeWidget(web)
    x0, y0, x1, y1 = widget.getBounds()
    width, height = x1 - x0, y1 - y0
    return tuple(((r.x - x0) / width, (r.y - y0) / height, r.width / width, r.height / height)
                 for r in _rects(widget.draw()))  # fmt: skip


def _draw_qr(canvas: Canvas, web: str, packs: list[ContentPack], sizes: Sizes) -> None:
    """The force's hate crime web address as a QR code at the foot of page one, captioned."""
    x = A4[0] - MARGIN - QR_SIZE
    y = MARGIN + 8 * mm
    # Drawn as plain filled squares, not through the graphics renderer, which would name a
    # font in the file that is not embedded.
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for left, bottom, width, height in _qr_squares(web):
        canvas.rect(x + left * QR_SIZE, y + bottom * QR_SIZE, width * QR_SIZE, height * QR_SIZE,
                    stroke=0, fill=1)  # fmt: skip
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
