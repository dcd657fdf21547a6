"""``intake-force list|search|show|export`` as the force's staff use them, on force.db and on
PostgreSQL as a reader role (which may change nothing): what each prints, the attachments saved
only where they may be, the export refused over a file unless --force, and the words searched
for and the reports' text never left in a log, a temporary file or the force's folder."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest

from intake_app.force.identity import secrets_for
from intake_app.force.opening import OpenedBatch
from intake_app.force.store import ForceStore
from tests.cli.test_force_on_postgres import _as, roles
from tests.disk_conditions import read_only_view
from tests.force_store_helpers import ATTACHMENT, REFERENCE, batch
from tests.handoff_world import FORCE_PASSPHRASE

__all__ = ["roles"]


def _imported(world, *chosen: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The centre's three reports for the police, imported by the force: their references."""
    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir(exist_ok=True)
    made = Path(centre("export", "--out", str(outbox))[1].strip())
    code, _out, err = force(*chosen, "import", str(made))
    assert code == 0, err
    return list(refs[:3])


def _crafted(tmp_path: Path, address: str | None = None) -> None:
    """A report with an attachment (the helpers' batch), then, for a second one, its erasure."""
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0], address)
    try:
        store.import_batch(batch(1))
        store.import_batch(batch(2, report_id="cd" * 16, reference="RIVA-2026-00043-R"))
        erasure = {"id": "cd" * 16, "reference": "RIVA-2026-00043-R", "centre_code": "RIVA"}
        third = batch(3)
        store.import_batch(OpenedBatch(third.file_sha256, {**third.manifest, "version": 3},
                                       erasures=[erasure]))  # fmt: skip
    finally:
        store.close()


def test_list_pages_newest_first_from_the_clear_fields(world, capsys) -> None:  # type: ignore[no-untyped-def]
    _centre, force, _tmp_path, _refs = world
    refs = _imported(world)
    code, out, err = force("list", "--limit", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Reference", "Centre", "Received", "Incident", "Strands",
                                "Consent", "Identifying", "Status"]  # fmt: skip
    assert [line.split()[0] for line in lines[1:3]] == [refs[2], refs[1]]
    assert "religion" in lines[1] and "with contact" in lines[1] and "received" in lines[1]
    assert lines[3:] == ["Reports 1 to 2 of 3, newest first.", "Next page: --page 2"]
    code, out, _ = force("list", "--limit", "2", "--page", "2")
    assert out.splitlines()[1].split()[0] == refs[0]
    assert force("list", "--centre", "MIDL")[1] == "No report received matches.\n"
    code, out, _ = force("--lang", "pl", "list", "--limit", "2")
    assert (
        out.split()[:3] == ["Numer", "Ośrodek", "Otrzymano"] and "Następna strona: --page 2" in out
    )
    code, _out, err = force("list", "--from", "2026-02-30")
    assert code == 1 and "YYYY-MM-DD" in err
    with pytest.raises(SystemExit) as refused:
        force("list", "--limit", "0")
    assert refused.value.code == 2
    assert "a whole number from 1 upwards" in capsys.readouterr().err


def test_search_finds_the_words_and_leaves_them_nowhere(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    refs = _imported(world)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("TMPDIR", str(temporary))
    home = tmp_path / "force"
    before = {p: p.stat().st_size for p in home.rglob("*") if p.is_file()}
    code, out, err = force("search", "FOLLOWED büs")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()[:3]] == refs[::-1]
    assert "two men followed me from the bus stop" in out
    assert out.splitlines()[-1] == "3 reports match, of 3 read."
    code, out, _ = force("search", "followed", "--limit", "1")
    assert "Stopped at 1 match: there may be more" in out
    code, out, _ = force("search", "followed", "--max-read", "2")
    assert "Stopped after reading 2 reports" in out
    assert force("search", "followed", "--centre", "MIDL")[1] == "0 reports match, of 0 read.\n"
    code, _out, err = force("search", "  ..  ")
    assert code == 1 and "at least one word" in err
    assert list(temporary.iterdir()) == []
    log = (home / "intake.log").read_text()
    assert "search" in log and "FOLLOWED" not in log and "followed" not in log
    assert "two men" not in log
    after = {p for p in home.rglob("*") if p.is_file()}
    assert after - set(before) <= {home / "intake.log"}


def test_show_gives_the_report_its_attachments_and_its_history(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    _crafted(tmp_path)
    update = tmp_path / "u.updates"
    code, _out, err = force("update", REFERENCE, "--crime-reference", "LP/1/26",
                            "--recorded-as", "crime", "--closed", "-o", str(update))  # fmt: skip
    assert code == 0, err
    code, out, err = force("show", REFERENCE.lower())
    assert code == 0, err
    assert f"Reference: {REFERENCE}" in out and "Status: received" in out
    assert "What happened: Quillon marsh lantern episode by the Hollowfield ferry" in out
    assert "Strands: Race or ethnicity (Hollowfield)" in out or "Strands: Race or ethnicity" in out
    assert "Attachments:" in out and "image/png" in out
    assert "Came in batch 1." in out
    assert "Update file 1" in out and "recorded as crime; LP/1/26; closed" in out
    code, out, err = force("show", "RIVA-2026-00043-R")
    assert code == 0, err
    assert "Status: erased" in out and "Erased at the centre's request" in out
    assert "Erasure in batch 3: applied" in out and "What happened" not in out
    code, out, err = force("show", "RIVA-2026-99999-X")
    assert code == 1 and "The force holds no report 'RIVA-2026-99999-X'." in err


def test_attachments_are_saved_only_into_a_folder_that_takes_them_and_never_over_a_file(
    world,
) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    _crafted(tmp_path)
    folder = tmp_path / "saved"
    code, _out, err = force("show", REFERENCE, "--save-attachments", str(folder))
    assert code == 1 and "The chosen folder does not exist" in err
    folder.mkdir()
    code, out, err = force("show", REFERENCE, "--save-attachments", str(folder))
    assert code == 0, err
    assert "Attachments saved: 1." in out
    (saved,) = folder.iterdir()
    assert saved.name == f"{REFERENCE}-{'ba' * 16}.png" and saved.read_bytes() == ATTACHMENT
    saved.write_bytes(b"the officer's own copy")
    code, out, err = force("show", REFERENCE, "--save-attachments", str(folder))
    assert code == 1 and "already in that folder. Nothing was saved" in err and out == ""
    assert saved.read_bytes() == b"the officer's own copy"


def test_a_read_only_folder_is_refused_plainly(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    _crafted(tmp_path)
    (tmp_path / "stick").mkdir()
    with read_only_view(tmp_path / "stick", tmp_path / "ro") as view:
        code, out, err = force("show", REFERENCE, "--save-attachments", str(view))
        assert list(view.iterdir()) == []
    assert (code, out) == (1, "")
    assert "read-only" in err and len(err.splitlines()) == 1


def test_export_writes_csv_and_json_and_never_over_a_file_unless_told(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    refs = _imported(world)
    target = tmp_path / "received.csv"
    code, out, err = force("export", "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert out.startswith("3 reports written.")
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["reference"] for r in rows] == refs[::-1]
    assert target.stat().st_mode & 0o077 == 0
    code, _out, err = force("export", "--format", "json", "-o", str(target))
    assert code == 1 and "--force" in err
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # untouched
    code, _out, err = force("export", "--format", "json", "-o", str(target), "--force",
                            "--centre", "RIVA", "--strand", "religion")  # fmt: skip
    assert code == 0, err
    exported = json.loads(target.read_text())
    assert exported["filters"]["strand"] == "religion" and len(exported["reports"]) == 3
    code, _out, err = force("export", "--format", "csv", "-o", str(tmp_path / "none" / "x.csv"))
    assert code == 1 and "does not exist" in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_every_staff_command_runs_as_a_reader_role_on_postgresql(
    world, postgres_database, roles
) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    _importer, reader = roles
    code, _out, err = force(
        "--database", postgres_database, "database", "grant", "--reader", reader
    )
    assert code == 0, err
    refs = _imported(world, "--database", postgres_database)
    _crafted(tmp_path, postgres_database)
    as_reader = ("--database", _as(postgres_database, reader))
    code, out, err = force(*as_reader, "list", "--status", "erased")
    assert code == 0, err
    assert out.splitlines()[1].split()[0] == "RIVA-2026-00043-R"
    code, out, err = force(*as_reader, "search", "hollowfield quillon")
    assert code == 0 and out.split()[0] == REFERENCE, err
    code, out, err = force(*as_reader, "show", refs[0])
    assert code == 0 and "two men followed me" in out, err
    folder = tmp_path / "saved"
    folder.mkdir()
    code, _out, err = force(*as_reader, "show", REFERENCE, "--save-attachments", str(folder))
    assert code == 0 and len(list(folder.iterdir())) == 1, err
    target = tmp_path / "all.json"
    code, out, err = force(*as_reader, "export", "--format", "json", "-o", str(target))
    assert code == 0 and out.startswith("5 reports written."), err
    assert [r["status"] for r in json.loads(target.read_text())["reports"]].count("erased") == 1


@pytest.mark.parametrize("command", ["list", "search", "show", "export"])
def test_each_command_says_what_it_does(world, command, capsys) -> None:  # type: ignore[no-untyped-def]
    from intake_app.cli.force_main import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--centre" in capsys.readouterr().out or command == "show"
