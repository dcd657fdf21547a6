"""What the coordinator's tables have in common: a list of rows read from a service, shown as
cells with a header, the words a screen reader says for each cell and, where the cell is short,
a longer explanation on hover."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from intake_app.support.i18n import _

RowT = TypeVar("RowT")
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Cell:
    text: str
    spoken: str = ""  # what a screen reader says, when the text alone is a symbol or too terse
    tip: str = ""  # a longer explanation, shown on hover
    dimmed: bool = False  # drawn in the greyed text colour: a row that no longer counts


def spoken(text: str) -> str:
    """A cell's words for a screen reader: the warning sign said as a word."""
    # Translators: what a screen reader says for the ⚠ sign before a table cell's text.
    before_text = _("Warning:") + " "
    # Translators: what a screen reader says for a ⚠ sign on its own in a table cell.
    alone = _("Warning")
    return text.replace("⚠ ", before_text).replace("⚠", alone)


def demo_marked(reference: str, is_demo: bool) -> str:
    """A report's reference, with "(demo)" after it for an invented report."""
    if not is_demo:
        return reference
    # Translators: a report's reference in a table, marked as an invented (demo) report.
    return _("{reference} (demo)").format(reference=reference)


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """A read-only table over a list of rows; subclasses name the columns and say each cell."""

    columns: tuple[str, ...] = ()  # the headers, marked with N_ (translated where shown)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RowT] = []

    def apply(self, rows: list[RowT]) -> None:
        """Show these rows in place of the old ones."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def cell(self, row: RowT, column: int) -> Cell:
        raise NotImplementedError

    def header(self, section: int) -> str:
        """A column's header, in the language the app speaks now."""
        return _(self.columns[section])

    def row_at(self, row: int) -> RowT:
        return self.rows[row]

    def key(self, row: RowT) -> object:
        """What tells this row from the others across a refresh (its first column's text)."""
        return self.cell(row, 0).text

    def find(self, key: object) -> int | None:
        """The number of the row with this key, if it is still there."""
        return next((i for i, row in enumerate(self.rows) if self.key(row) == key), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.header(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        cell = self.cell(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if not cell.dimmed:
                return None
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return cell.spoken or spoken(cell.text)
        return cell.tip or None
