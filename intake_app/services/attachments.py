"""Photos, screenshots and PDFs kept inside the encrypted store (never as plain files).

The type is decided by the file's content, not its name; anything else is refused.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from typing import Protocol

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.report_record import AttachmentInfo, ReportRecord
from intake_app.domain.text_rules import SHORT, text_problem
from intake_app.services.context import ServiceContext
from intake_app.storage.database import Database
from intake_app.support.errors import AttachmentRefused, InvalidState, NotFound
from intake_app.support.i18n import N_, _, ngettext

MAX_BYTES = 25 * 1024 * 1024
MAX_PER_REPORT = 50
_READ_AHEAD = 4 << 20  # the most an export reads of files in one query
# Translators: the kinds of file that can be attached to a report (shown where files are added).
ALLOWED = N_("photos (JPEG, PNG, GIF, WebP) and PDF documents")


def sniff_media_type(content: bytes) -> str | None:
    """The media type from the first bytes of the file, or None if it is not allowed."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def attachments_of(db: Database, report_id: str) -> list[AttachmentInfo]:
    """What is attached to one report (no content), oldest first."""
    rows = db.all(
        "SELECT id, label, media_type, size, share_with_police, added_at FROM attachments "
        "WHERE report_id = ? ORDER BY added_at, id",
        (report_id,),
    )
    return [AttachmentInfo(r[0], r[1], r[2], int(r[3]), bool(r[4]), r[5]) for r in rows]


def attachments_of_many(db: Database, report_ids: list[str]) -> dict[str, list[AttachmentInfo]]:
    """What is attached to each of several reports, in one query."""
    rows = db.all(
        "SELECT report_id, id, label, media_type, size, share_with_police, added_at "
        "FROM attachments WHERE report_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY added_at, id",
        (json.dumps(report_ids),),
    )
    found: dict[str, list[AttachmentInfo]] = {}
    for r in rows:
        found.setdefault(str(r[0]), []).append(
            AttachmentInfo(r[1], r[2], r[3], int(r[4]), bool(r[5]), r[6])
        )
    return found


class VisibleReports(Protocol):
    """What attachments need of the reports: a report, if the signed-in user may see it."""

    def visible(self, ref_or_id: str) -> ReportRecord: ...


class AttachmentService:
    def __init__(self, context: ServiceContext, reports: VisibleReports) -> None:
        self.context = context
        self.reports = reports
        self.db = context.db

    def list_for(self, report_id: str) -> list[AttachmentInfo]:
        return attachments_of(self.db, report_id)

    def list_for_many(self, report_ids: list[str]) -> dict[str, list[AttachmentInfo]]:
        return attachments_of_many(self.db, report_ids)

    def add(
        self, ref_or_id: str, content: bytes, label: str, *, share_with_police: bool = False
    ) -> AttachmentInfo:
        record = self.reports.visible(ref_or_id)
        if record.status != "draft":
            raise InvalidState(_("Attachments can be added only while the report is a draft."))
        if not content:
            raise AttachmentRefused(_("That file is empty."))
        if len(content) > MAX_BYTES:
            raise AttachmentRefused(
                # Translators: {size} is the file's size in megabytes, with one decimal (12.3);
                # {limit} is the largest size allowed, in megabytes. MB: megabytes.
                _(
                    "That file is {size} MB; the limit is {limit} MB. Save a smaller copy and "
                    "try again."
                ).format(size=f"{len(content) / 1048576:.1f}", limit=MAX_BYTES // 1048576)
            )
        media_type = sniff_media_type(content)
        if media_type is None:
            raise AttachmentRefused(
                _(
                    "That kind of file cannot be attached. Attach photos (JPEG, PNG, GIF, WebP) "
                    "and PDF documents."
                )
            )
        label = label.strip() or "Attachment"  # stored with the file: not translated
        reason = text_problem(label, SHORT)
        if reason:
            # Translators: {reason} is a sentence saying what is wrong with the description.
            raise AttachmentRefused(_("Description of the file: {reason}").format(reason=reason))
        count = self.db.scalar("SELECT count(*) FROM attachments WHERE report_id = ?", (record.id,))
        if int(count or 0) >= MAX_PER_REPORT:
            raise AttachmentRefused(
                ngettext(
                    "A report can have at most {count} attachment.",
                    "A report can have at most {count} attachments.",
                    MAX_PER_REPORT,
                ).format(count=MAX_PER_REPORT)
            )
        info = AttachmentInfo(
            secrets.token_hex(16), label, media_type, len(content), share_with_police,
            self.context.now_text(),
        )  # fmt: skip
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO attachments (id, report_id, label, media_type, size, sha256, "
                "share_with_police, added_at, added_by, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id, record.id, label, media_type, len(content),
                    hashlib.sha256(content).hexdigest(), int(share_with_police), info.added_at,
                    self.context.user.id, content,
                ),
            )  # fmt: skip
            self.context.audit.append(self.context.actor, "attachment.added", record.id, info.id)
        return info

    def read(self, attachment_id: str) -> tuple[AttachmentInfo, bytes]:
        row = self.db.one("SELECT report_id FROM attachments WHERE id = ?", (attachment_id,))
        if row is None:
            raise NotFound(_("That attachment is not in the store."))
        self.reports.visible(str(row[0]))  # permission check
        data = self.db.one(
            "SELECT id, label, media_type, size, share_with_police, added_at, content "
            "FROM attachments WHERE id = ?",
            (attachment_id,),
        )
        assert data is not None
        with self.db.transaction():
            self.context.audit.append(
                self.context.actor, "attachment.viewed", str(row[0]), attachment_id
            )
        info = AttachmentInfo(data[0], data[1], data[2], int(data[3]), bool(data[4]), data[5])
        return info, bytes(data[6])

    def content_for_export(self, attachment_id: str) -> bytes:
        """The bytes, for a coordinator's export (audited once, as the batch, not per file)."""
        self.context.require(COORDINATOR)
        data = self.db.scalar("SELECT content FROM attachments WHERE id = ?", (attachment_id,))
        if data is None:
            raise NotFound(_("That attachment is not in the store."))
        return bytes(data)

    def contents_for_export(self, files: list[tuple[str, int]]) -> Iterator[bytes]:
        """Each file's bytes, for a coordinator's export, in the order given as (id, size): one
        query per few megabytes of files rather than one per file, and never more than that
        (or one file) held at once."""
        self.context.require(COORDINATOR)
        start = 0
        while start < len(files):
            end, held = start + 1, files[start][1]
            while end < len(files) and held + files[end][1] <= _READ_AHEAD:
                held += files[end][1]
                end += 1
            wanted = [attachment_id for attachment_id, _size in files[start:end]]
            found: dict[str, bytes] = dict(
                self.db.all(
                    "SELECT id, content FROM attachments WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(wanted),),
                )
            )
            for attachment_id in wanted:
                content = found.pop(attachment_id, None)
                if content is None:
                    raise NotFound(_("That attachment is not in the store."))
                yield bytes(content)
            start = end

    def remove(self, attachment_id: str) -> None:
        row = self.db.one("SELECT report_id FROM attachments WHERE id = ?", (attachment_id,))
        if row is None:
            raise NotFound(_("That attachment is not in the store."))
        record = self.reports.visible(str(row[0]))
        if record.status != "draft":
            raise InvalidState(_("Attachments can be removed only while the report is a draft."))
        with self.db.transaction():
            self.db.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
            self.context.audit.append(
                self.context.actor, "attachment.removed", record.id, attachment_id
            )

    def set_shared(self, attachment_id: str, share_with_police: bool) -> None:
        """Whether the person agrees that this file may go to the police with the report."""
        row = self.db.one("SELECT report_id FROM attachments WHERE id = ?", (attachment_id,))
        if row is None:
            raise NotFound(_("That attachment is not in the store."))
        record = self.reports.visible(str(row[0]))
        if record.status != "draft":
            raise InvalidState(_("This can be changed only while the report is a draft."))
        with self.db.transaction():
            self.db.execute(
                "UPDATE attachments SET share_with_police = ? WHERE id = ?",
                (int(share_with_police), attachment_id),
            )
            detail = "shared" if share_with_police else "not_shared"
            self.context.audit.append(self.context.actor, "attachment.changed", record.id, detail)
