"""``intake report link|unlink`` and the links in ``intake report show``: added, shown from both
reports, refused twice, removed; a volunteer refused a report they cannot see."""

from __future__ import annotations

import json

import pytest

from intake_app.domain.report_template import example_report
from tests.cli.test_cli import cli  # noqa: F401  # the fixture


def _add(cli, **user: object) -> str:  # type: ignore[no-untyped-def]  # noqa: F811
    (cli.tmp / "r.json").write_text(json.dumps(example_report().to_dict()))
    code, out, err = cli("report", "add", "--json", str(cli.tmp / "r.json"), **user)
    assert code == 0, err
    return str(out.strip())


def test_two_reports_are_linked_shown_refused_twice_and_unlinked(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = _add(cli), _add(cli)
    code, out, err = cli("report", "link", first, second.lower(), "--reason", "same_person")
    assert code == 0, err
    assert out.strip() == f"{first} linked to {second}: The same person"
    code, out, err = cli("report", "link", second, first, "--reason", "same_person")
    assert (code, out) == (1, "")
    assert err.startswith("intake: ") and "already linked" in err and err.count("\n") == 1
    code, out, err = cli("report", "link", second, first, "--reason", "other")
    assert code == 1 and "Say in a few words why" in err
    code, out, err = cli("report", "link", second, first, "--reason", "other",
                         "--note", "Both about the corner shop")  # fmt: skip
    assert code == 0, err
    code, out, _err = cli("report", "show", second)
    assert f"linked to {first}: The same person" in out
    assert f"linked to {first}: Another reason (Both about the corner shop)" in out
    code, out, _err = cli("report", "show", first, "--json")
    links = json.loads(out)["links"]
    assert sorted((x["reference"], x["reason"]) for x in links) == [
        (second, "other"),
        (second, "same_person"),
    ]
    code, out, err = cli("report", "unlink", first, second)
    assert code == 0, err
    assert out.strip() == f"Removed 2 links between {first} and {second}."
    code, out, err = cli("report", "unlink", first, second)
    assert code == 1 and "is not linked" in err
    with pytest.raises(SystemExit):  # argparse names the choices
        cli("report", "link", first, second, "--reason", "cousins")
    _code, out, _err = cli("audit", "verify")
    assert "intact" in out


def test_a_volunteer_cannot_link_a_report_they_cannot_see(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    volunteer = cli.tmp / "volunteer.txt"
    volunteer.write_text("copper lantern meadow nine\n")
    code, _out, err = cli("user", "add", "Thaddeus", "--role", "volunteer",
                          "--new-passphrase-file", str(volunteer))  # fmt: skip
    assert code == 0, err
    coordinators = _add(cli)
    as_thaddeus = {"user": "Thaddeus", "passfile": volunteer}
    own = _add(cli, **as_thaddeus)
    code, out, err = cli("report", "link", own, coordinators, "--reason", "same_place",
                         **as_thaddeus)  # fmt: skip
    assert code == 1 and out == "" and coordinators not in err
    code, out, _err = cli("report", "show", coordinators)
    assert "linked to" not in out
