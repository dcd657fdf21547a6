"""How the setup wizard's pages are laid out: an explanation in the page, each label above its
field, and messages under the field they are about."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def intro(text: str) -> QLabel:
    """A page's explanation (in the page, where it wraps at any text size; the wizard's own
    subtitle area is a fixed height and cuts long text at 1.5x and 2x)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class StackedForm(QVBoxLayout):
    """Each label above its field and messages under it, full width, in a plain column: a
    wrapped message in a form layout's field column was cut short on a wizard page."""

    def addRow(self, caption: str | QWidget, field: QWidget | None = None) -> None:
        if isinstance(caption, QWidget):
            self.addWidget(caption)
            return
        if caption:
            label = QLabel(caption)
            if field is not None:
                label.setBuddy(field)
            self.addWidget(label)
        if field is not None:
            self.addWidget(field)


def stacked_form(page: QWidget) -> StackedForm:
    form = StackedForm(page)
    return form


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #9b1c1c;")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(f"⚠ {message}")
    label.show()
