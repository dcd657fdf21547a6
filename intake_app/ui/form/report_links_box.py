"""A report's links to other reports, in its view: the list (reference and reason), and buttons to
open the linked report, remove the link, or link another report found by its reference."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.report_links import LINK_REASONS, NOTE_LIMIT, OTHER, ReportLink
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole
REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 1


def link_text(link: ReportLink) -> str:
    reason = _(LINK_REASONS.get(link.reason, link.reason))
    if link.reason == OTHER and link.note:
        reason = _("{reason} ({note})").format(reason=reason, note=link.note)
    # Translators: a row of a report's linked reports: the other report's reference, and why
    # they are linked ("RIVA-2026-00002-7 — The same person").
    return _("{reference} — {reason}").format(reference=link.other_reference, reason=reason)


class LinkDialog(QDialog):
    """Link this report to another, found by its reference. A refusal is said in the dialog,
    which stays open with what was typed."""

    def __init__(self, session: Session, report_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.report_id = session, report_id
        self.setWindowTitle(_("Link to another report"))
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("The other report's reference"))
        self.reason = QComboBox()
        self.reason.setAccessibleName(_("Why they are linked"))
        for code, label in LINK_REASONS.items():
            self.reason.addItem(_(label), code)
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setAccessibleName(_("Note (needed for another reason)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        # Translators: field labels of the dialog that links two reports.
        form.addRow(_("Other report's &reference:"), self.reference)
        form.addRow(_("&Why they are linked:"), self.reason)
        form.addRow(_("N&ote:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Link"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.session.links.add(
                self.report_id,
                self.reference.text().strip(),
                str(self.reason.currentData()),
                self.note.text(),
            )
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            self.message.show()
            self.reference.setFocus()
            return
        super().accept()


class ReportLinksBox(QWidget):
    open_requested = Signal(str)  # the linked report's id

    def __init__(self, session: Session, report_id: str, *, editable: bool = True) -> None:
        super().__init__()
        self.session, self.report_id = session, report_id
        self.listing = QListWidget()
        self.listing.setAccessibleName(_("Linked reports"))
        self.listing.setMaximumHeight(
            self.listing.fontMetrics().lineSpacing() * 3 + 8
        )  # more scroll
        self.listing.itemActivated.connect(lambda _item: self._open())
        caption = QLabel(_("Lin&ked reports (links stay at the centre):"))
        caption.setBuddy(self.listing)
        self.open_button = QPushButton(_("&Open linked report"))
        self.open_button.clicked.connect(self._open)
        self.remove_button = QPushButton(_("Remo&ve link"))
        self.remove_button.clicked.connect(self._remove)
        self.add_button = QPushButton(_("Li&nk to another report…"))
        self.add_button.clicked.connect(self._add)
        for button in (self.open_button, self.remove_button, self.add_button):
            # Enter read anywhere in the report's window never opens another person's report.
            button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        for button in (self.open_button, self.remove_button, self.add_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.listing)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.remove_button.setVisible(editable)
        self.add_button.setVisible(editable)
        self.refresh()

    def refresh(self) -> None:
        self.listing.clear()
        try:
            links = self.session.links.links(self.report_id)
        except IntakeError as exc:
            self._say(str(exc))
            links = []
        for link in links:
            item = QListWidgetItem(link_text(link))
            item.setData(ID_ROLE, link.other_id)
            item.setData(REFERENCE_ROLE, link.other_reference)
            self.listing.addItem(item)
        if not links:
            # Translators: in the list of a report's linked reports, when there are none.
            empty = QListWidgetItem(_("No linked reports"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.listing.addItem(empty)
        else:
            self.listing.setCurrentRow(0)
        self.open_button.setEnabled(bool(links))
        self.remove_button.setEnabled(bool(links))

    def _chosen(self) -> QListWidgetItem | None:
        item = self.listing.currentItem()
        return item if item is not None and item.data(ID_ROLE) else None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _open(self) -> None:
        item = self._chosen()
        if item is not None:
            self.open_requested.emit(str(item.data(ID_ROLE)))

    def _remove(self) -> None:
        item = self._chosen()
        if item is None:
            return
        reference = str(item.data(REFERENCE_ROLE))
        try:
            self.session.links.remove(self.report_id, str(item.data(ID_ROLE)))
        except IntakeError as exc:
            self._say(f"⚠ {exc}")
            return
        self.refresh()
        # Translators: {reference} is the other report's reference.
        self._say(_("The link to {reference} was removed.").format(reference=reference))
        self.listing.setFocus()

    def _add(self) -> None:
        dialog = LinkDialog(self.session, self.report_id, self)
        dialog.accepted.connect(self._added)
        dialog.open()

    def _added(self) -> None:
        self.refresh()
        self._say(_("The reports are linked."))
        self.listing.setFocus()
