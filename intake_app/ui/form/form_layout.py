"""Where the report form's parts sit: its heading row (title, save state, leaflet, the person's
copy), the status row, the sections list beside the section shown, Previous and Next below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

if TYPE_CHECKING:
    from intake_app.ui.form.report_form import ReportForm


def arrange(form: ReportForm) -> None:
    header = QHBoxLayout()
    header.addWidget(form.title, 1)
    header.addWidget(form.save_state, 1)
    header.addWidget(form.leaflet_button)
    header.addWidget(form.copy_button)
    buttons = QHBoxLayout()
    buttons.addWidget(form.previous)
    buttons.addStretch(1)
    buttons.addWidget(form.next)
    right = QVBoxLayout()
    right.addWidget(form.stack, 1)
    right.addLayout(buttons)
    body = QHBoxLayout()
    body.addWidget(form.nav)
    body.addLayout(right, 1)
    outer = QVBoxLayout(form)
    outer.addLayout(header)
    outer.addWidget(form.status_row)
    outer.addLayout(body, 1)
