"""Unlock throttling: parallel guesses queue and are all counted, no wait is over 30 seconds
whatever the clock says, and no file in place of the record crashes or hangs the app."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.app.session import create_store, unlock
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.storage.throttle import FILE_NAME, MAX_DELAY_SECONDS, Throttle, parse_state
from intake_app.support.errors import IntakeError, WrongCredentials
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 10


def _run_together(script: str, folder: Path, *args: str) -> list[str]:
    """Start the script in PROCESSES processes; they start trying together once all are up."""
    go = folder / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
    command = [sys.executable, "-c", script, str(folder), str(go), *args]
    pipe = subprocess.PIPE
    children = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=pipe, stderr=pipe, text=True)
        for _ in range(PROCESSES)
    ]
    ready = [folder / f"ready-{child.pid}" for child in children]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outputs.append(out)
    return outputs


# Each process: one attempt under the lock with a tiny delay schedule (0.1 s after the first
# failure) and 0.05 s standing in for key derivation; it prints when its turn began and ended.
ATTEMPT = """
import os, sys, time
from pathlib import Path
from intake_app.storage.throttle import Throttle
folder, go = Path(sys.argv[1]), Path(sys.argv[2])
throttle = Throttle(folder, schedule=lambda failures: 0.1 if failures else 0.0)
(folder / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.005)
with throttle.attempt():
    began = time.time()
    time.sleep(throttle.wait_seconds())
    time.sleep(0.05)
    throttle.record_failure()
    ended = time.time()
print(began, ended)
"""


def test_parallel_attempts_take_turns_and_every_failure_is_counted(tmp_path: Path) -> None:
    turns = sorted(tuple(map(float, out.split())) for out in _run_together(ATTEMPT, tmp_path))
    assert Throttle(tmp_path).failures() == PROCESSES
    for (_, ended), (began, _) in itertools.pairwise(turns):
        assert began >= ended - 0.001, "two attempts overlapped"
    assert turns[-1][1] - turns[0][0] >= (PROCESSES - 1) * 0.1 + PROCESSES * 0.05


# Each process: a real unlock with a wrong passphrase; the sleep is recorded, not slept.
GUESS = """
import json, os, sys, time
from pathlib import Path
from intake_app.support.errors import WrongCredentials
from intake_app.app.session import unlock
folder, go = Path(sys.argv[1]), Path(sys.argv[2])
waits = []
(folder / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.005)
try:
    unlock(folder / "store", "Amina", "not the passphrase at all", sleep=waits.append)
except WrongCredentials:
    pass
print(json.dumps(waits))
"""


def test_ten_parallel_wrong_guesses_queue_through_the_real_unlock(tmp_path: Path) -> None:
    session, _ = create_store(tmp_path / "store", centre_name="Riverside Advice Centre",
                              centre_code="RIVA", user_name="Amina", passphrase=PASSPHRASE,
                              params=TEST_PARAMS, device_binding=False)  # fmt: skip
    session.close()
    waits = [w for out in _run_together(GUESS, tmp_path) for w in json.loads(out)]
    assert Throttle(tmp_path / "store").failures() == PROCESSES
    # Each guess saw the count left by the one before it: 3 free, then 1, 2, 4 … 30 seconds.
    assert sorted(round(w) for w in waits) == [1, 2, 4, 8, 16, 30, 30]


def test_a_clock_set_back_a_day_waits_at_most_30_seconds(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    throttle = Throttle(tmp_path, clock=lambda: now[0])
    for _ in range(9):
        throttle.record_failure()
    assert throttle.wait_seconds() == MAX_DELAY_SECONDS
    now[0] -= 86_400  # the last failure is now a day "in the future"
    assert throttle.wait_seconds() == MAX_DELAY_SECONDS
    now[0] += 86_400 + 31
    assert throttle.wait_seconds() == 0


def _hostile(path: Path, kind: str) -> None:
    documents = {
        "infinity": b'{"failures": Infinity, "last": 0}',
        "nan": b'{"failures": 4, "last": NaN}',
        "minus-infinity": b'{"failures": 4, "last": -Infinity}',
        "1e23": b'{"failures": 1e23, "last": 0}',
        "huge-count": b'{"failures": 100000000000000000000000, "last": 0}',
        "long-number": b'{"failures": ' + b"9" * 5000 + b', "last": 0}',
        "negative": b'{"failures": -5, "last": -1}',
        "strings": b'{"failures": "9", "last": "yesterday"}',
        "true": b'{"failures": true, "last": 0}',
        "nested": b"[" * 100_000 + b"]" * 100_000,
        "huge": b" " * 50_000_000,
        "not-text": b"\xff\xfe\x00{",
        "extra-key": b'{"failures": 1, "last": 0, "user": "Amina"}',
        "empty": b"",
    }
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(documents[kind])


HOSTILE = ["infinity", "nan", "minus-infinity", "1e23", "huge-count", "long-number", "negative",
           "strings", "true", "nested", "huge", "not-text", "extra-key", "empty", "directory",
           "fifo", "device"]  # fmt: skip


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_record_means_the_longest_wait_and_never_a_crash(
    tmp_path: Path, kind: str
) -> None:
    if kind in ("fifo", "device") and os.name != "posix":
        pytest.skip("POSIX special files")
    throttle = Throttle(tmp_path)
    _hostile(tmp_path / FILE_NAME, kind)
    started = time.monotonic()
    assert throttle.wait_seconds() == MAX_DELAY_SECONDS
    assert "not as this app wrote it" in throttle.waiting_message(30)
    with throttle.attempt():
        if kind == "directory":
            with pytest.raises(IntakeError, match="is a folder, not a file"):
                throttle.record_failure()
        else:
            throttle.record_failure()
            assert throttle.failures() > 3 and throttle.wait_seconds() <= MAX_DELAY_SECONDS
        throttle.reset()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("kind", ["infinity", "1e23", "nested", "directory"])
def test_unlock_with_a_hostile_record_waits_30_seconds_and_still_opens(
    new_store, data_dir: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    new_store[0].close()
    _hostile(data_dir / FILE_NAME, kind)
    waits: list[float] = []
    with pytest.raises(IntakeError) as refused:
        unlock(data_dir, "Amina", "wrong passphrase here", sleep=waits.append)
    assert waits == [MAX_DELAY_SECONDS]
    if kind != "directory":
        assert isinstance(refused.value, WrongCredentials)
    unlock(data_dir, "Amina", PASSPHRASE, sleep=waits.append).close()  # the right one opens
    assert len(waits) == 2 and 29 < waits[1] <= MAX_DELAY_SECONDS


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
documents = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"failures": json_values, "last": json_values}).map(
        lambda d: json.dumps(d).encode()
    ),
    st.fixed_dictionaries(
        {"failures": st.integers(-10, 2_000_000), "last": st.floats(allow_nan=True)}
    ).map(lambda d: json.dumps(d).encode()),
)


@settings(max_examples=300, deadline=None)
@given(raw=documents, now=st.floats(0, 4e9))
def test_whatever_the_file_holds_the_wait_is_between_0_and_30_seconds(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, now: float
) -> None:
    folder = tmp_path_factory.mktemp("throttle")
    (folder / FILE_NAME).write_bytes(raw)
    throttle = Throttle(folder, clock=lambda: now)
    assert 0 <= throttle.wait_seconds() <= MAX_DELAY_SECONDS
    state = parse_state(raw)
    if state is None:
        assert throttle.wait_seconds() == MAX_DELAY_SECONDS
    throttle.record_failure()
    assert parse_state((folder / FILE_NAME).read_bytes()) is not None  # written back sane
