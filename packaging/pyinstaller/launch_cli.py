"""Frozen entry point: the ``intake`` command line."""

import sys

from intake_app.cli.main import main

sys.exit(main())
