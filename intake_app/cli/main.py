"""``intake``: the centre's command line, over the same services as the app.

Exit status 0 on success; otherwise one plain line on stderr and a non-zero status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from intake_app import __version__
from intake_app.cli import (
    case_commands,
    deposit_commands,
    export_commands,
    followup_commands,
    language_option,
    leaflet_commands,
    privacy_commands,
    recipient_commands,
    report_commands,
    scrutiny_commands,
    stats_commands,
    store_commands,
    user_commands,
)
from intake_app.cli.argparse_words import speak_argparse
from intake_app.support import diagnostics
from intake_app.support.atomic_files import disk_error
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.paths import resolve_data_dir
from intake_app.support.process_hygiene import harden_process
from intake_app.support.untrusted import one_line

Handler = Callable[[argparse.Namespace], int]


VALUE_OPTIONS = (
    "--data-dir",
    "--user",
    "--passphrase-file",
    "--lang",
)  # the options before the command that take a value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake",
        description=_("Take, keep and manage hate crime reports in the centre's encrypted store."),
    )
    parser.add_argument("--version", action="version", version=f"intake {__version__}")
    language_option.add_option(parser)
    parser.add_argument(
        "--data-dir",
        help=_("folder holding the store (default: $INTAKE_DATA_DIR, else your user data folder)"),
    )
    parser.add_argument("--user", help=_("your user name"))
    parser.add_argument(
        "--passphrase-file", help=_("read your passphrase from the first line of this file")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    store_commands.register(commands)
    user_commands.register(commands)
    report_commands.register(commands)
    leaflet_commands.register(commands)
    privacy_commands.register(commands)
    scrutiny_commands.register(commands)
    export_commands.register(commands)
    case_commands.register(commands)
    recipient_commands.register(commands)
    stats_commands.register(commands)
    deposit_commands.register(commands)
    followup_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # before anything else: no core dumps, private files
    language_option.speak(sys.argv[1:] if argv is None else argv, VALUE_OPTIONS)
    speak_argparse()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    data_dir = resolve_data_dir(args.data_dir)
    if data_dir.is_dir():  # a log only where a store's folder already is
        diagnostics.start(data_dir, "intake")
    diagnostics.event("command", command=args.command)
    try:
        return handler(args)
    except IntakeError as exc:
        diagnostics.refused(exc, args.command)
        print(one_line(f"intake: {exc}"), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("intake: " + _("stopped."), file=sys.stderr)
        return 130
    except OSError as exc:
        # A file the store needs could not be read or written (a full disk, a read-only folder,
        # a refused permission): said in words, without the path (it may name a person).
        print(f"intake: {disk_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        # Never print the exception text: it could carry report content.
        if os.environ.get("INTAKE_DEBUG") == "1":
            raise
        code = diagnostics.failure(exc, args.command)
        print(
            "intake: "
            # Translators: {error} is a Python error's name (ValueError), {code} a short code
            # to quote, {log} a file's name. Keep INTAKE_DEBUG=1 as it is.
            + _(
                "an unexpected error happened ({error}, code {code}). Nothing about reports is "
                "shown or logged; {log} in the data folder says where in the program it happened, "
                "to send to whoever supports the app. Run again with INTAKE_DEBUG=1 to see details."
            ).format(error=type(exc).__name__, code=code, log=diagnostics.LOG_NAME),
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
