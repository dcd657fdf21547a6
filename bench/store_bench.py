"""``make bench``: unlock, save and search figures on 100,000 demo reports, against plain SQLite.

Prints figures; asserts nothing. The populated stores are kept in ``bench-data/`` (ignored by
git) so later runs skip the slow filling step. Set BENCH_REPORTS to change the size.
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import sqlcipher3
from keyring.backends import fail

from intake_app.app.session import Session, create_store, unlock
from intake_app.domain.report_record import ReportQuery
from intake_app.services.store_keys import StoreKeys
from intake_app.services.users import COORDINATOR, insert_user
from intake_app.storage import keyslots
from intake_app.storage.database import Database
from intake_app.storage.kdf import Argon2Params
from intake_app.storage.migrations import migrate
from intake_app.storage.store_lock import StoreLock
from intake_app.support.paths import SLOTS_NAME
from tests.conftest import full_report

ROOT = Path(__file__).resolve().parent.parent / "bench-data"
REPORTS = int(os.environ.get("BENCH_REPORTS", "100000"))
PASSPHRASE = "violet kettle harbour seven"
SAVES = 400
SEARCHES = 300
WORDS = ("bus", "headscarf", "graffiti", "neighbour", "Demo", "shouted", "window", "LE1",
         "network", "flat", "skin", "stick", "family", "rubbish", "person 4")  # fmt: skip


class PlainDatabase(Database):
    """The same schema, settings and SQLite version, with no key: a plain, unencrypted file.

    (The system's own sqlite3 module is older than the bundled engine and lacks FTS5 secure
    delete, so it would not compare like with like.)
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self.closed = False
        self._conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._store_lock = StoreLock.acquire(path.parent, exclusive=False)  # as Database holds
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY",
                       "secure_delete = ON", "foreign_keys = ON"):  # fmt: skip
            self._conn.execute(f"PRAGMA {pragma}").fetchall()


@contextlib.contextmanager
def one_transaction(db: Database) -> Iterator[None]:
    """Fill quickly: every service call inside one outer transaction."""
    db.execute("BEGIN IMMEDIATE")
    original = db.transaction
    db.transaction = lambda: contextlib.nullcontext(db)  # type: ignore[method-assign,assignment,return-value]
    try:
        yield
    finally:
        db.transaction = original  # type: ignore[method-assign]
        db.execute("COMMIT")


def fill(session: Session, count: int) -> None:
    have = session.reports.count()
    while have < count:
        batch = min(5000, count - have)
        with one_transaction(session.db):
            session.demo.generate(batch, seed=have + 1)
        have += batch
        print(f"  … {have:,} reports", flush=True)


def secure_session() -> Session:
    folder = ROOT / "secure"
    if not (folder / "keyslots.json").exists():
        create_store(folder, centre_name="Bench Centre", centre_code="BNCH", user_name="Bench",
                     passphrase=PASSPHRASE, device_binding=False)[0].close()  # fmt: skip
    return unlock(folder, "Bench", PASSPHRASE)


def plain_session() -> Session:
    folder = ROOT / "plain"
    folder.mkdir(parents=True, exist_ok=True)
    db = PlainDatabase(folder / "plain.db")
    migrate(db)
    user = None
    if db.scalar("SELECT count(*) FROM users") == 0:
        with db.transaction():
            for key, value in (
                ("centre_name", "Bench Centre"),
                ("centre_code", "BNCH"),
                ("store_id", "x"),
            ):
                db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value))
            user = insert_user(db, "Bench", COORDINATOR, "slot", "2026-01-01T00:00:00Z")
    from intake_app.services.users import User

    row = db.one("SELECT id, name, role FROM users")
    assert row is not None
    user = User(str(row[0]), str(row[1]), str(row[2]))
    slots = keyslots.new(Argon2Params(), False)
    return Session(StoreKeys(folder, db, slots, b"", user.id, device=None), user)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def spread(values: list[float], unit: str) -> str:
    places = 3 if unit == "s" else 2
    return (
        f"median {statistics.median(values):.{places}f} {unit} "
        f"(min {min(values):.{places}f}, max {max(values):.{places}f})"
    )


def measure(session: Session) -> dict[str, float]:
    rng = random.Random(7)
    saves = []
    for i in range(SAVES):
        report = full_report(description=f"Bench save {i}")
        start = time.perf_counter()
        session.reports.create_draft(report)
        saves.append((time.perf_counter() - start) * 1000)
    searches = []
    for _ in range(SEARCHES):
        query = ReportQuery(search=rng.choice(WORDS), limit=50)
        start = time.perf_counter()
        session.reports.list(query)
        searches.append((time.perf_counter() - start) * 1000)
    phones = []  # someone ringing back, found by their number: a scan of every report
    for number in ("0116 496 0777", "+44 7700 900123", "0161 496 03"):
        start = time.perf_counter()
        session.reports.list(ReportQuery(search=number, limit=50))
        phones.append((time.perf_counter() - start) * 1000)
    return {
        "phone_p50": statistics.median(phones),
        "save_p50": statistics.median(saves),
        "save_p99": percentile(saves, 0.99),
        "search_p50": statistics.median(searches),
        "search_p99": percentile(searches, 0.99),
    }


def main() -> None:
    keyring.set_keyring(fail.Keyring())  # passphrase-only, as on a headless box
    ROOT.mkdir(exist_ok=True)
    print(f"Filling stores to {REPORTS:,} demo reports (kept in bench-data/ for next time)…")
    secure = secure_session()
    fill(secure, REPORTS)
    secure.close()
    plain = plain_session()
    fill(plain, REPORTS)

    unlocks, derivations, purges = [], [], []
    for _ in range(5):
        start = time.perf_counter()
        s = unlock(ROOT / "secure", "Bench", PASSPHRASE)
        unlocks.append(time.perf_counter() - start)
        s.close()
    slots = keyslots.load(ROOT / "secure" / SLOTS_NAME)
    for _ in range(5):  # the deliberate part of unlocking: Argon2id from the passphrase
        start = time.perf_counter()
        slots.open_user("Bench", PASSPHRASE, None)
        derivations.append(time.perf_counter() - start)
    secure = unlock(ROOT / "secure", "Bench", PASSPHRASE)
    for _ in range(5):  # what unlocking runs last: the retention purge's search for due reports
        start = time.perf_counter()
        secure.retention.purge()
        purges.append(time.perf_counter() - start)
    secure_figures = measure(secure)
    # Deactivating someone re-keys the whole store (every page re-encrypted), off the GUI thread.
    leaver = f"Leaver {time.time_ns()}"
    secure.users.add(leaver, "coordinator", "saffron bicycle orchard twelve")
    start = time.perf_counter()
    secure.users.deactivate(leaver)
    rekey_seconds = time.perf_counter() - start
    store_mib = (ROOT / "secure" / "centre.db").stat().st_size / 1024**2
    secure.close()
    plain_figures = measure(plain)
    plain.db.close()

    print()
    print(f"Store: {REPORTS:,} demo reports; Argon2id {Argon2Params().memory_kib // 1024} MiB, "
          f"{Argon2Params().iterations} passes, {Argon2Params().lanes} lanes")  # fmt: skip
    print(f"unlock (key derivation, open, migrate check, audit, purge): {spread(unlocks, 's')} "
          "(goal 0.25–0.6 s)")  # fmt: skip
    print(f"  of which key derivation (Argon2id): {spread(derivations, 's')}")
    print(f"  of which retention purge (nothing due): {spread([p * 1000 for p in purges], 'ms')}")
    print(f"deactivate a user (re-keys the {store_mib:,.0f} MiB store): {rekey_seconds:.1f} s")
    print(f"{'':24}{'SQLCipher':>12}{'plain sqlite3':>16}{'ratio':>8}   goal")
    goals = {"save_p50": "≤ 5 ms", "save_p99": "", "search_p50": "≤ 20 ms", "search_p99": "",
             "phone_p50": ""}  # fmt: skip
    for key, label in (("save_p50", "save a report p50"), ("save_p99", "save a report p99"),
                       ("search_p50", "full-text search p50"), ("search_p99", "full-text search p99"),
                       ("phone_p50", "search by phone p50")):  # fmt: skip
        a, b = secure_figures[key], plain_figures[key]
        print(
            f"{label:24}{a:>9.2f} ms{b:>13.2f} ms{a / b:>7.2f}×   {goals[key]}{' ratio ≤ 1.5×' if goals[key] else ''}"
        )


if __name__ == "__main__":
    main()
