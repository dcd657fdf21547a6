"""The one-page PDF summary of safe figures: headline, a month-by-month chart, and the tables.

Only what :mod:`publish` made safe is drawn: a hidden month has no bar, just its mark. Postcode
districts are left to the CSV (they rarely fit on a page)."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.leaflets.fonts import covers, register, script_of
from intake_app.leaflets.typeset import (
    Style,
    Word,
    draw_line,
    make_word,
    space_width,
    width_of,
    wrap,
)
from intake_app.statistics.disclosure import THRESHOLD, shown_text
from intake_app.statistics.figures import month_name
from intake_app.statistics.publish import (
    WITHHELD,
    SafeFigures,
    SafeTable,
    change_text,
    notes,
    withheld_cell,
)
from intake_app.support.i18n import _, ngettext, pgettext

MARGIN = 15 * mm
INK = Color(0.12, 0.16, 0.22)
BAR = Color(0.16, 0.38, 0.62)
FAINT = Color(0.55, 0.58, 0.62)
RULE = Color(0.85, 0.87, 0.9)
LEFT = ("strand", "religion", "reporter", "consent", "repeat")
RIGHT = ("incident", "place", "victim")


def render_summary(safe: SafeFigures, centre_name: str, today: date) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=register("latin"))
    bold = register("latin", bold=True)
    regular = register("latin")
    canvas.setTitle(_("Hate crime reports: statistics"))
    canvas.setCreator(f"Intake {__version__}")
    page_width, page_height = A4
    width = page_width - 2 * MARGIN
    y = page_height - MARGIN

    def paragraph(text: str, style: Style, space: float, colour: Color = INK) -> None:
        nonlocal y
        y -= space
        canvas.setFillColor(colour)
        for i, line in enumerate(wrap(text, style, width)):
            y -= style.leading if i else style.size
            draw_line(canvas, line, MARGIN, MARGIN + width, y, style)

    if safe.demo:
        canvas.setFillColor(Color(0.75, 0.2, 0.1))
        canvas.rect(MARGIN, y - 16, width, 16, stroke=0, fill=1)
        canvas.setFillColor(white)
        _draw(canvas, _("DEMO DATA — invented reports, not real figures"), MARGIN + 6, y - 11.5,
              bold, 9)  # fmt: skip
        y -= 22
    paragraph(_("Hate crime and hate incident reports"), Style("latin", 17, bold=True), 0)
    # Translators: under the title: {centre} is the centre's name, {period} and {previous}
    # periods of months ("Jan 2026 to Jun 2026").
    paragraph(_("{centre} · {period}, beside {previous}").format(
                  centre=centre_name, period=safe.period_label, previous=safe.previous_label),
              Style("latin", 10), 5)  # fmt: skip
    y -= 14
    canvas.setFillColor(INK)
    _draw(canvas, shown_text(safe.total), MARGIN, y - 24, bold, 26)
    change = change_text(safe.total, safe.previous_total)
    # The number is "<5" or at least 5: "<5" reads as a few.
    shown = safe.total if isinstance(safe.total, int) else THRESHOLD - 1
    # Translators: beside the number of reports, which is drawn large just before it.
    in_period = ngettext("report in the period", "reports in the period", shown)
    _draw(canvas, in_period, MARGIN + 70, y - 11, regular, 10)
    canvas.setFillColor(FAINT)
    before = shown_text(safe.previous_total)
    if change:
        # Translators: {number} is the previous period's number of reports, {change} the change
        # since ("up 3 (20%)").
        previous = _("{number} in the previous period — {change}").format(
            number=before, change=change
        )
    else:
        previous = _("{number} in the previous period").format(number=before)
    _draw(canvas, previous, MARGIN + 70, y - 24, regular, 10)
    y -= 40
    y = _month_chart(canvas, safe.table("month"), MARGIN, y, width, 120, bold, regular)
    y -= 12
    column = (width - 10 * mm) / 2
    bottom = MARGIN + 62
    for keys, x in ((LEFT, MARGIN), (RIGHT, MARGIN + column + 10 * mm)):
        tables = [safe.table(k) for k in keys]
        lines = sum(3 + (1 if t.withheld and t.previous_withheld else len(t.rows)) for t in tables)
        step = max(7.0, min(10.5, (y - bottom) / lines))
        top = y
        for table in tables:
            top = _table(canvas, table, x, top, column, step, bold, regular)
    canvas.setFillColor(FAINT)
    y = bottom
    for line in notes(safe, centre_name, today):
        for words in wrap(line, Style("latin", 6.5), width):
            y -= 8
            draw_line(canvas, words, MARGIN, MARGIN + width, y, Style("latin", 6.5))
    canvas.save()
    return out.getvalue()


def _month_chart(
    canvas: Canvas, table: SafeTable, x: float, y: float, width: float, height: float,
    bold: str, regular: str,
) -> float:  # fmt: skip
    canvas.setFillColor(INK)
    _draw(canvas, table.title, x, y - 10, bold, 10)
    top, base = y - 22, y - height
    if table.withheld:
        _draw(canvas, _(WITHHELD), x, top - 12, regular, 8)
        return base
    values = [r.count for r in table.rows]
    peak = max([v for v in values if isinstance(v, int)] + [1])
    slot = width / max(1, len(values))
    bar_width = min(28.0, slot * 0.7)
    usable = top - base - 24
    canvas.setStrokeColor(RULE)
    canvas.line(x, base + 12, x + width, base + 12)
    size = 6.5 if len(values) > 12 else 7.5
    january, july = month_name(1), month_name(7)
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        centre = x + slot * (i + 0.5)
        canvas.setFillColor(FAINT)
        name, year = row.label.rsplit(" ", 1)  # "Jan 2026" (figures.month_label)
        if len(values) <= 18 or i == 0 or name in (january, july):
            _draw(canvas, name, centre, base + 3, regular, size, align="centre")
        if i == 0 or name == january:
            _draw(canvas, year, centre, base - 5, regular, size, align="centre")
        canvas.setFillColor(INK)
        if isinstance(value, int):
            bar = usable * value / peak
            canvas.setFillColor(BAR)
            canvas.rect(centre - bar_width / 2, base + 12, bar_width, bar, stroke=0, fill=1)
            canvas.setFillColor(INK)
            if slot >= 14:
                _draw(canvas, str(value), centre, base + 15 + bar, regular, size, align="centre")
        elif slot >= 14:
            _draw(canvas, shown_text(value), centre, base + 15, regular, size, align="centre")
    return base


def _table(
    canvas: Canvas, table: SafeTable, x: float, y: float, width: float, step: float,
    bold: str, regular: str,
) -> float:  # fmt: skip
    size = min(8.0, step - 1.5)
    y -= step
    canvas.setFillColor(INK)
    _draw(canvas, _fit(table.title, bold, size + 1, width), x, y, bold, size + 1)
    columns = (x + width * 0.66, x + width * 0.78, x + width)
    y -= step * 0.9
    canvas.setFillColor(FAINT)
    # Translators: column headers of a narrow statistics table: this period's count, the
    # previous period's, and the change. Keep them very short.
    headers = (pgettext("statistics column", "period"), pgettext("statistics column", "before"),
               pgettext("statistics column", "change"))  # fmt: skip
    for column, header in zip(columns, headers, strict=True):
        _draw(canvas, header, column, y, regular, size - 1, align="right")
    if table.withheld and table.previous_withheld:
        y -= step
        _draw(canvas, _("Withheld: too few reports to show safely."), x, y, regular, size)
        return y - step * 0.6
    withheld = withheld_cell()
    for row in table.rows:
        y -= step
        canvas.setStrokeColor(RULE)
        canvas.line(x, y - 2.5, x + width, y - 2.5)
        canvas.setFillColor(INK)
        _draw(canvas, _fit(row.label, regular, size, columns[0] - x - 22), x, y, regular, size)
        count = withheld if table.withheld else shown_text(row.count)
        _draw(canvas, count, columns[0], y, regular, size, align="right")
        canvas.setFillColor(FAINT)
        previous = withheld if table.previous_withheld else shown_text(row.previous)
        _draw(canvas, previous, columns[1], y, regular, size, align="right")
        change = change_text(row.count, row.previous, short=True) if row.change else ""
        _draw(canvas, change, columns[2], y, regular, size, align="right")
    canvas.setFillColor(black)
    return y - step * 0.6


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis if it would run into the numbers."""
    if _width(text, font, size) <= width:
        return text
    while text and _width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _typeset(text: str, font: str, size: float) -> tuple[list[Word], Style]:
    """A line the Latin face cannot show (Bengali, Urdu…), as the leaflet typesetter sets it:
    each script shaped in its own bundled font, right-to-left text in display order."""
    script = script_of(text)
    style = Style(script, size, bold=font.endswith("-Bold"), rtl=script in ("arabic", "nastaliq"))
    return [make_word(word, style) for word in text.split(" ") if word], style


def _width(text: str, font: str, size: float) -> float:
    if covers(font, text):
        return float(stringWidth(text, font, size))
    line, style = _typeset(text, font, size)
    return sum(width_of(word) for word in line) + space_width(style) * max(0, len(line) - 1)


def _draw(
    canvas: Canvas, text: str, x: float, y: float, font: str, size: float, *, align: str = "left"
) -> None:
    """One line of text at ``x`` (its left, right or centre): drawn in ``font`` when the font
    has every letter (English always is), else through the typesetter."""
    if covers(font, text):
        canvas.setFont(font, size)
        if align == "right":
            canvas.drawRightString(x, y, text)
        elif align == "centre":
            canvas.drawCentredString(x, y, text)
        else:
            canvas.drawString(x, y, text)
        return
    line, style = _typeset(text, font, size)
    width = _width(text, font, size)
    left = x - {"right": width, "centre": width / 2}.get(align, 0.0)
    draw_line(canvas, line, left, left + width, y, style)
