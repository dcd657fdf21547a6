"""Keep secrets out of core dumps: called first by every entry point (app, ``intake``,
``intake-force``).

An unlocked app holds the database key, the passphrase just typed and report text in memory. A
core dump would write all of it to disk in the clear, so dumps are turned off for the whole
process: the core file size limit goes to zero (POSIX), and on Linux the process is also marked
not dumpable, which stops core dumps through a pipe handler (systemd-coredump, apport) and
keeps other processes of the same user from attaching a debugger to read its memory.

Elsewhere (Windows) this does nothing; docs/store.md says what those systems need.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> None:
    """Turn core dumps off for this process and every process it starts. Never fails: a
    system that refuses simply keeps its settings."""
    if os.name == "posix":
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def harden_process() -> None:
    """What every entry point does before anything else: no core dumps, and files it creates
    private to the user (mode 0600, folders 0700) even where it does not say so itself."""
    disable_core_dumps()
    os.umask(0o077)
