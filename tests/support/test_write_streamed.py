"""A file written a piece at a time (the force's records export): it appears whole under its
name or not at all, a file already there is refused unless replacing was asked for, and a disk
that fills half-way leaves nothing behind and says so."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import BinaryIO

import pytest

from intake_app.support.atomic_files import write_streamed
from intake_app.support.errors import AlreadyThere, IntakeError


def _pieces(out: BinaryIO) -> int:
    for n in range(1000):
        out.write(b"%04d report\n" % n)
    return 1000


def test_the_file_appears_whole_and_what_the_writer_returns_comes_back(tmp_path: Path) -> None:
    target = tmp_path / "reports.csv"
    assert write_streamed(target, _pieces) == 1000
    assert target.read_bytes().count(b"\n") == 1000
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["reports.csv"]


def test_a_file_already_there_is_kept_unless_replacing_was_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "reports.csv"
    target.write_bytes(b"the force's earlier export")
    with pytest.raises(AlreadyThere):
        write_streamed(target, _pieces)
    assert target.read_bytes() == b"the force's earlier export"
    write_streamed(target, _pieces, replace=True)
    assert target.read_bytes().startswith(b"0000 report")
    assert [p.name for p in tmp_path.iterdir()] == ["reports.csv"]


def test_a_disk_that_fills_half_way_leaves_nothing_and_says_so(tmp_path: Path) -> None:
    def fills(out: BinaryIO) -> int:
        out.write(b"x" * 4096)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(IntakeError, match="full"):
        write_streamed(tmp_path / "reports.json", fills)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_in_the_writer_itself_leaves_nothing(tmp_path: Path) -> None:
    def breaks(out: BinaryIO) -> int:
        out.write(b"half")
        raise IntakeError("A report does not open.")

    with pytest.raises(IntakeError, match="does not open"):
        write_streamed(tmp_path / "reports.json", breaks)
    assert list(tmp_path.iterdir()) == []
