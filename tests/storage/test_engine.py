"""The store is opened only by SQLCipher 4: a plain SQLite build is refused with a clear message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from intake_app.storage import engine
from intake_app.support.errors import IntakeError
from intake_app.ui import app as app_module


def test_the_bundled_engine_is_sqlcipher_4() -> None:
    cipher, sqlite = engine.engine_versions()
    assert cipher.startswith("4.") and sqlite.startswith("3.")


def test_plain_sqlite_is_refused_in_plain_english() -> None:
    plain = sqlite3.connect(":memory:")
    with pytest.raises(IntakeError, match="missing its encryption"):
        engine.require_sqlcipher(plain)


def test_the_app_will_not_start_without_sqlcipher(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> tuple[str, str]:
        raise IntakeError(engine.NOT_SQLCIPHER)

    shown: list[str] = []
    monkeypatch.setattr(app_module, "engine_versions", broken)
    monkeypatch.setattr(app_module.QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    intake = app_module.IntakeApp(tmp_path / "data")
    assert intake.start() is False
    assert shown == [engine.NOT_SQLCIPHER]
    assert not (tmp_path / "data").exists()  # nothing was created
