"""Names in Bengali, Gujarati, Panjabi, Arabic and Urdu show on screen even on a computer
with no font for them: the app registers its bundled Noto fonts with Qt at start."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from intake_app.ui.app import register_fonts

SAMPLES = {
    "Noto Sans Bengali": "বাংলা",
    "Noto Sans Gujarati": "ગુજરાતી",
    "Noto Sans Gurmukhi": "ਪੰਜਾਬੀ",
    "Noto Naskh Arabic": "العربية",
    "Noto Nastaliq Urdu": "اردو",
}


def test_bundled_fonts_cover_every_leaflet_script(qapp: QApplication) -> None:
    register_fonts()
    families = set(QFontDatabase.families())
    for family, sample in SAMPLES.items():
        assert family in families, family
        metrics = QFontMetrics(QFont(family))
        assert all(metrics.inFontUcs4(ord(ch)) for ch in sample if ch.isalpha()), family
