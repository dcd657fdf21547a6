"""A full disk, for real (a small tmpfs filled to the last byte): every action says the disk is
full, never that the store is damaged, and nothing saved before is lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app.app import restoring
from intake_app.app.session import Session, unlock
from intake_app.domain.report_template import example_report
from intake_app.support.errors import DiskFull
from tests.conftest import PASSPHRASE, full_report
from tests.disk_conditions import fill, plain_store, run_intake, tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "8m") as mount:
        yield mount


def _reopened_reports(data_dir: Path) -> list[str]:
    """What is in the store once space is back: every report's reference, after checking every
    page and the audit chain."""
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        assert again.db.integrity_problems() == []
        assert again.audit.verify().ok
        return sorted(r.reference for r in again.reports.list())


def _full(session: Session) -> Path:
    session.db.checkpoint()  # the write-ahead log is emptied, so the next write needs new space
    return fill(session.data_dir.parent)


def test_saving_a_report_on_a_full_disk_says_so_and_loses_nothing(small_disk: Path) -> None:
    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    kept = session.reports.create_draft(full_report()).reference
    filler = _full(session)
    try:
        with pytest.raises(DiskFull) as caught:
            for _ in range(20):
                session.reports.create_draft(full_report(description="x" * 20_000))
        message = str(caught.value)
        assert message.startswith("The disk is full, so this could not be done.")
        assert "damaged" not in message and "restore" not in message.lower()
        assert "Free some space on the disk that holds the data folder" in message
        assert kept in [r.reference for r in session.reports.list()]  # reads still work
    finally:
        session.close()
        filler.unlink()
    assert kept in _reopened_reports(data_dir)


def test_viewing_a_report_on_a_full_disk_shows_it_and_says_the_view_went_unrecorded(
    small_disk: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from intake_app.ui.form.report_view import ReportView

    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    record = session.reports.create_draft(full_report())
    views_before = len(session.audit.entries(limit=1000))
    filler = _full(session)
    try:
        seen = session.reports.get(record.reference)
        assert seen.report.person.name == "Zenobia Quarterfield"
        assert seen.view_not_recorded == (
            "Opening this report could not be recorded in the audit log, because the disk is "
            "full. Free some space on the disk that holds the data folder, then try again."
        )
        view = ReportView(seen, session)
        qtbot.addWidget(view)
        assert not view.unrecorded.isHidden()
        assert "could not be recorded in the audit log" in view.unrecorded.text()
        assert "Zenobia Quarterfield" in view.browser.toPlainText()
        assert len(session.audit.entries(limit=1000)) == views_before
    finally:
        session.close()
        filler.unlink()
    with unlock(data_dir, "Amina", PASSPHRASE) as again:
        again_seen = again.reports.get(record.reference)
        assert again_seen.view_not_recorded == ""  # with space again, views are recorded
        actions = [e.action for e in again.audit.entries(limit=5)]
        assert actions[0] == "report.viewed"


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing_behind(
    small_disk: Path, tmp_path: Path
) -> None:
    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    kept = session.reports.create_draft(full_report()).reference
    filler = _full(session)
    out = tmp_path / "centre-backup.intake"
    try:
        with pytest.raises(DiskFull, match=r"^The disk is full, so this could not be done"):
            session.backups.backup(out)
        assert not out.exists()
        assert not [p for p in data_dir.iterdir() if p.name.startswith(".backup-")]
    finally:
        session.close()
        filler.unlink()
    assert _reopened_reports(data_dir) == [kept]


def test_a_backup_to_a_full_disk_elsewhere_names_the_chosen_folder(
    small_disk: Path, tmp_path: Path, session: Session
) -> None:
    filler = fill(small_disk)
    try:
        with pytest.raises(DiskFull, match="the disk that holds the chosen folder"):
            session.backups.backup(small_disk / "centre-backup.intake")
        assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin"]
    finally:
        filler.unlink()


def test_restore_without_room_for_the_backup_says_how_much_it_needs(
    small_disk: Path, tmp_path: Path
) -> None:
    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    first = session.reports.create_draft(full_report()).reference
    backup = tmp_path / "centre-backup.intake"
    session.backups.backup(backup)
    session.close()
    before = sorted(p.name for p in data_dir.iterdir())
    filler = fill(small_disk)
    try:
        with pytest.raises(DiskFull) as caught:
            restoring.restore(data_dir, backup, user_name="Amina", passphrase=PASSPHRASE)
        message = str(caught.value)
        assert message.startswith("There is not enough free space to restore this backup")
        assert "it needs about 2." in message and "MB on the disk" in message
        assert "Nothing was changed." in message
        assert sorted(p.name for p in data_dir.iterdir()) == before
    finally:
        filler.unlink()
    assert _reopened_reports(data_dir) == [first]


def test_the_command_line_says_the_disk_is_full_in_one_line(
    small_disk: Path, tmp_path: Path
) -> None:
    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    kept = session.reports.create_draft(full_report()).reference
    session.db.checkpoint()
    session.close()
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    report = tmp_path / "r.json"
    report.write_text(json.dumps(example_report().to_dict()))
    filler = fill(small_disk)
    try:
        for args in (("check",), ("report", "add", "--json", str(report)), ("report", "list")):
            done = run_intake(data_dir, passfile, *args)
            assert done.returncode == 1, (args, done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1, (args, done.stderr)
            assert lines[0].startswith("intake: The disk is full, so this could not be done."), (
                args,
                lines,
            )
    finally:
        filler.unlink()
    assert _reopened_reports(data_dir) == [kept]


def test_unlocking_on_a_full_disk_says_the_disk_is_full_and_changes_nothing(
    small_disk: Path,
) -> None:
    """SQLite needs a few bytes for its journal files just to open: on a disk with none left the
    unlock says the disk is full (never "damaged"), and once space is back all is there."""
    data_dir = small_disk / "store"
    session = plain_store(data_dir)
    kept = session.reports.create_draft(full_report()).reference
    session.close()
    filler = fill(small_disk)
    try:
        with pytest.raises(DiskFull) as caught:
            unlock(data_dir, "Amina", PASSPHRASE)
        assert "damaged" not in str(caught.value)
    finally:
        filler.unlink()
    assert kept in _reopened_reports(data_dir)


def test_when_the_sign_in_cannot_be_recorded_the_store_opens_to_read(
    data_dir: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills between opening and the first write: the person can still read, and is
    told that nothing can be saved."""
    kept = session.reports.create_draft(full_report()).reference
    session.close()
    from intake_app.services.audit import AuditLog

    def full(*_: object, **__: object) -> None:
        raise DiskFull()

    monkeypatch.setattr(AuditLog, "append", full)
    with unlock(data_dir, "Amina", PASSPHRASE) as reading:
        assert reading.cannot_write is not None and "disk is full" in reading.cannot_write
        assert kept in [r.reference for r in reading.reports.list()]
