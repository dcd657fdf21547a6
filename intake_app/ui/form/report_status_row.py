"""The line under a report's title when it is no longer a draft: what its status means, and for
a coordinator, the way to correct it (once the police have it, they are sent the correction)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from intake_app.domain.report_record import ReportRecord
from intake_app.support.i18n import N_, _

# What a report's status means, by its code; translated where shown.
STATUS_WORDS = {
    "ready": N_("It is ready to send, so it is shown read-only."),
    "handed_over": N_(
        "It has been handed to the centre, sealed so that only a coordinator can open it. It is "
        "shown here, read-only, until you leave this page; you can still print the leaflet."
    ),
    "exported": N_("It has been sent to the police, so it is shown read-only."),
    "acknowledged": N_("The police have confirmed they received it; it is shown read-only."),
}
CORRECTING = N_(
    "Correcting a ready report. Ctrl+S saves the correction; the audit log records which fields "
    "changed."
)
CORRECTING_SENT = N_(
    "Correcting a report the police have. Ctrl+S saves the correction; the next batch takes it "
    "to the force, and the audit log records which fields changed."
)


class StatusRow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.correct = QPushButton(_("Co&rrect this report"))
        self.stop = QPushButton(_("Stop correcting"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        row.addWidget(self.correct)
        row.addWidget(self.stop)

    def show_for(
        self, status: str, *, correcting: bool, may_correct: bool, sent: bool = False
    ) -> None:
        read_only = status != "draft" and not correcting
        self.correct.setVisible(read_only and may_correct)
        self.stop.setVisible(correcting)
        if correcting:
            self.note.setText(_(CORRECTING_SENT if sent else CORRECTING))
        elif read_only:
            words = STATUS_WORDS.get(status)
            # Translators: {status} is a report's status code ("withdrawn"), for a status this
            # line has no words for.
            other = _("It is {status}.").format(status=status)
            sentences = [_(words) if words else other]
            if not may_correct:
                sentences.append(_("Ask a coordinator if something needs correcting."))
            self.note.setText(" ".join(sentences))
        self.setVisible(read_only or correcting)


NOT_SAVED_AT_LOCK = N_(
    "⚠ This could not be saved when the app locked. What was typed is shown here, and is saved "
    "as soon as it can be."
)
# Translators: {time} is the time of day it was saved, "14:05:09".
SAVED_AFTER_LOCK = N_("✓ Saved at {time}, with what could not be saved when the app locked.")


def report_title(record: ReportRecord | None) -> str:
    """The form's heading: a new report, or the report by its reference (a demo one says so)."""
    if record is None:
        return _("New report")
    if record.is_demo:
        # Translators: {reference} is the report's reference, "RIVA-2025-00012-K".
        return _("Report {reference} (demo: made up for practice, never sent)").format(
            reference=record.reference
        )
    # Translators: {reference} is the report's reference, "RIVA-2025-00012-K".
    return _("Report {reference}").format(reference=record.reference)
