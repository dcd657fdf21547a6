"""A real PostgreSQL server for the tests of intake-force's PostgreSQL back end.

``make test`` starts one for the whole run (scripts/test-postgres.sh exports its address as
INTAKE_TEST_POSTGRES); a pytest run without it starts one of its own, with the same script, on
first use, and stops it at the end. Each test gets a database of its own on it, dropped after.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "test-postgres.sh"


def server_programs() -> Path:
    """The folder of the server's programs (pg_dump among them), as the script finds it."""
    chosen = os.environ.get("PG_BIN")
    if chosen:
        return Path(chosen)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        pytest.fail("PostgreSQL's programs are missing: run scripts/system-packages.sh")
    return found[-1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    given = os.environ.get("INTAKE_TEST_POSTGRES")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="intake-pgtest."))
    try:
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True, timeout=120
        )
        if started.returncode != 0:
            pytest.fail(f"the test PostgreSQL server did not start: {started.stderr[-2000:]}")
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], timeout=120, check=False)


def database_address(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """The address of a new, empty database on the test server."""
    name = "force_" + secrets.token_hex(6)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield database_address(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
