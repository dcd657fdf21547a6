"""Draw the app icon at every size the platforms ask for: packaging/icons/intake-app-N.png and
intake-app.ico (Windows). macOS's .icns is made from the PNGs by `iconutil` (packaging/README.md).

A speech bubble (someone telling) with a tick (it is recorded), white on deep blue."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(31, 78, 140))
    p.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 13 * s, 13 * s)
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(12 * s, 13 * s, 40 * s, 29 * s), 8 * s, 8 * s)
    tail = QPainterPath()
    tail.moveTo(QPointF(20 * s, 40 * s))
    tail.lineTo(QPointF(17 * s, 51 * s))
    tail.lineTo(QPointF(30 * s, 41 * s))
    tail.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(bubble.united(tail))
    pen = QPen(QColor(31, 78, 140), max(1.5, 5 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(22 * s, 28 * s))
    tick.lineTo(QPointF(29 * s, 34 * s))
    tick.lineTo(QPointF(42 * s, 21 * s))
    p.drawPath(tick)
    p.end()
    return image


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(str(OUT / f"intake-app-{size}.png"))
    if not draw(256).save(str(OUT / "intake-app.ico")):
        print("This Qt cannot write .ico files; the Windows icon was not made.", file=sys.stderr)
    del app


if __name__ == "__main__":
    main()
