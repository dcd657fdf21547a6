"""Setting lines of text in any of the leaflet scripts.

- Shaping: each run of text goes through HarfBuzz (ReportLab's ``shapeStr`` with uharfbuzz),
  so Bengali, Gujarati and Gurmukhi conjuncts and vowel signs, and joined Arabic and Urdu
  letters, come out right.
- Direction: a word is cut where right-to-left letters meet digits or Latin letters (so
  "18001 101۔" is a number run and a full-stop run), and lines of right-to-left text are put in
  display order by python-bidi (the Unicode bidirectional algorithm): words read right to left,
  while numbers and web addresses keep their own left-to-right order.
- Extraction: every non-Latin run carries its text as /ActualText, so ``pdftotext`` and copy and
  paste give the words themselves, in reading order.
- Fallback: a run the script's font cannot show (a web address in an Urdu line) is set in the
  Latin font, or, failing that, in whichever bundled font has its letters (a Gurmukhi name in
  an English sentence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

# The pure-Python implementation: unlike the Rust one, it mirrors brackets in right-to-left text.
from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from intake_app.leaflets import fonts
from intake_app.support.i18n import first_strong

GLUE = "\u2009"  # marks, for the bidi algorithm, the join between two runs of one word
_SEPARATORS = re.compile(f"([ {GLUE}])")


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _kind(ch: str) -> str:
    bidi_class = unicodedata.bidirectional(ch)
    if bidi_class in ("R", "AL"):
        return "R"
    if bidi_class in ("NSM", "BN"):
        return "="  # marks and joiners belong to the run they are in
    if "\u0600" <= ch <= "\u06ff" and bidi_class != "AN":
        return "R"  # Arabic-script punctuation (the comma ،) goes with the letters it follows
    return "L"  # letters, digits, Latin punctuation: "2026-11-21" stays one run


_DIRECTION_MARKS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """Free text as it can be set: line breaks kept (as "\\n"), tabs and other spaces made
    ordinary spaces, control characters and direction marks dropped (the typesetter puts the
    text in order itself), and a character Unicode does not yet define shown as "\ufffd"."""
    out: list[str] = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        category = unicodedata.category(ch)
        if ch == "\n" or category in ("Zl", "Zp"):
            out.append("\n")
        elif ch == "\t" or (category == "Zs" and ch != "\u00a0"):
            out.append(" ")
        elif category == "Cn":
            out.append("\ufffd")
        elif category not in ("Cc", "Cs") and ch not in _DIRECTION_MARKS:
            out.append(ch)
    return "".join(out)


def has_rtl(text: str) -> bool:
    return any(_kind(ch) == "R" for ch in text)


def starts_rtl(text: str) -> bool:
    """Whether the first strong letter reads right to left: the paragraph's base direction."""
    return first_strong(text) == "R"


_EDGE = ("CS", "ON", "ES", "ET", "WS", "B", "S")


def _peel(run: str) -> list[str]:
    """Punctuation at the ends of a left-to-right run ("999." or "(999)") is placed by the bidi
    algorithm on its own, so it becomes a run of its own."""
    start, end = 0, len(run)
    while start < end and unicodedata.bidirectional(run[start]) in _EDGE:
        start += 1
    while end > start and unicodedata.bidirectional(run[end - 1]) in _EDGE:
        end -= 1
    return [*run[:start], *([run[start:end]] if start < end else []), *run[end:]]


def runs(word: str) -> list[str]:
    """Cut a word where right-to-left letters meet anything else."""
    pieces: list[str] = []
    current, kind = "", ""
    for ch in word:
        k = _kind(ch)
        if k == "=" or k == kind or not current:
            current += ch
            kind = kind or (k if k != "=" else "")
        else:
            pieces.append(current)
            current, kind = ch, k
    if current:
        pieces.append(current)
    out: list[str] = []
    for piece in pieces:
        out += _peel(piece) if not has_rtl(piece) else [piece]
    return out


@dataclass(frozen=True)
class Piece:
    text: str  # logical order
    font: str
    size: float
    shaped: str
    width: float


Word = tuple[Piece, ...]


@dataclass(frozen=True)
class Style:
    script: str
    size: float
    bold: bool = False
    rtl: bool = False  # right-to-left base direction (and set against the right edge)
    align_right: bool = False  # left-to-right text set against the right edge (an RTL column)

    @property
    def font(self) -> str:
        return fonts.register(self.script, self.bold)

    @property
    def fallback(self) -> str:
        return fonts.register("latin", self.bold)

    @property
    def leading(self) -> float:
        # Nastaliq stacks letters diagonally and needs much more room between lines.
        return self.size * (1.9 if self.script == "nastaliq" else 1.35)


def _font_for(text: str, style: Style) -> str:
    """The script's font if it has the letters, else the Latin one, else any bundled one."""
    if fonts.covers(style.font, text):
        return style.font
    if fonts.covers(style.fallback, text):
        return style.fallback
    return fonts.covering(text, style.bold) or style.fallback


def make_piece(text: str, style: Style) -> Piece:
    font = _font_for(text, style)
    if style.script in ("arabic", "nastaliq") and not has_rtl(text):
        font = style.fallback  # digits and Latin in an Arabic-script line: the Latin face
    # A no-break space only stops a line breaking inside a run; drawn, it is a space.
    shaped = shapeStr(text.replace("\u00a0", " "), font, style.size)
    data = getattr(shaped, "__shapeData__", None)
    if data:
        width = sum(g.x_advance for g in data) * style.size / 1000
    else:
        width = pdfmetrics.stringWidth(text, font, style.size)
    return Piece(text, font, style.size, shaped, float(width))


def _by_font(run: str, style: Style) -> list[str]:
    """Cut a run where the script's font stops having the letters ("Vision-এর")."""
    if fonts.covers(style.font, run):
        return [run]
    if not has_rtl(run) and fonts.covers(style.fallback, run):
        return [run]  # digits and Latin in one face: "21/11/2026" stays one number for bidi
    parts: list[str] = []
    current, in_font = "", ""
    for ch in run:
        font = _font_for(ch, style)
        joins = unicodedata.category(ch).startswith("M") or (
            fonts.covers(style.fallback, ch) and unicodedata.bidirectional(ch) in _EDGE
        )
        if in_font and joins and fonts.covers(in_font, ch):
            font = in_font  # marks and punctuation stay with their neighbours
        if current and font != in_font:
            parts.append(current)
            current = ""
        current += ch
        in_font = font
    if current:
        parts.append(current)
    return parts


def make_word(text: str, style: Style) -> Word:
    return tuple(make_piece(part, style) for run in runs(text) for part in _by_font(run, style))


def width_of(word: Word) -> float:
    return sum(p.width for p in word)


def space_width(style: Style) -> float:
    return float(pdfmetrics.stringWidth(" ", style.fallback, style.size))


def _cut(text: str) -> int:
    """Where to cut an over-long word near its middle: never before a mark or a joiner."""
    cut = len(text) // 2
    while 0 < cut < len(text) and (
        unicodedata.category(text[cut]).startswith("M") or text[cut] in "\u200c\u200d"
    ):
        cut += 1
    return cut if cut < len(text) else len(text) // 2


def _fitted(text: str, style: Style, width: float) -> list[Word]:
    """A word cut into parts no wider than ``width`` (a long web address, or typing with no
    spaces), so nothing runs off the page."""
    word = make_word(text, style)
    if width_of(word) <= width or len(text) < 2:
        return [word]
    cut = _cut(text)
    return _fitted(text[:cut], style, width) + _fitted(text[cut:], style, width)


def wrap(
    text: str, style: Style, width: float, *, break_long_words: bool = False
) -> list[list[Word]]:
    """Break ``text`` into lines no wider than ``width`` (words in logical order).

    Only ordinary spaces break lines: a no-break space keeps "0800 555 111" together. With
    ``break_long_words``, a word wider than the line is cut to fit.
    """
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    gap = space_width(style)
    for text_word in (p for p in text.split(" ") if p):
        parts = (
            _fitted(text_word, style, width) if break_long_words else [make_word(text_word, style)]
        )
        for index, word in enumerate(parts):
            if index and used + width_of(word) <= width:
                line[-1] += word  # the rest of a cut word, with no space before it
                used += width_of(word)
                continue
            extra = width_of(word) + (gap if line and not index else 0)
            if line and (index or used + extra > width):
                lines.append(line)
                line, used = [], 0.0
                extra = width_of(word)
            line.append(word)
            used += extra
    if line:
        lines.append(line)
    return lines


def display_order(line: list[Word], rtl: bool) -> list[tuple[Piece, bool]]:
    """Runs left to right as they are seen, each with whether a space comes before it."""
    pieces = [(p, i > 0 and j == 0) for i, word in enumerate(line) for j, p in enumerate(word)]
    if not rtl and not any(has_rtl(p.text) for p, _ in pieces):
        return pieces
    logical = " ".join(GLUE.join(p.text for p in word) for word in line)
    try:
        parts = _SEPARATORS.split(get_display(logical, base_dir="R" if rtl else "L"))
    except AssertionError:  # a character it has no direction for (see ``printable``)
        return list(reversed(pieces)) if rtl else pieces
    by_text: dict[str, list[Piece]] = {}
    for piece, _ in pieces:
        by_text.setdefault(piece.text, []).append(piece)
    ordered: list[tuple[Piece, bool]] = []
    spaced = False
    for part in parts:
        if part in (" ", GLUE):
            spaced = part == " "
            continue
        if not part:
            continue
        text = part[::-1] if has_rtl(part) else part
        shown = _take(by_text, text)
        if shown is None:
            return list(reversed(pieces)) if rtl else pieces  # should not happen; stay readable
        ordered.append((shown, spaced and bool(ordered)))
        spaced = False
    return ordered


def _take(by_text: dict[str, list[Piece]], shown: str) -> Piece | None:
    """The next piece shown as ``shown``; a bracket turned round in right-to-left text ("(" of
    "(2026)" with no partner on the line) is drawn turned round."""
    if by_text.get(shown):
        return by_text[shown].pop(0)
    logical = by_text.get(shown.translate(_MIRRORED))
    if not logical:
        return None
    piece = logical.pop(0)
    return replace(piece, shaped=shapeStr(shown, piece.font, piece.size))


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_piece(canvas: Canvas, piece: Piece, x: float, y: float, script: str) -> None:
    latin_font = piece.font.startswith(fonts.FAMILIES["latin"] + "-")
    tagged = script != "latin" or has_rtl(piece.text) or not latin_font
    if tagged:
        # pdftotext reads the replacement text of a right-to-left run in display order.
        actual = piece.text[::-1] if has_rtl(piece.text) else piece.text
        canvas._code.append(f"/Span <</ActualText {_actual_text(actual)}>> BDC")
    canvas.setFont(piece.font, piece.size)
    canvas.drawString(x, y, piece.shaped)
    if tagged:
        canvas._code.append("EMC")


def draw_line(
    canvas: Canvas, line: list[Word], left: float, right: float, y: float, style: Style
) -> None:
    gap = space_width(style)
    ordered = display_order(line, style.rtl)
    total = sum(p.width for p, _ in ordered) + gap * sum(1 for _, spaced in ordered if spaced)
    x = right - total if style.rtl or style.align_right else left
    for piece, spaced in ordered:
        if spaced:
            x += gap
        draw_piece(canvas, piece, x, y, style.script)
        x += piece.width
