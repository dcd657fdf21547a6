"""Recipients besides the police, through both command lines: a council registered from its own
``intake-force`` profile, a report the person agreed may go to the police and the council going
in each one's own batch (opened as each opens it), not to a school the person did not agree to;
receipts matched to their recipient by its key; a withdrawal reaching every recipient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from intake_app.cli.force_main import main as force_main
from intake_app.domain.report_template import example_report
from tests.handoff_world import FORCE_PASSPHRASE

NAME = "Perpetua Vandersloot-Quince"


class Other:
    """Another holder of ``intake-force`` keys: a council's team, a school."""

    def __init__(self, world: Any, tmp_path: Path, code: str, name: str, kind: str) -> None:
        self.run, self.home, self.code = world, tmp_path / code, code
        self.profile = tmp_path / f"{code}.json"
        (tmp_path / "other.pass").write_text(FORCE_PASSPHRASE + "\n")
        self.passfile = tmp_path / "other.pass"
        assert self("keygen", "--name", name, "--code", code)[0] == 0
        code_, out, err = self("profile", "-o", str(self.profile), "--kind", kind)
        assert code_ == 0, err
        self.fingerprint = out.strip().splitlines()[-1].strip()
        assert self("centre", "add", str(tmp_path / "RIVA.pub"), "--code", "RIVA")[0] == 0

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return self.run(force_main, ["--home", str(self.home), "--passphrase-file",
                                     str(self.passfile), *args])  # fmt: skip


@pytest.fixture
def parties(world, capsys):  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world

    def run(command: Any, args: list[str]) -> tuple[int, str, str]:
        code = command(args)
        out, err = capsys.readouterr()
        return code, out, err

    council = Other(run, tmp_path, "leicester-asb", "Leicester City Council ASB team", "council")
    school = Other(run, tmp_path, "st-margarets", "St Margaret's School", "school")
    for other in (council, school):
        code, _out, err = centre("recipient", "add", str(other.profile),
                                "--fingerprint", other.fingerprint)  # fmt: skip
        assert code == 0, err
    return centre, force, council, school, tmp_path, refs


def _add(centre: Any, folder: Path, shared_with: list[dict[str, Any]], **person: str) -> str:
    report = example_report().to_dict()
    report["person"].update(person)
    report["shared_with"] = shared_with
    path = folder / "new.json"
    path.write_text(json.dumps(report))
    code, out, err = centre("report", "add", "--json", str(path), "--ready")
    assert code == 0, err
    return out.strip()


def _council_batch(centre: Any, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    code, out, err = centre("recipient", "export", "leicester-asb", "-o", str(folder))
    assert code == 0, err
    return Path(out.splitlines()[0])


def test_a_recipient_with_a_wrong_fingerprint_is_refused(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    centre, _force, tmp_path, _refs = world
    council = Other(lambda c, a: _quiet(c, a), tmp_path, "leicester-asb", "Leicester ASB",
                    "council")  # fmt: skip
    wrong = "0000 " * 8
    code, _out, err = centre("recipient", "add", str(council.profile), "--fingerprint", wrong)
    assert code == 1 and "The fingerprint does not match" in err
    assert "No recipients besides the police" in centre("recipient", "list")[1]
    code, _out, err = centre("recipient", "add", str(tmp_path / "profile.json"),
                             "--fingerprint", "0000")  # fmt: skip
    assert code == 1
    code, _out, _err = centre("recipient", "add", str(council.profile),
                              "--fingerprint", council.fingerprint.lower())  # fmt: skip
    assert code == 0
    listed = centre("recipient", "list")[1]
    assert "leicester-asb\tCouncil\tLeicester ASB\t" + council.fingerprint in listed


def _quiet(command: Any, args: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = command(args)
    return code, out.getvalue(), err.getvalue()


def test_the_police_profile_is_not_a_recipient(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    fingerprint = force("profile", "-o", str(tmp_path / "again.json"))[1].splitlines()[-1]
    code, _out, err = centre("recipient", "add", str(tmp_path / "again.json"),
                             "--fingerprint", fingerprint)  # fmt: skip
    assert code == 1 and "police force's profile" in err


def test_a_report_goes_to_the_police_and_the_council_and_not_the_school(parties) -> None:  # type: ignore[no-untyped-def]
    centre, force, council, school, tmp_path, refs = parties
    ref = _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": False}],
               name=NAME, phone="0116 496 0555")  # fmt: skip
    # The police batch: every ready report the police may have, this one with its details.
    (tmp_path / "police").mkdir()
    code, out, err = centre("export", "-o", str(tmp_path / "police"))
    assert code == 0, err
    police_batch = Path(out.strip())
    code, out, err = force("open", str(police_batch))
    assert code == 0 and ref in out
    # The council's: only this report, without identifying details, in its own numbering.
    batch = _council_batch(centre, tmp_path / "council")
    assert batch.name == "RIVA-leicester-asb-batch-00001.intake"
    code, out, err = council("open", str(batch))
    assert code == 0, err
    assert ref in out and not any(r in out for r in refs)
    code, out, err = council("import", str(batch))
    assert code == 0, err
    code, out, err = force("open", str(batch))  # the police cannot open the council's batch
    assert code == 1
    code, out, err = school("open", str(batch))
    assert code == 1
    # The school: the person did not agree, so nothing goes.
    code, out, err = centre("recipient", "export", "st-margarets", "-o", str(tmp_path))
    assert code == 1 and "Nothing to send to St Margaret's School" in err
    # Nothing more for the council until another report may go.
    code, out, err = centre("recipient", "export", "leicester-asb", "-o", str(tmp_path))
    assert code == 1
    shown = centre("report", "show", ref)[1]
    assert "Leicester City Council ASB team: sent, waiting for its receipt" in shown
    code, out, err = council("receipt", str(batch), "-o", str(tmp_path / "council" / "receipt"))
    assert code == 0, err
    code, out, err = centre("recipient", "receipt", str(tmp_path / "council" / "receipt"))
    assert code == 0, err
    assert "Receipt from Leicester City Council ASB team imported." in out
    assert "1 report accepted." in out
    shown = centre("report", "show", ref)[1]
    assert "Leicester City Council ASB team: received (acknowledged)" in shown
    assert f"{ref} — exported" in shown  # the police have not answered yet


def test_a_council_batch_carries_no_identifying_details_unless_agreed(parties) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from tests.force_desk import decrypted_pages

    centre, _force, council, _school, tmp_path, _refs = parties
    _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": False}],
         name=NAME, phone="0116 496 0555")  # fmt: skip
    batch = _council_batch(centre, tmp_path / "council")
    assert council("import", str(batch))[0] == 0
    plain = decrypted_pages(council.home, secrets_for(council.home, FORCE_PASSPHRASE)[0])
    assert NAME.encode() not in plain and b"0116 496 0555" not in plain
    other = "Ottoline Featherstonehaugh"
    _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": True}], name=other)
    batch = _council_batch(centre, tmp_path / "council2")
    assert batch.name.endswith("-00002.intake")
    assert council("import", str(batch))[0] == 0
    plain = decrypted_pages(council.home, secrets_for(council.home, FORCE_PASSPHRASE)[0])
    assert other.encode() in plain


def test_a_receipt_signed_by_another_recipients_key_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    import minisign

    from intake_app.exchange.receipts import sign_receipt
    from intake_app.force.identity import secrets_for

    centre, _force, council, school, tmp_path, _refs = parties
    ref = _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": False}])
    batch = _council_batch(centre, tmp_path / "council")
    assert council("import", str(batch))[0] == 0
    assert council("receipt", str(batch), "-o", str(tmp_path / "genuine"))[0] == 0
    body = (tmp_path / "genuine").read_bytes().split(b"\n", 4)[4]
    receipt = json.loads(body)
    said = {}
    for holder, home in (("school", school.home), ("police", tmp_path / "force")):
        key = secrets_for(home, FORCE_PASSPHRASE)[1]
        assert isinstance(key, minisign.SecretKey)
        (tmp_path / holder).write_bytes(sign_receipt(receipt, key))
        code, _out, err = centre("recipient", "receipt", str(tmp_path / holder))
        assert code == 1, holder
        said[holder] = err
    # The school is registered: its key is known, and no batch to the school is answered.
    assert "answers no batch this centre sent to St Margaret's School" in said["school"]
    # The police force's key is not a recipient's.
    assert "not signed with the key of any registered recipient" in said["police"]
    assert "sent, waiting for its receipt" in centre("report", "show", ref)[1]
    code, _out, err = centre("receipt", "import", str(tmp_path / "genuine"))  # not the police's
    assert code == 1
    code, out, err = centre("recipient", "receipt", str(tmp_path / "genuine"))
    assert code == 0 and "Receipt from Leicester City Council ASB team imported." in out, err
    code, _out, err = centre("recipient", "receipt", str(tmp_path / "genuine"))
    assert code == 1 and "imported before" in err


def test_a_withdrawal_reaches_the_police_and_the_council(parties) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from tests.force_desk import decrypted_pages

    centre, force, council, _school, tmp_path, _refs = parties
    ref = _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": True}],
               name=NAME)  # fmt: skip
    for n, (writer, reader) in enumerate(
        ((("export",), force), (("recipient", "export", "leicester-asb"), council))
    ):
        folder = tmp_path / f"first{n}"
        folder.mkdir()
        code, out, err = centre(*writer, "-o", str(folder))
        assert code == 0, err
        batch = Path(out.splitlines()[0])
        assert reader("import", str(batch))[0] == 0
        assert reader("receipt", str(batch), "-o", str(folder / "receipt"))[0] == 0
        importer = ("receipt", "import") if reader is force else ("recipient", "receipt")
        assert centre(*importer, str(folder / "receipt"))[0] == 0
    assert NAME.encode() in decrypted_pages(council.home, secrets_for(council.home, FORCE_PASSPHRASE)[0])  # fmt: skip
    code, out, err = centre("report", "withdraw", ref)
    assert code == 0, err
    for n, (writer, reader) in enumerate(
        ((("export",), force), (("recipient", "export", "leicester-asb"), council))
    ):
        folder = tmp_path / f"second{n}"
        folder.mkdir()
        code, out, err = centre(*writer, "-o", str(folder))
        assert code == 0, err
        batch = Path(out.splitlines()[0])
        code, said, err = reader("import", str(batch))
        assert code == 0 and "Erasures applied: 1." in said, err
        assert reader("receipt", str(batch), "-o", str(folder / "receipt"))[0] == 0
        importer = ("receipt", "import") if reader is force else ("recipient", "receipt")
        code, out, err = centre(*importer, str(folder / "receipt"))
        assert code == 0, err
        assert "1 erasure confirmed." in out or "1 confirmed" in out
    plain = decrypted_pages(council.home, secrets_for(council.home, FORCE_PASSPHRASE)[0])
    assert NAME.encode() not in plain and ref.encode() in plain
    confirmed = centre("report", "show", ref)[1]
    assert "Erasure confirmed" in confirmed


def test_a_correction_reaches_the_council_as_the_police_get_it(parties) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from tests.force_desk import decrypted_pages

    centre, _force, council, _school, tmp_path, _refs = parties
    ref = _add(centre, tmp_path, [{"recipient": "leicester-asb", "identifying": True}],
               name=NAME, phone="0116 496 0555")  # fmt: skip
    for step in ("first", "second"):
        if step == "second":  # corrected once the council holds it
            corrected = json.loads(centre("report", "show", ref, "--json")[1])["report"]
            corrected["person"]["phone"] = "0116 496 0999"
            (tmp_path / "c.json").write_text(json.dumps(corrected))
            code, out, err = centre("report", "correct", ref, "--json", str(tmp_path / "c.json"))
            assert code == 0 and f"Corrected {ref}: person.phone" in out, err
        batch = _council_batch(centre, tmp_path / step)
        code, said, err = council("import", str(batch))
        assert code == 0, err
        receipt = tmp_path / step / "receipt"
        assert council("receipt", str(batch), "-o", str(receipt))[0] == 0
        code, out, err = centre("recipient", "receipt", str(receipt))
        assert code == 0, err
    assert "Corrections applied: 1. Erasures applied: 0. Refused: 0." in said
    assert "1 confirmed" in out
    plain = decrypted_pages(council.home, secrets_for(council.home, FORCE_PASSPHRASE)[0])
    assert b"0116 496 0999" in plain
