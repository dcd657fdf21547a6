"""Composite inputs of the report form: strands, incident types, repeatable entries (dates are
in ``date_fields.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.vocabulary import Vocabulary
from intake_app.support.i18n import _
from intake_app.ui.form.form_fields import Binder, form_layout
from intake_app.ui.widgets.steady_combo import SteadyComboBox


class StrandPicker(QWidget):
    """A tick box per strand; strands with categories (religion) also get a category list."""

    def __init__(self, vocab: Vocabulary, on_change: Callable[[], None]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.categories: dict[str, QComboBox] = {}
        for row, strand in enumerate(vocab.strands):
            box = QCheckBox(strand.label)
            # Translators: a tick box's name for screen readers; {strand} is a strand of hate
            # crime ("Race", "Religion or belief").
            box.setAccessibleName(_("Strand: {strand}").format(strand=strand.label))
            box.toggled.connect(lambda _checked: on_change())
            grid.addWidget(box, row, 0)
            self.boxes[strand.code] = box
            if strand.sub_categories:
                combo = SteadyComboBox()
                # Named for screen readers, and described too: Qt on Linux names a drop-down
                # list by its current choice.
                # Translators: {strand} is a strand in lower case ("religion or belief"): which
                # one of its categories, if the person says.
                which = _("Which {strand} (optional)").format(strand=strand.label.lower())
                combo.setAccessibleName(which)
                combo.setAccessibleDescription(which)
                combo.addItem(_("Which? (optional)"), "")
                for term in strand.sub_categories:
                    combo.addItem(term.label, term.code)
                combo.setEnabled(False)
                box.toggled.connect(combo.setEnabled)
                combo.currentIndexChanged.connect(lambda _index: on_change())
                grid.addWidget(combo, row, 1)
                self.categories[strand.code] = combo

    def value(self) -> list[dict[str, str]]:
        chosen = []
        for code, box in self.boxes.items():
            if box.isChecked():
                combo = self.categories.get(code)
                chosen.append(
                    {"strand": code, "sub_category": combo.currentData() if combo else ""}
                )
        return chosen

    def set_value(self, value: Any) -> None:
        chosen = {item.get("strand"): item.get("sub_category", "") for item in value or []}
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)
            combo = self.categories.get(code)
            if combo is not None:
                combo.setCurrentIndex(max(combo.findData(chosen.get(code, "")), 0))


class Labelled(Protocol):
    """A choice with a code and a label in the language spoken now (a vocabulary ``Term``)."""

    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...


class TermPicker(QWidget):
    """Tick boxes in two columns, one per term."""

    def __init__(
        self, terms: Sequence[Labelled], on_change: Callable[[], None], prefix: str
    ) -> None:
        """``prefix``: what the terms are, already translated ("Kind of incident"), to name each
        box for screen readers."""
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        half = (len(terms) + 1) // 2
        for i, term in enumerate(terms):
            box = QCheckBox(term.label)
            # Translators: a tick box's name for screen readers: what the boxes are, then this
            # box's label ("Kind of incident: Verbal abuse").
            box.setAccessibleName(_("{group}: {term}").format(group=prefix, term=term.label))
            box.toggled.connect(lambda _checked: on_change())
            grid.addWidget(box, i % half, i // half)
            self.boxes[term.code] = box

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class EntryList(QWidget):
    """Repeatable entries (offenders, witnesses), each a group of fields with a Remove button.

    The words come translated, whole: ``add_label`` ("&Add an offender"), ``remove_label``
    ("Remove this offender") and ``title``, each entry's heading with its ``{number}``
    ("Offender {number}")."""

    def __init__(
        self,
        build: Callable[[Binder, QFormLayout], None],
        on_change: Callable[[], None],
        *,
        add_label: str,
        remove_label: str,
        title: str,
        limit: int = 50,
    ) -> None:
        super().__init__()
        self.build, self.on_change, self.limit = build, on_change, limit
        self.remove_label, self.title = remove_label, title
        self.entries: list[tuple[QGroupBox, Binder]] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_label)
        self.add_button.clicked.connect(self._add_clicked)
        self.column.addWidget(self.add_button)

    def _add_clicked(self) -> None:
        self.add_entry()
        self.on_change()
        first = next(iter(self.entries[-1][1].fields.values()), None)
        if first is not None:
            first.widget.setFocus()

    def add_entry(self, value: dict[str, Any] | None = None) -> None:
        if len(self.entries) >= self.limit:
            return
        box = QGroupBox()
        binder = Binder(self.on_change)
        form = form_layout()
        self.build(binder, form)
        remove = QPushButton(self.remove_label)
        form.addRow(remove)
        box.setLayout(form)
        entry = (box, binder)
        remove.clicked.connect(lambda: self._remove(entry))
        self.entries.append(entry)
        self.column.insertWidget(self.column.count() - 1, box)
        if value:
            binder.fill_from(value)
        self._renumber()

    def _remove(self, entry: tuple[QGroupBox, Binder]) -> None:
        self.entries.remove(entry)
        entry[0].deleteLater()
        self._renumber()
        self.on_change()

    def _renumber(self) -> None:
        for i, (box, _binder) in enumerate(self.entries):
            box.setTitle(self.title.format(number=i + 1))
        self.add_button.setEnabled(len(self.entries) < self.limit)

    def value(self) -> list[dict[str, Any]]:
        result = []
        for _box, binder in self.entries:
            document: dict[str, Any] = {}
            binder.read_into(document)
            result.append(document)
        return result

    def set_value(self, value: Any) -> None:
        for box, _binder in self.entries:
            box.deleteLater()
        self.entries.clear()
        for item in value or []:
            self.add_entry(item)
        self._renumber()

    def show_errors(self, problems: dict[str, str], path: str) -> None:
        for i, (_box, binder) in enumerate(self.entries):
            prefix = f"{path}[{i}]."
            binder.show_errors(
                {k[len(prefix) :]: v for k, v in problems.items() if k.startswith(prefix)}
            )
