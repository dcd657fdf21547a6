"""``intake-force show REF``: one report as the force received it, in plain words, with its
attachments (saved only when asked), the corrections and erasures its centre sent, and the
updates the force sent back."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

import minisign

from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import opened_store
from intake_app.cli.force_reading_commands import (
    received_label,
    status_label,
    yes_no,
)
from intake_app.domain import vocabulary
from intake_app.domain.report import Report
from intake_app.domain.report_display import describe
from intake_app.force import access_log, finding
from intake_app.force import identity as ident
from intake_app.force.report_history import History, history
from intake_app.force.store import ForceStore
from intake_app.support.atomic_files import check_chosen_folder, write_files_together
from intake_app.support.errors import AlreadyThere, IntakeError
from intake_app.support.i18n import _, pgettext
from intake_app.support.untrusted import quoted, visible


def _line(label: str, value: str) -> None:
    lines = value.splitlines() or [""]
    print(f"{label}: {visible(lines[0], len(lines[0]))}")
    for more in lines[1:]:
        print(f"    {visible(more, len(more))}")


def _vocabulary(force_code: str) -> vocabulary.Vocabulary:
    with contextlib.suppress(vocabulary.VocabularyError):
        if force_code in vocabulary.available_forces():
            return vocabulary.load(force_code)
    return vocabulary.load()


def _history(found: History) -> None:
    if found.batch is not None:
        # Translators: {number} is a batch's number.
        print(_("Came in batch {number}.").format(number=found.batch))
    for notice in found.notices:
        what = (
            _("Correction in batch {number}: {outcome}")
            if notice.kind == "amendment"
            else _("Erasure in batch {number}: {outcome}")
        )
        outcome = (
            pgettext("notice outcome", "applied")
            if notice.outcome == "applied"
            else pgettext("notice outcome", "refused")
        )
        said = what.format(number=notice.batch, outcome=outcome)
        print("  " + said + (f" ({notice.reason})" if notice.reason else ""))
    if not found.updates:
        print(_("No update sent to the centre about it."))
    for sent in found.updates:
        u = sent.update
        # Translators: {number} is an update file's number; {day} when it was written.
        parts = [_("Update file {number}, {day}").format(number=sent.file, day=sent.written_at[:10]),
                 # Translators: {how} is crime, incident, no-record or referred-elsewhere.
                 _("recorded as {how}").format(how=u.recorded_as), u.crime_reference]  # fmt: skip
        if u.contacted_on:
            parts.append(_("first contact {day}").format(day=u.contacted_on.isoformat()))
        if u.outcome:
            parts.append(visible(u.outcome))
        if u.closed:
            parts.append(_("closed"))
        print("  " + "; ".join(parts))


def _save(
    store: ForceStore, folder: Path, reference: str, report_id: str, names: list[str]
) -> None:
    check_chosen_folder(folder)
    files = {}
    for member in names:
        content = store.attachment(report_id, member)
        if content is not None:
            files[f"{reference}-{member.rsplit('/', 1)[-1]}"] = content
    try:
        write_files_together(folder, files)
    except AlreadyThere as exc:
        raise IntakeError(
            # Translators: {files} lists file names.
            _(
                "{files}: already in that folder. Nothing was saved: choose another folder, or "
                "move those files away."
            ).format(files=", ".join(exc.names))
        ) from None
    # Translators: {count} is a number of files.
    print(_("Attachments saved: {count}.").format(count=len(files)))


def cmd_show(args: argparse.Namespace) -> int:
    me = ident.load(_home(args))
    with opened_store(args) as store:
        found = finding.by_reference(store.db, args.reference.strip().upper())
        if found is None:
            raise IntakeError(
                # Translators: {reference} is what was typed as a report's reference.
                _("The force holds no report {reference}.").format(reference=quoted(args.reference))
            )
        access_log.record(store.db, access_log.SHOW, reports=[found.report_id])
        document = store.report(found.report_id)
        past = history(store.db, store.keys, minisign.PublicKey.from_base64(me.minisign_public_key),
                       found.report_id, found.centre, found.batch_id)  # fmt: skip
        attachments = store.db.all(
            "SELECT member, media_type FROM attachments WHERE report_id = ? ORDER BY member",
            (found.report_id,),
        )
        if args.save_attachments and document is not None:
            if attachments:
                access_log.record(store.db, access_log.SAVED, reports=[found.report_id],
                                  detail=f"{len(attachments)} files")  # fmt: skip
            _save(store, Path(args.save_attachments), found.reference, found.report_id,
                  [str(a[0]) for a in attachments])  # fmt: skip
    _line(_("Reference"), found.reference)
    _line(_("Centre"), found.centre)
    _line(_("Received"), received_label(found.received_at))
    _line(_("Status"), status_label(found.status))
    if document is None:
        print(_("Erased at the centre's request: nothing of the report is kept but this."))
    else:
        _line(_("Identifying details passed on"), yes_no(found.identifying))
        _line(_("Made at the centre"), str(document.get("created_at", "")))
        print()
        report, _problems = Report.from_dict(
            document.get("report", {})
        )  # an earlier format upgraded
        for label, value in describe(report, _vocabulary(me.code)):
            _line(label, value)
        if attachments:
            print()
            print(_("Attachments:"))
            sizes = {a["member"]: a.get("size") for a in document.get("attachments", [])}
            for member, media_type in attachments:
                size = sizes.get(member)
                print(f"  {str(member).rsplit('/', 1)[-1]}  {media_type}" + (f"  {size} B" if size else ""))  # fmt: skip
    print()
    _history(past)
    return 0


def add_parser(commands: Any) -> None:
    show = commands.add_parser("show", help=_("show one report as the force received it"))
    show.add_argument("reference", metavar="REF")
    show.add_argument(
        "--save-attachments",
        metavar="DIR",
        help=_("save its attachments into this folder (which must exist; nothing is replaced)"),
    )
    show.set_defaults(handler=cmd_show)
