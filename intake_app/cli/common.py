"""Opening the store for a command, and printing."""

from __future__ import annotations

import argparse
import json
import sys
import time

from intake_app.cli import prompts
from intake_app.paths import resolve_data_dir
from intake_app.session import Session, unlock
from intake_app.storage.throttle import Throttle


def open_session(args: argparse.Namespace) -> Session:
    data_dir = resolve_data_dir(args.data_dir)
    name = prompts.user_name(args.user)
    passphrase = prompts.existing_passphrase(args.passphrase_file)

    def wait(seconds: float) -> None:
        print(Throttle(data_dir).waiting_message(seconds), file=sys.stderr)
        time.sleep(seconds)

    return unlock(data_dir, name, passphrase, sleep=wait)


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
