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
from intake_app.leaflets.fonts import register
from intake_app.leaflets.typeset import Style, draw_line, wrap
from intake_app.statistics.disclosure import shown_text
from intake_app.statistics.publish import WITHHELD, SafeFigures, SafeTable, change_text, notes

MARGIN = 15 * mm
INK = Color(0.12, 0.16, 0.22)
BAR = Color(0.16, 0.38, 0.62)
FAINT = Color(0.55, 0.58, 0.62)
RULE = Color(0.85, 0.87, 0.9)
LEFT = ("strand", "religion", "reporter", "consent")
RIGHT = ("incident", "place")


def render_summary(safe: SafeFigures, centre_name: str, today: date) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=register("latin"))
    bold = register("latin", bold=True)
    regular = register("latin")
    canvas.setTitle("Hate crime reports: statistics")
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
        canvas.setFont(bold, 9)
        canvas.drawString(MARGIN + 6, y - 11.5, "DEMO DATA — invented reports, not real figures")
        y -= 22
    paragraph("Hate crime and hate incident reports", Style("latin", 17, bold=True), 0)
    paragraph(f"{centre_name} · {safe.period_label}, beside {safe.previous_label}",
              Style("latin", 10), 5)  # fmt: skip
    y -= 14
    canvas.setFillColor(INK)
    canvas.setFont(bold, 26)
    canvas.drawString(MARGIN, y - 24, shown_text(safe.total))
    canvas.setFont(regular, 10)
    change = change_text(safe.total, safe.previous_total)
    canvas.drawString(MARGIN + 70, y - 11, "reports in the period")
    canvas.setFillColor(FAINT)
    canvas.drawString(
        MARGIN + 70, y - 24,
        f"{shown_text(safe.previous_total)} in the previous period" + (f" — {change}" if change else ""),
    )  # fmt: skip
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
    canvas.setFont(bold, 10)
    canvas.drawString(x, y - 10, table.title)
    top, base = y - 22, y - height
    if table.withheld:
        canvas.setFont(regular, 8)
        canvas.drawString(x, top - 12, WITHHELD)
        return base
    values = [r.count for r in table.rows]
    peak = max([v for v in values if isinstance(v, int)] + [1])
    slot = width / max(1, len(values))
    bar_width = min(28.0, slot * 0.7)
    usable = top - base - 24
    canvas.setStrokeColor(RULE)
    canvas.line(x, base + 12, x + width, base + 12)
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        centre = x + slot * (i + 0.5)
        canvas.setFont(regular, 6.5 if len(values) > 12 else 7.5)
        canvas.setFillColor(FAINT)
        name, year = row.label.split()
        if len(values) <= 18 or i == 0 or name in ("Jan", "Jul"):
            canvas.drawCentredString(centre, base + 3, name)
        if i == 0 or name == "Jan":
            canvas.drawCentredString(centre, base - 5, year)
        canvas.setFillColor(INK)
        if isinstance(value, int):
            bar = usable * value / peak
            canvas.setFillColor(BAR)
            canvas.rect(centre - bar_width / 2, base + 12, bar_width, bar, stroke=0, fill=1)
            canvas.setFillColor(INK)
            if slot >= 14:
                canvas.drawCentredString(centre, base + 15 + bar, str(value))
        elif slot >= 14:
            canvas.drawCentredString(centre, base + 15, shown_text(value))
    return base


def _table(
    canvas: Canvas, table: SafeTable, x: float, y: float, width: float, step: float,
    bold: str, regular: str,
) -> float:  # fmt: skip
    size = min(8.0, step - 1.5)
    y -= step
    canvas.setFillColor(INK)
    canvas.setFont(bold, size + 1)
    canvas.drawString(x, y, _fit(table.title, bold, size + 1, width))
    columns = (x + width * 0.66, x + width * 0.78, x + width)
    y -= step * 0.9
    canvas.setFont(regular, size - 1)
    canvas.setFillColor(FAINT)
    canvas.drawRightString(columns[0], y, "period")
    canvas.drawRightString(columns[1], y, "before")
    canvas.drawRightString(columns[2], y, "change")
    if table.withheld and table.previous_withheld:
        y -= step
        canvas.setFont(regular, size)
        canvas.drawString(x, y, "Withheld: too few reports to show safely.")
        return y - step * 0.6
    canvas.setFont(regular, size)
    for row in table.rows:
        y -= step
        canvas.setStrokeColor(RULE)
        canvas.line(x, y - 2.5, x + width, y - 2.5)
        canvas.setFillColor(INK)
        canvas.drawString(x, y, _fit(row.label, regular, size, columns[0] - x - 22))
        canvas.drawRightString(
            columns[0], y, "withheld" if table.withheld else shown_text(row.count)
        )
        canvas.setFillColor(FAINT)
        canvas.drawRightString(
            columns[1], y, "withheld" if table.previous_withheld else shown_text(row.previous)
        )
        canvas.drawRightString(columns[2], y, change_text(row.count, row.previous, short=True)
                               if row.change else "")  # fmt: skip
    canvas.setFillColor(black)
    return y - step * 0.6


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis if it would run into the numbers."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
