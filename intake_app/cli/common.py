"""Opening the store for a command, and printing."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from intake_app.app.session import Session, unlock
from intake_app.cli import prompts
from intake_app.services.backups import finish_interrupted_restore
from intake_app.storage.throttle import Throttle
from intake_app.support.i18n import _
from intake_app.support.paths import resolve_data_dir


def open_data_dir(args: argparse.Namespace) -> Path:
    """The data folder, with any restore that was interrupted put right first."""
    data_dir = resolve_data_dir(args.data_dir)
    if data_dir.is_dir() and finish_interrupted_restore(data_dir):
        print(_("A restore that had been interrupted has been finished."), file=sys.stderr)
    return data_dir


def open_session(args: argparse.Namespace) -> Session:
    data_dir = open_data_dir(args)
    name = prompts.user_name(args.user)
    passphrase = prompts.existing_passphrase(args.passphrase_file)

    def wait(seconds: float) -> None:
        print(Throttle(data_dir).waiting_message(seconds), file=sys.stderr)
        time.sleep(seconds)

    return unlock(data_dir, name, passphrase, sleep=wait)


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
