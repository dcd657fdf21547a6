"""A read-only table of whole rows, as the coordinator's lists show them.

Tab comes into the table and Tab leaves it again (it does not walk through every cell); the
arrow keys move from row to row; the row that has the keyboard is also the chosen one, so what
a screen reader announces is what the buttons beside the table act on. The chosen row stays
chosen when the table is read again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from intake_app.ui.models.rows_model import RowsModel


class RowTable(QTableView):
    def __init__(
        self,
        accessible_name: str,
        model: RowsModel[Any],
        *,
        stretch_columns: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows = model
        self._kept: object = None
        self.setAccessibleName(accessible_name)
        self.setModel(model)
        model.modelAboutToBeReset.connect(self._remember_choice)
        model.modelReset.connect(self._restore_choice)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        if stretch_columns:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # (makes the first row current when none is)
        if event.reason() == Qt.FocusReason.MouseFocusReason or self.selectionModel() is None:
            return
        current = self.currentIndex()
        if current.isValid() and not self.selectionModel().hasSelection():
            self.selectRow(current.row())

    def _remember_choice(self) -> None:
        row = self.selected_row()
        self._kept = None if row is None else self.rows.key(self.rows.row_at(row))

    def _restore_choice(self) -> None:
        row = None if self._kept is None else self.rows.find(self._kept)
        if row is not None:
            self.selectRow(row)

    def selected_row(self) -> int | None:
        """The chosen row's number in the model, or None when no row is chosen."""
        selection = self.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return rows[0].row() if rows else None
