"""The force's access log: every list, search, report opened, attachments saved and export leaves
an entry naming who did it, written before anything is shown, and never the words searched for
or anything a report says. On PostgreSQL a reader adds entries but cannot read, change or delete
them, and a role that may not add one is shown nothing."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from intake_app.force import access_log
from intake_app.force.identity import secrets_for
from intake_app.force.store import ForceStore
from tests.cli.test_force_on_postgres import _as, roles
from tests.cli.test_force_staff import _crafted, _imported
from tests.force_store_helpers import REFERENCE
from tests.handoff_world import FORCE_PASSPHRASE

__all__ = ["roles"]
SEARCHED = "followed"  # words of the example report's description


def _rows(tmp_path: Path, address: str | None = None) -> list[tuple[object, ...]]:
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0], address)
    try:
        return store.db.all("SELECT * FROM access_log")
    finally:
        store.close()


def test_every_look_at_the_reports_is_logged_and_never_what_was_looked_for(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    refs = _imported(world)
    code, out, err = force("access-log")
    assert (code, out) == (0, "Nothing in the access log yet.\n"), err
    assert force("list", "--centre", "RIVA")[0] == 0
    code, out, err = force("search", SEARCHED)
    assert code == 0 and refs[0] in out, err
    assert force("show", refs[0])[0] == 0
    folder = tmp_path / "saved"
    folder.mkdir()
    assert force("show", refs[1], "--save-attachments", str(folder))[0] == 0
    assert force("export", "--format", "csv", "-o", str(tmp_path / "all.csv"))[0] == 0

    code, out, err = force("access-log")
    assert code == 0, err
    lines = [line.split("  ") for line in out.splitlines()]
    assert [line[2] for line in lines] == ["exported", "opened", "opened", "searched", "listed"]
    assert lines[0][3:] == ["3 reports", "csv; all"]  # each report written is named
    assert lines[1][3:] == [refs[1]] and lines[2][3:] == [refs[0]]
    assert lines[3][3] == "3 reports" and lines[3][4].endswith("; 1 words; all")
    assert lines[4][3:] == ["3 of 3; centre=RIVA"]  # the clear fields only: no report named
    assert lines[0][1] == access_log.account()
    code, out, err = force("access-log", "--report", refs[0])
    assert code == 0, err
    assert [line.split("  ")[2] for line in out.splitlines()] == ["exported", "opened", "searched"]
    code, out, err = force("access-log", "--report", "RIVA-2026-99999-X")
    assert code == 1 and "holds no report" in err
    rows = _rows(tmp_path)
    assert len(rows) == 1 + 3 + 1 + 1 + 3  # a row for each report shown or written
    flattened = " ".join(str(c) for row in rows for c in row).lower()
    assert SEARCHED not in flattened and "two men" not in flattened


def test_a_reader_adds_to_the_log_but_cannot_read_change_or_delete_it(
    world, postgres_database, roles
) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    importer, reader = roles
    code, _out, err = force("--database", postgres_database, "database", "grant",
                            "--importer", importer, "--reader", reader)  # fmt: skip
    assert code == 0, err
    refs = _imported(world, "--database", postgres_database)
    as_reader = ("--database", _as(postgres_database, reader))
    code, _out, err = force(*as_reader, "show", refs[0])
    assert code == 0, err
    code, out, err = force(*as_reader, "access-log")
    assert (code, out) == (1, "") and "Only the database's owner reads" in err
    with psycopg.connect(_as(postgres_database, reader), autocommit=True) as conn:
        for statement in ("UPDATE access_log SET account = 'someone else'",
                          "DELETE FROM access_log", "SELECT * FROM access_log"):  # fmt: skip
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
    code, out, err = force("--database", postgres_database, "access-log")
    assert code == 0, err
    assert f"({reader})" in out and "opened" in out and refs[0] in out

    # An importer may not add an entry: it is shown nothing at all.
    code, out, err = force("--database", _as(postgres_database, importer), "list")
    assert (code, out) == (1, "") and "access log cannot be written, so nothing was shown" in err
    assert len(_rows(tmp_path, postgres_database)) == 1


def test_saving_attachments_is_logged_beside_opening_the_report(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    _crafted(tmp_path)
    folder = tmp_path / "saved"
    folder.mkdir()
    code, _out, err = force("show", REFERENCE, "--save-attachments", str(folder))
    assert code == 0 and len(list(folder.iterdir())) == 1, err
    lines = force("access-log")[1].splitlines()
    assert [line.split("  ")[2:] for line in lines] == [
        ["saved attachments", REFERENCE, "1 files"], ["opened", REFERENCE]
    ]  # fmt: skip


def test_the_account_logged_is_the_systems_not_what_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pwd

    real = pwd.getpwuid(os.getuid()).pw_name
    for name in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "mallory")
    assert access_log.account() == real != "mallory"
