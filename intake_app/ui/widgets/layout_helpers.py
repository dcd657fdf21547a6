"""Small layout helpers shared by screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QListWidget,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)


def fit_to_contents(listing: QListWidget) -> None:
    """A navigation list as wide as its longest entry, at any text size, and no wider. Where
    the window is too narrow for that (a laptop at 150 %, a longer language), an entry wraps
    onto a second line rather than being cut off."""
    listing.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    listing.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
    listing.setWordWrap(True)
    listing.setTextElideMode(Qt.TextElideMode.ElideNone)
    listing.setItemDelegate(_RoomyEntries(listing))


class _RoomyEntries(QStyledItemDelegate):
    """Entries asking for two letters' more room than Qt measures: scripts that join their
    letters (Urdu, Arabic) are drawn a little wider than measured, and their last letter was
    cut off."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * option.fontMetrics.averageCharWidth(), hint.height())


def fit_to_screen(window: QWidget, width: int = 1100, height: int = 720) -> None:
    """Open at a comfortable size that fits the screen's free area (a laptop at 150 %),
    centred on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    area = screen.availableGeometry()
    window.resize(min(width, area.width() - 16), min(height, area.height() - 48))
    frame = window.frameGeometry()
    frame.moveCenter(area.center())
    window.move(frame.topLeft())


def in_documents(name: str = "") -> str:
    """Where a file chooser starts: the person's Documents folder (not the folder the program
    happens to run from), with a suggested file name if given."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not folder or not Path(folder).is_dir():  # no Documents folder: the home folder, not
        folder = str(Path.home())  # wherever the program was started from
    return str(Path(folder) / name) if name else folder


def focus_target(widget: QWidget) -> QWidget:
    """Where a label's Alt+letter should put the focus. Qt moves it to the buddy only if the
    buddy takes focus itself, so for a composite (a date box with its Calendar button) it is the
    box the composite forwards focus to. (Never a tick box or button: Qt would also press it.)"""
    proxy = widget.focusProxy()
    return proxy if proxy is not None else widget
