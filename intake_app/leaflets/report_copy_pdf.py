"""The person's copy of their report as an A4 PDF, set with the leaflet typesetter.

Each paragraph is set in the bundled font of the script it is written in (an Urdu account, a
Gurmukhi name, Polish diacritics), right to left when it starts with right-to-left letters, and
any word in another script in that script's font. Labels sit in a column on the left, what was
recorded on the right. Every page ends with the reminder to keep the copy safe, the centre's
name, the reference and the page number.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.leaflets import fonts
from intake_app.leaflets.report_copy import CopyContent, Line
from intake_app.leaflets.typeset import (
    Style,
    Word,
    draw_line,
    printable,
    space_width,
    starts_rtl,
    width_of,
    wrap,
)

MARGIN = 18 * mm
TOP = A4[1] - MARGIN
BOTTOM = MARGIN + 12 * mm  # the footer sits below this
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 50 * mm
VALUE_LEFT = MARGIN + LABEL_WIDTH + 5 * mm
TITLE, REFERENCE, HEADING, BODY, LABEL, SMALL = 18.0, 24.0, 13.0, 10.5, 9.5, 8.0
LABEL_GREY = 0.3
ANSWER_LINES, ANSWER_LEADING = 4, BODY * 2.3  # ruled room to write an answer below a question

Draw = Callable[[Canvas], None]
SetLine = tuple[list[Word], Style]


def style_for(text: str, size: float, bold: bool = False) -> Style:
    """The style a piece of free text is set in: its own script's font and direction."""
    return Style(fonts.script_of(text), size, bold=bold, rtl=starts_rtl(text))


def set_text(text: str, size: float, width: float, bold: bool = False) -> list[SetLine]:
    """Lines of ``text`` no wider than ``width``, each paragraph in its own script's style."""
    lines: list[SetLine] = []
    for paragraph in printable(text).split("\n"):
        if paragraph.strip():
            style = style_for(paragraph, size, bold)
            lines += [
                (line, style) for line in wrap(paragraph, style, width, break_long_words=True)
            ]
    return lines


def line_width(line: list[Word], style: Style) -> float:
    return sum(width_of(word) for word in line) + space_width(style) * (len(line) - 1)


def _text(line: list[Word], left: float, right: float, y: float, style: Style, grey: float,
          canvas: Canvas) -> None:  # fmt: skip
    canvas.setFillGray(grey)
    draw_line(canvas, line, left, right, y, style)
    canvas.setFillGray(0)


def _rule(x1: float, x2: float, y: float, weight: float, canvas: Canvas) -> None:
    canvas.setLineWidth(weight)
    canvas.line(x1, y, x2, y)


def _box(x: float, y: float, width: float, height: float, canvas: Canvas) -> None:
    canvas.setLineWidth(1.4)
    canvas.roundRect(x, y, width, height, 3 * mm, stroke=1, fill=0)


class _Pages:
    """Lays the copy out into pages of drawing steps; drawn once the page count is known."""

    def __init__(self) -> None:
        self.pages: list[list[Draw]] = [[]]
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM and self.y < TOP:
            self.pages.append([])
            self.y = TOP

    def add(self, draw: Draw) -> None:
        self.pages[-1].append(draw)

    def rows(self, left: list[SetLine], right: list[SetLine], *, indent: float = 0,
             grey: float = 0, keep: float = 0, inset: float = 0) -> None:  # fmt: skip
        """Lines side by side (a label and its value), or across the page (less ``inset`` on
        each side) when there is no label. ``keep`` is the room wanted above (a heading's)."""
        value_left = VALUE_LEFT if left else MARGIN + inset
        value_right = MARGIN + WIDTH - inset
        for i in range(max(len(left), len(right))):
            here = [x for x in (left[i : i + 1], right[i : i + 1]) if x]
            step = max(style.leading for ((_, style),) in here)
            self.need(step + (keep if i == 0 else 0))
            self.y -= step
            if i < len(left):
                line, style = left[i]
                baseline = self.y + style.leading * 0.28
                self.add(partial(_text, line, MARGIN, MARGIN + LABEL_WIDTH, baseline, style,
                                 LABEL_GREY))  # fmt: skip
            if i < len(right):
                line, style = right[i]
                hanging = indent if i else 0  # a bullet's later lines, on its reading side
                lo = value_left + (0 if style.rtl else hanging)
                hi = value_right - (hanging if style.rtl else 0)
                self.add(partial(_text, line, lo, hi, self.y + style.leading * 0.28, style, grey))

    def space(self, height: float) -> None:
        self.y -= height


def _line(pages: _Pages, line: Line) -> None:
    if line.kind == "pair":
        label = set_text(line.label, LABEL, LABEL_WIDTH, bold=True)
        value = set_text(line.text, BODY, WIDTH - LABEL_WIDTH - 5 * mm)
        if value:
            pages.space(2)
            pages.rows(label, value)
    elif line.kind == "subheading":
        pages.space(5)
        pages.rows([], set_text(line.text, BODY, WIDTH, bold=True), keep=BODY * 2)
    elif line.kind == "question":  # with its room for an answer, on one page
        question = set_text(line.text, BODY, WIDTH, bold=True)
        room = ANSWER_LINES * ANSWER_LEADING
        pages.space(BODY)
        pages.need(sum(style.leading for _words, style in question) + room)
        pages.rows([], question)
        for _answer_line in range(ANSWER_LINES):
            pages.space(ANSWER_LEADING)
            pages.add(partial(_rule, MARGIN, MARGIN + WIDTH, pages.y, 0.4))
    elif line.kind == "bullet":
        indent = BODY * 1.1
        pages.space(1)
        pages.rows([], set_text("• " + line.text, BODY, WIDTH - indent), indent=indent)
    else:
        pages.space(3)
        pages.rows([], set_text(line.text, BODY, WIDTH))


def _heading(pages: _Pages, text: str) -> None:
    lines = set_text(text, HEADING, WIDTH, bold=True)
    pages.space(HEADING)
    pages.need(HEADING * 1.35 * len(lines) + BODY * 3)
    pages.rows([], lines)
    rule_y = pages.y - 2
    pages.add(partial(_rule, MARGIN, MARGIN + WIDTH, rule_y, 0.6))
    pages.space(3)


def _reference(pages: _Pages, content: CopyContent) -> None:
    inner = WIDTH - 10 * mm
    top = pages.y - 4 * mm
    pages.space(4 * mm + 3 * mm)
    pad = 5 * mm
    pages.rows([], set_text(content.reference_label, LABEL, inner, bold=True), inset=pad)
    pages.rows([], set_text(content.reference, REFERENCE, inner, bold=True), inset=pad)
    pages.space(2)
    pages.rows([], set_text(content.reference_hint, LABEL, inner), grey=LABEL_GREY, inset=pad)
    pages.space(3 * mm)
    pages.add(partial(_box, MARGIN, pages.y, WIDTH, top - pages.y))
    pages.space(2 * mm)


def _footer(canvas: Canvas, content: CopyContent, page: int, pages: int) -> None:
    note = set_text(content.footer, SMALL, WIDTH, bold=True)[:1]
    label = content.page_label.replace("{page}", str(page)).replace("{pages}", str(pages))
    numbered = set_text(label, SMALL, WIDTH)[:1]
    used = sum(line_width(line, style) for line, style in numbered)
    centre = set_text(content.centre, SMALL, max(WIDTH - used - 6 * mm, 20 * mm))[:1]
    _rule(MARGIN, MARGIN + WIDTH, MARGIN + 8 * mm, 0.4, canvas)
    for line, style in note:
        draw_line(canvas, line, MARGIN, MARGIN + WIDTH, MARGIN + 4 * mm, style)
    for line, style in centre:
        draw_line(canvas, line, MARGIN, MARGIN + WIDTH - used - 6 * mm, MARGIN, style)
    for line, style in numbered:
        draw_line(canvas, line, MARGIN + WIDTH - used, MARGIN + WIDTH, MARGIN,
                  Style(style.script, style.size, style.bold, align_right=True))  # fmt: skip


def render_report_copy(content: CopyContent) -> bytes:
    pages = _Pages()
    pages.rows([], set_text(content.title, TITLE, WIDTH, bold=True))
    pages.space(2 * mm)
    _reference(pages, content)
    for fact in content.facts:
        _line(pages, fact)
    for part in content.parts:
        if part.new_page:
            pages.need(TOP)  # (a new page unless this one is still empty)
        _heading(pages, part.heading)
        for line in part.lines:
            _line(pages, line)
    out = io.BytesIO()
    # The page's starting font is a bundled one, so no unembedded font is named in the file.
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=fonts.register("latin"))
    canvas.setTitle(f"{content.title}: {content.reference}")
    canvas.setCreator(f"Intake {__version__}")
    canvas.setAuthor(content.centre)
    canvas.setSubject(content.reference)
    for number, steps in enumerate(pages.pages, 1):
        for step in steps:
            step(canvas)
        _footer(canvas, content, number, len(pages.pages))
        canvas.showPage()
    canvas.save()
    return out.getvalue()
