"""``intake leaflet``: the victim-information leaflet as a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.services.leaflets import LeafletRequest
from intake_app.support.atomic_files import atomic_write


def register(commands: Any) -> None:
    leaflet = commands.add_parser("leaflet", help="write a victim-information leaflet as a PDF")
    leaflet.add_argument("--report", metavar="REF", help="personalise it for this report")
    leaflet.add_argument("--lang", required=True, metavar="CODE", help="e.g. en, ur, pa, pl, ar")
    leaflet.add_argument("--bilingual", action="store_true", help="English beside the language")
    leaflet.add_argument("--large-print", action="store_true", help="body text 16 pt or more")
    leaflet.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    leaflet.set_defaults(handler=cmd_leaflet)


def cmd_leaflet(args: argparse.Namespace) -> int:
    request = LeafletRequest(args.lang, args.bilingual, args.large_print, args.report)
    with open_session(args) as session:
        leaflet = session.leaflets.make(request)
        atomic_write(Path(args.output), leaflet.pdf)
        session.leaflets.record(leaflet, request, "saved")
        stale = session.leaflets.stale_numbers()
    for name in leaflet.unreviewed:
        print(
            f"Note: the {name} translation has not yet been reviewed by a fluent speaker.",
            file=sys.stderr,
        )
    if stale:
        print(
            f"Note: {len(stale)} phone numbers on the leaflet were last checked over a year ago.",
            file=sys.stderr,
        )
    print(f"Leaflet written ({len(leaflet.pdf) / 1024:.0f} KB).")
    return 0
