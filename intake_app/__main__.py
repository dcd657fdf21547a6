"""``python -m intake_app`` starts the desktop app."""

import sys

from intake_app.ui.app import main

sys.exit(main())
