"""What a batch carries, member by member, made from what the store holds as it is written.

Reports go as ``reports/<id>.json`` after the attachments the person agreed to share; then the
notices: ``amendments/<id>.json``, the corrected report in exactly the form a report goes (the
consent decides, as for a report: "without identifying details" leaves every identifying field
empty; for a recipient besides the police, what the person agreed for that recipient), listing its attachments without carrying them again (they cannot change once a report is
ready, and the force holds them); and ``erasures/<id>.json``, the id and reference alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from intake_app.domain.report_record import ReportRecord
from intake_app.exchange.batch_format import EXTENSIONS, erasure_document
from intake_app.exchange.batch_writer import Member
from intake_app.exchange.plan import DEMO_IN_BATCH, Planned, without_identifying_details
from intake_app.exchange.report_schema import REPORT_FORMAT, sent_form
from intake_app.services.report_notices import Notice
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

LoadMany = Callable[[list[str]], list[ReportRecord]]


class BatchContents:
    def __init__(
        self, centre_code: str, load_many: LoadMany, attachment_content: Callable[[str], bytes]
    ) -> None:
        self.centre_code = centre_code
        self.load_many = load_many
        self.attachment_content = attachment_content

    def _records(self, ids: list[str]) -> Iterator[ReportRecord]:
        """The reports in the order given, read a chunk at a time. Every batch is made from
        what this reads, so a demo report stops the batch here, however it was planned."""
        for start in range(0, len(ids), 200):
            chunk = ids[start : start + 200]
            records = self.load_many(chunk)
            if len(records) != len(chunk):
                raise IntakeError(
                    _("A report was removed while exporting. Nothing was marked as sent.")
                )
            if any(record.is_demo for record in records):
                raise IntakeError(_(DEMO_IN_BATCH))
            yield from records

    def document(
        self, record: ReportRecord, identifying: bool
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The report as it goes, and its shared attachments as (attachment id, member name);
        each attachment's SHA-256 is filled in as its content is read."""
        report = record.report if identifying else without_identifying_details(record.report)
        sent = [a for a in record.attachments if a.share_with_police]
        files = [(a.id, f"attachments/{a.id}.{EXTENSIONS[a.media_type]}") for a in sent]
        document = {
            "format": REPORT_FORMAT,
            "id": record.id,
            "reference": record.reference,
            "centre_code": self.centre_code,
            "created_at": record.created_at,
            "identifying_details": identifying,
            "attachments": [
                {"member": name, "media_type": a.media_type, "size": a.size, "sha256": ""}
                for a, (_attachment_id, name) in zip(sent, files, strict=True)
            ],
            "report": sent_form(report),
        }
        return document, files

    def _with_hashes(
        self, document: dict[str, Any], files: list[tuple[str, str]]
    ) -> Iterator[Member]:
        """Each attachment's content, its hash written into the document as it is read."""
        for entry, (attachment_id, name) in zip(document["attachments"], files, strict=True):
            content = self.attachment_content(attachment_id)
            entry["sha256"] = hashlib.sha256(content).hexdigest()
            yield name, content

    def members(
        self,
        going: list[Planned],
        notices: list[Notice],
        progress: Callable[[int, int], None] | None = None,
        amended_identifying: Callable[[ReportRecord], bool] | None = None,
    ) -> Iterator[Member]:
        """The members in order. ``amended_identifying``: whether a corrected report goes with
        its identifying details (a recipient's batch: as the person agreed for it); by default,
        the force's rule."""
        records = self._records([p.report_id for p in going])
        for done, (planned, record) in enumerate(zip(going, records, strict=True)):
            if progress:
                progress(done, len(going))
            document, files = self.document(record, planned.identifying)
            yield from self._with_hashes(document, files)
            yield f"reports/{record.id}.json", _encoded(document)
        amended = [n.report_id for n in notices if n.kind == "amendment"]
        for record in self._records(amended):
            # For the force, only an explicit "with contact details" carries them (a correction
            # cannot make a report the police have "monitoring only": see report_corrections).
            if amended_identifying is not None:
                identifying = amended_identifying(record)
            else:
                identifying = record.report.consent == "police_with_contact"
            document, files = self.document(record, identifying)
            for _member in self._with_hashes(document, files):
                pass  # listed with their hashes; the force holds the files already
            yield f"amendments/{record.id}.json", _encoded(document)
        for notice in notices:
            if notice.kind == "erasure":
                erasure = erasure_document(notice.report_id, notice.reference, self.centre_code)
                yield f"erasures/{notice.report_id}.json", _encoded(erasure)


def _encoded(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
