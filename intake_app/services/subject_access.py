"""A subject access request: a coordinator writes everything the centre holds about the person in
one report into a folder the person (or the coordinator on their behalf) chose.

Three kinds of file, named after the centre's reference and nothing personal:
``subject-access-<reference>.pdf`` to read, ``subject-access-<reference>.json`` for a computer,
and a copy of each attached photo or document, ``subject-access-<reference>-attachment-01.png``
(the right of access covers them too). They are written together (all of them or none), never
over a file already there unless asked to replace it, and the request goes in the audit log with
the report's id and how many files were written, never their content.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from intake_app.domain.accounts import COORDINATOR, RECOVERY_ROLE, RECOVERY_USER
from intake_app.domain.dates import local_day
from intake_app.domain.report_links import SAME_PERSON
from intake_app.domain.report_record import AttachmentInfo, ReportRecord
from intake_app.domain.subject_access import (
    Corrected,
    HeldFile,
    Holdings,
    Linked,
    Logged,
    SentInBatch,
    as_json,
)
from intake_app.domain.vocabulary import Vocabulary
from intake_app.exchange.batch_format import EXTENSIONS
from intake_app.exchange.force_profile_format import stored_profile
from intake_app.leaflets.copy_wording import Wording
from intake_app.leaflets.render import CentreDetails
from intake_app.leaflets.subject_access_pdf import render_subject_access
from intake_app.services.attachments import VisibleReports
from intake_app.services.audit import action_words
from intake_app.services.context import ServiceContext
from intake_app.services.follow_ups import follow_ups_of
from intake_app.services.report_corrections import corrections
from intake_app.support import i18n
from intake_app.support.atomic_files import check_chosen_folder, write_files_together
from intake_app.support.errors import NotAllowed
from intake_app.support.i18n import _

ACTION = "report.subject_access"


@dataclass(frozen=True)
class Written:
    """What a request wrote: the folder and the files' names (the PDF, the JSON, then copies of
    the attachments)."""

    folder: Path
    names: list[str]
    attachments: int


def base_name(reference: str) -> str:
    """``subject-access-RIVA-2026-00001-7``: the centre's reference, nothing personal (and only
    letters, digits and hyphens, whatever the store holds)."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", reference)[:40]
    return f"subject-access-{safe or 'report'}"


def file_names(record: ReportRecord) -> list[str]:
    """The names the files for ``record`` take in the folder, in the order written."""
    base = base_name(record.reference)
    return [f"{base}.pdf", f"{base}.json", *(_attachment_name(base, n, a) for n, a in
                                              enumerate(record.attachments, 1))]  # fmt: skip


def _attachment_name(base: str, number: int, info: AttachmentInfo) -> str:
    return f"{base}-attachment-{number:02d}.{EXTENSIONS.get(info.media_type, 'bin')}"


def _own_detail(action: str, detail: str) -> str:
    """What the audit log adds to an entry, as the person may see it: a link's entry names the
    other report (its id, then the reason), which may be about someone else: only the reason."""
    if action.startswith("link."):
        return detail.rsplit(" ", 1)[-1]
    return detail


class SubjectAccess:
    def __init__(
        self,
        context: ServiceContext,
        reports: VisibleReports,
        *,
        vocabulary: Callable[[], Vocabulary],
        attachment_content: Callable[[str], bytes],  # a file's bytes (a coordinator's)
        centre_details: Callable[[], CentreDetails],  # the centre as leaflets print it
    ) -> None:
        self.context, self.db, self.reports = context, context.db, reports
        self.vocabulary = vocabulary
        self.attachment_content = attachment_content
        self.centre_details = centre_details

    def _require(self) -> None:
        role = self.context.user.role
        if role == COORDINATOR:
            return
        if role == RECOVERY_ROLE:
            raise NotAllowed(_("Sign in as a coordinator to answer a subject access request."))
        raise NotAllowed(
            _(
                "Only a coordinator can answer a subject access request (write everything the "
                "centre holds about a person). Ask a coordinator."
            )
        )

    def file_names(self, ref_or_id: str) -> list[str]:
        """The files a request for this report would write, to ask before replacing any."""
        self._require()
        return file_names(self.reports.visible(ref_or_id))

    # --- gathering --------------------------------------------------------------------------

    def gather(self, ref_or_id: str) -> Holdings:
        """Everything the centre holds about the person in the report."""
        self._require()
        record = self.reports.visible(ref_or_id)  # not a view: the request itself is audited
        base = base_name(record.reference)
        erased_at = self.db.scalar("SELECT withdrawn_at FROM reports WHERE id = ?", (record.id,))
        return Holdings(
            record=record,
            centre=self.context.centre,
            made_at=self.context.now_text(),
            made_by=self.context.user.shown_name,
            erased_at=str(erased_at or ""),
            files=tuple(
                HeldFile(info, _attachment_name(base, number, info))
                for number, info in enumerate(record.attachments, 1)
            ),
            batches=tuple(self._batches(record.id)),
            corrections=tuple(
                Corrected(c.at, c.by, tuple(c.paths)) for c in corrections(self.db, record.id)
            ),
            activity=tuple(self._activity(record.id)),
            follow_ups=tuple(follow_ups_of(self.db, record.id)),
            links=tuple(self._links(record.id)),
        )

    def _links(self, report_id: str) -> list[Linked]:
        """The report's links, oldest first. The other report's reference is read only for a
        link about the same person; the note (kept for "another reason") never."""
        rows = self.db.all(
            "SELECT l.reason, l.created_at, CASE WHEN l.reason = ? THEN r.reference ELSE '' END "
            "FROM report_links l JOIN reports r ON r.id = CASE WHEN l.first_id = ? "
            "THEN l.second_id ELSE l.first_id END "
            "WHERE l.first_id = ? OR l.second_id = ? ORDER BY l.created_at, "
            "CASE l.reason WHEN 'same_person' THEN 0 WHEN 'same_place' THEN 1 "
            "WHEN 'same_offender' THEN 2 ELSE 3 END",
            (SAME_PERSON, report_id, report_id, report_id),
        )
        return [Linked(str(r[0]), str(r[1]), str(r[2] or "")) for r in rows]

    def _batches(self, report_id: str) -> list[SentInBatch]:
        profile = stored_profile(self.db)
        force_code = profile.force_code if profile else self.context.centre.force_code
        force_name = profile.force_name if profile else ""
        rows = self.db.all(
            "SELECT b.sequence, b.created_at, m.outcome, b.acknowledged_at, coalesce(m.reason, '') "
            "FROM batch_members m JOIN batches b ON b.id = m.batch_id WHERE m.report_id = ? "
            "ORDER BY b.sequence",
            (report_id,),
        )
        return [
            SentInBatch(
                int(r[0]), str(r[1]), force_code, force_name, str(r[2]), str(r[3] or ""), str(r[4])
            )
            for r in rows
        ]

    def _activity(self, report_id: str) -> list[Logged]:
        """The audit log's entries about the report, and about the batches it went in (what the
        batch's entry adds concerns the whole batch, so it is left out), oldest first."""
        rows = self.db.all(
            "SELECT a.at, a.actor, coalesce(u.name, a.actor), a.action, "
            "CASE WHEN a.target = ? THEN coalesce(a.detail, '') ELSE '' END "
            "FROM audit_log a LEFT JOIN users u ON u.id = a.actor "
            "WHERE a.target = ? "
            "OR a.target IN (SELECT batch_id FROM batch_members WHERE report_id = ?) "
            "ORDER BY a.seq",
            (report_id, report_id, report_id),
        )
        return [
            Logged(
                at=str(r[0]),
                by=RECOVERY_USER.shown_name if r[1] == RECOVERY_USER.id else str(r[2]),
                action=str(r[3]),
                what=action_words(str(r[3])),
                detail=_own_detail(str(r[3]), str(r[4])),
            )
            for r in rows
        ]

    # --- writing ----------------------------------------------------------------------------

    def write(self, ref_or_id: str, folder: Path, *, replace: bool = False) -> Written:
        """Write the PDF, the JSON and the attachments' copies into ``folder`` (which must exist
        and be writable), then record the request in the audit log. A file of the same name
        already there refuses the whole request, unless ``replace``."""
        self._require()
        folder = Path(folder)
        check_chosen_folder(folder)
        holdings = self.gather(ref_or_id)
        record = holdings.record
        today = self.context.local_now().date()
        pdf = render_subject_access(
            holdings,
            self.vocabulary(),
            self.centre_details(),
            taken_on=local_day(record.created_at) or today,
            made_on=today,
            wording=Wording(i18n.load(i18n.current().code)),
        )
        document = json.dumps(as_json(holdings), ensure_ascii=False, indent=2) + "\n"
        names = file_names(record)
        contents = [pdf, document.encode("utf-8")]
        contents += [self.attachment_content(held.info.id) for held in holdings.files]
        written = write_files_together(folder, dict(zip(names, contents, strict=True)),
                                       replace=replace)  # fmt: skip
        try:
            with self.db.transaction():
                self.context.audit.append(self.context.actor, ACTION, record.id, str(len(names)))
        except BaseException:
            # Not recorded, so not left behind: a disclosure the audit log does not show.
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        return Written(folder, names, len(holdings.files))
