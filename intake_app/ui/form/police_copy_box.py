"""On the review page of a report passed on without identifying details: exactly the words the
police will get, a way to take out any that could name someone, and the volunteer's word that
what is left names nobody (``domain/police_copy.py`` keeps the rules)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from intake_app.domain import police_copy
from intake_app.domain.report import PoliceCopy, Report
from intake_app.support.i18n import _


class PoliceCopyBox(QGroupBox):
    def __init__(self, on_change: Callable[[PoliceCopy], None]) -> None:
        super().__init__(_("What the police will read"))
        self.on_change = on_change
        self.report: Report | None = None
        intro = QLabel(
            _(
                "The police get these answers in the person's own words. Select any words that "
                "could name someone (a name, a house number, a shop, a school) and take them "
                "out: they become [removed] in the police copy only, and the centre keeps what "
                "was said."
            )
        )
        intro.setWordWrap(True)
        self.views: dict[str, QPlainTextEdit] = {}
        self.captions: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.addWidget(intro)
        for name, label in (
            ("perception", _("Why they think it happened, as the police get it")),
            ("description", _("What happened, as the police get it")),
            ("exact_words", _("The exact words used, as the police get them")),
        ):
            view = QPlainTextEdit()
            view.setReadOnly(True)  # read, and selected by keyboard as well as by mouse
            view.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            view.setAccessibleName(label)
            view.setTabChangesFocus(True)
            view.setMaximumHeight(view.fontMetrics().lineSpacing() * 6)
            view.selectionChanged.connect(self._selection_changed)
            caption = QLabel(label)
            caption.setBuddy(view)
            column.addWidget(caption)
            column.addWidget(view)
            self.views[name] = view
            self.captions[name] = caption
        self.take_out = QPushButton(_("&Take out the selected words"))
        self.take_out.setEnabled(False)
        self.take_out.clicked.connect(self._take_out)
        self.removed = QListWidget()
        self.removed.setAccessibleName(_("Words taken out"))
        self.removed.setMaximumHeight(self.removed.fontMetrics().lineSpacing() * 5)
        self.put_back = QPushButton(_("Put the chosen words &back"))
        self.put_back.clicked.connect(self._put_back)
        row = QHBoxLayout()
        row.addWidget(self.take_out)
        row.addWidget(self.put_back)
        row.addStretch(1)
        column.addLayout(row)
        self.removed_caption = QLabel(_("Words taken out of the police copy:"))
        self.removed_caption.setBuddy(self.removed)
        column.addWidget(self.removed_caption)
        column.addWidget(self.removed)
        self.names_nobody = QCheckBox(_("I have read it through: it na&mes nobody"))
        self.names_nobody.toggled.connect(self._confirmed)
        column.addWidget(self.names_nobody)

    def show_report(self, report: Report) -> None:
        self.report = report
        shown = police_copy.needs_checking(report)
        self.setVisible(shown)
        if not shown:
            return
        texts = police_copy.police_text(report)
        for name, view in self.views.items():
            if view.toPlainText() != texts[name]:
                view.setPlainText(texts[name])
            view.setVisible(bool(texts[name]))  # the exact words may not have been given
            self.captions[name].setVisible(bool(texts[name]))
        removed = report.police_copy.removed
        if [self.removed.item(i).text() for i in range(self.removed.count())] != removed:
            self.removed.clear()
            self.removed.addItems(removed)
        for widget in (self.removed, self.removed_caption, self.put_back):
            widget.setVisible(bool(removed))
        self.names_nobody.blockSignals(True)
        self.names_nobody.setChecked(police_copy.is_checked(report))
        self.names_nobody.blockSignals(False)

    def _selected(self) -> str:
        for view in self.views.values():
            chosen = view.textCursor().selectedText().replace("\u2029", "\n").strip()
            if chosen:
                return chosen
        return ""

    def _selection_changed(self) -> None:
        self.take_out.setEnabled(self.report is not None and bool(self._selected()))

    def _take_out(self) -> None:
        chosen = self._selected()
        if self.report is not None and chosen:
            self.on_change(police_copy.removing(self.report, chosen))

    def _put_back(self) -> None:
        item = self.removed.currentItem()
        if self.report is not None and item is not None:
            self.on_change(police_copy.putting_back(self.report, item.text()))

    def _confirmed(self, checked: bool) -> None:
        if self.report is not None:
            report = self.report
            self.on_change(
                police_copy.confirmed(report) if checked else police_copy.unconfirmed(report)
            )
