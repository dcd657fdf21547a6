"""Slow down repeated failed unlocks, across app restarts, command-line runs and parallel
processes.

An unlock holds an exclusive lock on ``unlock-attempts.lock`` from its wait, through deriving the
key, to recording the outcome (``with throttle.attempt(): …``), so guesses made in parallel queue
one behind another and every failure is counted. No wait is ever longer than 30 seconds from
now, whatever the clock or the file says: a last failure "in the future" (the clock was set back)
counts as now, and a file that is not exactly what this module writes counts as the longest delay.

The file records only a count and a time: no user name, nothing about which account was tried.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from intake_app.storage.file_lock import held_exclusively
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30.0
FILE_NAME = "unlock-attempts.json"
LOCK_NAME = "unlock-attempts.lock"
MAX_FILE_BYTES = 200  # what this module writes is under 60 bytes
MAX_FAILURES = 1_000_000
DAMAGED_FAILURES = FREE_ATTEMPTS + 5  # a damaged record counts as this many: the longest delay

Schedule = Callable[[int], float]


def delay_after(failures: int) -> float:
    """No delay for the first few mistakes, then 1, 2, 4 … seconds up to 30."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** min(failures - FREE_ATTEMPTS, 16), MAX_DELAY_SECONDS))


@dataclass(frozen=True)
class State:
    failures: int
    last: float
    damaged: bool = False


def parse_state(raw: bytes) -> State | None:
    """The count and time in the file, or None unless they are exactly what ``record_failure``
    writes: a whole count from 0 to a million, and a finite, non-negative time."""
    try:
        document = json.loads(raw.decode("ascii"), parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        return None
    if not isinstance(document, dict) or set(document) != {"failures", "last"}:
        return None
    failures, last = document["failures"], document["last"]
    if type(failures) is not int or not 0 <= failures <= MAX_FAILURES:
        return None
    if type(last) not in (int, float) or not math.isfinite(last) or last < 0:
        return None
    return State(failures, float(last))


def _no_constant(name: str) -> object:
    raise ValueError(name)  # NaN, Infinity and -Infinity are not numbers this file holds


class Throttle:
    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], float] = time.time,
        schedule: Schedule = delay_after,
    ) -> None:
        self.path = data_dir / FILE_NAME
        self.lock_path = data_dir / LOCK_NAME
        self.clock = clock
        self.schedule = schedule

    def _read(self) -> State:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            return State(0, 0.0)
        except OSError:
            return State(DAMAGED_FAILURES, self.clock(), damaged=True)
        try:
            info = os.fstat(fd)
            raw = os.read(fd, MAX_FILE_BYTES + 1) if stat.S_ISREG(info.st_mode) else b""
        except OSError:
            raw = b""
        finally:
            os.close(fd)
        state = parse_state(raw) if len(raw) <= MAX_FILE_BYTES else None
        return state or State(DAMAGED_FAILURES, self.clock(), damaged=True)

    def failures(self) -> int:
        return self._read().failures

    def damaged(self) -> bool:
        return self._read().damaged

    def wait_seconds(self) -> float:
        """How long the next attempt waits: never more than 30 seconds from now."""
        state = self._read()
        if state.damaged:
            return MAX_DELAY_SECONDS
        now = self.clock()
        last = min(state.last, now)  # a failure "in the future": the clock was set back
        delay = self.schedule(state.failures)
        wait = last + delay - now if math.isfinite(delay) else MAX_DELAY_SECONDS
        return min(max(0.0, wait), MAX_DELAY_SECONDS)

    def waiting_message(self, seconds: float) -> str:
        count = round(seconds)
        if self.damaged():
            # Translators: {file} is a file name (unlock-attempts.json), not translated.
            return ngettext(
                "The record of failed unlocks ({file}) is not as this app wrote it, so waiting "
                "{count} second before trying…",
                "The record of failed unlocks ({file}) is not as this app wrote it, so waiting "
                "{count} seconds before trying…",
                count,
            ).format(file=FILE_NAME, count=count)
        return ngettext(
            "After several wrong attempts, waiting {count} second before trying…",
            "After several wrong attempts, waiting {count} seconds before trying…",
            count,
        ).format(count=count)

    def record_failure(self) -> None:
        state = self._read()
        document = {"failures": min(state.failures + 1, MAX_FAILURES), "last": self.clock()}
        try:
            atomic_write(self.path, json.dumps(document).encode("ascii"))
        except IntakeError as exc:
            if self.path.is_dir():
                # Translators: {file} is a file name (unlock-attempts.json), not translated.
                cause = _("{file} in the data folder is a folder, not a file: remove it.").format(
                    file=FILE_NAME
                )
            else:
                # Translators: {problem} is a sentence or two saying what went wrong (a full
                # disk, a read-only folder…).
                cause = _("The count of failed unlocks could not be saved. {problem}").format(
                    problem=exc
                )
            raise IntakeError(
                # Translators: {reason} says why: the record of failed unlocks is a folder, or
                # could not be saved.
                _("That did not unlock the store. {reason}").format(reason=cause)
            ) from None

    def reset(self) -> None:
        # Kept quiet when it fails: the unlock itself worked, and a record left behind only
        # makes the next attempt wait.
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def attempt(self) -> Iterator[Throttle]:
        """Hold the exclusive lock for one whole attempt: wait, derive the key, record the
        outcome. Another process (or thread) trying meanwhile waits here for its turn."""
        with held_exclusively(self.lock_path):
            yield self
