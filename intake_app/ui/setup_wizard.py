"""First run: the centre, the first coordinator, then the recovery key, shown once."""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from intake_app.passphrase_policy import weakness
from intake_app.session import Session, create_store
from intake_app.ui.background import run_in_background
from intake_app.ui.recovery_sheet import print_sheet, save_pdf
from intake_app.vocabulary import available_forces


class CentrePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your centre")
        self.setSubTitle("These appear on leaflets and at the start of every report reference.")
        self.centre_name = QLineEdit()
        self.centre_name.setAccessibleName("Centre name")
        self.centre_code = QLineEdit()
        self.centre_code.setAccessibleName("Centre code")
        self.centre_code.setMaxLength(8)
        self.centre_code.setPlaceholderText("e.g. RIVA")
        self.centre_code.textEdited.connect(lambda t: self.centre_code.setText(t.upper()))
        self.force = QComboBox()
        self.force.setAccessibleName("Police force vocabulary")
        self.force.addItem("National strands only", "")
        for code in available_forces():
            self.force.addItem(code.replace("-", " ").title(), code)
        form = QFormLayout(self)
        form.addRow("Centre &name", self.centre_name)
        form.addRow("Centre &code (2–8 capitals or digits)", self.centre_code)
        form.addRow("Local &strands of", self.force)
        self.registerField("centre_name*", self.centre_name)
        self.registerField("centre_code*", self.centre_code)


class CoordinatorPage(QWizardPage):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.session: Session | None = None
        self.recovery = ""
        self.setTitle("The first coordinator")
        self.setSubTitle(
            "Coordinators add volunteers and send reports to the police. Choose a passphrase of "
            "three or four unrelated words."
        )
        self.user_name = QLineEdit()
        self.user_name.setAccessibleName("Your name")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Type the passphrase again")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        form = QFormLayout(self)
        form.addRow("Your &name", self.user_name)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("Type it &again", self.repeat)
        form.addRow(self.feedback)
        form.addRow(self.busy)
        for field in (self.user_name, self.passphrase, self.repeat):
            field.textChanged.connect(self._update)

    def _problem(self) -> str | None:
        if not self.user_name.text().strip():
            return "Enter your name."
        reason = weakness(
            self.passphrase.text(),
            user_name=self.user_name.text(),
            centre=str(self.field("centre_name") or ""),
        )
        if reason:
            return reason
        if self.passphrase.text() != self.repeat.text():
            return "The two passphrases are not the same yet."
        return None

    def _update(self) -> None:
        problem = self._problem()
        self.feedback.setText(f"✗ {problem}" if problem else "✓ Strong enough, and both the same.")
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
        self.feedback.setText("Setting up the encrypted store…")
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
        self.setTitle("Your recovery key")
        self.setSubTitle(
            "If every coordinator forgets their passphrase, this key is the only way back in. "
            "It is shown once. Write it down or print it and keep it locked away."
        )
        self.key_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(self.key_label.textInteractionFlags())
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(f"Group {self.group_number} of the recovery key")
        self.confirm.setMaxLength(5)
        self.confirm.textChanged.connect(lambda _: self.completeChanged.emit())
        self.print_button = QPushButton("&Print the recovery sheet…")
        self.save_button = QPushButton("&Save it as a PDF to print…")
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
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.saved_note)
        form = QFormLayout()
        form.addRow(f"To check you have it, type &group {self.group_number}:", self.confirm)
        layout.addLayout(form)

    def _centre(self) -> str:
        return str(self.field("centre_name") or "")

    def _save(self) -> None:
        path = save_pdf(self, self._centre(), self.coordinator.recovery)
        if path:
            self.saved_note.setText(
                "Saved. Print it, keep the paper locked away, and delete the file: anyone who "
                "finds the file and a copy of the data can read the reports."
            )

    def initializePage(self) -> None:
        self.key_label.setText(self.coordinator.recovery)

    def isComplete(self) -> bool:
        groups = self.coordinator.recovery.split("-")
        if len(groups) < self.group_number:
            return False
        return self.confirm.text().strip().upper() == groups[self.group_number - 1]


class SetupWizard(QWizard):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up Intake")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.centre_page = CentrePage()
        self.coordinator_page = CoordinatorPage(data_dir)
        self.recovery_page = RecoveryPage(self.coordinator_page)
        self.addPage(self.centre_page)
        self.addPage(self.coordinator_page)
        self.addPage(self.recovery_page)

    @property
    def session(self) -> Session | None:
        return self.coordinator_page.session
