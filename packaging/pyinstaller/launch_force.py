"""Frozen entry point: the force's ``intake-force`` tool."""

import sys

from intake_app.cli.force_main import main

sys.exit(main())
