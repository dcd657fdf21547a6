"""Adding a follow-up to a case: a contact (how, and how it went), a referral (to whom, and where
it stands) or a note, each with an optional next action and its due date. Whatever is wrong is
said in the dialog, and what was typed stays."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain import dates
from intake_app.domain.follow_up import (
    CONTACT,
    KIND_WORDS,
    METHOD_WORDS,
    REFERRAL,
    REFERRAL_WORDS,
    FollowUpEntry,
)
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


def _choices(label: str, words: dict[str, str]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(label)
    for code, word in words.items():
        box.addItem(_(word), code)
    return box


class FollowUpDialog(QDialog):
    def __init__(self, session: Session, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reference = reference
        # Translators: a window's title; {reference} is a report's reference number.
        self.setWindowTitle(_("Add a follow-up to {reference}").format(reference=reference))
        # Translators: the kind of follow-up: a contact, a referral or a note.
        self.kind = _choices(_("Kind"), KIND_WORDS)
        self.kind.setCurrentIndex(self.kind.findData(CONTACT))  # the most common
        # Translators: how the person was contacted: a call, a visit or a message.
        self.method = _choices(_("How"), METHOD_WORDS)
        self.agency = QLineEdit()
        self.agency.setAccessibleName(_("Referred to"))
        # Translators: where a referral stands: offered, accepted, declined, made, support received.
        self.state = _choices(_("Where it stands"), REFERRAL_WORDS)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("What happened"))
        self.next_action = QLineEdit()
        self.next_action.setAccessibleName(_("Next action"))
        # Room for a next action as people write one: "Ring the housing officer about the repair".
        self.next_action.setMinimumWidth(self.next_action.fontMetrics().averageCharWidth() * 48)
        self.due = QLineEdit()
        # Shown while empty, as in the app's other date boxes: how to type it.
        self.due.setPlaceholderText(_("e.g. {example}").format(example=dates.EXAMPLE))
        self.due.setMaxLength(10)
        # Translators: {example} is a date as it must be typed, day/month/year: 23/04/1990.
        self.due.setAccessibleName(_("Due date, such as {example}").format(example=dates.EXAMPLE))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Translators: labels in the follow-up dialog; & marks the Alt key (one each).
        self.form.addRow(_("&Kind"), self.kind)
        self.form.addRow(_("&How"), self.method)
        self.form.addRow(_("Referred &to"), self.agency)
        self.form.addRow(_("Where it &stands"), self.state)
        self.form.addRow(_("&What happened"), self.text)
        self.form.addRow(_("&Next action"), self.next_action)
        self.form.addRow(_("&Due date"), self.due)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add = buttons.addButton(_("&Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._add)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.add.setDefault(True)  # Enter adds (once the button is in this dialog)
        self.kind.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def _show_fields(self) -> None:
        kind = self.kind.currentData()
        self.form.setRowVisible(self.method, kind == CONTACT)
        self.form.setRowVisible(self.agency, kind == REFERRAL)
        self.form.setRowVisible(self.state, kind == REFERRAL)

    def entry(self) -> FollowUpEntry:
        """What was typed; a due date that cannot be read is refused with the reason."""
        typed_due = self.due.text().strip()
        due = None
        if typed_due:
            problem = dates.day_problem(typed_due)
            if problem:
                raise IntakeError(problem)
            due = dates.parse_day(typed_due)
        return FollowUpEntry(
            kind=str(self.kind.currentData()),
            text=self.text.toPlainText(),
            method=str(self.method.currentData()),
            agency=self.agency.text(),
            referral_state=str(self.state.currentData()),
            next_action=self.next_action.text(),
            due_on=due,
        )

    def _add(self) -> None:
        try:
            self.session.follow_ups.add(self.reference, self.entry())
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            self.message.show()
            return
        self.accept()
