"""Frozen entry point of all three programs; which one runs depends on the name it was started
by. On Linux ``intake`` and ``intake-force`` are symbolic links to ``intake-app``, so the three
share one copy of the Python code (see packaging/README.md)."""

import os
import sys

PROGRAMS = ("intake-app", "intake", "intake-force")


def program_name(argv0: str) -> str:
    name = os.path.basename(argv0)
    return name[: -len(".exe")] if name.lower().endswith(".exe") else name


def main() -> int:
    name = program_name(sys.argv[0])
    if name == "intake-app":
        from intake_app.ui.app import main as run
    elif name == "intake":
        from intake_app.cli.main import main as run
    elif name == "intake-force":
        from intake_app.cli.force_main import main as run
    else:
        print(f"{name}: start Intake as one of {', '.join(PROGRAMS)}.", file=sys.stderr)
        return 2
    return run()


sys.exit(main())
