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
from PySide6.QtGui import QTextCursor
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

from intake_app.domain.text_rules import hard_cap
from intake_app.domain.validation import text_limit
from intake_app.support.i18n import N_, _, ngettext, number
from intake_app.ui.language import without_mnemonic
from intake_app.ui.widgets.layout_helpers import focus_target
from intake_app.ui.widgets.steady_combo import SteadyComboBox

# The choices of a yes-or-no question: (code, label); the labels are translated where shown.
ANSWERS = (("", N_("Not asked yet")), ("yes", N_("Yes")), ("no", N_("No")))
COUNTER_FROM = 0.8  # the character counter appears once text reaches this share of the limit


@dataclass
class Field:
    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    error: QLabel
    label: str = ""
    counter: QLabel | None = None
    form: QFormLayout | None = None
    holder: QWidget | None = None


_MISSING = object()


def counter_label() -> QLabel:
    label = QLabel()
    label.setObjectName("characterCount")
    label.hide()
    return label


def show_count(counter: QLabel, length: int, limit: int) -> None:
    """'1,900 of 2,000 characters' near the limit; over it, how much to take out."""
    if length < limit * COUNTER_FROM:
        counter.hide()
        return
    if length > limit:
        counter.setText(
            # Translators: under a text box: how long the text is, how many characters to take
            # out, and the most it may have ("22,000 characters: 2,000 over the 20,000 limit").
            ngettext(
                "{length} character: {over} over the {limit} limit",
                "{length} characters: {over} over the {limit} limit",
                length,
            ).format(length=number(length), over=number(length - limit), limit=number(limit))
        )
    else:
        counter.setText(
            # Translators: under a text box: how long the text is and the most it may have.
            ngettext(
                "{length} of {limit} character", "{length} of {limit} characters", limit
            ).format(length=number(length), limit=number(limit))
        )
    counter.show()


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #9b1c1c;")
    label.hide()
    return label


class Binder:
    """Labels, hints and the labels of choices come already translated (``_("Na&me")``)."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self.fields: dict[str, Field] = {}

    def _add(self, path: str, label: str, field: Field, form: QFormLayout) -> None:
        field.label = without_mnemonic(label)
        field.widget.setAccessibleName(field.label)
        field.widget.setAccessibleDescription(describe(field, None))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field.widget)
        if field.counter is not None:
            column.addWidget(field.counter)
        column.addWidget(field.error)
        caption = QLabel(label)
        # A label's Alt+letter focuses its buddy only if the buddy itself takes focus: for a
        # composite (a date with its Calendar button) that is the box it forwards focus to.
        caption.setBuddy(focus_target(field.widget))
        form.addRow(caption, holder)
        field.form, field.holder = form, holder
        self.fields[path] = field

    def line(
        self, form: QFormLayout, path: str, label: str, hint: str = "", limit: int | None = None
    ) -> QLineEdit:
        limit = limit or text_limit(path)
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        edit.setMaxLength(hard_cap(limit))  # over the limit is kept (and flagged) up to this
        counter = counter_label()
        edit.textEdited.connect(lambda _text: self.on_change())
        edit.textChanged.connect(lambda text: show_count(counter, len(text), limit))
        self._add(
            path,
            label,
            Field(edit, edit.text, lambda v: edit.setText(v or ""), error_label(), counter=counter),
            form,
        )
        return edit

    def text(
        self,
        form: QFormLayout,
        path: str,
        label: str,
        hint: str = "",
        lines: int = 4,
        limit: int | None = None,
    ) -> QPlainTextEdit:
        limit = limit or text_limit(path)
        edit = QPlainTextEdit()
        edit.setPlaceholderText(hint)
        edit.setTabChangesFocus(True)
        line = edit.fontMetrics().lineSpacing()
        edit.setMinimumHeight(line * lines + 12)
        edit.setMaximumHeight(line * max(lines * 2, 6) + 12)  # room to grow, not the whole page
        counter = counter_label()

        def changed() -> None:
            text = edit.toPlainText()
            if len(text) > hard_cap(limit):  # a paste beyond what any field can hold
                edit.blockSignals(True)
                edit.setPlainText(text[: hard_cap(limit)])
                edit.moveCursor(QTextCursor.MoveOperation.End)
                edit.blockSignals(False)
                text = edit.toPlainText()
                counter.setText(
                    ngettext(
                        "⚠ Only the first {count} character was kept: a field cannot hold more.",
                        "⚠ Only the first {count} characters were kept: a field cannot hold more.",
                        hard_cap(limit),
                    ).format(count=number(hard_cap(limit)))
                )
                counter.show()
            else:
                show_count(counter, len(text), limit)
            self.on_change()

        edit.textChanged.connect(changed)

        def set_text(value: Any) -> None:
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")
                show_count(counter, len(value or ""), limit)

        field = Field(edit, edit.toPlainText, set_text, error_label(), counter=counter)
        self._add(path, label, field, form)
        return edit

    def answer(self, form: QFormLayout, path: str, label: str) -> QComboBox:
        """Yes / No / Not asked yet, for optional true-or-false questions."""
        combo = SteadyComboBox()
        for code, text in ANSWERS:
            combo.addItem(_(text), code)
        combo.currentIndexChanged.connect(lambda _index: self.on_change())

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
        combo = SteadyComboBox()
        combo.addItem(_("Choose…"), "")
        for code, text in options:
            combo.addItem(text, code)
        combo.currentIndexChanged.connect(lambda _index: self.on_change())

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
        box.toggled.connect(lambda _checked: self.on_change())
        field = Field(
            box,
            box.isChecked,
            lambda v: box.setChecked(bool(v)),
            error_label(),
            without_mnemonic(label),
        )
        box.setAccessibleName(without_mnemonic(label))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addWidget(field.error)
        form.addRow(holder)
        field.form, field.holder = form, holder
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
        widget.setAccessibleName(without_mnemonic(label))

    def set_row_visible(self, path: str, visible: bool) -> None:
        """Show or hide a field with its caption and messages."""
        field = self.fields[path]
        if field.form is not None and field.holder is not None:
            field.form.setRowVisible(field.holder, visible)

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
            (field.widget.focusProxy() or field.widget).setAccessibleDescription(
                describe(field, message)
            )


def describe(field: Field, message: str | None) -> str:
    """A control's description for screen readers: its problem, if any. A drop-down list also
    carries its label, as Qt on Linux announces one by its current choice alone."""
    parts = [field.label] if isinstance(field.widget, QComboBox) else []
    return " — ".join([*parts, *([message] if message else [])])


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
