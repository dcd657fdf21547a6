"""The whole loop through both command lines: the centre sends reports, the force imports them
and writes a receipt, then signed update files (recorded as, crime reference, first contact,
outcome, closed); the centre imports them, and each report's timeline and promises follow."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.handoff_world import FORCE_PASSPHRASE


def _sent_and_received(world, promises: bool = True) -> tuple:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    if promises:
        code, out, err = force("profile", "-o", str(tmp_path / "p.json"),
                               "--first-contact-days", "5", "--enhanced-first-contact-days", "2",
                               "--update-every-days", "28")  # fmt: skip
        assert code == 0, err
        fingerprint = out.strip().splitlines()[-1].strip()
        code, _, err = centre("profile", "import", str(tmp_path / "p.json"),
                              "--fingerprint", fingerprint)  # fmt: skip
        assert code == 0, err
    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    assert force("import", str(batch))[0] == 0
    assert force("receipt", str(batch), "-o", str(tmp_path / "receipt"))[0] == 0
    assert centre("receipt", "import", str(tmp_path / "receipt"))[0] == 0
    return centre, force, tmp_path, refs


def test_updates_reach_the_timeline_and_promises(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = _sent_and_received(world)
    today = date.today().isoformat()
    first = tmp_path / "u1.updates"
    code, out, err = force("update", refs[0], "--crime-reference", "LP/1234/26",
                           "--recorded-as", "crime", "-o", str(first))  # fmt: skip
    assert code == 0, err
    assert "Update file 1 for RIVA" in out
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([
        {"reference": refs[0], "crime_reference": "LP/1234/26", "recorded_as": "crime",
         "contacted_on": today, "outcome": "Offender charged", "closed": True},
        {"reference": refs[1], "crime_reference": "LP/1240/26", "recorded_as": "incident"},
    ]))  # fmt: skip
    second = tmp_path / "u2.updates"
    code, out, err = force("update", "--from", str(listing), "-o", str(second))
    assert code == 0, err
    assert "Update file 2 for RIVA written: 2 updates" in out

    code, out, err = centre("update", "import", str(first))
    assert code == 0, err
    assert "Update file 1 imported: 1 update" in out
    code, out, err = centre("update", "import", str(second))
    assert code == 0, err
    code, out, err = centre("update", "import", str(second))
    assert code == 0 and "imported before: nothing changed" in out

    code, out, err = centre("report", "show", refs[0], "--json")
    assert code == 0, err
    timeline = json.loads(out)["timeline"]
    kinds = [e["event"] for e in timeline["events"]]
    assert kinds == ["taken", "ready", "sent", "received", "recorded", "crime_reference",
                     "contacted", "outcome", "closed"]  # fmt: skip
    values = {e["event"]: e["value"] for e in timeline["events"]}
    assert values["sent"] == "1" and values["recorded"] == "crime"
    assert values["crime_reference"] == "LP/1234/26" and values["outcome"] == "Offender charged"
    assert {p["promise"]: p["state"] for p in timeline["promises"]} == {
        "first_contact": "kept",
        "updates": "kept",
    }
    code, out, _ = centre("report", "show", refs[0])
    assert "Crime reference LP/1234/26" in out and "Recorded as a crime" in out
    assert "First contact within 5 working days: kept" in out
    second_report = json.loads(centre("report", "show", refs[1], "--json")[1])["timeline"]
    assert {p["promise"]: p["state"] for p in second_report["promises"]} == {
        "first_contact": "due",
        "updates": "due",
    }
    code, out, _ = centre("promises", "broken")
    assert code == 0 and "No promise broken" in out


def test_a_report_never_received_cannot_be_updated(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, refs = world
    code, _, err = force("update", refs[0], "--crime-reference", "X1", "--recorded-as", "crime",
                         "-o", str(tmp_path / "u"))  # fmt: skip
    assert code != 0 and "holds no report" in err
    assert not (tmp_path / "u").exists()


def test_bad_values_are_refused_at_the_force(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, refs = _sent_and_received(world, promises=False)
    for extra in (["--outcome", "two\nlines"], ["--outcome", "x" * 201],
                  ["--contacted", "2026-13-40"], ["--outcome", "a\u2028b"],
                  ["--crime-reference", "LP\u202e1"]):  # fmt: skip
        code, _, err = force("update", refs[0], "--crime-reference", "LP/1", "--recorded-as",
                             "crime", *extra, "-o", str(tmp_path / "u"))  # fmt: skip
        assert code != 0 and err
        assert not (tmp_path / "u").exists()


def test_replayed_out_of_order_and_foreign_files_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = _sent_and_received(world, promises=False)
    files = []
    for n in range(3):
        files.append(tmp_path / f"u{n}")
        code, _, err = force("update", refs[n % 3], "--crime-reference", f"LP/{n}",
                             "--recorded-as", "crime", "-o", str(files[-1]))  # fmt: skip
        assert code == 0, err
    code, _, err = centre("update", "import", str(files[1]))
    assert code != 0 and "have not been imported" in err
    assert centre("update", "import", str(files[0]))[0] == 0
    # the same number again, with other content: written by the force's key, but a replay
    again = tmp_path / "again"
    code, _, err = force("update", "--again", "1", "--centre", "RIVA", "-o", str(again))
    assert code == 0, err
    assert again.read_bytes() == files[0].read_bytes()
    before = centre("report", "show", refs[1], "--json")[1]
    code, _, err = centre("update", "import", str(files[2]))
    assert code != 0 and "have not been imported" in err
    assert centre("report", "show", refs[1], "--json")[1] == before
    assert FORCE_PASSPHRASE
