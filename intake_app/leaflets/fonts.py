"""Bundled Noto fonts, one family per script, registered once with ReportLab (embedded, subset)."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from intake_app.support.resources import resources_dir

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


def covering(text: str, bold: bool = False) -> str | None:
    """The first bundled font that has every character of ``text``, if any does."""
    for script in FAMILIES:
        font = register(script, bold)
        if covers(font, text):
            return font
    return None


_BLOCKS = (
    ("arabic", 0x0600, 0x06FF),
    ("arabic", 0x0750, 0x077F),
    ("arabic", 0x08A0, 0x08FF),
    ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("bengali", 0x0980, 0x09FF),
    ("gurmukhi", 0x0A00, 0x0A7F),
    ("gujarati", 0x0A80, 0x0AFF),
)
# Letters Urdu uses and Arabic does not: text with them is set in Nastaliq, as Urdu is read.
_URDU_LETTERS = frozenset("\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c2\u06d2\u06d3")


def _block(ch: str) -> str | None:
    code = ord(ch)
    return next((script for script, low, high in _BLOCKS if low <= code <= high), None)


def script_of(text: str) -> str:
    """The script a piece of free text is mostly written in, among the bundled families.

    Text in a script with no bundled family, or with no letters at all, is "latin"; Latin
    words in text that is mostly in another script are set in Noto Sans as they come.
    """
    counts: dict[str, int] = {}
    for ch in text:
        script = _block(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "latin"
    script = max(counts, key=lambda s: counts[s])
    if script == "arabic" and any(ch in _URDU_LETTERS for ch in text):
        return "nastaliq"
    return script
