"""The store lock: an open store (the app, any command) holds it shared; a restore needs it to
itself, so it can never move a store out from under someone using it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from intake_app.app import restoring
from intake_app.app.session import Session, unlock
from intake_app.storage import database
from intake_app.storage.store_lock import BEING_RESTORED, OPEN_ELSEWHERE, StoreLock
from intake_app.support.errors import StoreInUse
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report
from tests.disk_conditions import ROOT, plain_store, run_intake


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_restore_is_refused_while_the_store_is_open_here(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.intake"
    session.backups.backup(backup)
    after_backup = session.reports.create_draft(full_report()).reference
    session.db.checkpoint()
    before = _files(data_dir)
    with pytest.raises(StoreInUse) as caught:
        restoring.restore(data_dir, backup, user_name="Amina", passphrase=PASSPHRASE)
    assert str(caught.value) == OPEN_ELSEWHERE
    assert "Lock or close the app" in str(caught.value)
    assert _files(data_dir) == before
    assert not [p for p in data_dir.iterdir() if p.is_dir()]  # no staging, no replaced-… folder
    # The open store is still the one in the data folder: what it saves, it keeps.
    later = session.reports.create_draft(full_report()).reference
    session.close()
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        assert {after_backup, later} <= {r.reference for r in again.reports.list()}


def test_a_volunteers_open_workspace_holds_the_data_folders_lock(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    """A workspace lives in workspaces/, but its lock is the data folder's: a restore (which
    replaces workspaces/ too) is refused while a volunteer has theirs open."""
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    backup = tmp_path / "b.intake"
    session.backups.backup(backup)
    session.close()
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    try:
        assert volunteer.in_workspace
        with pytest.raises(StoreInUse) as caught:
            restoring.restore(data_dir, backup, user_name="Amina", passphrase=PASSPHRASE)
        assert str(caught.value) == OPEN_ELSEWHERE
        assert not (data_dir / "workspaces" / "store.lock").exists()
    finally:
        volunteer.close()
    restoring.restore(data_dir, backup, user_name="Amina", passphrase=PASSPHRASE)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_restore_is_refused_while_another_process_has_the_store_open(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    session = plain_store(data_dir)
    backup = tmp_path / "b.intake"
    session.backups.backup(backup)
    session.close()
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.store_holder", str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().startswith("open"), holder.stderr
        done = run_intake(data_dir, passfile, "restore", str(backup))
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [f"intake: {OPEN_ELSEWHERE}"]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # A killed process holds nothing: the restore goes ahead now.
    done = run_intake(data_dir, passfile, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "The backup has been restored." in done.stdout


def test_opening_waits_then_refuses_while_a_restore_holds_the_store(
    session: Session, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.close()
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.2)
    with StoreLock.acquire(data_dir, exclusive=True), pytest.raises(StoreInUse) as caught:
        unlock(data_dir, "Amina", PASSPHRASE)
    assert str(caught.value) == BEING_RESTORED
    unlock(data_dir, "Amina", PASSPHRASE).close()  # and opens once the restore is done


def test_many_can_have_the_store_open_at_once(session: Session, data_dir: Path) -> None:
    second = unlock(data_dir, "Amina", PASSPHRASE)
    third = unlock(data_dir, "Amina", PASSPHRASE)
    assert len(second.reports.list()) == len(third.reports.list()) == 0
    for opened in (second, third, session):
        opened.close()
    with StoreLock.acquire(data_dir, exclusive=True) as lock:  # once all are closed
        assert lock.held


def test_locking_the_session_lets_go_of_the_lock(session: Session, data_dir: Path) -> None:
    with pytest.raises(StoreInUse):
        StoreLock.acquire(data_dir, exclusive=True)
    session.close()
    StoreLock.acquire(data_dir, exclusive=True).release()
