"""Real disk conditions for tests: a small tmpfs to fill, a read-only bind mount, and running a
command without root's power to ignore file permissions.

Mounting needs root (and a kernel that allows it here); without it the tests that need a mount
are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app.app.session import Session, create_store
from intake_app.storage.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


def _need_root(what: str) -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(f"{what} needs root (this run is not root)")
    if shutil.which("mount") is None:
        pytest.skip(f"{what} needs the mount command")


def _unmount(path: Path) -> None:
    done = subprocess.run(["umount", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A fresh tmpfs of ``size`` (e.g. "6m") mounted on ``path``; unmounted afterwards."""
    _need_root("a small tmpfs")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"could not mount a tmpfs: {done.stderr.strip() or done.returncode}")
    try:
        yield path
    finally:
        _unmount(path)


@contextlib.contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """``source`` bind-mounted read-only on ``view``: the same files, refused for writing."""
    _need_root("a read-only bind mount")
    view.mkdir(parents=True, exist_ok=True)
    for command in (
        ["mount", "--bind", str(source), str(view)],
        ["mount", "-o", "remount,bind,ro", str(view)],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            _unmount(view)
            pytest.skip(f"could not make a read-only bind mount: {done.stderr.strip()}")
    try:
        yield view
    finally:
        _unmount(view)


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until the disk is full; returns it (delete it to free space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    block = b"\0" * 65536
    try:
        while True:
            try:
                os.write(fd, block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(block) == 1:
                    break
                block = block[: len(block) // 2]
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free < 4096
    return filler


def as_ordinary_user() -> list[str]:
    """A command prefix that, when this run is root, drops the power to ignore file
    permissions (so a folder made 0500 refuses writes, as it does for everyone else)."""
    if os.name != "posix" or os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("testing permissions as root needs setpriv (util-linux)")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def run_intake(
    data_dir: Path, passfile: Path, *args: str, prefix: list[str] | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``intake`` in its own process, as a person would run it."""
    return subprocess.run(
        [
            *(prefix or []),
            sys.executable,
            "-m",
            "intake_app.cli.main",
            "--data-dir",
            str(data_dir),
            "--user",
            "Amina",
            "--passphrase-file",
            str(passfile),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )


def plain_store(data_dir: Path) -> Session:
    """A new store bound to no keyring, so that another process can open it too."""
    session, _ = create_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
        device_binding=False,
    )
    return session
