"""SIGKILL while exporting: a report is never marked exported without its complete batch file."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.app.session import create_store, unlock
from intake_app.domain.force_profile import ForceProfile
from intake_app.storage.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE
from tests.services.test_export import encrypted_part

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_export_never_marks_reports_without_a_whole_batch(tmp_path: Path) -> None:
    data_dir, out = tmp_path / "store", tmp_path / "usb"
    out.mkdir()
    identity = pyrage.x25519.Identity.generate()
    profile = ForceProfile("leicestershire", "Leicestershire Police", (str(identity.to_public()),),
                                   minisign.KeyPair.generate().public_key.to_base64().decode())  # fmt: skip
    session, _ = create_store(data_dir, centre_name="Riverside Advice Centre", centre_code="RIVA",
                              user_name="Amina", passphrase=PASSPHRASE, params=TEST_PARAMS, device_binding=False)  # fmt: skip
    session.exports.import_profile(profile.to_bytes())
    session.close()
    rng = random.Random(5)
    for _ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, "-m", "tests.crash_exporter", str(data_dir), str(out)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        lines: list[str] = []
        assert child.stdout is not None
        reader = threading.Thread(target=lines.extend, args=(child.stdout,), daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.6, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(timeout=5)
        with unlock(data_dir, "Amina", PASSPHRASE) as check:
            assert check.db.integrity_problems() == []
            for _batch_id, sequence, digest in check.db.all(
                "SELECT id, sequence, file_sha256 FROM batches"
            ):
                path = out / f"RIVA-batch-{sequence:05d}.intake"
                assert path.exists(), path.name
                assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
                assert pyrage.decrypt(
                    encrypted_part(path.read_bytes()), [identity]
                )  # complete and readable by the force
            exported = check.db.scalar(
                "SELECT count(*) FROM reports WHERE status = 'exported' AND id NOT IN (SELECT report_id FROM batch_members)"
            )
            assert exported == 0
    written = len(list(out.glob("RIVA-batch-*.intake")))
    assert written >= 1, "no batch was completed before the kills"
    with unlock(data_dir, "Amina", PASSPHRASE) as after:  # and a re-export afterwards works
        if any(p.goes for p in after.exports.plan()):
            result = after.exports.export(out)
            assert result.path.exists()
    assert not list(out.glob(".*.tmp"))  # half-written copies from the kills were cleared
