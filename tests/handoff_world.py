"""A centre and a force that know each other, driven through both command lines (the ``world``
fixture in tests/cli/conftest.py builds one once per module and copies it for each test)."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_app.cli.force_main import main as force_main
from intake_app.cli.main import main as intake_main
from intake_app.domain.report_template import example_report
from tests.conftest import PASSPHRASE

FORCE_PASSPHRASE = "blue heron quarry lantern"


class World:
    """A centre and a force that know each other, with four ready reports at the centre."""

    def __init__(self, root: Path, capture: pytest.CaptureFixture[str] | None = None) -> None:
        self.root, self.capture = root, capture
        self.refs: list[str] = []

    def _run(self, command: Callable[[list[str]], int], args: list[str]) -> tuple[int, str, str]:
        if self.capture is not None:
            code = command(args)
            out, err = self.capture.readouterr()
            return code, out, err
        out_buffer, err_buffer = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
            code = command(args)
        return code, out_buffer.getvalue(), err_buffer.getvalue()

    def centre(self, *args: str) -> tuple[int, str, str]:
        return self._run(intake_main, ["--data-dir", str(self.root / "centre"), "--user", "Amina",
                                       "--passphrase-file", str(self.root / "centre.pass"), *args])  # fmt: skip

    def force(self, *args: str) -> tuple[int, str, str]:
        return self._run(force_main, ["--home", str(self.root / "force"),
                                      "--passphrase-file", str(self.root / "force.pass"), *args])  # fmt: skip

    def build(self) -> None:
        root, centre, force = self.root, self.centre, self.force
        (root / "centre.pass").write_text(PASSPHRASE + "\n")
        (root / "force.pass").write_text(FORCE_PASSPHRASE + "\n")
        init = ("init", "--centre-name", "Riverside Advice Centre", "--centre-code", "RIVA")
        assert centre(*init)[0] == 0
        assert (
            force("keygen", "--name", "Leicestershire Police", "--code", "leicestershire")[0] == 0
        )
        _code, out, _ = force("profile", "-o", str(root / "profile.json"))
        fingerprint = out.strip().splitlines()[-1].strip()
        assert (
            centre("profile", "import", str(root / "profile.json"), "--fingerprint", fingerprint)[0]
            == 0
        )
        assert centre("centre-key", "-o", str(root / "RIVA.pub"))[0] == 0
        assert force("centre", "add", str(root / "RIVA.pub"), "--code", "RIVA")[0] == 0
        report = example_report().to_dict()
        (root / "r.json").write_text(json.dumps(report))
        self.refs = [
            centre("report", "add", "--json", str(root / "r.json"), "--ready")[1].strip()
            for _ in range(3)
        ]
        report["consent"] = "monitoring_only"
        (root / "m.json").write_text(json.dumps(report))
        self.refs.append(
            centre("report", "add", "--json", str(root / "m.json"), "--ready")[1].strip()
        )
