"""First run: the centre, the first coordinator, then the recovery key, shown once."""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from intake_app.app.session import Session, check_centre_code, check_centre_name, create_store
from intake_app.domain.passphrase_policy import weakness
from intake_app.domain.vocabulary import available_forces
from intake_app.support import i18n
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.ui.background import run_in_background
from intake_app.ui.dialogs.recovery_sheet_printing import key_label, print_sheet, save_pdf, show_key
from intake_app.ui.language import LanguageChooser
from intake_app.ui.widgets.layout_helpers import fit_to_screen


def intro(text: str) -> QLabel:
    """A page's explanation (in the page, where it wraps at any text size; the wizard's own
    subtitle area is a fixed height and cuts long text at 1.5x and 2x)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class StackedForm(QVBoxLayout):
    """Each label above its field and messages under it, full width, in a plain column: a
    wrapped message in a form layout's field column was cut short on a wizard page."""

    def addRow(self, caption: str | QWidget, field: QWidget | None = None) -> None:
        if isinstance(caption, QWidget):
            self.addWidget(caption)
            return
        if caption:
            label = QLabel(caption)
            if field is not None:
                label.setBuddy(field)
            self.addWidget(label)
        if field is not None:
            self.addWidget(field)


def stacked_form(page: QWidget) -> StackedForm:
    form = StackedForm(page)
    return form


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #9b1c1c;")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(f"⚠ {message}")
    label.show()


class CentrePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your centre"))
        self.language = LanguageChooser()
        self.intro = intro(
            _("These appear on leaflets and at the start of every report reference.")
        )
        self.centre_name = QLineEdit()
        self.centre_name.setAccessibleName(_("Centre name"))
        self.centre_code = QLineEdit()
        self.centre_code.setAccessibleName(_("Centre code"))
        self.centre_code.setMaxLength(8)
        # Translators: an example centre code: 2 to 8 capital letters (A–Z) or digits; keep RIVA.
        self.centre_code.setPlaceholderText(_("e.g. RIVA"))
        self.centre_code.textEdited.connect(lambda t: self.centre_code.setText(t.upper()))
        self.force = QComboBox()
        self.force.setAccessibleName(_("Police force vocabulary"))
        # Translators: a choice in the list of police forces whose local strands are added.
        self.force.addItem(_("National strands only"), "")
        for code in available_forces():
            self.force.addItem(code.replace("-", " ").title(), code)
        self.name_error = error_label()
        self.code_error = error_label()
        form = stacked_form(self)
        # Translators: the label of the list of languages; & marks the Alt key.
        form.addRow(_("&Language"), self.language)
        form.addRow(self.intro)
        form.addRow(_("Centre na&me"), self.centre_name)
        form.addRow("", self.name_error)
        # Translators: capitals are the letters A–Z; the code is made of those and digits only.
        form.addRow(_("Centre &code (2–8 capitals or digits)"), self.centre_code)
        form.addRow("", self.code_error)
        # Translators: a label before a list of police forces: "Local strands of [force]".
        form.addRow(_("Local &strands of"), self.force)
        form.addStretch(1)
        self.registerField("centre_name*", self.centre_name)
        self.registerField("centre_code*", self.centre_code)
        for edit, error in (
            (self.centre_name, self.name_error),
            (self.centre_code, self.code_error),
        ):
            edit.textEdited.connect(lambda _text, e=error: e.hide())

    def typed(self) -> tuple[str, str, int]:
        return self.centre_name.text(), self.centre_code.text(), self.force.currentIndex()

    def restore(self, typed: tuple[str, str, int]) -> None:
        name, code, force = typed
        self.centre_name.setText(name)
        self.centre_code.setText(code)
        self.force.setCurrentIndex(force)

    def focus_language(self) -> None:
        self.language.setFocus()

    def validatePage(self) -> bool:
        """Each field is checked here, on its own page, with the message under it."""
        ok = True
        for check, edit, error in (
            (check_centre_name, self.centre_name, self.name_error),
            (check_centre_code, self.centre_code, self.code_error),
        ):
            try:
                check(edit.text())
            except IntakeError as exc:
                show_error(error, str(exc))
                if ok:
                    edit.setFocus()
                ok = False
        return ok


class CoordinatorPage(QWizardPage):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.session: Session | None = None
        self.recovery = ""
        self.setTitle(_("The first coordinator"))
        self.intro = intro(
            _(
                "Coordinators add volunteers and send reports to the police. Choose a passphrase "
                "of three or four unrelated words."
            )
        )
        self.user_name = QLineEdit()
        self.user_name.setAccessibleName(_("Your name"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(_("Type the passphrase again"))
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Setting up the encrypted store"))
        self.busy.hide()
        self.show_typed = QCheckBox(_("S&how the passphrases as I type"))
        self.show_typed.toggled.connect(self._show_typed)
        form = stacked_form(self)
        form.addRow(self.intro)
        form.addRow(_("Your na&me"), self.user_name)
        form.addRow(_("&Passphrase"), self.passphrase)
        # Translators: a label: type the passphrase a second time.
        form.addRow(_("Type it &again"), self.repeat)
        form.addRow("", self.show_typed)
        form.addRow(self.feedback)
        form.addRow(self.busy)
        form.addStretch(1)
        for field in (self.user_name, self.passphrase, self.repeat):
            field.textChanged.connect(self._update)

    def _show_typed(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _problem(self) -> str | None:
        if not self.user_name.text().strip():
            return _("Enter your name.")
        reason = weakness(
            self.passphrase.text(),
            user_name=self.user_name.text(),
            centre=str(self.field("centre_name") or ""),
        )
        if reason:
            return reason
        if self.passphrase.text() != self.repeat.text():
            return _("The two passphrases are not the same yet.")
        return None

    def _update(self) -> None:
        problem = self._problem()
        self.feedback.setText(
            f"✗ {problem}" if problem else _("✓ Strong enough, and both the same.")
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._problem() is None and self.session is None and not self.busy.isVisible()

    def validatePage(self) -> bool:
        if self.session is not None:
            return True
        name, passphrase = self.user_name.text(), self.passphrase.text()
        centre, code = str(self.field("centre_name")), str(self.field("centre_code"))
        force = self.wizard().page(0).force.currentData()  # type: ignore[attr-defined]
        self.busy.show()
        self.feedback.setText(_("Setting up the encrypted store…"))
        self.completeChanged.emit()

        def create() -> tuple[Session, str]:
            return create_store(
                self.data_dir,
                centre_name=centre,
                centre_code=code,
                user_name=name,
                passphrase=passphrase,
                force_code=force or "",
            )

        run_in_background(create, self._created, self._failed)
        return False

    def _created(self, result: tuple[Session, str]) -> None:
        self.session, self.recovery = result
        self.passphrase.clear()
        self.repeat.clear()
        self.busy.hide()
        self.wizard().next()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.feedback.setText(f"✗ {message}")
        self.completeChanged.emit()


class RecoveryPage(QWizardPage):
    def __init__(self, coordinator: CoordinatorPage) -> None:
        super().__init__()
        self.coordinator = coordinator
        self.group_number = secrets.randbelow(6) + 1
        self.setTitle(_("Your recovery key"))
        self.intro = intro(
            _(
                "If every coordinator forgets their passphrase, this key is the only way back in. "
                "It is shown once. Write it down or print it and keep it locked away."
            )
        )
        self.key_label = key_label(self.font().pointSizeF())
        self.confirm = QLineEdit()
        # Translators: {number} is 1 to 6: which group of five characters of the key to type.
        self.confirm.setAccessibleName(
            _("Group {number} of the recovery key").format(number=self.group_number)
        )
        self.confirm.setMaxLength(5)
        self.confirm.textChanged.connect(self._confirm_changed)
        self.confirm_note = QLabel()
        self.confirm_note.setWordWrap(True)
        self.print_button = QPushButton(_("&Print the recovery sheet…"))
        self.save_button = QPushButton(_("&Save it as a PDF to print…"))
        self.print_button.clicked.connect(
            lambda: print_sheet(self, self._centre(), self.coordinator.recovery)
        )
        self.save_button.clicked.connect(self._save)
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        caption = QLabel(_("The recovery key (six groups of five letters and digits):"))
        caption.setBuddy(self.key_label)
        layout.addWidget(caption)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.saved_note)
        form = StackedForm()
        # Translators: {number} is 1 to 6: which group of five characters of the key to type.
        check = _("To check you have it, type &group {number}:")
        form.addRow(check.format(number=self.group_number), self.confirm)
        form.addRow("", self.confirm_note)
        layout.addLayout(form)
        layout.addStretch(1)

    def _centre(self) -> str:
        return str(self.field("centre_name") or "")

    def _save(self) -> None:
        path = save_pdf(self, self._centre(), self.coordinator.recovery)
        if path:
            self.saved_note.setText(
                _(
                    "Saved. Print it, keep the paper locked away, and delete the file: anyone who "
                    "finds the file and a copy of the data can read the reports."
                )
            )

    def initializePage(self) -> None:
        # Read out one character at a time, so each letter and digit can be written down.
        show_key(self.key_label, self.coordinator.recovery)
        self.confirm.setFocus()  # typing goes straight in; the key is one Shift+Tab back
        self.confirm.setAccessibleDescription(
            _("The key is shown above; Shift+Tab reads it, a character at a time.")
        )

    def _confirm_changed(self, typed: str) -> None:
        typed = typed.strip()
        if len(typed) < 5:
            self.confirm_note.setText("")
        elif self.isComplete():
            # Translators: "Finish" is the wizard's last button; use its name in your language.
            self.confirm_note.setText(_("✓ That is right. Press Finish to start."))
        else:
            # Translators: {number} is 1 to 6. "0 is a digit, O a letter": zero and the capital
            # letter O look alike on the key; keep the two characters as they are.
            wrong = _(
                "✗ That is not group {number}. Count the groups from the left and check each "
                "character (0 is a digit, O a letter)."
            )
            self.confirm_note.setText(wrong.format(number=self.group_number))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        groups = self.coordinator.recovery.split("-")
        if len(groups) < self.group_number:
            return False
        return self.confirm.text().strip().upper() == groups[self.group_number - 1]


class SetupWizard(QWizard):
    language_chosen = Signal(str)  # a language code: the app starts the wizard again in it

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Set up Intake"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.centre_page = CentrePage()
        self.coordinator_page = CoordinatorPage(data_dir)
        self.recovery_page = RecoveryPage(self.coordinator_page)
        self.centre_page.language.activated.connect(self._language_activated)
        self.addPage(self.centre_page)
        self.addPage(self.coordinator_page)
        self.addPage(self.recovery_page)
        # Room for every page's text at the person's text size, within the screen.
        em = self.fontMetrics().averageCharWidth()
        line = self.fontMetrics().lineSpacing()
        fit_to_screen(self, 62 * em, 30 * line)

    def _language_activated(self, _index: int) -> None:
        chosen = self.centre_page.language.chosen()
        if chosen != i18n.current().code:
            self.language_chosen.emit(chosen)

    @property
    def session(self) -> Session | None:
        return self.coordinator_page.session

    def reject(self) -> None:
        """Escape, Cancel or closing the window. Once the store exists, ask first: before the
        recovery key is confirmed, nobody has shown they have the only way back in."""
        if self.session is not None and not self._closing:
            if self.recovery_page.isComplete():
                title, text = (
                    _("Quit Intake?"),
                    _(
                        "The store is set up. Quit now? Next time, unlock it with your name and "
                        "passphrase."
                    ),
                )
            else:
                title, text = (
                    _("The recovery key is not confirmed"),
                    _(
                        "The store is set up, but the recovery key has not been checked. It is "
                        "shown only now: if it is lost and the passphrase forgotten, nobody can "
                        "open the reports. Close anyway?"
                    ),
                )
            answer = QMessageBox.warning(
                self,
                title,
                text,
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                return
        super().reject()

    _closing = False  # closed by the app itself (quitting), not by the person

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():  # the window's close button: ask as Cancel does
            event.ignore()
            self.reject()
            return
        self._closing = True
        super().closeEvent(event)
