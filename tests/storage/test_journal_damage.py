"""A damaged write-ahead log (``centre.db-wal``) is found before SQLite replays it.

SQLite replays a log only up to the first frame whose salts or checksum do not match and silently
ignores the rest, so one flipped byte early in the log would lose every report saved after it.
The reader is checked against SQLite itself (plain SQLite for the many cases, SQLCipher stores
for the app's own paths)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import create_store, unlock
from intake_app.cli.main import main
from intake_app.storage import wal_check
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.storage.wal_check import JournalState
from intake_app.storage.wal_checksum import naive_checksum
from intake_app.support.errors import IntakeError, JournalDamaged
from tests.conftest import PASSPHRASE, MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
FRAME = 24 + 4096  # SQLCipher's pages are 4096 bytes
REPORTS = 20


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): _sha(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("intake.log")  # the log says what was done
    }


def _write_and_die(folder: Path, count: int, *extra: str) -> list[str]:
    """Save ``count`` reports in another process that then ends without closing the store."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.wal_writer", str(folder), str(count), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.split()


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A store whose app was killed after saving 20 reports: all 20 are only in the log."""
    folder = tmp_path_factory.mktemp("crashed") / "store"
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        session, _ = create_store(
            folder,
            centre_name="Riverside Advice Centre",
            centre_code="RIVA",
            user_name="Amina",
            passphrase=PASSPHRASE,
            params=TEST_PARAMS,
            device_binding=False,
        )
        session.close()
    finally:
        keyring.set_keyring(previous)
    refs = _write_and_die(folder, REPORTS)
    assert len(refs) == REPORTS
    wal = folder / "centre.db-wal"
    assert wal.stat().st_size > REPORTS * FRAME  # every report is in the log, none checkpointed
    report = wal_check.examine(folder / "centre.db")
    assert report.state is JournalState.SOUND
    assert report.commits > REPORTS and report.frames > 3 * REPORTS
    return folder, refs


@pytest.fixture
def store(crashed: tuple[Path, list[str]], tmp_path: Path) -> Path:
    """A copy of the crashed store's data folder, as someone would find it after the crash."""
    copy = tmp_path / "store"
    shutil.copytree(crashed[0], copy)
    return copy


def _flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x10]))


def _references(folder: Path) -> list[str]:
    with unlock(folder, "Amina", PASSPHRASE) as session:
        assert session.db.integrity_problems() == []
        return sorted(r[0] for r in session.db.all("SELECT reference FROM reports"))


def _check(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    argv = ["--data-dir", str(folder), "--user", "Amina", "--passphrase-file", str(secret)]
    code = main([*argv, "check"])
    out, err = capsys.readouterr()
    return code, out, err


# --- the app's stores (SQLCipher) ---------------------------------------------------------------


def test_an_intact_log_opens_with_every_report(
    store: Path, crashed: tuple[Path, list[str]]
) -> None:
    assert _references(store) == sorted(crashed[1])


def test_a_flipped_byte_early_in_the_log_is_refused_and_nothing_changes(store: Path) -> None:
    _flip(store / "centre.db-wal", 32 + 2 * FRAME + 24 + 500)  # inside the third frame's page
    before = _folder_state(store)
    with pytest.raises(JournalDamaged) as caught:
        unlock(store, "Amina", PASSPHRASE)
    message = str(caught.value)
    assert "journal file (centre.db-wal) holds changes that cannot be read back" in message
    assert "would lose those changes" in message
    assert "nothing has been changed" in message
    assert "Keep a copy of the whole data folder" in message and "newest backup" in message
    assert "database is damaged" not in message
    assert _folder_state(store) == before  # the log, the database and the rest untouched
    report = wal_check.examine(store / "centre.db")
    assert report.damaged and report.damage_at == 32 + 2 * FRAME
    assert report.lost_commits >= REPORTS - 1


def test_without_the_check_sqlite_would_lose_the_reports_silently(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the check exists: SQLCipher opens the same folder without a word and most of the 20
    reports are gone."""
    _flip(store / "centre.db-wal", 32 + 2 * FRAME + 24 + 500)
    monkeypatch.setattr(wal_check, "refuse_if_damaged", lambda *args: None)
    assert len(_references(store)) < 2


def test_intake_check_reports_each_damaged_log_and_fails(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _flip(store / "centre.db-wal", 32 + 5 * FRAME + 8)  # the fifth frame's salt
    (store / "workspaces").mkdir(exist_ok=True)
    shutil.copy(store / "centre.db-wal", store / "workspaces" / "0123abcd.db-wal")
    before = _folder_state(store)
    code, out, err = _check(store, tmp_path, capsys)
    assert code != 0
    lines = out.splitlines()
    assert any(line.startswith("centre.db-wal: DAMAGED") for line in lines), out
    assert any(line.startswith("workspaces/0123abcd.db-wal: DAMAGED") for line in lines), out
    assert "centre.db-wal, workspaces/0123abcd.db-wal hold changes that cannot be read" in err
    assert "intact" not in out
    assert _folder_state(store) == before


def test_intake_check_passes_an_intact_log(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _check(store, tmp_path, capsys)
    assert code == 0, err
    assert "centre.db-wal: journal file intact:" in out
    assert "Every page of the store is intact." in out


def test_a_torn_last_frame_is_not_damage_and_the_earlier_saves_open(
    store: Path, crashed: tuple[Path, list[str]]
) -> None:
    wal = store / "centre.db-wal"
    os.truncate(wal, wal.stat().st_size - FRAME // 2)  # the app died while writing the last frame
    report = wal_check.examine(store / "centre.db")
    assert report.state is JournalState.SOUND and not report.damaged
    assert _references(store) == sorted(crashed[1][:-1])  # the last save never completed


def test_an_older_generation_in_the_tail_is_not_damage(
    store: Path, crashed: tuple[Path, list[str]]
) -> None:
    """After a checkpoint SQLite starts the log again from its first frame with new salts; the
    frames of the older generation after the new ones are left behind, and that is normal."""
    more = _write_and_die(store, 1, "restart")
    report = wal_check.examine(store / "centre.db")
    assert report.state is JournalState.SOUND
    size = (store / "centre.db-wal").stat().st_size
    assert 32 + (report.frames + REPORTS) * FRAME < size  # much of the old generation is left
    assert _references(store) == sorted(crashed[1] + more)


# --- the reader against plain SQLite ------------------------------------------------------------

_PLAIN = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
for _ in range(20):
    db.execute("INSERT INTO t (v) VALUES (randomblob(3000))")
if sys.argv[2:] == ["rollback"]:
    db.execute("PRAGMA cache_size = 5")  # a large transaction spills frames into the log
    db.execute("BEGIN")
    for _ in range(100):
        db.execute("INSERT INTO t (v) VALUES (randomblob(3000))")
    db.execute("ROLLBACK")  # its frames stay in the log, and the next commit is written over
    db.execute("INSERT INTO t (v) VALUES (randomblob(10))")  # the start of them
os._exit(0)
"""


def _plain_log(folder: Path, *extra: str) -> Path:
    folder.mkdir()
    subprocess.run([sys.executable, "-c", _PLAIN, str(folder / "a.db"), *extra], check=True)
    return folder / "a.db"


def _rows(db: Path) -> int | str:
    try:
        connection = sqlite3.connect(db)
        try:
            return int(connection.execute("SELECT count(*) FROM t").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)


@pytest.fixture(scope="module")
def plain_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_log(tmp_path_factory.mktemp("plain") / "log")


def test_the_reader_agrees_with_sqlite_about_every_flipped_byte(
    plain_log: Path, tmp_path: Path
) -> None:
    """For byte flips all over a log (each header byte, then every 997th byte), the reader calls
    the log damaged exactly when SQLite, opening it, loses committed rows, except in the very
    last frame: damage there looks just like a write cut short by a crash, and is not called
    damage."""
    original = (plain_log.parent / "a.db-wal").read_bytes()
    report = wal_check.examine(plain_log)
    assert report.state is JournalState.SOUND and report.commits == 21  # CREATE + 20 inserts
    last_frame = len(original) - (24 + report.page_size)
    positions = [*range(32), *range(32, last_frame, 997)]
    for index, position in enumerate(positions):
        copy = tmp_path / f"c{index}"
        shutil.copytree(plain_log.parent, copy)
        _flip(copy / "a.db-wal", position)
        verdict = wal_check.examine(copy / "a.db")
        assert verdict.damaged == (_rows(copy / "a.db") != 20), position
        shutil.rmtree(copy)


def test_frames_left_by_a_rolled_back_transaction_are_not_damage(tmp_path: Path) -> None:
    """A rolled-back transaction's frames break the checksum chain after the last commit and
    carry the log's salts, but SQLite loses nothing by ignoring them: no commit follows."""
    db = _plain_log(tmp_path / "log", "rollback")
    report = wal_check.examine(db)
    assert report.state is JournalState.SOUND
    assert report.lost_frames > 50 and report.lost_commits == 0
    assert _rows(db) == 21


# --- the format -----------------------------------------------------------------------------------


def _log(frames: list[tuple[int, int, bytes]], page_size: int = 512, big: bool = False) -> bytes:
    """A log as SQLite writes it: header, then (page number, commit size, page) frames."""
    order = ">" if big else "<"
    header = struct.pack(">IIIIII", wal_check.MAGIC | big, 3007000, page_size, 0, 7, 11)
    checksum = naive_checksum(struct.unpack(order + "6I", header))
    out = bytearray(header + struct.pack(">II", *checksum))
    for pgno, commit, page in frames:
        first = struct.pack(">II", pgno, commit)
        words = struct.unpack(f"{order}{(8 + page_size) // 4}I", first + page)
        checksum = naive_checksum(words, checksum)
        out += first + header[16:24] + struct.pack(">II", *checksum) + page
    return bytes(out)


def _scan(data: bytes) -> wal_check.JournalReport:
    return wal_check.scan(io.BytesIO(data), len(data))


@settings(max_examples=60, deadline=None)
@given(page_size=st.sampled_from([512, 1024, 4096, 65536]), big=st.booleans(), seed=st.binary())
def test_frames_are_summed_as_the_format_says(page_size: int, big: bool, seed: bytes) -> None:
    pages = [hashlib.sha256(seed + bytes([n])).digest() * (page_size // 32) for n in range(3)]
    data = _log([(1, 0, pages[0]), (2, 0, pages[1]), (3, 3, pages[2])], page_size, big)
    report = _scan(data)
    assert (report.state, report.frames, report.commits) == (JournalState.SOUND, 3, 1)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commits=st.lists(st.integers(1, 3), min_size=2, max_size=5),
    where=st.floats(0, 1, exclude_max=True),
    bit=st.integers(0, 7),
    big=st.booleans(),
)
def test_any_flip_before_the_last_commit_is_damage(
    commits: list[int], where: float, bit: int, big: bool
) -> None:
    """Transactions of 1 to 3 frames; one bit flipped anywhere before the last transaction's
    commit frame (header included) loses that commit, and is called damage."""
    frames = []
    for size in commits:
        for n in range(size):
            page = hashlib.sha256(bytes([len(frames)])).digest() * 16
            frames.append((len(frames) + 1, len(frames) + 1 if n == size - 1 else 0, page))
    data = bytearray(_log(frames, big=big))
    position = int(where * (len(data) - (24 + 512)))
    data[position] ^= 1 << bit
    report = _scan(bytes(data))
    assert report.damaged, position
    assert report.lost_commits >= 1


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=3000), header=st.booleans())
def test_arbitrary_bytes_never_crash_the_reader(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, header: bool
) -> None:
    if header:  # a valid header, so the bytes are read as frames
        data = _log([], page_size=512)[:32] + data
    report = _scan(data)
    assert report.state in set(JournalState)
    folder = tmp_path_factory.getbasetemp() / "arbitrary"
    folder.mkdir(exist_ok=True)
    (folder / "a.db-wal").write_bytes(data)
    try:
        wal_check.refuse_if_damaged(folder / "a.db", "a.db-wal")
    except JournalDamaged:
        assert report.damaged
    assert (folder / "a.db-wal").read_bytes() == data


def test_no_log_an_empty_log_and_a_fifo(tmp_path: Path) -> None:
    assert wal_check.examine(tmp_path / "a.db").state is JournalState.ABSENT
    (tmp_path / "a.db-wal").write_bytes(b"")
    assert wal_check.examine(tmp_path / "a.db").state is JournalState.EMPTY
    (tmp_path / "b.db-wal").write_bytes(_log([])[:20])  # a header cut short by a crash
    assert wal_check.examine(tmp_path / "b.db").state is JournalState.EMPTY
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "c.db-wal")  # must not block
        assert wal_check.examine(tmp_path / "c.db").state is JournalState.UNREADABLE


def test_only_the_first_part_of_a_huge_log_is_read(tmp_path: Path) -> None:
    page = bytes(range(256)) * 2
    data = _log([(n, n, page) for n in range(1, 101)])
    (tmp_path / "a.db-wal").write_bytes(data)
    report = wal_check.examine(tmp_path / "a.db", limit=32 + 10 * (24 + 512))
    assert (report.frames, report.complete) == (10, False)
    assert "only its first" in wal_check.describe(report)


def test_the_damage_message_is_a_plain_intake_error() -> None:
    assert issubclass(JournalDamaged, IntakeError)
