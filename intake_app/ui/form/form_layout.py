"""Where the report form's parts sit: its heading row (title, leaflet, the person's copy), the
status row, the sections list beside the section shown, and Previous, whether it is saved, and
Next below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

if TYPE_CHECKING:
    from intake_app.ui.form.report_form import ReportForm


def arrange(form: ReportForm) -> None:
    header = QHBoxLayout()
    header.addWidget(form.title, 1)
    header.addWidget(form.leaflet_button)
    header.addWidget(form.copy_button)
    buttons = QHBoxLayout()
    # Whether the draft is saved sits between Previous and Next, where there is room for a
    # longer language's words even at twice the text size (squeezed beside the title, the
    # Urdu "saving in a moment" stood one word a line).
    buttons.addWidget(form.previous)
    buttons.addWidget(form.save_state, 1)
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
