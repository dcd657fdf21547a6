"""Small layout helpers shared by screens."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QListWidget, QSizePolicy


def fit_to_contents(listing: QListWidget) -> None:
    """A navigation list as wide as its longest entry, at any text size, and no wider."""
    listing.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    listing.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
