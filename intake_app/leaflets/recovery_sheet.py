"""The recovery sheet, set with the leaflet typesetter: the key, what it is for, how to keep it."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.domain.dates import uk
from intake_app.leaflets.fonts import register
from intake_app.leaflets.typeset import Style, draw_line, wrap

MARGIN = 20 * mm

PARAGRAPHS = (
    ("heading", "What it is for"),
    ("body", "If a coordinator or volunteer forgets their passphrase, a coordinator can set a new "
             "one with this key (Users, Reset passphrase; or: intake user reset NAME). "
             "It also opens a backup restored on a new computer."),
    ("heading", "Keep it safe"),
    ("body", "• Anyone with this key and a copy of the data folder can read every report."),
    ("body", "• Do not photograph it, email it, or keep it on the same computer."),
    ("body", "• If it is lost and every passphrase is forgotten, nobody can recover the reports."),
    ("body", "Letters I, L, O and U are never used. The fifth character of each group is a check, "
             "so a mistyped group is caught and named."),
)  # fmt: skip


def render_recovery_sheet(centre: str, key: str, made: date | None = None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=register("latin"))
    canvas.setTitle("Recovery key")
    canvas.setCreator(f"Intake {__version__}")
    width = A4[0] - 2 * MARGIN
    y = A4[1] - MARGIN

    def paragraph(text: str, style: Style, space: float) -> None:
        nonlocal y
        y -= space
        for i, line in enumerate(wrap(text, style, width)):
            y -= style.leading if i else style.size
            draw_line(canvas, line, MARGIN, MARGIN + width, y, style)

    paragraph(f"Recovery key — {centre}", Style("latin", 20, bold=True), 0)
    made_on = uk(made or date.today())
    paragraph(f"Made on {made_on}. Keep this sheet locked away, apart from the computer.",
              Style("latin", 10), 8)  # fmt: skip
    paragraph("  ".join(key.split("-")), Style("latin", 19, bold=True), 18)
    for kind, text in PARAGRAPHS:
        heading = kind == "heading"
        paragraph(text, Style("latin", 13 if heading else 11, bold=heading), 14 if heading else 5)
    canvas.save()
    return out.getvalue()
