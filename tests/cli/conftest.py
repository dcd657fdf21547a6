"""The ``world`` of tests/handoff_world.py: a centre and a force that know each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.built_once import BuiltFolder, own_keyring
from tests.conftest import MemoryKeyring
from tests.handoff_world import World
from tests.light_kdf import light_kdf_context


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltFolder, list[str]]:
    """Built once: about a dozen command-line calls. Each test works on its own copy."""
    world = World(tmp_path_factory.mktemp("handoff"))
    with own_keyring() as backend, light_kdf_context():
        world.build()
    return BuiltFolder(world.root, dict(backend.items)), world.refs


@pytest.fixture
def world(  # type: ignore[no-untyped-def]
    built_world: tuple[BuiltFolder, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    light_kdf: None,
):
    built, refs = built_world
    world = World(built.copy_to(tmp_path, memory_keyring), capsys)
    return world.centre, world.force, tmp_path, list(refs)


from tests.postgres_server import postgres_database, postgres_server  # noqa: E402

__all__ = ["postgres_database", "postgres_server"]
