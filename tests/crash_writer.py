"""Helper process for the crash test: saves reports in a loop, printing each confirmed reference."""

from __future__ import annotations

import sys
from pathlib import Path

from intake_app.app.session import unlock
from tests.conftest import PASSPHRASE, full_report


def main() -> None:
    session = unlock(Path(sys.argv[1]), "Amina", PASSPHRASE)
    n = 0
    while True:
        n += 1
        record = session.reports.create_draft(full_report(description=f"Crash round entry {n}"))
        if n % 3 == 0:
            session.reports.update_draft(record.id, full_report(description=f"Edited entry {n}"))
        # Printed only after the commit returned: this save is confirmed.
        sys.stdout.write(record.reference + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
