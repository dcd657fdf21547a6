"""What a batch carries, member by member, made from what the store holds as it is written.

Reports go as ``reports/<id>.json`` after the attachments the person agreed to share; then the
notices: ``amendments/<id>.json``, the corrected report in exactly the form a report goes (the
consent decides, as for a report: "without identifying details" leaves every identifying field
empty; for a recipient besides the police, what the person agreed for that recipient), listing its attachments without carrying them again (they cannot change once a report is
ready, and the force holds them); and ``erasures/<id>.json``, the id and reference alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from intake_app.domain.report_record import ReportRecord, StoredReport
from intake_app.exchange.batch_format import EXTENSIONS, erasure_document
from intake_app.exchange.batch_writer import Member
from intake_app.exchange.plan import DEMO_IN_BATCH, Planned, without_identifying_details
from intake_app.exchange.report_schema import REPORT_FORMAT, sent_form, stored_sent_form
from intake_app.services.report_notices import Notice
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.read_ahead import read_ahead


class StoredMany(Protocol):
    """Reports by id as the store holds them (``ReportService.stored_many``)."""

    def __call__(self, ids: list[str], *, sent: bool = False) -> list[StoredReport]: ...


# Files' bytes, in the order of the (attachment id, size) pairs given.
Contents = Callable[[list[tuple[str, int]]], Iterator[bytes]]
Files = list[tuple[str, str, int]]  # attachment id, member name, size
_CHUNK = 200  # reports read, and their files, per query
_AHEAD = 8 << 20  # files read ahead, at most (or one file)


class BatchContents:
    def __init__(self, centre_code: str, stored_many: StoredMany, contents: Contents) -> None:
        self.centre_code = centre_code
        self.stored_many = stored_many
        self.contents = contents

    def _stored(self, ids: list[str], *, sent: bool = False) -> list[StoredReport]:
        """These reports, in the order given. Every batch is made from what this reads, so a
        demo report stops the batch here, however it was planned."""
        stored = self.stored_many(ids, sent=sent)
        if len(stored) != len(ids):
            raise IntakeError(
                _("A report was removed while exporting. Nothing was marked as sent.")
            )
        if any(report.is_demo for report in stored):
            raise IntakeError(_(DEMO_IN_BATCH))
        return stored

    def document(
        self, record: ReportRecord, identifying: bool
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The report as it goes, and its shared attachments as (attachment id, member name);
        each attachment's SHA-256 is filled in as its content is read."""
        report = record.report if identifying else without_identifying_details(record.report)
        document, files = self._document(record, sent_form(report), identifying)
        return document, [(attachment_id, name) for attachment_id, name, _size in files]

    def _document(
        self, record: ReportRecord | StoredReport, form: dict[str, Any] | _Sent, identifying: bool
    ) -> tuple[dict[str, Any], Files]:
        sent = [a for a in record.attachments if a.share_with_police]
        files = [(a.id, f"attachments/{a.id}.{EXTENSIONS[a.media_type]}", a.size) for a in sent]
        document = {
            "format": REPORT_FORMAT,
            "id": record.id,
            "reference": record.reference,
            "centre_code": self.centre_code,
            "created_at": record.created_at,
            "identifying_details": identifying,
            "attachments": [
                {"member": name, "media_type": a.media_type, "size": a.size, "sha256": ""}
                for a, (_attachment_id, name, _size) in zip(sent, files, strict=True)
            ],
            "report": form,
        }
        return document, files

    def _going(self, stored: StoredReport, identifying: bool) -> tuple[dict[str, Any], Files]:
        """As ``document``, taking the stored document as it is when it is exactly what reading
        it would give (``stored_sent_form``), or as the store gave it when its mark says so; a
        report without identifying details is read."""
        if identifying and stored.sent is not None:
            return self._document(stored, _Sent(stored.sent), identifying)
        form = stored_sent_form(stored.document) if identifying else None
        if form is None:
            record = stored.record()
            report = record.report if identifying else without_identifying_details(record.report)
            form = sent_form(report)
        return self._document(stored, form, identifying)

    def _with_hashes(
        self, documents: list[tuple[dict[str, Any], Files]]
    ) -> Iterator[Member | None]:
        """Each document's files, their hashes written into it as they are read (the SHA-256
        goes along, so the batch's manifest need not take it again), then None: the document
        is complete."""
        contents = self.contents(
            [(i, size) for _doc, files in documents for i, _name, size in files]
        )
        for document, files in documents:
            for entry, (_attachment_id, name, _size) in zip(
                document["attachments"], files, strict=True
            ):
                content = next(contents)
                entry["sha256"] = digest = hashlib.sha256(content).hexdigest()
                yield name, content, digest
            yield None

    def _read(self, going: list[Planned]) -> Iterator[list[StoredReport] | bytes]:
        """What the reports going are made of, in batch order: each chunk of reports as stored,
        then the files they share."""
        for start in range(0, len(going), _CHUNK):
            stored = self._stored([p.report_id for p in going[start : start + _CHUNK]], sent=True)
            yield stored
            files = [(a.id, a.size) for s in stored for a in s.attachments if a.share_with_police]
            yield from self.contents(files)

    def _reports(
        self,
        going: list[Planned],
        read: Iterator[list[StoredReport] | bytes],
        progress: Callable[[int, int], None] | None,
    ) -> Iterator[Member]:
        for start in range(0, len(going), _CHUNK):
            chunk = going[start : start + _CHUNK]
            stored = next(read)
            assert isinstance(stored, list)
            for done, (planned, report) in enumerate(zip(chunk, stored, strict=True), start):
                if progress:
                    progress(done, len(going))
                document, files = self._going(report, planned.identifying)
                for entry, (_attachment_id, name, _bytes) in zip(
                    document["attachments"], files, strict=True
                ):
                    content = next(read)
                    assert isinstance(content, bytes)
                    # Hashed here, not by the reading thread: that one has the store to read.
                    entry["sha256"] = digest = hashlib.sha256(content).hexdigest()
                    yield name, content, digest
                yield f"reports/{report.id}.json", _encoded(document)

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
        # Read by a thread of its own: this one makes the documents meanwhile.
        read = read_ahead(self._read(going), budget=_AHEAD, cost=_cost)
        with contextlib.closing(read):
            yield from self._reports(going, read, progress)
        amended = [n.report_id for n in notices if n.kind == "amendment"]
        for start in range(0, len(amended), _CHUNK):
            documents = []
            for stored in self._stored(amended[start : start + _CHUNK]):
                record = stored.record()
                # For the force, only an explicit "with contact details" carries them (a
                # correction cannot make a report the police have "monitoring only": see
                # report_corrections); a recipient's batch, as the person agreed for it.
                if amended_identifying is not None:
                    identifying = amended_identifying(record)
                else:
                    identifying = record.report.consent == "police_with_contact"
                report = (
                    record.report if identifying else without_identifying_details(record.report)
                )
                documents.append(self._document(record, sent_form(report), identifying))
            done = 0
            for member in self._with_hashes(documents):
                if member is None:  # files listed with their hashes; the force holds them
                    document = documents[done][0]
                    yield f"amendments/{document['id']}.json", _encoded(document)
                    done += 1
        for notice in notices:
            if notice.kind == "erasure":
                erasure = erasure_document(notice.report_id, notice.reference, self.centre_code)
                yield f"erasures/{notice.report_id}.json", _encoded(erasure)


def _cost(item: list[StoredReport] | bytes) -> int:
    return len(item) if isinstance(item, bytes) else 0


class _Sent(str):
    """A report already written as JSON (by the store), placed in its document as it is."""


def _encoded(document: dict[str, Any]) -> bytes:
    report = document.get("report")  # an erasure has none
    if isinstance(report, _Sent):
        rest = json.dumps({k: v for k, v in document.items() if k != "report"}, ensure_ascii=False)
        return f'{rest[:-1]}, "report": {report}}}'.encode()
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
