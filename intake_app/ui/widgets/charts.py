"""Charts drawn with QPainter: horizontal bars for categories, columns for months.

Each chart takes rows of (label, this period, previous period) where a count may be hidden (as
published); a hidden count gets no bar, only its mark. The previous period is a thin grey tick so
the change is seen at a glance. Every chart carries a text description for screen readers, and
the screen offers the same figures as tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from intake_app.statistics.disclosure import Shown, shown_text
from intake_app.support.i18n import _, pgettext

BAR = QColor(41, 98, 158)
PREVIOUS = QColor(120, 126, 134)


@dataclass(frozen=True)
class ChartRow:
    label: str
    count: Shown
    previous: Shown


def describe(title: str, rows: Sequence[ChartRow]) -> str:
    """What a screen reader says for a chart: its title, then each row's figures."""
    # Translators: one row of a chart, read by screen readers: {label} is a category or a month,
    # {count} its figure this period, {previous} the figure in the period before.
    row_text = _("{label}: {count} (before: {previous})")
    parts = [
        row_text.format(label=r.label, count=shown_text(r.count), previous=shown_text(r.previous))
        for r in rows
    ]
    # Translators: put between the rows of a chart as a screen reader reads them.
    separator = pgettext("between items of a list", "; ")
    # Translators: a chart as a screen reader reads it: {title} is the chart's title, {rows}
    # its rows one after another.
    return _("{title}. {rows}.").format(title=title, rows=separator.join(parts))


def _peak(rows: Sequence[ChartRow]) -> int:
    values = [v for r in rows for v in (r.count, r.previous) if isinstance(v, int)]
    return max([*values, 1])


class _Chart(QWidget):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.rows: list[ChartRow] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def flip(self, rect: QRectF) -> QRectF:
        """A rectangle as drawn: mirrored in a right-to-left layout (Arabic, Urdu), so the
        first category's label is at the right and the months run from right to left."""
        if self.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            return rect
        return QRectF(self.width() - rect.right(), rect.top(), rect.width(), rect.height())

    def flip_x(self, x: float) -> int:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        return int(self.width() - x if rtl else x)

    def set_rows(self, rows: Sequence[ChartRow]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription(describe(self.title, self.rows))
        self.updateGeometry()
        self.update()


class BarChart(_Chart):
    """One horizontal bar per category, in the order given."""

    def _line(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.rows)) * self._line() + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line()
        label_width = min(
            max((metrics.horizontalAdvance(r.label) for r in self.rows), default=0) + 20,
            int(self.width() * 0.45),
        )
        number_width = metrics.horizontalAdvance("00000") + 8
        area = max(10, self.width() - label_width - number_width - 8)
        peak = _peak(self.rows)
        for i, row in enumerate(self.rows):
            top = i * line + 2
            painter.setPen(text)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(
                self.flip(QRectF(0, top, label_width - 8, line)),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,  # mirrors in RTL
                label,
            )
            x = label_width
            if isinstance(row.count, int):
                length = area * row.count / peak
                painter.fillRect(
                    self.flip(QRectF(x, top + 4, max(length, 1 if row.count else 0), line - 8)),
                    BAR,
                )
                end = x + length
            else:
                end = x
            painter.setPen(text)
            painter.drawText(
                self.flip(QRectF(end + 6, top, number_width, line)),
                Qt.AlignmentFlag.AlignVCenter,
                shown_text(row.count),
            )
            if isinstance(row.previous, int) and row.previous:
                mark = x + area * row.previous / peak
                painter.setPen(QPen(PREVIOUS, 2))
                painter.drawLine(self.flip_x(mark), top + 2, self.flip_x(mark), top + line - 2)
        painter.end()


class MonthChart(_Chart):
    """A column per month, with last period's same-position month as a grey tick."""

    def sizeHint(self) -> QSize:
        return QSize(480, QFontMetrics(self.font()).height() * 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, QFontMetrics(self.font()).height() * 9)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        height = metrics.height()
        base = self.height() - 2 * height - 6
        usable = base - height - 6
        count = max(1, len(self.rows))
        slot = self.width() / count
        width = min(slot * 0.7, 48.0)
        peak = _peak(self.rows)
        every = max(1, int(metrics.horizontalAdvance("May 00") / slot) + 1)
        painter.setPen(QPen(PREVIOUS, 1))
        painter.drawLine(0, base, self.width(), base)
        for i, row in enumerate(self.rows):
            centre = slot * (i + 0.5)
            top: float = base
            if isinstance(row.count, int):
                top = base - usable * row.count / peak
                painter.fillRect(self.flip(QRectF(centre - width / 2, top, width, base - top)), BAR)
            if isinstance(row.previous, int) and row.previous:
                mark = base - usable * row.previous / peak
                painter.setPen(QPen(PREVIOUS, 2))
                painter.drawLine(
                    self.flip_x(centre - width / 2 - 3),
                    int(mark),
                    self.flip_x(centre + width / 2 + 3),
                    int(mark),
                )
            painter.setPen(text)
            if slot >= metrics.horizontalAdvance("000") + 4:
                painter.drawText(
                    self.flip(QRectF(centre - slot / 2, top - height - 2, slot, height)),
                    Qt.AlignmentFlag.AlignCenter,
                    shown_text(row.count),
                )
            # "Jan 2026": a month's name and its year. A new year starts where the year changes
            # (the months are in order), whatever the language names January.
            name, _space, year = row.label.rpartition(" ")
            new_year = i > 0 and year != self.rows[i - 1].label.rpartition(" ")[2]
            if i % every == 0 or new_year:
                painter.drawText(
                    self.flip(QRectF(centre - slot * every / 2, base + 3, slot * every, height)),
                    Qt.AlignmentFlag.AlignCenter,
                    name,
                )
            if i == 0 or new_year:
                painter.drawText(
                    self.flip(QRectF(centre - slot * 2, base + 3 + height, slot * 4, height)),
                    Qt.AlignmentFlag.AlignCenter,
                    year,
                )
        painter.end()
