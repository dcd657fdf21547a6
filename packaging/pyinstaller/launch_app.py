"""Frozen entry point: the desktop app."""

import sys

from intake_app.ui.app import main

sys.exit(main())
