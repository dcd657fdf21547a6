"""The form's question of which recipients besides the police the person agrees may receive the
report (a council's team, a housing provider, a school, a support service), and how: one choice
per registered recipient, moved between with Tab. Agreements with a recipient no longer
registered are kept as they were."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from intake_app.domain.force_profile import KIND_LABELS
from intake_app.domain.report import SHARING_LABELS
from intake_app.support.i18n import _
from intake_app.ui.widgets.steady_combo import SteadyComboBox


class RecipientChoices(QWidget):
    def __init__(
        self, recipients: Sequence[tuple[str, str, str]], on_change: Callable[[], None]
    ) -> None:
        """``recipients``: (code, name, kind) of each registered recipient."""
        super().__init__()
        rows = QFormLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, SteadyComboBox] = {}
        self.kept: list[dict[str, Any]] = []  # agreements with recipients not registered now
        for code, name, kind in recipients:
            combo = SteadyComboBox()
            for value, label in SHARING_LABELS.items():
                combo.addItem(_(label), value)
            # Translators: {name} is a recipient's name, {kind} what it is (Council, School…).
            shown = _("{name} ({kind})").format(name=name, kind=_(KIND_LABELS[kind]))
            combo.setAccessibleName(shown)
            combo.currentIndexChanged.connect(lambda _index: on_change())
            caption = QLabel(shown)
            caption.setBuddy(combo)
            rows.addRow(caption, combo)
            self.combos[code] = combo
        if self.combos:
            self.setFocusProxy(next(iter(self.combos.values())))

    def value(self) -> list[dict[str, Any]]:
        chosen = [
            {"recipient": code, "identifying": combo.currentData() == "with_contact"}
            for code, combo in self.combos.items()
            if combo.currentData()
        ]
        return chosen + self.kept

    def set_value(self, value: Any) -> None:
        agreed = {
            str(item.get("recipient")): bool(item.get("identifying"))
            for item in (value if isinstance(value, list) else [])
            if isinstance(item, dict)
        }
        self.kept = [
            {"recipient": code, "identifying": identifying}
            for code, identifying in agreed.items()
            if code not in self.combos
        ]
        for code, combo in self.combos.items():
            chosen = "" if code not in agreed else (
                "with_contact" if agreed[code] else "without_details"
            )  # fmt: skip
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(blocked)
