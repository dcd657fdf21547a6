"""Names in Bengali, Gujarati, Panjabi, Arabic and Urdu show on screen even on a computer
with no font for them: the app registers its bundled Noto fonts with Qt at start."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from intake_app.ui import text_rendering
from intake_app.ui.app import register_fonts
from intake_app.ui.text_rendering import arabic_appears_in, unshown_scripts

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


def test_every_supported_script_shows_and_shapes_in_the_window_font(
    qapp: QApplication,
) -> None:
    register_fonts()
    assert unshown_scripts(QApplication.font()) == []


def test_a_script_with_no_font_or_no_shaping_is_named(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_fonts()
    monkeypatch.setitem(text_rendering.SAMPLES, "Private use", ("\ue000\ue001", False))
    monkeypatch.setitem(text_rendering.SAMPLES, "Latin, said to join", ("abc", True))
    assert unshown_scripts(QApplication.font()) == ["Private use", "Latin, said to join"]


def test_arabic_typed_into_a_field_appears_and_the_field_is_put_back(
    qtbot: QtBot,
) -> None:
    register_fonts()
    field = QLineEdit("Riverside")
    qtbot.addWidget(field)
    field.resize(300, 40)
    field.show()
    assert arabic_appears_in(field)
    assert field.text() == "Riverside"
