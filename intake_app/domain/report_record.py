"""A stored report with its bookkeeping (reference, status, dates), and the list-row summary."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from intake_app.domain.report import Report
from intake_app.domain.report_notice import NoticeState


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    label: str
    media_type: str
    size: int
    share_with_police: bool
    added_at: str


@dataclass
class ReportRecord:
    id: str
    reference: str
    status: str
    created_by: str
    created_at: str
    updated_at: str
    is_demo: bool
    report: Report
    attachments: list[AttachmentInfo] = field(default_factory=list)
    # Set when opening it could not be written to the audit log (a full disk, a read-only folder):
    # the report is still shown, with this said beside it.
    view_not_recorded: str = ""


@dataclass
class StoredReport:
    """A report as the store holds it, its document not yet read into a ``Report``: for work
    over thousands of reports at once (a batch) that mostly needs the document as it is."""

    id: str
    reference: str
    status: str
    created_by: str
    created_at: str
    updated_at: str
    is_demo: bool
    data: str  # the stored JSON
    attachments: list[AttachmentInfo] = field(default_factory=list)
    # The report as a batch sends it, as JSON, when the store's mark says its document is
    # exactly what this version reads it as (``document_mark``), and it was asked for.
    sent: str | None = None

    @functools.cached_property
    def document(self) -> Any:
        """The stored JSON, parsed (only when it is needed: most of a batch is sent as it is)."""
        return json.loads(self.data)

    def record(self) -> ReportRecord:
        """The report read as this version's ``Report`` (as ``ReportService.load_many`` does)."""
        report, _problems = Report.from_dict(self.document)
        return ReportRecord(
            self.id, self.reference, self.status, self.created_by, self.created_at,
            self.updated_at, self.is_demo, report, list(self.attachments),
        )  # fmt: skip


@dataclass(frozen=True)
class ReportSummary:
    """One row of the reports list: no names, no narrative."""

    id: str
    reference: str
    status: str
    created_by: str
    created_at: str
    updated_at: str
    occurred_on: str
    consent: str
    strands: tuple[str, ...]
    is_demo: bool
    notice: NoticeState | None = None  # what the force was last told of it, if anything
    caseworker: str = ""  # the name of the caseworker working it, if it is assigned


# ``ReportQuery.caseworker`` for the cases no caseworker works (a user's id is never this).
NOT_ASSIGNED = "not-assigned"


@dataclass(frozen=True)
class ReportQuery:
    status: str | None = None
    search: str | None = None
    strand: str | None = None
    occurred_from: str | None = None
    occurred_to: str | None = None
    caseworker: str | None = None  # a caseworker's id: their cases; NOT_ASSIGNED: nobody's
    include_demo: bool = True
    order: str = "updated"  # updated | created | occurred | reference
    descending: bool = True
    limit: int = 200
    offset: int = 0
    after: tuple[str, str] | None = None  # (sort value, reference) of the last row seen


@dataclass(frozen=True)
class HandedOver:
    """A report's stub in a volunteer's workspace once it has gone to the centre."""

    report_id: str
    reference: str
    consent: str
    handed_over_at: str


def sort_value(summary: ReportSummary, order: str) -> str:
    """The value a list is ordered by, for asking for the rows after this one."""
    return {
        "updated": summary.updated_at,
        "created": summary.created_at,
        "occurred": summary.occurred_on,
        "reference": summary.reference,
    }.get(order, summary.updated_at)
