"""Checking a store's write-ahead log (``<database>-wal``) before SQLite reads it.

When SQLite opens a database whose log was left behind (the app was killed, or the computer
stopped), it replays the log's frames only up to the first one whose salts or checksum do not
match, and silently ignores every frame after it. One damaged frame in the middle of the log
therefore loses every transaction committed after it, without an error. This module reads the
log the way SQLite does (https://www.sqlite.org/fileformat2.html#walformat) and says whether
that would happen.

It needs no key and decrypts nothing: the checksums are over the stored (encrypted) bytes. It
never writes to the file, reads it a frame at a time, and stops after ``MAX_SCAN_BYTES``.

What is *not* damage, because SQLite loses nothing committed by ignoring it:

- a partial frame at the very end (a write cut short by a crash);
- frames left from an older generation of the log (other salts), after the log was restarted;
- intact-looking frames of a transaction that never committed (the app was killed while
  committing, or a transaction was rolled back and a shorter one written over its start). Such
  frames break the checksum chain, but no commit frame follows them.

Damage is a break in the chain (a frame failing its salts or checksum, or a damaged header)
followed by at least one *commit* frame of the same log generation whose checksum still verifies
when the chain is resumed from the stored checksums: a committed transaction SQLite would drop.
"""

from __future__ import annotations

import contextlib
import os
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from intake_app.storage.wal_checksum import (
    FRAME_HEADER_SIZE,
    Checksum,
    advance,
    frame_sums,
    header_checksum,
)
from intake_app.support.errors import JournalDamaged
from intake_app.support.i18n import _, ngettext, number

MAGIC = 0x377F0682  # the low bit set (0x377F0683) means big-endian checksum words
VERSION = 3007000
HEADER_SIZE = 32
PAGE_SIZES = tuple(1 << n for n in range(9, 17))  # 512 … 65536
MAX_SCAN_BYTES = 512 << 20  # a few seconds' work; beyond any log but an interrupted re-key's
BATCH_BYTES = 1 << 20  # frames are read and summed about 1 MiB at a time
_HEADER_REPAIR_FRAMES = 4  # frames looked at to tell a damaged header from noise
READ_ATTEMPTS = 3  # the file changed while read: read it again, this many times in all

_HEADER = struct.Struct(">IIIIII8s")  # magic, version, page size, sequence, salts, checksum
_FRAME = struct.Struct(">II8sII")  # page number, commit size, salts, checksum-1, checksum-2


class JournalState(Enum):
    ABSENT = "absent"  # no log file
    EMPTY = "empty"  # SQLite reads no frames from it, and nothing committed is lost
    SOUND = "sound"  # every frame SQLite reads is intact; anything after it is normal
    DAMAGED = "damaged"  # SQLite would silently drop committed transactions
    CHANGING = "changing"  # kept changing while read: another program has the store open
    UNREADABLE = "unreadable"  # not a regular file, or the system refused to read it


@dataclass(frozen=True)
class JournalReport:
    state: JournalState
    size: int = 0
    page_size: int = 0
    frames: int = 0  # intact frames SQLite replays from the start of the log
    commits: int = 0  # commit frames among them
    lost_frames: int = 0  # intact frames of this generation after the damage
    lost_commits: int = 0  # commit frames among them: committed transactions SQLite would drop
    damage_at: int | None = None  # byte offset of the first damaged frame (0: the header)
    complete: bool = True  # False when only the first MAX_SCAN_BYTES were read

    @property
    def damaged(self) -> bool:
        return self.state is JournalState.DAMAGED


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """How to read the frames: word order, page size, the generation's salts, the first seed."""

    big_endian: bool
    page_size: int
    salts: bytes
    seed: Checksum
    first_frame: int = 0  # the frame to start from (past frames too damaged to verify)


@dataclass
class _Tally:
    frames: int = 0
    commits: int = 0
    lost_frames: int = 0
    lost_commits: int = 0
    damage_at: int | None = None


def _valid_header(header: bytes) -> _Reading | None:
    """The header as SQLite accepts it, or None when SQLite would ignore the whole log."""
    magic, version, page_size, _sequence, _salt1, _salt2, stored = _HEADER.unpack(header)
    if magic & ~1 != MAGIC or version != VERSION or page_size not in PAGE_SIZES:
        return None
    big_endian = bool(magic & 1)
    checksum = header_checksum(header, big_endian)
    if checksum != struct.unpack(">II", stored):
        return None
    return _Reading(big_endian, page_size, header[16:24], checksum)


def _repaired_header(header: bytes, stream: BinaryIO) -> _Reading | None:
    """For a header SQLite rejects: is there a reading under which real frames follow it? Either
    word order and any page size; the first frame verified from the header's stored or computed
    checksum, or one of the next few from the stored checksum of the frame before it (when the
    damage reaches past the header). If so, what is damaged is the header (and perhaps the
    frames just after it), and the intact frames further on are ones SQLite will not read."""
    header_page_size = _HEADER.unpack(header)[2]
    stored_seed: Checksum = struct.unpack(">II", header[24:32])
    for page_size in sorted(PAGE_SIZES, key=lambda p: p != header_page_size):
        frame_size = FRAME_HEADER_SIZE + page_size
        stream.seek(HEADER_SIZE)
        block = stream.read(frame_size * _HEADER_REPAIR_FRAMES)
        count = len(block) // frame_size
        for big_endian in (False, True):
            sums = frame_sums(block, count, page_size, big_endian) if count else []
            previous: tuple[Checksum, ...] = (stored_seed, header_checksum(header, big_endian))
            for index, frame_sum in enumerate(sums):
                pgno, _commit, salts, check1, check2 = _FRAME.unpack_from(block, index * frame_size)
                for seed in previous:
                    if pgno != 0 and advance(seed, frame_sum, page_size) == (check1, check2):
                        return _Reading(big_endian, page_size, salts, seed, index)
                previous = ((check1, check2),)
    return None


def _scan_frames(
    stream: BinaryIO, size: int, reading: _Reading, *, replayed: bool, limit: int
) -> _Tally:
    """Walk the frames as SQLite does; after the first break, go on from the stored checksums
    and count the intact frames (and commits) of the same generation that SQLite would drop.
    Reads ``BATCH_BYTES`` at a time."""
    tally = _Tally()
    page_size, big_endian = reading.page_size, reading.big_endian
    frame_size = FRAME_HEADER_SIZE + page_size
    seeds: tuple[Checksum, ...] = (reading.seed,)
    in_chain = replayed
    if not replayed:
        tally.damage_at = 0  # the header: SQLite reads none of the frames
    offset = HEADER_SIZE + reading.first_frame * frame_size
    remaining = max(0, (min(size, limit) - offset) // frame_size)
    stream.seek(offset)
    while remaining:
        wanted = min(remaining, max(1, BATCH_BYTES // frame_size))
        block = stream.read(wanted * frame_size)
        count = len(block) // frame_size  # fewer when the file was cut short while read
        if not count:
            break
        sums = frame_sums(block, count, page_size, big_endian)
        for index, frame_sum in enumerate(sums):
            pgno, commit, salts, check1, check2 = _FRAME.unpack_from(block, index * frame_size)
            stored = (check1, check2)
            computed = [advance(seed, frame_sum, page_size) for seed in seeds]
            intact = pgno != 0 and salts == reading.salts and stored in computed
            if intact and in_chain:
                tally.frames += 1
                tally.commits += commit != 0
            elif intact:
                tally.lost_frames += 1
                tally.lost_commits += commit != 0
            elif in_chain:
                in_chain = False
                tally.damage_at = offset
            # After a break the next frame may go on from this one's stored checksum (when what
            # it holds was damaged) or from the checksum of what it holds (when its salts or its
            # stored checksum were).
            seeds = (stored,) if intact else tuple(dict.fromkeys((stored, *computed)))[:3]
            offset += frame_size
        remaining = remaining - count if count == wanted else 0
    return tally


def scan(stream: BinaryIO, size: int, *, limit: int = MAX_SCAN_BYTES) -> JournalReport:
    """Read a log of ``size`` bytes from ``stream`` (positioned anywhere)."""
    stream.seek(0)
    header = stream.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        return JournalReport(JournalState.EMPTY, size=size)
    reading = _valid_header(header)
    replayed = reading is not None
    if reading is None:
        reading = _repaired_header(header, stream)
        if reading is None:  # a header SQLite ignores, and nothing verifiable after it
            return JournalReport(JournalState.EMPTY, size=size)
    tally = _scan_frames(stream, size, reading, replayed=replayed, limit=limit)
    if tally.lost_commits:
        state = JournalState.DAMAGED
    elif tally.frames:
        state = JournalState.SOUND
    else:
        state = JournalState.EMPTY
    return JournalReport(
        state,
        size=size,
        page_size=reading.page_size,
        frames=tally.frames,
        commits=tally.commits,
        lost_frames=tally.lost_frames,
        lost_commits=tally.lost_commits,
        damage_at=tally.damage_at if tally.lost_commits else None,
        complete=size <= limit,
    )


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO | None]:
    """The file, opened for reading only (never created), or None if it is not a regular file.
    O_NONBLOCK keeps a FIFO put in its place from blocking the open."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    if not regular:
        os.close(fd)
        yield None
        return
    with os.fdopen(fd, "rb") as handle:
        yield handle


def _fingerprint(handle: BinaryIO) -> tuple[int, int, bytes]:
    info = os.fstat(handle.fileno())
    handle.seek(0)
    return info.st_size, info.st_mtime_ns, handle.read(HEADER_SIZE)


def examine(db_path: Path, *, limit: int = MAX_SCAN_BYTES) -> JournalReport:
    """Check ``db_path``'s log, if it has one. Read-only."""
    path = journal_path(db_path)
    try:
        with _open_regular(path) as handle:
            if handle is None:
                return JournalReport(JournalState.UNREADABLE)
            for _attempt in range(READ_ATTEMPTS):
                before = _fingerprint(handle)
                report = scan(handle, before[0], limit=limit)
                if _fingerprint(handle) == before:
                    return report
            return JournalReport(JournalState.CHANGING, size=before[0])
    except FileNotFoundError:
        return JournalReport(JournalState.ABSENT)
    except OSError:
        return JournalReport(JournalState.UNREADABLE)


# --- what to tell people -----------------------------------------------------------------------


def damaged_message(names: list[str]) -> str:
    # Translators: {files} is one file name (centre.db-wal), or several separated by commas.
    message = ngettext(
        "The store's journal file ({files}) holds changes that cannot be read back, because "
        "part of it is damaged.",
        "The journal files {files} hold changes that cannot be read back, because part of it "
        "is damaged.",
        len(names),
    ).format(files=", ".join(names))
    return (
        message
        + " "
        + _(
            "Opening the store now would lose those changes without a word, so it has not been "
            "opened, and nothing has been changed. Keep a copy of the whole data folder as it "
            "is, then restore the newest backup with 'intake restore', or ask for help."
        )
    )


def refuse_if_damaged(db_path: Path, name: str) -> JournalReport:
    """Raise ``JournalDamaged`` if SQLite would silently drop committed changes from the log."""
    report = examine(db_path)
    if report.damaged:
        raise JournalDamaged(damaged_message([name]))
    return report


def describe(report: JournalReport) -> str:
    """One line for ``intake check``: no content, only counts."""
    state = report.state
    if state is JournalState.ABSENT:
        return _("no journal file")
    if state is JournalState.EMPTY:
        return _("journal file holds no changes to replay")
    if state is JournalState.CHANGING:
        return _("journal file is in use by another window or program (not checked)")
    if state is JournalState.UNREADABLE:
        return _("journal file cannot be read")
    if state is JournalState.SOUND:
        frames = ngettext("{count} frame", "{count} frames", report.frames).format(
            count=report.frames
        )
        commits = ngettext(
            "{count} committed change", "{count} committed changes", report.commits
        ).format(count=report.commits)
        # Translators: a line of 'intake check'. {frames} is "12 frames" (pieces of the journal
        # file), {commits} is "3 committed changes".
        line = _("journal file intact: {frames}, {commits}").format(frames=frames, commits=commits)
    else:
        if report.damage_at == 0:
            where = _("its header is damaged")
        else:
            # Translators: {offset} is a position in the file, counted in bytes from its start.
            where = _("it is damaged at byte {offset}").format(offset=number(report.damage_at or 0))
        # Translators: a line of 'intake check'; DAMAGED, in capitals, stands out among the
        # others. {where} says where the journal file is damaged ("its header is damaged");
        # {before} is a number of committed changes.
        line = ngettext(
            "DAMAGED: {where}; {count} committed change after that point cannot be read back "
            "({before} before it can)",
            "DAMAGED: {where}; {count} committed changes after that point cannot be read back "
            "({before} before it can)",
            report.lost_commits,
        ).format(where=where, count=report.lost_commits, before=report.commits)
    if not report.complete:
        # Translators: added to a line of 'intake check' when only part of a large journal
        # file was read; {size} is a number of megabytes (MB).
        line += " " + _("(only its first {size} MB were checked)").format(size=MAX_SCAN_BYTES >> 20)
    return line
