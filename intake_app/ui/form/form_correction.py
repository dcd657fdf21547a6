"""Saving a coordinator's correction of a ready report from the form: checked as a whole, the
messages under the fields if not, the time it was saved if so (and, when the police have the
report, that the next batch takes them the correction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTime

from intake_app.domain.accounts import COORDINATOR
from intake_app.support.errors import IntakeError, ValidationFailed
from intake_app.support.i18n import _

if TYPE_CHECKING:
    from intake_app.app.session import Session
    from intake_app.ui.form.report_form import ReportForm


def may_correct(session: Session, status: str) -> bool:
    """A coordinator at the centre may correct a report that is complete, sent or not."""
    return (
        status in ("ready", "exported", "acknowledged")
        and session.user.role == COORDINATOR
        and not session.in_workspace
    )


def stop_correcting(form: ReportForm) -> None:
    """Back to what is stored, saying so if anything had been changed."""
    if form.dirty and form.record is not None:
        form.load(form.record.report)
        form.dirty = False
        form.save_state.setText(_("The correction was not saved."))
    form.correcting = False
    form._show_status()


def save_correction(form: ReportForm) -> bool:
    if form.record is None:
        return False
    report, shape = form.collect()
    try:
        if shape:
            raise ValidationFailed(shape)
        form.record = form.session.reports.correct(form.record.id, report)
    except ValidationFailed as exc:
        form.binder.show_errors(dict(exc.problems))
        form.save_state.setText(
            _("⚠ The correction is not saved: see the messages under the fields.")
        )
        return False
    except IntakeError as exc:
        # Translators: {problem} is why it could not be saved, a whole sentence.
        form.save_state.setText(_("⚠ The correction is not saved: {problem}").format(problem=exc))
        return False
    form.dirty = False
    when = QTime.currentTime().toString("HH:mm:ss")
    # Translators: {time} is the time of day it was saved, "14:05:09".
    saved = _("✓ Correction saved at {time}")
    notice = form.session.reports.notice(form.record.id)
    if notice is not None and notice.kind == "amendment" and notice.state == "waiting":
        # Translators: {time} is the time of day it was saved, "14:05:09".
        saved = _("✓ Correction saved at {time}; the next batch takes it to the force")
    form.save_state.setText(saved.format(time=when))
    return True
