"""The ``intake`` command line: exit status, one clear line on errors, the same services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake_app.cli.main import main
from intake_app.domain.report_template import example_report
from intake_app.exchange.report_schema import sent_form
from tests.conftest import PASSPHRASE
from tests.leaflets.test_leaflets import pdf_text


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], light_kdf: None):  # type: ignore[no-untyped-def]
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    data = tmp_path / "data"

    def run(*args: str, user: str = "Amina", passfile: Path = secret) -> tuple[int, str, str]:
        code = main(
            ["--data-dir", str(data), "--user", user, "--passphrase-file", str(passfile), *args]
        )
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("init", "--centre-name", "Riverside Advice Centre", "--centre-code", "RIVA")
    assert code == 0
    run.recovery = next(w for w in out.split() if w.count("-") == 5)  # type: ignore[attr-defined]
    run.tmp = tmp_path  # type: ignore[attr-defined]
    return run


def test_init_prints_the_recovery_key_once(cli) -> None:  # type: ignore[no-untyped-def]
    assert len(cli.recovery) == 35
    code, _out, err = cli("init", "--centre-name", "Again", "--centre-code", "AGN")
    assert code == 1
    assert (
        err.strip()
        == "intake: This data folder already holds a store. Unlock it, or choose another folder."
    )


def test_template_adds_shows_lists_and_readies(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("report", "template")
    assert json.loads(out) == sent_form(example_report())
    typed = json.loads(out)
    typed["when"]["start"] = "15/01/2026T18:30"  # as a person may write it
    typed["person"]["phone"] = "+48512345678"
    (tmp_path / "r.json").write_text(json.dumps(typed))
    code, out, _ = cli("report", "add", "--json", str(tmp_path / "r.json"))
    assert code == 0
    ref = out.strip()
    code, out, _ = cli("report", "list", "--json")
    assert [(r["reference"], r["occurred_on"]) for r in json.loads(out)] == [
        (ref, "2026-01-15T18:30")
    ]
    code, out, _ = cli("report", "list")
    assert "\t15/01/2026 18:30\t" in out
    code, out, _ = cli("report", "show", ref)
    assert "Example Person" in out and ref in out
    assert (
        "When it happened (or began): 15/01/2026 18:30" in out and "Phone: +48 512 345 678" in out
    )
    code, out, _ = cli("report", "ready", ref)
    assert code == 0 and "ready" in out
    code, out, _ = cli("report", "list", "--status", "ready", "--search", "bus stop")
    assert ref in out
    code, out, _ = cli("report", "withdraw", ref)
    assert code == 0
    code, out, _ = cli("report", "show", ref, "--json")
    assert json.loads(out)["report"]["person"]["name"] == ""
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out


def test_a_coordinator_corrects_a_ready_report(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = example_report().to_dict()
    (tmp_path / "r.json").write_text(json.dumps(original))
    ref = cli("report", "add", "--json", str(tmp_path / "r.json"), "--ready")[1].strip()
    corrected = json.loads(json.dumps(original))
    corrected["person"]["phone"] = "0116 496 0999"
    corrected["when"]["start"] = "2026-01-16T18:30"
    (tmp_path / "c.json").write_text(json.dumps(corrected))
    code, out, err = cli("report", "correct", ref, "--json", str(tmp_path / "c.json"))
    assert (code, out, err) == (0, f"Corrected {ref}: person.phone, when.start\n", "")
    code, out, _ = cli("report", "correct", ref.lower(), "--json", str(tmp_path / "c.json"))
    assert (code, out) == (0, "Nothing changed.\n")
    code, out, _ = cli("report", "show", ref)
    assert "0116 496 0999" in out and "0116 496 0123" not in out
    assert out.rstrip().splitlines()[-1].endswith(" by Amina: Phone, When it happened (or began)")
    code, out, _ = cli("report", "show", ref, "--json")
    assert json.loads(out)["report"] == corrected
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out


def test_correct_refuses_in_one_plain_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = example_report().to_dict()
    (tmp_path / "r.json").write_text(json.dumps(report))
    draft = cli("report", "add", "--json", str(tmp_path / "r.json"))[1].strip()
    ready = cli("report", "add", "--json", str(tmp_path / "r.json"), "--ready")[1].strip()
    code, out, err = cli("report", "correct", draft, "--json", str(tmp_path / "r.json"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("intake: This report is still a draft: change it in the form.")
    report["description"] = ""
    (tmp_path / "empty.json").write_text(json.dumps(report))
    code, out, err = cli("report", "correct", ready, "--json", str(tmp_path / "empty.json"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("intake: The correction was not saved (1 problem): description:")
    new = tmp_path / "new.txt"
    new.write_text("copper lantern meadow nine\n")
    assert cli("user", "add", "Thaddeus", "--new-passphrase-file", str(new))[0] == 0
    code, out, err = cli(
        "report",
        "correct",
        ready,
        "--json",
        str(tmp_path / "r.json"),
        user="Thaddeus",
        passfile=new,
    )
    assert code == 1 and out == ""
    assert (
        err
        == "intake: Only a coordinator can correct a report once it is ready. Ask a coordinator.\n"
    )
    code, out, _ = cli("report", "show", ready, "--json")
    assert json.loads(out)["report"]["description"] == example_report().description


def test_bad_report_file_gives_one_line_naming_each_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = example_report().to_dict()
    bad["when"] = {"start": "2099-01-01", "end": ""}
    bad["person"]["postcode"] = "nowhere"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    code, out, err = cli("report", "add", "--json", str(tmp_path / "bad.json"))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "when.start" in err and "person.postcode" in err
    (tmp_path / "broken.json").write_text("{ not json")
    code, _, err = cli("report", "add", "--json", str(tmp_path / "broken.json"))
    assert code == 1 and "not valid JSON" in err


def test_wrong_passphrase_is_one_plain_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("completely wrong words\n")
    code, _out, err = cli("report", "list", passfile=wrong)
    assert code == 1
    assert err.startswith("intake: That user name and passphrase did not unlock the store.")
    code, _, err2 = cli("report", "list", user="Nobody")
    assert err2 == err


def test_users_are_added_listed_reset_and_removed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "new.txt"
    new.write_text("copper lantern meadow nine\n")
    code, out, _ = cli("user", "add", "Thaddeus", "--new-passphrase-file", str(new))
    assert code == 0
    code, out, _ = cli("user", "list")
    assert "Thaddeus\tvolunteer\tactive" in out
    key = tmp_path / "recovery.txt"
    key.write_text(cli.recovery + "\n")
    reset = tmp_path / "reset.txt"
    reset.write_text("amber tractor willow four\n")
    code, out, err = cli("user", "reset", "Thaddeus", "--recovery-key-file", str(key),
                         "--new-passphrase-file", str(reset))  # fmt: skip
    assert code == 0, err
    code, out, _ = cli("report", "list", user="Thaddeus", passfile=reset)
    assert code == 0
    code, out, _ = cli("user", "remove", "Thaddeus")
    assert code == 0
    code, _, err = cli("report", "list", user="Thaddeus", passfile=reset)
    assert code == 1 and "did not unlock" in err


def test_backup_and_restore_keep_the_replaced_store(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "r.json").write_text(json.dumps(example_report().to_dict()))
    _, first, _ = cli("report", "add", "--json", str(tmp_path / "r.json"))
    backup = tmp_path / "centre-backup.intake"
    code, out, err = cli("backup", str(backup))
    assert code == 0, err
    _, second, _ = cli("report", "add", "--json", str(tmp_path / "r.json"))
    code, out, err = cli("restore", str(backup))
    assert code == 0, err
    assert "replaced-" in out
    _, listing, _ = cli("report", "list")
    assert first.strip() in listing and second.strip() not in listing
    _, check, _ = cli("check")
    assert "intact" in check


def test_tampered_backup_is_refused_and_nothing_changes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.intake"
    cli("backup", str(backup))
    raw = bytearray(backup.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    backup.write_bytes(bytes(raw))
    data = tmp_path / "data"
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    code, _, err = cli("restore", str(backup))
    assert code == 1 and "damaged or altered" in err
    after = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    assert after.keys() == before.keys()
    assert after["keyslots.json"] == before["keyslots.json"]


def test_demo_reports_are_marked_as_demo(cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, _ = cli("demo", "--reports", "30")
    assert code == 0
    _, listing, _ = cli("report", "list", "--json")
    rows = json.loads(listing)
    assert len(rows) == 30 and all(r["is_demo"] for r in rows)


def test_leaflet_command_writes_a_personalised_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "r.json").write_text(json.dumps(example_report().to_dict()))
    _, ref, _ = cli("report", "add", "--json", str(tmp_path / "r.json"))
    out = tmp_path / "leaflet.pdf"
    code, _, err = cli(
        "leaflet",
        "--report",
        ref.strip(),
        "--lang",
        "ar",
        "--bilingual",
        "--large-print",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Arabic translation has not yet been reviewed" in err
    code, _, err = cli("leaflet", "--lang", "xx", "-o", str(out))
    assert code == 1 and "no leaflet in 'xx'" in err


def test_stats_writes_safe_csv_and_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--reports", "40")[0] == 0
    code, out, _ = cli(
        "stats", "--from", "2025-01", "--to", "2026-12", "--csv", str(tmp_path / "s.csv")
    )
    assert code == 0 and "demo reports" in out
    assert (
        (tmp_path / "s.csv")
        .read_text("utf-8-sig")
        .startswith("Table,Category,Jan 2025 to Dec 2026")
    )
    code, _, _ = cli(
        "stats", "--from", "2025-01", "--to", "2026-12", "--pdf", str(tmp_path / "s.pdf")
    )
    assert code == 0 and (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = cli(
        "stats", "--from", "2026-13", "--to", "2026-12", "--csv", str(tmp_path / "x.csv")
    )
    assert code == 1 and "is not a month" in err and not (tmp_path / "x.csv").exists()


def test_report_copy_command_writes_the_copy_for_the_person(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "r.json").write_text(json.dumps(example_report().to_dict()))
    _, ref, _ = cli("report", "add", "--json", str(tmp_path / "r.json"))
    out = tmp_path / f"{ref.strip()}-copy.pdf"
    code, said, err = cli("report", "copy", ref.strip(), "-o", str(out))
    assert code == 0, err
    assert "keep it safe" in said and "Example Person" not in said + err
    text = pdf_text(out.read_bytes(), tmp_path)
    assert ref.strip() in text and "Example Person" in text and "What happened" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    code, _, err = cli("report", "copy", "RIVA-2026-99999-1", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and err.startswith("intake: ") and not (tmp_path / "x.pdf").exists()


def test_export_with_only_demo_reports_ready_sends_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import minisign
    import pyrage

    from intake_app.domain.force_profile import ForceProfile

    profile = ForceProfile("leicestershire", "Leicestershire Police",
                                   (str(pyrage.x25519.Identity.generate().to_public()),),
                                   minisign.KeyPair.generate().public_key.to_base64().decode())  # fmt: skip
    (tmp_path / "profile.json").write_bytes(profile.to_bytes())
    assert cli("force-profile", "import", str(tmp_path / "profile.json"), "--yes")[0] == 0
    assert cli("demo", "--reports", "12")[0] == 0
    _, listing, _ = cli("report", "list", "--status", "ready", "--json")
    ready = [r["reference"] for r in json.loads(listing)]
    assert ready and all(r["is_demo"] for r in json.loads(listing))
    usb = tmp_path / "usb"
    usb.mkdir()
    code, plan, _ = cli("export", "--out", str(usb), "--plan")
    assert code == 0
    assert plan.splitlines() == [
        f"{ref}\tstays\tDemo report: demo data never leaves the centre." for ref in sorted(ready)
    ]
    code, out, err = cli("export", "--out", str(usb))
    assert code == 1 and out == ""
    assert err.startswith("intake: Nothing to send") and "No batch was written" in err
    code, _, err = cli("export", "--out", str(usb), "--report", ready[0])
    assert code == 1 and "demo reports never go to the police" in err
    assert list(usb.iterdir()) == []
    _, listing, _ = cli("report", "list", "--status", "ready", "--json")
    assert sorted(r["reference"] for r in json.loads(listing)) == sorted(ready)


def test_reports_travel_from_a_laptop_on_a_usb_stick(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On the laptop the volunteer's ready report waits as a deposit; `deposit export` copies
    it to the stick, `deposit import` takes it in at the centre, once."""
    volunteer_pass = tmp_path / "volunteer.txt"
    volunteer_pass.write_text("copper lantern meadow nine\n")
    code, _, err = cli(
        "user", "add", "Thaddeus", "--role", "volunteer", "--new-passphrase-file",
        str(volunteer_pass),
    )  # fmt: skip
    assert code == 0, err
    (tmp_path / "r.json").write_text(json.dumps(example_report().to_dict()))
    as_thaddeus = {"user": "Thaddeus", "passfile": volunteer_pass}
    code, out, _ = cli("report", "add", "--json", str(tmp_path / "r.json"), **as_thaddeus)
    ref = out.strip()
    code, out, _ = cli("report", "ready", ref, **as_thaddeus)
    assert code == 0
    stick = tmp_path / "usb"
    code, out, _ = cli("deposit", "export", "--out", str(stick), **as_thaddeus)
    assert code == 0 and "Copied 1 report" in out
    [carried] = list(stick.glob("*.deposit"))
    code, out, _ = cli("deposit", "export", "--out", str(stick), **as_thaddeus)
    assert "no reports waiting" in out
    code, out, _ = cli("deposit", "import", str(carried))
    assert code == 0 and f"taken in as {ref}" in out
    code, out, _ = cli("deposit", "import", str(carried))
    assert code == 0 and "taken in before; nothing changed" in out
    carried.write_bytes(carried.read_bytes()[:-1])
    code, out, _ = cli("deposit", "import", str(carried))
    assert code == 1 and "refused" in out
    code, out, _ = cli("report", "show", ref)
    assert "Example Person" in out


def test_leaflet_command_tells_coordinators_a_numbers_note_it_does_not_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], light_kdf: None
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    common = [
        "--data-dir",
        str(tmp_path / "data"),
        "--user",
        "Amina",
        "--passphrase-file",
        str(secret),
    ]
    init = [
        "init",
        "--centre-name",
        "Severn Advice",
        "--centre-code",
        "SEVA",
        "--force",
        "west-mercia",
    ]
    assert main([*common, *init]) == 0
    capsys.readouterr()
    out = tmp_path / "leaflet.pdf"
    assert main([*common, "leaflet", "--lang", "cy", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "For coordinators, not printed on leaflets: West Mercia Victim Advice Line" in err
    assert "Welsh translation has not yet been reviewed" in err
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "0800 952 3000" in text and "check this number" not in text
