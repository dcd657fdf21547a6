"""Whether this installation can show people's names in every script the app supports: each
script has a font (no empty boxes), its letters join or combine as they should (so the text
was shaped), and Arabic typed into a window really appears. Used by ``intake-app --self-test``,
which checks an installation (the frozen build's dist-check runs it)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QImage, QTextLayout
from PySide6.QtWidgets import QLineEdit

from intake_app.support.i18n import N_

# A word per script whose letters change shape when shaped: joining letters (Arabic, Urdu)
# or a conjunct made with a virama (Bengali, Gurmukhi, Gujarati). Welsh has no shaping to see,
# only letters a font may lack. The names are said by ``intake-app --self-test`` (translated there).
SAMPLES = {
    # Translators: names of the writing systems the self-test checks (Gurmukhi is the script
    # Panjabi is written in).
    N_("Arabic"): ("بيت", True),
    N_("Urdu"): ("بچہ", True),
    N_("Bengali"): ("ক্ষমা", True),
    N_("Gurmukhi"): ("ਪ੍ਰੇਮ", True),
    N_("Gujarati"): ("ક્ષમા", True),
    N_("Welsh"): ("Ŵyr ŷd", False),
}
ARABIC = "مرحبا بالعالم"
MISSING_GLYPH = 0


def _glyphs(text: str, font: QFont) -> list[int]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    return [glyph for run in layout.glyphRuns() for glyph in run.glyphIndexes()]


def unshown_scripts(font: QFont) -> list[str]:
    """The scripts whose sample text has missing letters or comes out unshaped in ``font``
    (with Qt's fallback to other fonts, as on screen)."""
    failing = []
    for script, (word, shapes) in SAMPLES.items():
        glyphs = _glyphs(word, font)
        one_by_one = [glyph for letter in word for glyph in _glyphs(letter, font)]
        if not glyphs or MISSING_GLYPH in glyphs or (shapes and glyphs == one_by_one):
            failing.append(script)
    return failing


def arabic_appears_in(field: QLineEdit) -> bool:
    """Type Arabic into a window's text field and see it drawn (then put the field back)."""
    before = field.text()
    field.setText("")
    empty = field.grab().toImage()
    field.setText(ARABIC)
    typed = field.grab().toImage()
    field.setText(before)
    return _differing_pixels(empty, typed) > 50


def _differing_pixels(one: QImage, other: QImage) -> int:
    if one.size() != other.size():
        return one.width() * one.height()
    return sum(
        1
        for y in range(one.height())
        for x in range(one.width())
        if one.pixel(x, y) != other.pixel(x, y)
    )
