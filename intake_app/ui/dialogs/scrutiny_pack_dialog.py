"""'Case pack for the scrutiny panel…' (coordinators, from the Intake menu): the closed cases to
review, typed or pasted as references, and the panel's questions, one a line; the references are
checked (a case the force has not closed is refused, by its reference) before the coordinator
chooses where the PDF is saved. What the pack leaves out is in
``services/scrutiny_packs.py``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.ui.widgets.layout_helpers import in_documents


def _box(caption: str, name: str, text: str = "") -> tuple[QLabel, QPlainTextEdit]:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    label = QLabel(caption)
    label.setBuddy(edit)
    label.setWordWrap(True)
    return label, edit


class ScrutinyPackDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Case pack for the scrutiny panel"))
        about = QLabel(
            _(
                "The cases go without names, addresses, contact details or anything else that "
                "could identify the person, and with dates to the month only. The person's own "
                "words go only where a volunteer checked them for names."
            )
        )
        about.setWordWrap(True)
        cases_label, self.cases = _box(
            _("&References of the closed cases, one a line"), _("References of the cases")
        )
        questions_label, self.questions = _box(
            _("The panel's &questions, one a line"),
            _("The panel's questions"),
            "\n".join(session.scrutiny_packs.questions()),
        )
        self.save_questions = QPushButton(_("&Keep these questions for next time"))
        self.save_questions.clicked.connect(self._keep_questions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.make = buttons.addButton(_("&Make the pack…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.make.clicked.connect(lambda: self.make_pack())
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for widget in (about, cases_label, self.cases, questions_label, self.questions,
                       self.save_questions, self.message, buttons):  # fmt: skip
            column.addWidget(widget)
        self.resize(640, 560)

    def _questions(self) -> list[str]:
        return self.questions.toPlainText().splitlines()

    def _keep_questions(self) -> None:
        try:
            self.session.scrutiny_packs.set_questions(self._questions())
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            return
        self.message.setText(_("The questions are kept for the next pack."))

    def make_pack(self, path: str | None = None) -> None:
        """Ask where (unless given), then make the pack: only a pack that is saved is made, and
        so audited."""
        references = [r.strip(",;") for r in self.cases.toPlainText().split() if r.strip(",;")]
        if not references:
            self.message.setText("⚠ " + _("Choose at least one case for the pack."))
            return
        try:  # before asking where: a case that cannot go is named at once
            self.session.scrutiny_packs.check(references)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            self.cases.setFocus()
            return
        if path is None:
            # A plain default name: nothing of any case in it.
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the case pack"),
                in_documents("scrutiny-case-pack.pdf"),
                # Translators: a file type in a file dialog; keep the pattern in brackets as it is.
                _("PDF (*.pdf)"),
            )
        if not path:
            return
        try:
            if self._questions() != self.session.scrutiny_packs.questions():
                self.session.scrutiny_packs.set_questions(self._questions())
            atomic_write(Path(path), self.session.scrutiny_packs.make(references))
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            return
        count = len(dict.fromkeys(references))
        self.message.setText(
            ngettext(
                "Saved a case pack of {count} case. It is for the panel only: keep it safe.",
                "Saved a case pack of {count} cases. It is for the panel only: keep it safe.",
                count,
            ).format(count=count)
        )
