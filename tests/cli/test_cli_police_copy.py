"""The police copy from the command line: a report passed on without details is not ready until
its words have been read and checked; words can be taken out and put back."""

from __future__ import annotations

import json

from intake_app.domain.report_template import example_report
from intake_app.exchange.report_schema import sent_form
from tests.cli.test_cli import cli  # noqa: F401  # the fixture


def test_the_police_copy_is_read_checked_and_then_ready(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    document = sent_form(example_report())
    document["consent"] = "police_without_details"
    document["description"] = "Barnaby from number 14 followed me from the bus stop."
    path = cli.tmp / "r.json"
    path.write_text(json.dumps(document))
    code, out, _err = cli("report", "add", "--json", str(path))
    assert code == 0
    reference = out.split()[-1].rstrip(".")
    code, _out, err = cli("report", "ready", reference)
    assert code != 0 and "confirm it names nobody" in err
    code, out, _err = cli("report", "police-copy", reference)
    assert "Barnaby from number 14" in out and "Not checked yet" in out
    assert "The exact words used:\n  Example: the words they shouted" in out  # each its own
    assert out.count("What happened:") == 1
    code, out, _err = cli(
        "report", "police-copy", reference, "--take-out", "Barnaby", "--take-out", "number 14"
    )
    assert "[removed] from [removed] followed me" in out and "Not checked yet" in out
    code, out, _err = cli("report", "police-copy", reference, "--names-nobody")
    assert "Checked: it names nobody." in out
    code, out, err = cli("report", "ready", reference)
    assert code == 0, err
    code, out, _err = cli("report", "show", reference, "--json")
    kept = json.loads(out)["report"]
    assert "Barnaby from number 14" in kept["description"]  # the centre keeps what was said
    assert kept["police_copy"]["removed"] == ["Barnaby", "number 14"]
