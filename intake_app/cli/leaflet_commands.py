"""``intake leaflet``: the victim-information leaflet as a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.services.leaflets import LeafletRequest
from intake_app.support.atomic_files import atomic_write
from intake_app.support.i18n import _, ngettext


def register(commands: Any) -> None:
    leaflet = commands.add_parser("leaflet", help=_("write a victim-information leaflet as a PDF"))
    leaflet.add_argument("--report", metavar="REF", help=_("personalise it for this report"))
    leaflet.add_argument("--lang", required=True, metavar="CODE", help=_("e.g. en, ur, pa, pl, ar"))
    leaflet.add_argument("--bilingual", action="store_true", help=_("English beside the language"))
    leaflet.add_argument("--large-print", action="store_true", help=_("body text 16 pt or more"))
    leaflet.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    leaflet.set_defaults(handler=cmd_leaflet)


def cmd_leaflet(args: argparse.Namespace) -> int:
    request = LeafletRequest(args.lang, args.bilingual, args.large_print, args.report)
    with open_session(args) as session:
        leaflet = session.leaflets.make(request)
        atomic_write(Path(args.output), leaflet.pdf)
        session.leaflets.record(leaflet, request, "saved")
        stale = session.leaflets.stale_numbers()
        notes = session.leaflets.coordinator_notes() if session.user.is_coordinator else []
    for name in leaflet.unreviewed:
        print(
            # Translators: {language} is a language's name in English, such as "Polish".
            _(
                "Note: the {language} translation has not yet been reviewed by a fluent speaker."
            ).format(language=name),
            file=sys.stderr,
        )
    if stale:
        print(
            ngettext(
                "Note: {count} phone number on the leaflet was last checked over a year ago.",
                "Note: {count} phone numbers on the leaflet were last checked over a year ago.",
                len(stale),
            ).format(count=len(stale)),
            file=sys.stderr,
        )
    for line in notes:
        print(
            # Translators: {name} is a helpline's name, {note} a note about it for coordinators
            # (as the force profile or the list of numbers has it, often in English).
            _("For coordinators, not printed on leaflets: {name}: {note}").format(
                name=line.name, note=line.coordinator_note
            ),
            file=sys.stderr,
        )
    # Translators: {size} is a number of kilobytes.
    print(_("Leaflet written ({size} KB).").format(size=f"{len(leaflet.pdf) / 1024:.0f}"))
    return 0
