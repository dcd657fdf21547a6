"""A restore killed with SIGKILL at each step of putting the restored store in place: the next
process to open the data folder finds a whole store (the restored one), and the store it replaced
is kept whole in its ``replaced-…`` folder. Never "there is no store"."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from intake_app.app import restoring, unlocking
from intake_app.app.session import unlock
from intake_app.domain.report_template import example_report
from intake_app.services import backups
from intake_app.storage.restore_journal import JOURNAL_NAME, PAUSE_VARIABLE
from intake_app.support.errors import DiskFailure, IntakeError, RestoreUnfinished
from intake_app.support.paths import DB_NAME, SLOTS_NAME, WORKSPACES_DIR
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE
from tests.disk_conditions import ROOT, plain_store, run_intake

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def _references(data_dir: Path) -> set[str]:
    with unlock(data_dir, "Amina", PASSPHRASE) as session:
        assert session.db.integrity_problems() == []
        return {r.reference for r in session.reports.list()}


def _setup(tmp_path: Path) -> tuple[Path, Path, Path, str, str]:
    """A store with report A, a backup of it, then report B (which the restore takes away)."""
    data_dir = tmp_path / "store"
    session = plain_store(data_dir)
    first = session.reports.create_draft(example_report()).reference
    backup = tmp_path / "b.intake"
    session.backups.backup(backup)
    second = session.reports.create_draft(example_report()).reference
    session.close()
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    return data_dir, backup, passfile, first, second


def _restore_killed_at(data_dir: Path, backup: Path, passfile: Path, step: str) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "intake_app.cli.main",
            "--data-dir",
            str(data_dir),
            "--user",
            "Amina",
            "--passphrase-file",
            str(passfile),
            "restore",
            str(backup),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, PAUSE_VARIABLE: step},
    )
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        assert line == f"intake-test: restore paused at {step}\n", line + child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert (data_dir / JOURNAL_NAME).exists()


@pytest.mark.parametrize("step", ["moving-aside", "between-renames", "before-slots"])
def test_a_restore_killed_midway_is_finished_by_the_next_command(tmp_path: Path, step: str) -> None:
    data_dir, backup, passfile, first, second = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, step)
    if step == "between-renames":
        # The moment the old restore left "There is no store": no database in the data folder.
        assert not (data_dir / DB_NAME).exists() and (data_dir / SLOTS_NAME).exists()

    done = run_intake(data_dir, passfile, "report", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "A restore that had been interrupted has been finished.\n"
    assert {row["reference"] for row in json.loads(done.stdout)} == {first}
    assert not (data_dir / JOURNAL_NAME).exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore-")]

    # The store it replaced is whole in its replaced-… folder, and opens with both reports.
    (aside,) = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert sorted(p.name for p in aside.iterdir()) == [DB_NAME, SLOTS_NAME]
    shutil.copytree(aside, tmp_path / "previous")
    assert _references(tmp_path / "previous") == {first, second}


def test_the_app_finishes_it_too_before_deciding_there_is_no_store(tmp_path: Path) -> None:
    data_dir, backup, passfile, first, _ = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "between-renames")
    assert backups.finish_interrupted_restore(data_dir) is True
    assert backups.finish_interrupted_restore(data_dir) is False  # nothing left to do
    assert _references(data_dir) == {first}


def test_an_unlock_without_the_check_first_still_finds_a_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, backup, passfile, first, _ = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "moving-aside")
    # unlock() now settles the restore itself before reading the slot file; without that, it
    # reads the old slot file and the database finishes the restore: it says so.
    monkeypatch.setattr(unlocking, "restore_journal", SimpleNamespace(settle=lambda _: False))
    with pytest.raises(IntakeError, match=r"it has now been finished\. Open the store again"):
        unlock(data_dir, "Amina", PASSPHRASE)
    monkeypatch.undo()
    assert _references(data_dir) == {first}


def test_unlock_itself_finishes_an_interrupted_restore(tmp_path: Path) -> None:
    data_dir, backup, passfile, first, _ = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "moving-aside")
    with unlock(data_dir, "Amina", PASSPHRASE) as session:
        assert {r.reference for r in session.reports.list()} == {first}


def test_if_the_restored_files_are_gone_the_previous_store_is_put_back(tmp_path: Path) -> None:
    data_dir, backup, passfile, first, second = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "between-renames")
    (staging,) = [p for p in data_dir.iterdir() if p.name.startswith(".restore-")]
    shutil.rmtree(staging)  # say a clean-up tool removed the hidden folder
    assert backups.finish_interrupted_restore(data_dir) is True
    assert _references(data_dir) == {first, second}
    assert not [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert not (data_dir / JOURNAL_NAME).exists()


def test_a_damaged_journal_is_left_alone_and_said_so(tmp_path: Path) -> None:
    data_dir, backup, passfile, _, _ = _setup(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "between-renames")
    journal = data_dir / JOURNAL_NAME
    document = json.loads(journal.read_text())
    document["aside"] = "../../elsewhere"  # a name outside the data folder is never followed
    journal.write_text(json.dumps(document))
    listing = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(RestoreUnfinished, match="cannot be read, so it was left as it is"):
        backups.finish_interrupted_restore(data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == listing
    done = run_intake(data_dir, passfile, "report", "list")
    assert done.returncode == 1
    assert "restore-journal.json" in done.stderr and "replaced-" in done.stderr


def test_a_restore_that_fails_while_moving_files_puts_the_previous_store_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, backup, _, first, second = _setup(tmp_path)
    real_replace = Path.replace

    def refuse_moving_in(self: Path, target: Path) -> Path:
        if self.parent.name.startswith(".restore-") and self.name == DB_NAME:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", refuse_moving_in)
    with pytest.raises(DiskFailure):
        restoring.restore(data_dir, backup, user_name="Amina", passphrase=PASSPHRASE)
    monkeypatch.undo()
    assert _references(data_dir) == {first, second}
    assert sorted(p.name for p in data_dir.iterdir() if not p.is_file()) == []
    assert not (data_dir / JOURNAL_NAME).exists()


def _setup_with_workspaces(tmp_path: Path) -> tuple[Path, Path, Path, str, str]:
    """A store with a volunteer who has a draft, a backup of it, then a later centre report and
    a later draft (which the restore takes away). Returns the centre's and the volunteer's
    references at the time of the backup."""
    data_dir = tmp_path / "store"
    session = plain_store(data_dir)
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    centre_ref = session.reports.create_draft(example_report()).reference
    session.close()
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        draft_ref = thaddeus.reports.create_draft(example_report()).reference
    backup = tmp_path / "b.intake"
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.backups.backup(backup)
        amina.reports.create_draft(example_report())
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        thaddeus.reports.create_draft(example_report())
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    return data_dir, backup, passfile, centre_ref, draft_ref


def _drafts(data_dir: Path) -> set[str]:
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        assert thaddeus.in_workspace and thaddeus.db.integrity_problems() == []
        return {r.reference for r in thaddeus.reports.list()}


@pytest.mark.parametrize(
    "step", ["moving-aside", "between-renames", "before-workspaces", "before-slots"]
)
def test_a_restore_with_workspaces_killed_midway_brings_back_the_volunteers_draft(
    tmp_path: Path, step: str
) -> None:
    data_dir, backup, passfile, centre_ref, draft_ref = _setup_with_workspaces(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, step)
    if step == "before-workspaces":
        # The restored centre.db is in, the workspaces are on their way: none in the folder.
        assert not (data_dir / WORKSPACES_DIR).exists()

    done = run_intake(data_dir, passfile, "report", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "A restore that had been interrupted has been finished.\n"
    assert {row["reference"] for row in json.loads(done.stdout)} == {centre_ref}
    assert _drafts(data_dir) == {draft_ref}
    assert not (data_dir / JOURNAL_NAME).exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore-")]

    # The store it replaced is whole in its replaced-… folder, its workspace with both drafts.
    (aside,) = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert sorted(p.name for p in aside.iterdir()) == [DB_NAME, SLOTS_NAME, WORKSPACES_DIR]
    shutil.copytree(aside, tmp_path / "previous")
    assert len(_references(tmp_path / "previous")) == 2
    assert len(_drafts(tmp_path / "previous")) == 2 and draft_ref in _drafts(tmp_path / "previous")


def test_if_the_restored_workspaces_are_gone_the_previous_ones_are_put_back(
    tmp_path: Path,
) -> None:
    data_dir, backup, passfile, _, draft_ref = _setup_with_workspaces(tmp_path)
    _restore_killed_at(data_dir, backup, passfile, "before-workspaces")
    assert not (data_dir / WORKSPACES_DIR).exists()  # the previous ones are set aside
    (staging,) = [p for p in data_dir.iterdir() if p.name.startswith(".restore-")]
    shutil.rmtree(staging)
    assert backups.finish_interrupted_restore(data_dir) is True
    assert len(_references(data_dir)) == 2  # the previous store, whole
    assert len(_drafts(data_dir)) == 2 and draft_ref in _drafts(data_dir)
    assert not [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
