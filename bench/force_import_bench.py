"""``make bench`` (the force's import): 40 centres x 500 reports, in batches of 100, imported by 4
importer processes at once into PostgreSQL (the throw-away server scripts/test-postgres.sh
starts, INTAKE_TEST_POSTGRES), and by one into the SQLite default (force.db). Prints, for each,
the wall time, reports a second, and whether every report arrived once.

Importer k of 4 takes every batch whose place in the list is k modulo 4, so one centre's batches
are spread over every importer and take turns on the centre's lock, as batches arriving at
several servers would. Run alone: ``python -m bench.force_import_bench`` inside
``scripts/test-postgres.sh run --``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pyrage

from intake_app.force.store import ForceStore
from tests.concurrent_importer import centre_batch, centre_code, report_ids

CENTRES = int(os.environ.get("BENCH_FORCE_CENTRES", "40"))
PER_CENTRE = int(os.environ.get("BENCH_FORCE_REPORTS", "500"))
PER_BATCH = 100
IMPORTERS = 4


def _batches() -> list[tuple[str, int]]:
    """Every centre's batches in order, the centres interleaved, as they would arrive."""
    count = PER_CENTRE // PER_BATCH
    return [(centre_code(c), s) for s in range(1, count + 1) for c in range(CENTRES)]


def _import(
    address: str | None, home: Path, identity: pyrage.x25519.Identity, share: int, of: int
) -> None:
    store = ForceStore(home, identity, address)
    try:
        for place, (centre, sequence) in enumerate(_batches()):
            if place % of == share:
                # Each batch holds its own reports and the first of the batch before, again.
                store.import_batch(centre_batch(centre, sequence, PER_BATCH))
    finally:
        store.close()


def _check(address: str | None, home: Path, identity: pyrage.x25519.Identity) -> bool:
    sent = {r for centre, s in _batches() for r in report_ids(centre, s, PER_BATCH)}
    store = ForceStore(home, identity, address)
    try:
        held = [str(r[0]) for r in store.db.all("SELECT id FROM reports")]
        batches = store.db.scalar("SELECT count(*) FROM batches")
    finally:
        store.close()
    return len(held) == len(set(held)) and set(held) == sent and batches == len(_batches())


def _line(what: str, seconds: float, address: str | None, home: Path, identity) -> None:  # type: ignore[no-untyped-def]
    reports = CENTRES * PER_CENTRE
    once = "yes" if _check(address, home, identity) else "NO"
    print(
        f"{what:<52} {reports:>7,} reports  {seconds:6.1f} s  {reports / seconds:7.0f} reports/s  every report once: {once}"
    )


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        address, home, share = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        identity = pyrage.x25519.Identity.from_str(os.environ["INTAKE_BENCH_IDENTITY"])
        _import(address, home, identity, share, IMPORTERS)
        return 0
    server = os.environ.get("INTAKE_TEST_POSTGRES")
    identity = pyrage.x25519.Identity.generate()
    with tempfile.TemporaryDirectory(prefix="force-bench.") as folder:
        root = Path(folder)
        if server:
            address = server.rsplit("/", 1)[0] + "/force_bench"
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS force_bench")
                admin.execute("CREATE DATABASE force_bench")
            ForceStore(root, identity, address).close()
            started = time.perf_counter()
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bench.force_import_bench",
                        "worker",
                        address,
                        str(root),
                        str(k),
                    ],
                    env={**os.environ, "INTAKE_BENCH_IDENTITY": str(identity)},
                )
                for k in range(IMPORTERS)
            ]
            if any(w.wait() != 0 for w in workers):
                print("an importer failed", file=sys.stderr)
                return 1
            _line(
                f"intake-force import, PostgreSQL, {IMPORTERS} importers",
                time.perf_counter() - started,
                address,
                root,
                identity,
            )
        else:
            print("(PostgreSQL skipped: run inside scripts/test-postgres.sh run --)")
        home = root / "sqlite"
        home.mkdir()
        started = time.perf_counter()
        _import(None, home, identity, 0, 1)
        _line(
            "intake-force import, SQLite (force.db), 1 importer",
            time.perf_counter() - started,
            None,
            home,
            identity,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
