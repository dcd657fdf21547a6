"""Hostile backup files are refused before they can fill the disk: compressed members, sizes over
the limit, sizes stated two ways, more bytes than declared."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from intake_app.app import restoring
from intake_app.app.session import Session
from intake_app.storage.backup_archive_unpack import (
    COMPRESSED,
    INVALID,
    TOO_LARGE,
    copy_counted,
    unpack_backup,
)
from intake_app.support.errors import BackupInvalid
from intake_app.support.paths import DB_NAME
from tests.conftest import PASSPHRASE
from tests.fixtures.hostile_backups import make_hostile_backups
from tests.fixtures.hostile_backups.make_hostile_backups import _set_central_sizes

FIXTURES = Path(make_hostile_backups.__file__).parent


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def test_the_committed_fixtures_are_what_the_script_makes() -> None:
    made = make_hostile_backups.build()
    for name in ("lying-size.intake", "oversized-manifest.intake"):
        assert (FIXTURES / name).read_bytes() == made[name], name
    # zlib's exact output may differ between versions; what matters is the member it holds.
    with zipfile.ZipFile(FIXTURES / "deflate-bomb.intake") as bomb:
        info = bomb.getinfo(DB_NAME)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.file_size == make_hostile_backups.BOMB_BYTES
        assert info.compress_size < 64 * 1024
    assert (FIXTURES / "deflate-bomb.intake").stat().st_size < 64 * 1024


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deflate-bomb.intake", COMPRESSED),
        ("lying-size.intake", INVALID),
        ("oversized-manifest.intake", TOO_LARGE),
    ],
)
def test_hostile_backups_are_refused_and_nothing_is_written(
    session: Session, data_dir: Path, name: str, message: str
) -> None:
    session.close()
    before = _tree(data_dir)
    with pytest.raises(BackupInvalid) as caught:
        restoring.restore(data_dir, FIXTURES / name, user_name="Amina", passphrase=PASSPHRASE)
    assert str(caught.value) == message
    assert _tree(data_dir) == before


def test_the_bomb_is_refused_before_a_byte_is_unpacked(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    with pytest.raises(BackupInvalid, match="parts of it are compressed"):
        unpack_backup(FIXTURES / "deflate-bomb.intake", staging)
    assert not staging.exists()


def test_a_real_backup_whose_database_size_lies_writes_no_more_than_it_declared(
    session: Session, tmp_path: Path
) -> None:
    good = tmp_path / "good.intake"
    session.backups.backup(good)
    with zipfile.ZipFile(good) as archive:
        real = archive.getinfo(DB_NAME).file_size
    declared = real // 2
    lying = tmp_path / "lying.intake"
    lying.write_bytes(_set_central_sizes(good.read_bytes(), DB_NAME, declared, declared))
    staging = tmp_path / "staging"
    with pytest.raises(BackupInvalid, match="damaged or altered"):
        unpack_backup(lying, staging)
    written = staging / DB_NAME
    assert not written.exists() or written.stat().st_size <= declared


def test_copying_stops_as_soon_as_a_member_has_more_than_it_declared() -> None:
    source, target = io.BytesIO(b"x" * 5000), io.BytesIO()
    with pytest.raises(BackupInvalid, match="larger than it says"):
        copy_counted(source, target, 1000)
    assert len(target.getvalue()) <= 1000
    with pytest.raises(BackupInvalid, match="damaged or altered"):
        copy_counted(io.BytesIO(b"x" * 10), io.BytesIO(), 1000)  # and fewer is refused too
    assert copy_counted(io.BytesIO(b"x" * 1000), io.BytesIO(), 1000) == 1000


def test_a_stored_member_whose_two_sizes_differ_is_refused(
    session: Session, tmp_path: Path
) -> None:
    good = tmp_path / "good.intake"
    session.backups.backup(good)
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(DB_NAME)
    odd = tmp_path / "odd.intake"
    odd.write_bytes(
        _set_central_sizes(good.read_bytes(), DB_NAME, info.compress_size, info.file_size + 1)
    )
    with pytest.raises(BackupInvalid, match="larger than it says"):
        unpack_backup(odd, tmp_path / "staging")
    assert not (tmp_path / "staging").exists()
