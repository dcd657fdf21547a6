"""Helper process for the store-lock tests: opens the store, says so, and keeps it open until it
is killed (as the app does between unlock and lock)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from intake_app.app.session import unlock
from tests.conftest import PASSPHRASE


def main() -> None:
    session = unlock(Path(sys.argv[1]), "Amina", PASSPHRASE)
    sys.stdout.write(f"open {len(session.reports.list())}\n")
    sys.stdout.flush()
    time.sleep(3600)


if __name__ == "__main__":
    main()
