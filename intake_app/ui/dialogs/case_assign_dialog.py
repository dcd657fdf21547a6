"""A coordinator gives a case to an active caseworker, or takes it back, from the report's window.
The services check who may do it and write it to the audit log, as ``intake case assign`` does;
whatever is refused is said in the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.accounts import User
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


class CaseAssignDialog(QDialog):
    def __init__(
        self, session: Session, report_id: str, reference: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.reference = reference
        self.outcome = ""  # what was done, in a sentence, once accepted
        # Translators: a window's title; {reference} is a report's reference number.
        self.setWindowTitle(_("Assign {reference} to a caseworker").format(reference=reference))
        self.current: User | None = session.cases.worker(report_id)
        workers = [w for w in session.cases.caseworkers() if w.active]
        self.worker = QComboBox()
        self.worker.setAccessibleName(_("Caseworker"))
        for worker in workers:
            self.worker.addItem(worker.name, worker.name)
        if self.current is not None:
            self.worker.setCurrentIndex(max(0, self.worker.findData(self.current.name)))
        form = QFormLayout()
        # Translators: the label of a list of caseworkers; & marks the Alt key.
        form.addRow(_("Case&worker:"), self.worker)
        self.now = QLabel(self._now_text())
        self.now.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.assign = buttons.addButton(_("&Assign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.assign.clicked.connect(self._assign)
        self.take_back: QPushButton | None = None
        if self.current is not None:
            self.take_back = buttons.addButton(
                # Translators: a button: the case is no longer assigned to any caseworker.
                _("&Take the case back"),
                QDialogButtonBox.ButtonRole.ActionRole,
            )
            self.take_back.clicked.connect(self._take_back)
        buttons.rejected.connect(self.reject)
        if not workers:
            self.worker.setEnabled(False)
            self.assign.setEnabled(False)
            self._say(_("There is no active caseworker. Add one on the Users screen first."))
        column = QVBoxLayout(self)
        column.addWidget(self.now)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.assign.setDefault(True)
        self.worker.setFocus()

    def _now_text(self) -> str:
        if self.current is None:
            return _("The case is not assigned to anyone yet.")
        # Translators: {name} is the caseworker's name.
        return _("The case is assigned to {name}.").format(name=self.current.name)

    def _say(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")
        self.message.show()

    def _assign(self) -> None:
        name = self.worker.currentData()
        if not name:
            return
        try:
            worker = self.session.cases.assign(self.reference, str(name))
        except IntakeError as exc:
            self._say(str(exc))
            return
        # Translators: {reference} is a report's reference; {name} is the caseworker's name.
        self.outcome = _("{reference} is assigned to {name}.").format(
            reference=self.reference, name=worker.name
        )
        self.accept()

    def _take_back(self) -> None:
        try:
            self.session.cases.unassign(self.reference)
        except IntakeError as exc:
            self._say(str(exc))
            return
        self.outcome = _("The case is no longer assigned to anyone.")
        self.accept()
