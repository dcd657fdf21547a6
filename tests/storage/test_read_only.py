"""A read-only data folder, for real: a read-only bind mount of it, and the folder made 0500.
Writes say the folder is read-only (never that the store is damaged), reads go on where SQLite
can do them, and nothing changes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from intake_app.app.session import Session
from intake_app.domain.report_template import example_report
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.store_lock import StoreLock
from intake_app.support.errors import StoreReadOnly
from intake_app.support.paths import DB_NAME
from tests.conftest import PASSPHRASE, full_report
from tests.disk_conditions import ROOT, as_ordinary_user, plain_store, read_only_view, run_intake

READ_ONLY = "The data folder is read-only, so this could not be done. Nothing saved before is lost."


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def _closed_store(data_dir: Path) -> str:
    session = plain_store(data_dir)
    reference = session.reports.create_draft(full_report()).reference
    session.db.checkpoint()
    session.close()
    return reference


def test_commands_on_a_read_only_mount_say_so(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    _closed_store(data_dir)
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    report = tmp_path / "r.json"
    report.write_text(json.dumps(example_report().to_dict()))
    before = _files(data_dir)
    with read_only_view(data_dir, tmp_path / "ro") as view:
        for args in (("report", "add", "--json", str(report)), ("check",), ("report", "list")):
            done = run_intake(view, passfile, *args)
            assert done.returncode == 1, (args, done.stderr)
            assert done.stderr.strip().splitlines() == [f"intake: {StoreReadOnly()}"], args
    assert _files(data_dir) == before


def test_reads_go_on_and_writes_are_refused_through_a_read_only_mount(
    tmp_path: Path, session: Session, data_dir: Path
) -> None:
    kept = session.reports.create_draft(full_report()).reference
    salt = read_db_salt(data_dir / DB_NAME)
    with read_only_view(data_dir, tmp_path / "ro") as view:
        # The store is open (its -wal and -shm files exist), so SQLite can read it read-only.
        db = Database(view / DB_NAME, session.keys.db_key, expected_salt=salt)
        try:
            assert db.all("SELECT reference FROM reports") == [(kept,)]
            with pytest.raises(StoreReadOnly, match=r"^The data folder is read-only"):
                db.execute("UPDATE reports SET status = status")
        finally:
            db.close()
        lock = StoreLock.acquire(view, exclusive=False)  # the lock file opens read-only
        assert lock.held
        lock.release()
    assert [r.reference for r in session.reports.list()] == [kept]


_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from intake_app.support.errors import IntakeError
    from intake_app.app.session import unlock
    from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report

    data_dir = Path(sys.argv[1])
    found = {}
    session = unlock(data_dir, "Amina", PASSPHRASE)
    os.chmod(data_dir, 0o500)
    found["listed"] = [r.reference for r in session.reports.list()]
    try:
        session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
        found["slot_write"] = "saved"
    except IntakeError as exc:
        found["slot_write"] = str(exc)
    try:
        session.reports.create_draft(full_report())
        found["report_write"] = "saved"
    except IntakeError as exc:
        found["report_write"] = str(exc)
    session.close()
    print(json.dumps(found))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_made_read_only_with_chmod(tmp_path: Path) -> None:
    prefix = as_ordinary_user()
    data_dir = tmp_path / "store"
    kept = _closed_store(data_dir)
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    try:
        # A fresh command: SQLite cannot make the store's -wal and -shm files, so nothing opens.
        data_dir.chmod(0o500)
        for args in (("report", "list"), ("check",)):
            done = run_intake(data_dir, passfile, *args, prefix=prefix)
            assert done.returncode == 1, (args, done.stderr)
            assert done.stderr.strip().splitlines() == [f"intake: {StoreReadOnly()}"], args
        # A store already open when its folder becomes read-only: reads go on; a new file (the
        # slot file is rewritten through a temporary file) is refused in words; SQLite still
        # writes the files it already has open, as the operating system lets it.
        data_dir.chmod(0o700)
        done = subprocess.run(
            [*prefix, sys.executable, "-c", _SCRIPT, str(data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert found["listed"] == [kept]
        assert found["slot_write"].startswith(READ_ONLY)
        assert found["report_write"] == "saved"
    finally:
        data_dir.chmod(0o700)
