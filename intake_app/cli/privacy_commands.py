"""``intake privacy-notice``: the privacy notice as a PDF; ``intake lawful-basis``: the basis it
gives, shown or (a coordinator) changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain.lawful_basis import LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS
from intake_app.services.privacy_notices import PrivacyNoticeRequest
from intake_app.support.atomic_files import atomic_write
from intake_app.support.i18n import _


def register(commands: Any) -> None:
    notice = commands.add_parser(
        "privacy-notice",
        help=_("write the privacy notice for the person reporting as a PDF"),
    )
    notice.add_argument("--lang", required=True, metavar="CODE", help=_("e.g. en, ur, pa, pl, cy"))
    notice.add_argument("--bilingual", action="store_true", help=_("English beside the language"))
    notice.add_argument("--large-print", action="store_true", help=_("body text 16 pt or more"))
    notice.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    notice.set_defaults(handler=cmd_privacy_notice)
    basis = commands.add_parser(
        "lawful-basis",
        help=_("show the lawful basis the privacy notice gives, or (a coordinator) change it"),
    )
    basis.add_argument(
        "--basis",
        metavar="CODE",
        # Translators: {codes} lists the codes that may be given ("consent, public_task").
        help=_("for personal data: {codes}").format(codes=", ".join(LAWFUL_BASES)),
    )
    basis.add_argument(
        "--special-category",
        metavar="CODE",
        # Translators: {codes} lists the codes that may be given.
        help=_("for sensitive data (race, religion, health…): {codes}").format(
            codes=", ".join(SPECIAL_CATEGORY_CONDITIONS)
        ),
    )
    basis.set_defaults(handler=cmd_lawful_basis)


def cmd_privacy_notice(args: argparse.Namespace) -> int:
    request = PrivacyNoticeRequest(args.lang, args.bilingual, args.large_print)
    with open_session(args) as session:
        notice = session.privacy_notices.make(request)
        atomic_write(Path(args.output), notice.pdf)
        session.privacy_notices.record(request, "saved")
    for name in notice.unreviewed:
        print(
            # Translators: {language} is a language's name in English, such as "Polish".
            _(
                "Note: the {language} translation has not yet been reviewed by a fluent speaker."
            ).format(language=name),
            file=sys.stderr,
        )
    # Translators: {size} is a number of kilobytes.
    print(_("Privacy notice written ({size} KB).").format(size=f"{len(notice.pdf) / 1024:.0f}"))
    return 0


def cmd_lawful_basis(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        settings = session.data_protection
        if args.basis is not None or args.special_category is not None:
            settings.set_lawful_basis(
                args.basis if args.basis is not None else settings.lawful_basis,
                args.special_category
                if args.special_category is not None
                else settings.special_category_condition,
            )
        basis, special = settings.lawful_basis, settings.special_category_condition
    # Translators: {code} is the setting's code (kept as it is), {label} its name in words.
    print(_("Personal data: {code} ({label})").format(code=basis, label=_(LAWFUL_BASES[basis])))
    print(
        # Translators: {code} is the setting's code (kept as it is), {label} its name in words.
        _("Sensitive data: {code} ({label})").format(
            code=special, label=_(SPECIAL_CATEGORY_CONDITIONS[special])
        )
    )
    return 0
