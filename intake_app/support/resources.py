"""Where bundled resources (vocabularies, later fonts and leaflet content) are found.

The same lookup works from a source checkout, an editable install and a frozen build; the
environment variable ``INTAKE_RESOURCES`` overrides it (for tests and portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("INTAKE_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
