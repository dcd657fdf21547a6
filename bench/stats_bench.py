"""``make bench`` (statistics): the Statistics screen's figures for 100,000 reports (goal ≤ 500 ms).

Uses the store that bench.store_bench fills (bench-data/secure). Its demo reports are half drafts,
so the first run marks every report ready and rebuilds the statistics entries with the real
migration (timed: that is what upgrading a large store costs once).
"""

from __future__ import annotations

import statistics
import time

from bench.store_bench import PASSPHRASE, REPORTS, ROOT, fill, secure_session
from intake_app.app.session import unlock
from intake_app.statistics.figures import Period
from intake_app.statistics.publish import make_safe
from intake_app.storage.migrations import migrate

RUNS = 7


def main() -> None:
    session = secure_session()
    fill(session, REPORTS)
    exists = session.db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE name = 'statistics_entries'"
    )
    counted = (
        session.db.scalar("SELECT count(DISTINCT report_id) FROM statistics_entries")
        if exists
        else 0
    )
    if counted < REPORTS:
        with session.db.transaction():
            session.db.execute("UPDATE reports SET status = 'ready' WHERE status = 'draft'")
            session.db.execute("DROP TABLE IF EXISTS statistics_entries")
            session.db.execute("DROP INDEX IF EXISTS reports_monitoring_only")  # made by 0005
        session.db.execute("PRAGMA user_version = 3")  # before 0004, which fills the entries
        began = time.perf_counter()
        migrate(session.db)
        print(
            f"Statistics migration for {REPORTS:,} reports: {time.perf_counter() - began:.1f} s (once)"
        )
    session.close()
    session = unlock(ROOT / "secure", "Bench", PASSPHRASE)
    counted = session.db.scalar("SELECT count(DISTINCT report_id) FROM statistics_entries")
    today = session.local_now().date()
    for label, period in (("last 12 months", Period.last_months(12, today)),
                          ("last 36 months", Period.last_months(36, today))):  # fmt: skip
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            figures = session.statistics.figures(period)
            make_safe(figures)
            times.append((time.perf_counter() - began) * 1000)
        print(f"Statistics for {label} ({figures.total:,} of {counted:,} reports counted, beside "
              f"{figures.previous_total:,}): median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms over {RUNS} runs (goal ≤ 500 ms)")  # fmt: skip
    session.close()


if __name__ == "__main__":
    main()
