"""Helper process for the export crash test: adds ready reports and exports them, in a loop."""

from __future__ import annotations

import sys
from pathlib import Path

from intake_app.app.session import unlock
from tests.conftest import PASSPHRASE, full_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 200_000


def main() -> None:
    session = unlock(Path(sys.argv[1]), "Amina", PASSPHRASE)
    out = Path(sys.argv[2])
    while True:
        for _ in range(15):
            record = session.reports.create_draft(full_report())
            session.attachments.add(record.id, PNG, "photo", share_with_police=True)
            session.reports.mark_ready(record.id)
        result = session.exports.export(out)
        sys.stdout.write(f"{result.path}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
