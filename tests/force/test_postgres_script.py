"""scripts/test-postgres.sh, the throw-away server the PostgreSQL tests run against: it runs a
command beside a server that listens on 127.0.0.1 only, as an unprivileged user, passes the
command's exit status on, and leaves neither the server nor its folder behind, even when the
command fails."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.postgres_server import SCRIPT

PROBE = """
import os, sys, psycopg
with psycopg.connect(os.environ["INTAKE_TEST_POSTGRES"]) as conn:
    row = conn.execute(
        "SELECT current_setting('listen_addresses'), current_setting('data_directory')"
    ).fetchone()
print(os.environ["INTAKE_TEST_POSTGRES"], row[0], row[1])
sys.exit(3)
"""


def test_a_failing_command_leaves_no_server_and_no_folder() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "INTAKE_TEST_POSTGRES"}
    done = subprocess.run(
        ["bash", str(SCRIPT), "run", "--", sys.executable, "-c", PROBE],
        capture_output=True, text=True, timeout=180, env=environment,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    address, listening, data = done.stdout.split()
    assert address.startswith("postgresql://postgres@127.0.0.1:")
    assert listening == "127.0.0.1"
    assert Path(data).name == "data" and Path(data).parent.name.startswith("intake-pgtest.")
    assert not Path(data).parent.exists()  # the cluster's folder is gone
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(address, connect_timeout=3)


@pytest.mark.skipif(os.geteuid() != 0, reason="the server user is made only by root")
def test_the_server_runs_as_an_unprivileged_user() -> None:
    cluster = Path(tempfile.mkdtemp(prefix="intake-pgtest."))
    started = subprocess.run(["bash", str(SCRIPT), "start", str(cluster)],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    try:
        assert started.returncode == 0, started.stderr
        pid = int((cluster / "data" / "postmaster.pid").read_text().split()[0])
        assert Path(f"/proc/{pid}").stat().st_uid != 0
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(cluster)], timeout=120, check=False)
    assert not cluster.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="the server user is made only by root")
def test_a_folder_the_server_user_cannot_reach_is_refused_plainly(tmp_path: Path) -> None:
    cluster = tmp_path / "private" / "cluster"  # pytest's folders are 0700, root's
    (tmp_path / "private").mkdir(mode=0o700)
    started = subprocess.run(["bash", str(SCRIPT), "start", str(cluster)],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    subprocess.run(["bash", str(SCRIPT), "stop", str(cluster)], timeout=120, check=False)
    assert started.returncode != 0
    assert "cannot reach" in started.stderr and "choose one under /tmp" in started.stderr
