"""``make bench`` (export): 10,000 reports with 200 MB of attachments.

Prints, side by side from one run, the export's time, its floor — reading the attachments out
of the encrypted store plus the stock ``age`` command encrypting the batch's bytes, both measured
in this run — the ratio of the two (goal ≤ 2×) and the peak resident memory while exporting
(goal ≤ 150 MB); then ``intake-force import`` of the batch (goal ≤ 3 s). The store is kept in
bench-data/export for later runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pyrage
from keyring.backends import fail

from bench.store_bench import ROOT, one_transaction
from intake_app.app.session import create_store, unlock
from tests.conftest import full_report

REPORTS = int(os.environ.get("BENCH_EXPORT_REPORTS", "10000"))
ATTACHMENT = b"\x89PNG\r\n\x1a\n" + os.urandom(20_000)  # 10,000 x 20 KB = 200 MB
PASSPHRASE = "violet kettle harbour seven"
FORCE_PASSPHRASE = "blue heron quarry lantern"
HERE = ROOT / "export"


def prepare() -> None:
    keyring.set_keyring(fail.Keyring())
    force_home = HERE / "force"
    if (HERE / "store" / "keyslots.json").exists():
        return
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "force.pass").write_text(FORCE_PASSPHRASE + "\n")
    subprocess.run([sys.executable, "-m", "intake_app.cli.force_main", "--home", str(force_home), "--passphrase-file",
                    str(HERE / "force.pass"), "keygen", "--name", "Bench Police", "--code", "bench"], check=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "intake_app.cli.force_main", "--home", str(force_home), "profile", "-o",
                    str(HERE / "profile.json")], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    session, _ = create_store(HERE / "store", centre_name="Bench Centre", centre_code="BNCH", user_name="Bench",
                              passphrase=PASSPHRASE, device_binding=False)  # fmt: skip
    session.exports.import_profile((HERE / "profile.json").read_bytes())
    (HERE / "BNCH.pub").write_text(session.exports.centre_public_key())
    print(f"Filling the export store with {REPORTS:,} ready reports and attachments…", flush=True)
    with one_transaction(session.db):
        for _ in range(REPORTS):
            record = session.reports.create_draft(full_report())
            session.attachments.add(record.id, ATTACHMENT, "photo", share_with_police=True)
            session.reports.mark_ready(record.id)
    session.close()
    subprocess.run([sys.executable, "-m", "intake_app.cli.force_main", "--home", str(force_home), "centre", "add",
                    str(HERE / "BNCH.pub"), "--code", "BNCH"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip


CHILD = """
import sys, time, resource
from pathlib import Path
import keyring
from keyring.backends import fail
keyring.set_keyring(fail.Keyring())
from intake_app.app.session import unlock
import threading
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
s = unlock(Path(sys.argv[1]), "Bench", sys.argv[3])  # Argon2id's 128 MiB is freed again after
peak = [rss()]
stop = threading.Event()
def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
began = time.perf_counter()
result = s.exports.export(Path(sys.argv[2]))
elapsed = time.perf_counter() - began
stop.set()
began = time.perf_counter()
total = sum(len(row[0]) for row in s.db._conn.execute("SELECT content FROM attachments"))
reading = time.perf_counter() - began
print(elapsed, result.path, peak[0], reading)
"""


def main() -> None:
    prepare()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    with unlock(HERE / "store", "Bench", PASSPHRASE) as session, session.db.transaction():
        # Back to ready, so every run exports the same 10,000 reports.
        session.db.execute("UPDATE reports SET status = 'ready' WHERE status = 'exported'")
        session.db.execute("DELETE FROM batch_members")
        session.db.execute("DELETE FROM batch_copies")
        session.db.execute("DELETE FROM batches")
    done = subprocess.run([sys.executable, "-c", CHILD, str(HERE / "store"), str(out), PASSPHRASE],
                          check=True, capture_output=True, text=True)  # fmt: skip
    seconds, path, peak_kb, reading = done.stdout.split()
    batch = Path(path)
    size = batch.stat().st_size
    identity_file = HERE / "identity.txt"
    secret = pyrage.passphrase.decrypt(
        (HERE / "force" / "identity.age").read_bytes(), FORCE_PASSPHRASE
    ).decode()
    identity_file.write_text(secret + "\n")
    plain = HERE / "plain.tar"  # synthetic demo data only
    encrypted = HERE / "batch.age"  # the batch after its signature block (docs/batch-format.md)
    with open(batch, "rb") as whole, open(encrypted, "wb") as part:
        for _ in range(4):
            whole.readline()
        shutil.copyfileobj(whole, part, 1 << 20)
    subprocess.run(
        ["age", "-d", "-i", str(identity_file), "-o", str(plain), str(encrypted)], check=True
    )
    encrypted.unlink()
    recipient = str(pyrage.x25519.Identity.from_str(secret).to_public())
    began = time.perf_counter()
    subprocess.run(["age", "-r", recipient, "-o", os.devnull, str(plain)], check=True)
    age_seconds = time.perf_counter() - began
    plain_size = plain.stat().st_size
    with contextlib.suppress(OSError):
        plain.unlink()
        identity_file.unlink()
    force_home = HERE / "force"
    with contextlib.suppress(OSError):
        (force_home / "force.db").unlink()
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "intake_app.cli.force_main", "--home", str(force_home), "--passphrase-file",
                    str(HERE / "force.pass"), "import", str(batch)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    import_seconds = time.perf_counter() - began
    export_seconds, reading_seconds = float(seconds), float(reading)
    floor = reading_seconds + age_seconds
    print()
    print(
        f"Export of {REPORTS:,} reports, {plain_size / 1048576:.0f} MB in the batch ({size / 1048576:.0f} MB encrypted):"
    )
    print(f"  time {export_seconds:.2f} s; floor {floor:.2f} s (reading the attachments out of the "
          f"encrypted store {reading_seconds:.2f} s + the stock age CLI encrypting the same bytes "
          f"{age_seconds:.2f} s); ratio {export_seconds / floor:.2f}× (goal ≤ 2×); peak resident "
          f"memory while exporting {int(peak_kb) / 1024:.0f} MB (goal ≤ 150 MB)")  # fmt: skip
    print(f"intake-force import of the batch: {import_seconds:.1f} s (goal ≤ 3 s)")


if __name__ == "__main__":
    main()
