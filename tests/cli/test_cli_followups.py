"""``intake followup`` and ``intake case``: follow-ups added, listed and due; a caseworker works
only the cases assigned to them and is refused the others in one plain line."""

from __future__ import annotations

import json

from intake_app.domain.report_template import example_report
from tests.cli.test_cli import cli  # noqa: F401  # the fixture

CASEWORKER_PASSPHRASE = "copper lantern meadow nine"


def _ready(cli) -> str:  # type: ignore[no-untyped-def]  # noqa: F811
    (cli.tmp / "r.json").write_text(json.dumps(example_report().to_dict()))
    _code, out, _err = cli("report", "add", "--json", str(cli.tmp / "r.json"), "--ready")
    return str(out.strip())


def test_follow_ups_are_added_listed_and_due(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ref = _ready(cli)
    code, out, err = cli("followup", "add", ref, "--note", "Left a message", "--due", "2000-01-03")
    assert code == 0, err
    assert out.strip() == f"Follow-up added to {ref}."
    code, out, err = cli(
        "followup", "add", ref, "--to", "Victim Support", "--referral", "offered",
        "--next", "Ask whether they want it", "--due", "2100-12-31",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = cli("followup", "add", ref, "--method", "call", "--note", "Spoke for 10 min")
    assert code == 0
    code, out, _ = cli("followup", "list", ref)
    lines = out.splitlines()
    assert len(lines) == 3
    assert "Note: Left a message" in lines[0] and "2000-01-03" in lines[0]
    assert "Referral: Victim Support (Offered)" in lines[1]
    assert "Contact (Call): Spoke for 10 min" in lines[2]
    code, out, _ = cli("followup", "due")
    assert out.splitlines() == [
        f"{ref}\t2000-01-03\toverdue\tLeft a message\t{lines[0].split()[0]}"
    ]
    code, out, _ = cli("followup", "due", "--on", "2100-12-31")
    assert [line.split("\t")[2] for line in out.splitlines()] == ["overdue", "today"]
    code, out, _ = cli("followup", "done", lines[0].split()[0])
    assert code == 0
    code, out, _ = cli("followup", "due")
    assert out.strip() == "Nothing is due."


def test_bad_dates_and_fields_are_refused_in_one_plain_line(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ref = _ready(cli)
    for args, words in (
        (("--note", "x", "--due", "31/12/2026"), "year-month-day"),
        (("--note", "x", "--due", "2026-02-30"), "not a real date"),
        (("--note", ""), "Write the note"),
        (("--referral", "made"), "who the person was referred to"),
        (("--note", "x", "--next", "call"), "due date"),
    ):
        code, out, err = cli("followup", "add", ref, *args)
        assert (code, out) == (1, ""), args
        assert err.startswith("intake: ") and err.count("\n") == 1 and words in err, err
    code, out, _ = cli("followup", "list", ref)
    assert out.strip() == "No follow-ups yet."


def test_a_caseworker_is_refused_cases_not_assigned_to_them(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    mine, other = _ready(cli), _ready(cli)
    secret = cli.tmp / "bea.txt"
    secret.write_text(CASEWORKER_PASSPHRASE + "\n")
    code, out, err = cli(
        "user", "add", "Bea", "--role", "caseworker", "--new-passphrase-file", str(secret)
    )
    assert code == 0, err

    def bea(*args: str) -> tuple[int, str, str]:
        return cli(*args, user="Bea", passfile=secret)  # type: ignore[no-any-return]

    code, out, err = bea("followup", "list", mine)
    assert code == 1 and "No case with that reference is assigned to you." in err
    code, out, err = cli("case", "assign", mine, "Bea")
    assert code == 0 and out.strip() == f"{mine} is assigned to Bea."
    code, out, err = bea("followup", "add", mine, "--method", "visit", "--note", "Home visit")
    assert code == 0, err
    code, out, _ = bea("case", "list")
    assert out.strip() == f"{mine}\tready"
    code, out, _ = bea("report", "list")
    assert mine in out and other not in out
    for args in (("followup", "list", other), ("report", "show", other)):
        code, out, err = bea(*args)
        assert (code, out) == (1, "") and "is assigned to you. Check the reference" in err, args
    code, out, err = bea("case", "assign", other, "Bea")
    assert code == 1 and "Only a coordinator" in err
