"""Where a centre's store lives: ``--data-dir``, else ``INTAKE_DATA_DIR``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "intake-app"
DB_NAME = "centre.db"
SLOTS_NAME = "keyslots.json"
SLOTS_LOCK = "keyslots.lock"  # held while the slot file is changed
WORKSPACES_DIR = "workspaces"  # volunteers' stores: workspaces/<id>.db


def default_data_dir() -> Path:
    override = os.environ.get("INTAKE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    return Path(option).expanduser() if option else default_data_dir()
