"""Helper process for the deposit crash test. ``volunteer``: writes reports and marks each ready
(handing it over), printing each reference once the hand-over returned. ``centre``: signs in as
the coordinator again and again, which takes waiting deposits in, printing how many."""

from __future__ import annotations

import sys
from pathlib import Path

from intake_app.app.session import unlock
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report


def main() -> None:
    data_dir, role = Path(sys.argv[1]), sys.argv[2]
    if role == "volunteer":
        session = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
        n = 0
        while True:
            n += 1
            record = session.reports.create_draft(full_report(description=f"Deposit round {n}"))
            session.reports.mark_ready(record.id)
            sys.stdout.write(record.reference + "\n")  # handed over: confirmed
            sys.stdout.flush()
    while True:
        with unlock(data_dir, "Amina", PASSPHRASE) as centre:
            taken = len(centre.taken_in.taken_in) if centre.taken_in else 0
        sys.stdout.write(f"{taken}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
