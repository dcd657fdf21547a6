"""``make bench`` (desktop part): start-up, unlock with the first page, search, memory.

Uses the 100,000-report store that ``bench.store_bench`` fills in bench-data/. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from keyring.backends import fail

from bench.store_bench import PASSPHRASE, ROOT

STARTUP = """
import time, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from intake_app.ui.unlock_dialog import UnlockDialog
app = QApplication([])
dialog = UnlockDialog(sys.argv[1] if len(sys.argv) > 1 else ".")
dialog.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    keyring.set_keyring(fail.Keyring())
    store = ROOT / "secure"
    if not (store / "keyslots.json").exists():
        print("Run bench.store_bench first to fill the store.")
        return
    starts = []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", STARTUP, str(store)], check=True,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
        starts.append(time.perf_counter() - began)

    from PySide6.QtWidgets import QApplication

    from intake_app.report_record import ReportQuery
    from intake_app.session import unlock
    from intake_app.ui.reports_model import ReportsModel

    app = QApplication([])
    unlocks = []
    for _ in range(3):
        began = time.perf_counter()
        session = unlock(store, "Bench", PASSPHRASE)
        labels = {s.code: s.label for s in session.vocabulary.strands}
        model = ReportsModel(session.reports, labels)
        unlocks.append(time.perf_counter() - began)
        if _ < 2:
            session.close()
    searches = []
    for word in ("bus", "headscarf", "graffiti", "Demo person 12", "LE1", "neighbour", "zenobia"):
        for typed in (word[:3], word):
            began = time.perf_counter()
            model.set_query(refresh=False, search=typed)
            model.apply(*model.fetch())
            searches.append((time.perf_counter() - began) * 1000)
    model.set_query(search=None)
    before = rss_mb()
    while model.canFetchMore():
        model.fetchMore()
    after = rss_mb()
    print()
    print(f"Desktop app on {session.reports.count(ReportQuery()):,} reports")
    print(f"cold start to unlock window shown: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f})")  # fmt: skip
    print(f"unlock + first page of the list: median {statistics.median(unlocks):.2f} s "
          "(goal ≤ 1.5 s together)")  # fmt: skip
    print(f"typing a search term to results: median {statistics.median(searches):.0f} ms, "
          f"max {max(searches):.0f} ms (goal ≤ 100 ms)")  # fmt: skip
    print(f"resident memory with all {model.rowCount():,} rows listed: {after:.0f} MB "
          f"({before:.0f} MB with the first page; goal ≤ 250 MB)")  # fmt: skip
    session.close()
    del app


if __name__ == "__main__":
    main()
