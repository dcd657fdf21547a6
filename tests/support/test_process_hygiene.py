"""No core dumps from any entry point, and every file holding report data is private whatever
the umask."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app.app.session import create_store
from intake_app.exchange.receipts import sign_receipt
from intake_app.force.opening import open_batch
from intake_app.force.store import ForceStore
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support.atomic_files import atomic_write
from tests.conftest import PASSPHRASE, full_report

ROOT = Path(__file__).resolve().parents[2]

# Started as the real entry points start: the program's main(), here with --help so that it
# stops after its first lines; then the process looks at itself.
CHILD = """
import ctypes, sys
from {module} import main
try:
    main(["--help"])
except SystemExit:
    pass
limits = [l for l in open("/proc/self/limits") if l.startswith("Max core file size")]
print(" ".join(limits[0].split()), file=sys.stderr)
print("dumpable", ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), file=sys.stderr)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and prctl")
@pytest.mark.parametrize(
    "module", ["intake_app.cli.main", "intake_app.cli.force_main", "intake_app.ui.app"]
)
def test_each_entry_point_turns_core_dumps_off(module: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(module=module)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert "Max core file size 0 0 bytes" in done.stderr
    assert "dumpable 0" in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and prctl")
def test_before_an_entry_point_runs_dumps_are_on_so_the_test_means_something() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import ctypes; print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "1"


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_files_holding_report_data_are_0600_even_with_umask_000(
    tmp_path: Path, force, open_umask: None
) -> None:  # type: ignore[no-untyped-def]
    identity, keys, profile = force
    data = tmp_path / "store"
    session, _ = create_store(data, centre_name="Riverside Advice Centre", centre_code="RIVA",
                              user_name="Amina", passphrase=PASSPHRASE, params=TEST_PARAMS,
                              device_binding=False)  # fmt: skip
    with session:
        session.exports.import_profile(profile.to_bytes())
        record = session.reports.create_draft(full_report())
        session.reports.mark_ready(record.id)
        batch = session.exports.export(tmp_path).path
        copy = tmp_path / "copy.pdf"
        atomic_write(copy, session.leaflets.report_copy(record.id, "saved"))

        session.backups.backup(tmp_path / "backup.zip")
        centre_key = session.exports.centre_public_key()
        for name in ("centre.db", "centre.db-wal", "centre.db-shm", "keyslots.json"):
            if (data / name).exists():
                assert _mode(data / name) == 0o600, name
    assert _mode(data) == 0o700
    for path in (batch, copy, tmp_path / "backup.zip"):
        assert _mode(path) == 0o600, path.name

    home = tmp_path / "force"
    home.mkdir(mode=0o700)
    pub = tmp_path / "RIVA.pub"
    atomic_write(pub, centre_key.encode())
    from intake_app.force.identity import add_centre

    add_centre(home, pub, "RIVA")
    opened = open_batch(home, batch, identity)
    store = ForceStore(home, identity)
    try:
        store.import_batch(opened)
        receipt = store.receipt(opened, "leicestershire")
    finally:
        store.close()
    assert _mode(home / "force.db") == 0o600  # the force's copy of the reports
    assert _mode(home / "force-db.key") == 0o600
    receipt_path = tmp_path / "receipt"
    atomic_write(receipt_path, sign_receipt(receipt, keys.secret_key))
    assert _mode(receipt_path) == 0o600
    assert json.loads(json.dumps(receipt))["reports"]
