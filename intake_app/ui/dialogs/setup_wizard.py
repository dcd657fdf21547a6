"""First run: the centre, the first coordinator, then the recovery key, shown once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
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
from intake_app.ui.dialogs.recovery_key_page import RecoveryPage
from intake_app.ui.dialogs.wizard_layout import error_label, intro, show_error, stacked_form
from intake_app.ui.language import LanguageChooser
from intake_app.ui.widgets.layout_helpers import fit_to_screen


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
