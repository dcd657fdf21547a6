"""``intake report subject-access``: the files a subject access request writes, named after the
reference; a folder that is missing, or files already there, refused in one plain line;
volunteers refused."""

from __future__ import annotations

import json

from intake_app.domain.report_template import example_report
from tests.cli.test_cli import cli  # noqa: F401  # the fixture
from tests.leaflets.test_leaflets import pdf_text


def test_a_coordinator_writes_the_files_and_a_second_time_nothing_is_replaced(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    (cli.tmp / "r.json").write_text(json.dumps(example_report().to_dict()))
    _code, out, _err = cli("report", "add", "--json", str(cli.tmp / "r.json"), "--ready")
    reference = out.strip()
    folder = cli.tmp / "for the person"
    folder.mkdir()
    code, out, err = cli("report", "subject-access", reference, "--out", str(folder))
    assert code == 0, err
    names = [f"subject-access-{reference}.pdf", f"subject-access-{reference}.json"]
    assert out.splitlines()[0] == "Wrote 2 files into the folder:"
    assert [line.strip() for line in out.splitlines()[1:3]] == names
    assert "They hold personal details" in out
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    data = json.loads((folder / names[1]).read_text(encoding="utf-8"))
    assert data["report"]["person"]["name"] == "Example Person"
    assert data["sent_to_police"] == [] and data["status"] == "ready"
    text = pdf_text((folder / names[0]).read_bytes(), cli.tmp)
    assert reference in text and "Example Person" in text and "not been sent to the police" in text

    code, out, err = cli("report", "subject-access", reference, "--out", str(folder))
    assert (code, out) == (1, "")
    assert err.startswith("intake: ") and err.count("\n") == 1
    assert "are already in the chosen folder. Nothing was written" in err

    code, _out, err = cli("report", "subject-access", reference, "-o", str(cli.tmp / "gone"))
    assert code == 1 and "The chosen folder does not exist" in err and "gone" not in err

    _code, out, _err = cli("audit", "verify")
    assert "intact" in out


def test_a_volunteer_is_told_only_a_coordinator_can(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    volunteer = cli.tmp / "volunteer.txt"
    volunteer.write_text("copper lantern meadow nine\n")
    code, _out, err = cli("user", "add", "Thaddeus", "--role", "volunteer",
                          "--new-passphrase-file", str(volunteer))  # fmt: skip
    assert code == 0, err
    (cli.tmp / "r.json").write_text(json.dumps(example_report().to_dict()))
    as_thaddeus = {"user": "Thaddeus", "passfile": volunteer}
    _code, out, _err = cli("report", "add", "--json", str(cli.tmp / "r.json"), **as_thaddeus)
    code, out, err = cli(
        "report", "subject-access", out.strip(), "--out", str(cli.tmp), **as_thaddeus
    )
    assert code == 1 and out == ""
    assert "Only a coordinator can answer a subject access request" in err
    assert not list(cli.tmp.glob("subject-access-*"))
