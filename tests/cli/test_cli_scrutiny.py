"""``intake scrutiny-pack`` and ``intake scrutiny-questions`` from the command line."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from intake_app.app.session import unlock
from intake_app.domain.report_template import example_report
from intake_app.exchange.report_schema import sent_form
from tests.cli.test_cli import cli  # noqa: F401  # the fixture
from tests.conftest import PASSPHRASE
from tests.scrutiny_world import sent_cases


def test_a_pack_is_written_and_the_questions_set(cli, force: Any) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    session = unlock(cli.tmp / "data", "Amina", PASSPHRASE)  # a case the force closed
    with session:
        (reference,) = sent_cases(session, force, [example_report()])
    path = cli.tmp / "r.json"
    path.write_text(json.dumps(sent_form(example_report())))
    code, out, err = cli("report", "add", "--json", str(path), "--ready")
    assert code == 0, err
    still_open = out.strip().split()[-1].rstrip(".")
    code, _out, err = cli("scrutiny-pack", still_open, "-o", str(cli.tmp / "open.pdf"))
    assert code == 1 and f"{still_open} is not closed" in err
    assert not (cli.tmp / "open.pdf").exists()
    (cli.tmp / "questions.txt").write_text("Was it recorded right?\nWhat could be better?\n")
    code, out, err = cli("scrutiny-questions", "--set", str(cli.tmp / "questions.txt"))
    assert code == 0, err
    assert out.splitlines() == ["1. Was it recorded right?", "2. What could be better?"]
    code, out, err = cli("scrutiny-pack", reference, "-o", str(cli.tmp / "pack.pdf"))
    assert code == 0, err
    assert "1 case" in out
    text = subprocess.run(
        ["pdftotext", str(cli.tmp / "pack.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Was it recorded right?" in text and "Example Person" not in text
    code, _out, err = cli("scrutiny-pack", "RIVA-2099-99999-X", "-o", str(cli.tmp / "x.pdf"))
    assert code == 1 and err.count("\n") == 1
    assert not (cli.tmp / "x.pdf").exists()
