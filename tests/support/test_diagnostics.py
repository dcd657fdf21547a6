"""The log you can send holds what happened and where in the code, and nothing anyone typed:
marker strings put through every path that can fail (names, passphrases, report text, file
names, exception messages) are never in it; a failure's code, shown to the person, finds its
line."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from intake_app.cli.main import main
from intake_app.domain.report_template import example_report
from intake_app.support import diagnostics
from intake_app.ui.background import run_in_background

MARKER = "Qzmarkerxv"  # in everything typed below; must never reach the log


@pytest.fixture
def logged(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    secret = tmp_path / "pass.txt"
    secret.write_text(f"violet kettle {MARKER} seven\n")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), "--user", f"Amina{MARKER}",
                     "--passphrase-file", str(secret), *args])  # fmt: skip
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init", "--centre-name", f"Centre {MARKER}", "--centre-code", "RIVA")[0] == 0
    yield run, data
    diagnostics.stop()


def _log(data: Path) -> str:
    return "".join(p.read_text() for p in sorted(data.glob(diagnostics.LOG_NAME + "*")))


def test_no_marker_reaches_the_log_whatever_fails(
    logged,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    run, data = logged
    report = example_report().to_dict()
    report["description"] = f"Shouted {MARKER} at the bus stop"
    report["person"]["name"] = f"Zenobia {MARKER}"
    (tmp_path / f"{MARKER}.json").write_text(json.dumps(report))
    code, out, _ = run("report", "add", "--json", str(tmp_path / f"{MARKER}.json"))
    assert code == 0
    reference = out.strip()
    assert run("report", "show", f"{MARKER}-2026-00001-X")[0] != 0  # a refusal quoting input
    assert run("report", "add", "--json", str(tmp_path / f"missing-{MARKER}.json"))[0] != 0

    # An unexpected failure whose message carries report content.
    from intake_app.services import reports

    def broken(*_: object, **__: object) -> None:
        raise ValueError(f"boom {MARKER} Zenobia")

    monkeypatch.setattr(reports.ReportService, "get", broken)
    code, _, err = run("report", "show", reference)
    assert code == 70 and MARKER not in err
    shown = re.search(r"code ([0-9A-F]{6})", err)
    assert shown is not None

    log = _log(data)
    assert MARKER not in log and "Zenobia" not in log and "bus stop" not in log
    line = next(line for line in log.splitlines() if f"code={shown.group(1)}" in line)
    assert "type=ValueError" in line and "at=" in line and ".py:" in line  # where, not what
    assert "program.started program=intake" in log and "refused" in log
    assert stat.S_IMODE(os.stat(data / diagnostics.LOG_NAME).st_mode) == 0o600


def test_a_failure_in_the_app_shows_a_code_that_finds_its_line(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    diagnostics.start(data, "intake-app")
    messages: list[str] = []

    def fails() -> None:
        raise KeyError(f"Zenobia {MARKER}")

    run_in_background(fails, lambda _: None, messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    diagnostics.stop()
    (message,) = messages
    assert MARKER not in message and "Nothing was lost" in message
    code = re.search(r"code ([0-9A-F]{6})", message)
    assert code is not None
    log = _log(data)
    assert f"code={code.group(1)} where=background type=KeyError" in log
    assert MARKER not in log


def test_event_fields_other_than_codes_and_numbers_are_withheld(tmp_path: Path) -> None:
    diagnostics.start(tmp_path, "test")
    diagnostics.event("checked", count=3, role="coordinator", note=f"Zenobia {MARKER}")
    diagnostics.stop()
    log = _log(tmp_path)
    assert "checked count=3 note=<withheld> role=coordinator" in log and MARKER not in log


def test_a_folder_that_cannot_hold_the_log_does_not_stop_the_program(tmp_path: Path) -> None:
    (tmp_path / diagnostics.LOG_NAME).mkdir()  # something in the way
    assert diagnostics.start(tmp_path, "test") is None
    diagnostics.event("still works")
