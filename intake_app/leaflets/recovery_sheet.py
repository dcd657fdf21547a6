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
from intake_app.support.i18n import N_, _

MARGIN = 20 * mm

# The sheet is in the language the app speaks when it is made: translated as it is set.
PARAGRAPHS = (
    # Translators: a heading on the printed recovery sheet.
    ("heading", N_("What it is for")),
    # Translators: "Users, Reset passphrase" names the app's page and button; "intake user reset
    # NAME" is a command to type: keep it as it is.
    ("body", N_("If a coordinator or volunteer forgets their passphrase, a coordinator can set a "
                "new one with this key (Users, Reset passphrase; or: intake user reset NAME). "
                "It also opens a backup restored on a new computer.")),
    # Translators: a heading on the printed recovery sheet.
    ("heading", N_("Keep it safe")),
    ("body", N_("• Anyone with this key and a copy of the data folder can read every report.")),
    ("body", N_("• Do not photograph it, email it, or keep it on the same computer.")),
    ("body", N_("• If it is lost and every passphrase is forgotten, nobody can recover the "
                "reports.")),
    # Translators: the letters are those of the recovery key (I, L, O and U are left out so
    # they are not mistaken for 1 and 0): keep them as they are.
    ("body", N_("Letters I, L, O and U are never used. The fifth character of each group is a "
                "check, so a mistyped group is caught and named.")),
)  # fmt: skip


def render_recovery_sheet(centre: str, key: str, made: date | None = None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=register("latin"))
    canvas.setTitle(_("Recovery key"))
    canvas.setCreator(f"Intake {__version__}")
    width = A4[0] - 2 * MARGIN
    y = A4[1] - MARGIN

    def paragraph(text: str, style: Style, space: float) -> None:
        nonlocal y
        y -= space
        for i, line in enumerate(wrap(text, style, width)):
            y -= style.leading if i else style.size
            draw_line(canvas, line, MARGIN, MARGIN + width, y, style)

    # Translators: the title of the printed recovery sheet; {centre} is the centre's name.
    paragraph(_("Recovery key — {centre}").format(centre=centre), Style("latin", 20, bold=True), 0)
    made_on = uk(made or date.today())
    # Translators: {date} is the day the sheet was made (21/11/2026).
    paragraph(_("Made on {date}. Keep this sheet locked away, apart from the computer.").format(
                  date=made_on),
              Style("latin", 10), 8)  # fmt: skip
    paragraph("  ".join(key.split("-")), Style("latin", 19, bold=True), 18)
    for kind, text in PARAGRAPHS:
        heading = kind == "heading"
        paragraph(
            _(text), Style("latin", 13 if heading else 11, bold=heading), 14 if heading else 5
        )
    canvas.save()
    return out.getvalue()
