"""Slow down repeated failed unlocks, across app restarts and command-line runs.

The file records only a count and a time: no user name, nothing about which account was tried.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from intake_app.storage.files import atomic_write, disk_error

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30.0
FILE_NAME = "unlock-attempts.json"


def delay_after(failures: int) -> float:
    """No delay for the first few mistakes, then 1, 2, 4 … seconds up to 30."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS))


class Throttle:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = data_dir / FILE_NAME
        self.clock = clock

    def _read(self) -> tuple[int, float]:
        try:
            document = json.loads(self.path.read_text("ascii"))
            return int(document["failures"]), float(document["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    def failures(self) -> int:
        return self._read()[0]

    def wait_seconds(self) -> float:
        failures, last = self._read()
        return max(0.0, last + delay_after(failures) - self.clock())

    def record_failure(self) -> None:
        failures, _ = self._read()
        document = {"failures": failures + 1, "last": self.clock()}
        atomic_write(self.path, json.dumps(document).encode("ascii"))

    def reset(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise disk_error(exc) from None
