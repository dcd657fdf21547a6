"""A process saving reports is killed with SIGKILL at random moments; nothing confirmed is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from intake_app.app.session import create_store, unlock
from intake_app.storage.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE

ROUNDS = 6
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_confirmed_saves_survive_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    session, _ = create_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
        device_binding=False,
    )
    session.close()
    rng = random.Random(20261121)
    confirmed: list[str] = []
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_writer", str(data_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: list[str] = []
        assert child.stdout is not None
        reader = threading.Thread(target=lines.extend, args=(child.stdout,), daemon=True)
        reader.start()
        # Wait for the first confirmed save, then kill at a random moment.
        deadline = time.monotonic() + 30
        while not lines and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(timeout=5)
        round_refs = [line.strip() for line in lines if line.endswith("\n")]
        assert round_refs, "the writer confirmed no save before it was killed"
        confirmed += round_refs

        reopened = unlock(data_dir, "Amina", PASSPHRASE)
        try:
            assert reopened.db.integrity_problems() == []
            stored = {r[0] for r in reopened.db.all("SELECT reference FROM reports")}
            missing = [ref for ref in confirmed if ref not in stored]
            assert missing == []
            assert reopened.audit.verify().ok
        finally:
            reopened.close()
    assert len(set(confirmed)) == len(confirmed)
    print(f"{len(confirmed)} confirmed saves over {ROUNDS} kills")


def _run_and_kill(args: list[str], rng: random.Random, wait_for_output: bool) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    assert child.stdout is not None
    reader = threading.Thread(target=lines.extend, args=(child.stdout,), daemon=True)
    reader.start()
    deadline = time.monotonic() + 30
    while wait_for_output and not lines and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.05, 0.5))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=5)
    return [line.strip() for line in lines if line.endswith("\n")]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_deposits_survive_sigkill_on_either_side(tmp_path: Path) -> None:
    """The volunteer's side is killed while handing reports over, the centre's while taking
    them in, round after round: every confirmed hand-over reaches the centre, once."""
    from tests.conftest import VOLUNTEER_PASSPHRASE

    data_dir = tmp_path / "store"
    session, _ = create_store(
        data_dir, centre_name="Riverside Advice Centre", centre_code="RIVA", user_name="Amina",
        passphrase=PASSPHRASE, params=TEST_PARAMS, device_binding=False,
    )  # fmt: skip
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    rng = random.Random(20261122)
    confirmed: list[str] = []
    for _ in range(ROUNDS):
        handed = _run_and_kill(["tests.crash_depositor", str(data_dir), "volunteer"], rng, True)
        assert handed, "the volunteer's side confirmed no hand-over before it was killed"
        confirmed += handed
        _run_and_kill(["tests.crash_depositor", str(data_dir), "centre"], rng, False)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:  # finishes a cut hand-over
        assert thaddeus.db.scalar("SELECT count(*) FROM reports WHERE status = 'ready'") == 0
        written = {str(r[0]) for r in thaddeus.db.all("SELECT reference FROM handed_over")}
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        at_centre = [str(r[0]) for r in amina.db.all("SELECT reference FROM reports")]
        assert amina.audit.verify().ok
        assert amina.db.integrity_problems() == []
    assert sorted(set(at_centre)) == sorted(at_centre)  # nothing twice
    assert [ref for ref in confirmed if ref not in at_centre] == []  # nothing confirmed lost
    assert set(at_centre) <= written | set(confirmed)
    print(f"{len(confirmed)} confirmed hand-overs, {len(at_centre)} at the centre")
