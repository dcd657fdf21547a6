"""Bundled Noto fonts, one family per script, registered once with ReportLab (embedded, subset)."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from intake_app.resources import resources_dir

FAMILIES = {
    "latin": "NotoSans",
    "arabic": "NotoNaskhArabic",
    "nastaliq": "NotoNastaliqUrdu",
    "bengali": "NotoSansBengali",
    "gujarati": "NotoSansGujarati",
    "gurmukhi": "NotoSansGurmukhi",
}


def font_name(script: str, bold: bool = False) -> str:
    return f"{FAMILIES[script]}-{'Bold' if bold else 'Regular'}"


@cache
def register(script: str, bold: bool = False) -> str:
    name = font_name(script, bold)
    path = resources_dir() / "fonts" / f"{name}.ttf"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def covers(font: str, text: str) -> bool:
    """Whether the font has a glyph for every character (spaces and joiners aside)."""
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return all(ord(ch) in glyphs for ch in text if ch not in " \u200c\u200d")
