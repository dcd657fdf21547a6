"""Helper process for the journal tests: saves reports, prints each reference, then ends without
closing the store, as if the app were killed, so every save is still in the write-ahead log.

With ``restart``, it first copies the log into the database (a passive checkpoint), so the saves
that follow start a new generation of the log over the old one's first frames."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from intake_app.app.session import unlock
from tests.conftest import PASSPHRASE, full_report


def main() -> None:
    session = unlock(Path(sys.argv[1]), "Amina", PASSPHRASE)
    if sys.argv[3:] == ["restart"]:
        session.db.all("PRAGMA wal_checkpoint(PASSIVE)")
    for n in range(int(sys.argv[2])):
        record = session.reports.create_draft(full_report(description=f"Journal entry {n}"))
        sys.stdout.write(record.reference + "\n")
    sys.stdout.flush()
    os._exit(0)  # no close, no checkpoint: the log keeps everything


if __name__ == "__main__":
    main()
