"""A report as the form's fields hold it, and back: the form asks for the number of offenders as
text (a box that may hold "not known"), and keeps the police copy's note beside its fields."""

from __future__ import annotations

from typing import Any

from intake_app.domain.report import PoliceCopy, Report
from intake_app.domain.report_codec import encode
from intake_app.support.i18n import _


def form_document(report: Report) -> dict[str, Any]:
    document = report.to_dict()
    document["offender_count_text"] = (
        "" if report.offender_count is None else str(report.offender_count)
    )
    return document


def report_from_form(
    document: dict[str, Any], police_copy: PoliceCopy
) -> tuple[Report, list[tuple[str, str]]]:
    """The report the fields hold, and what in them does not fit its shape."""
    count_text = str(document.pop("offender_count_text", "")).strip()
    extra: list[tuple[str, str]] = []
    document["offender_count"] = int(count_text) if count_text.isdigit() else None
    if count_text and not count_text.isdigit():
        extra.append(("offender_count_text", _("Enter a number, or leave it blank if not known.")))
    document["police_copy"] = encode(police_copy)
    report, shape = Report.from_dict(document)
    return report, shape + extra
