"""Form fields bound to report paths (``person.phone``), each with its own error line.

A ``Binder`` makes labelled widgets, reads them into a dict shaped like a report, fills them from
one, and shows a validation message under the field it belongs to (in words, with a warning sign,
never by colour alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

ANSWERS = (("", "Not asked yet"), ("yes", "Yes"), ("no", "No"))


@dataclass
class Field:
    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    error: QLabel
    label: str = ""


_MISSING = object()


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #9b1c1c;")
    label.hide()
    return label


class Binder:
    def __init__(self, on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self.fields: dict[str, Field] = {}

    def _add(self, path: str, label: str, field: Field, form: QFormLayout) -> None:
        field.label = label.replace("&", "")
        field.widget.setAccessibleName(field.label)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field.widget)
        column.addWidget(field.error)
        caption = QLabel(label)
        caption.setBuddy(field.widget)
        caption.setWordWrap(True)
        form.addRow(caption, holder)
        self.fields[path] = field

    def line(
        self, form: QFormLayout, path: str, label: str, hint: str = "", limit: int = 200
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        edit.setMaxLength(limit)
        edit.textEdited.connect(lambda _: self.on_change())
        self._add(
            path,
            label,
            Field(edit, edit.text, lambda v: edit.setText(v or ""), error_label()),
            form,
        )
        return edit

    def text(
        self, form: QFormLayout, path: str, label: str, hint: str = "", lines: int = 4
    ) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(hint)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        edit.textChanged.connect(self.on_change)

        def set_text(value: Any) -> None:
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")

        self._add(path, label, Field(edit, edit.toPlainText, set_text, error_label()), form)
        return edit

    def answer(self, form: QFormLayout, path: str, label: str) -> QComboBox:
        """Yes / No / Not asked yet, for optional true-or-false questions."""
        combo = QComboBox()
        for code, text in ANSWERS:
            combo.addItem(text, code)
        combo.currentIndexChanged.connect(lambda _: self.on_change())

        def get() -> bool | None:
            code = combo.currentData()
            return None if not code else code == "yes"

        def set_value(value: Any) -> None:
            combo.setCurrentIndex(combo.findData("" if value is None else "yes" if value else "no"))

        self._add(path, label, Field(combo, get, set_value, error_label()), form)
        return combo

    def choice(
        self, form: QFormLayout, path: str, label: str, options: list[tuple[str, str]]
    ) -> QComboBox:
        combo = QComboBox()
        combo.addItem("Choose…", "")
        for code, text in options:
            combo.addItem(text, code)
        combo.currentIndexChanged.connect(lambda _: self.on_change())

        def set_value(value: Any) -> None:
            index = combo.findData(value or "")
            combo.setCurrentIndex(max(index, 0))

        self._add(
            path,
            label,
            Field(combo, lambda: combo.currentData() or "", set_value, error_label()),
            form,
        )
        return combo

    def check(self, form: QFormLayout, path: str, label: str) -> QCheckBox:
        box = QCheckBox(label)
        box.toggled.connect(lambda _: self.on_change())
        field = Field(
            box,
            box.isChecked,
            lambda v: box.setChecked(bool(v)),
            error_label(),
            label.replace("&", ""),
        )
        box.setAccessibleName(label.replace("&", ""))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addWidget(field.error)
        form.addRow(holder)
        self.fields[path] = field
        return box

    def custom(
        self,
        form: QFormLayout,
        path: str,
        label: str,
        widget: QWidget,
        get: Callable[[], Any],
        set_value: Callable[[Any], None],
    ) -> None:
        self._add(path, label, Field(widget, get, set_value, error_label()), form)
        widget.setAccessibleName(label.replace("&", ""))

    # --- values --------------------------------------------------------------------------

    def read_into(self, document: dict[str, Any]) -> None:
        for path, field in self.fields.items():
            set_path(document, path, field.get())

    def fill_from(self, document: dict[str, Any]) -> None:
        """Set every field the document has a value for (others are left as they are)."""
        for path, field in self.fields.items():
            value = get_path(document, path)
            if value is _MISSING:
                continue
            widget = field.widget
            blocked = widget.blockSignals(True)
            try:
                field.set(value)
            finally:
                widget.blockSignals(blocked)

    def show_errors(self, problems: dict[str, str]) -> None:
        for path, field in self.fields.items():
            message = problems.get(path) or next(
                (m for p, m in problems.items() if p.startswith((path + "[", path + "."))), None
            )
            field.error.setText(f"⚠ {message}" if message else "")
            field.error.setVisible(bool(message))
            # On the control that takes the focus (a date's text box), so screen readers say it.
            (field.widget.focusProxy() or field.widget).setAccessibleDescription(message or "")


def set_path(document: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target = document
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def get_path(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    return form
