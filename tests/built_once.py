"""Expensive folders (stores, a centre and a force that know each other) built once for a module
and copied for each test, so every test still starts from its own untouched folder.

Under pytest-xdist each worker builds its own. A store made with the device secret on keeps
that secret in the keyring, so the copy takes the secrets along into the test's keyring.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring

from tests.conftest import MemoryKeyring


@dataclass(frozen=True)
class BuiltFolder:
    path: Path
    device_secrets: dict[tuple[str, str], str]

    def copy_to(self, target: Path, memory_keyring: MemoryKeyring) -> Path:
        """A copy of the folder at ``target`` (which may exist, empty or not), with the
        keyring secrets it needs in the test's keyring."""
        shutil.copytree(self.path, target, symlinks=True, dirs_exist_ok=True)
        memory_keyring.items.update(self.device_secrets)
        return target


@contextmanager
def own_keyring() -> Iterator[MemoryKeyring]:
    """A keyring in memory while a folder is built (outside any one test's keyring)."""
    backend, previous = MemoryKeyring(), keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
