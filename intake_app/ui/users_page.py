"""Users and settings, for coordinators: add, deactivate, reset; auto-lock time; centre name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.centre_settings import MAX_AUTO_LOCK_MINUTES, MIN_AUTO_LOCK_MINUTES
from intake_app.errors import IntakeError
from intake_app.session import Session
from intake_app.ui.background import run_in_background
from intake_app.ui.new_recovery_key import show_if_replaced
from intake_app.ui.user_dialogs import AddUserDialog, ResetPassphraseDialog


class UsersPage(QWidget):
    def __init__(
        self, session: Session, on_auto_lock_changed: Callable[[int], None] | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.on_auto_lock_changed = on_auto_lock_changed
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Users")
        self.table.setHorizontalHeaderLabels(["Name", "Role", "State"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add = QPushButton("&Add a user…")
        self.deactivate = QPushButton("&Deactivate…")
        self.reset = QPushButton("&Reset passphrase with the recovery key…")
        self.add.clicked.connect(self._add)
        self.deactivate.clicked.connect(self._deactivate)
        self.reset.clicked.connect(self._reset)
        buttons = QHBoxLayout()
        for button in (self.add, self.deactivate, self.reset):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(MIN_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setAccessibleName("Lock after this many minutes without use")
        self.centre_name = QLineEdit()
        self.centre_name.setAccessibleName("Centre name")
        self.centre_address = QLineEdit()
        self.centre_address.setAccessibleName("Centre address, for leaflets")
        self.centre_hours = QLineEdit()
        self.centre_hours.setAccessibleName("Opening hours, for leaflets")
        self.centre_phone = QLineEdit()
        self.centre_phone.setAccessibleName("Centre phone, for leaflets")
        self.keep_after_ack = QSpinBox()
        self.keep_after_ack.setRange(1, 36500)
        self.keep_after_ack.setSuffix(" days")
        self.keep_after_ack.setAccessibleName(
            "Keep personal data this many days after the force acknowledges a report"
        )
        self.keep_monitoring = QSpinBox()
        self.keep_monitoring.setRange(1, 36500)
        self.keep_monitoring.setSuffix(" days")
        self.keep_monitoring.setAccessibleName(
            "Keep personal data of monitoring-only reports this many days"
        )
        self.receipt_due = QSpinBox()
        self.receipt_due.setRange(1, 365)
        self.receipt_due.setSuffix(" days")
        self.receipt_due.setAccessibleName("Flag a batch with no receipt after this many days")
        save = QPushButton("&Save settings")
        save.clicked.connect(self._save_settings)
        settings_form = QFormLayout()
        settings_form.addRow("&Lock after no use for", self.auto_lock)
        settings_form.addRow("Centre &name", self.centre_name)
        settings_form.addRow("Address (on leaflets)", self.centre_address)
        settings_form.addRow("Opening hours (on leaflets)", self.centre_hours)
        settings_form.addRow("Phone (on leaflets)", self.centre_phone)
        settings_form.addRow("Keep personal data after the force's receipt", self.keep_after_ack)
        settings_form.addRow("Keep personal data of monitoring-only reports", self.keep_monitoring)
        settings_form.addRow("Flag batches with no receipt after", self.receipt_due)
        settings_form.addRow(save)
        settings = QGroupBox("Settings for the whole centre")
        settings.setLayout(settings_form)

        self.message = QLabel()
        self.message.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(QLabel("<h2>Users and settings</h2>"))
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(settings)
        column.addWidget(self.message)
        # Scrolls rather than making the window taller than a laptop screen at 150 %.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        users = self.session.users.list()
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            state = "Active" if user.active else "Deactivated"
            for column, text in enumerate((user.name, user.role.capitalize(), state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.auto_lock.setValue(self.session.settings.auto_lock_minutes)
        self.centre_name.setText(self.session.centre.name)
        self.keep_after_ack.setValue(self.session.retention.after_acknowledged_days)
        self.keep_monitoring.setValue(self.session.retention.monitoring_only_days)
        self.receipt_due.setValue(self.session.settings.receipt_due_days)
        details = self.session.leaflets.centre_details()
        self.centre_address.setText(details.address)
        self.centre_hours.setText(details.opening_hours)
        self.centre_phone.setText(details.phone)

    def _selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText("Choose a user in the list first.")
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item else None

    def _is_active(self, name: str) -> bool:
        return any(u.name == name and u.active for u in self.session.users.list())

    def _add(self) -> None:
        dialog = AddUserDialog(self.session, self)
        dialog.accepted.connect(self._added)
        dialog.open()

    def _added(self) -> None:
        self.refresh()
        self.message.setText("User added.")

    def _deactivate(self) -> None:
        name = self._selected_name()
        if name is None:
            return
        if not self._is_active(name):
            self.message.setText(f"{name} is already deactivated.")
            return
        answer = QMessageBox.question(
            self, "Deactivate this user?",
            f"{name} will no longer be able to unlock the store. Their reports stay, and any "
            "drafts or reports waiting in their workspace come to the centre. Go ahead?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.deactivate_user(name)

    def deactivate_user(self, name: str) -> None:
        """Deactivating re-keys the whole store (seconds on a large one): off the GUI thread."""
        self.deactivate.setEnabled(False)
        self.message.setText(f"Deactivating {name} and changing the store's key…")

        def done(_: object) -> None:
            self.deactivate.setEnabled(True)
            self.refresh()
            self.message.setText(
                f"{name} has been deactivated, and their drafts came to the centre. The store "
                "now has a new key, so nothing they may have copied opens what it holds now."
            )
            show_if_replaced(self, self.session)

        def failed(message: str) -> None:
            self.deactivate.setEnabled(True)
            self.message.setText(f"⚠ {message}")

        run_in_background(lambda: self.session.users.deactivate(name), done, failed)

    def _reset(self) -> None:
        name = self._selected_name()
        if name is None:
            return
        dialog = ResetPassphraseDialog(self.session, name, self)
        dialog.accepted.connect(
            lambda: self.message.setText(f"The passphrase of {name} has been reset.")
        )
        dialog.open()

    def _save_settings(self) -> None:
        try:
            self.session.settings.set_auto_lock_minutes(self.auto_lock.value())
            if self.centre_name.text().strip() != self.session.centre.name:
                self.session.settings.set_centre_name(self.centre_name.text())
            retention = self.session.retention
            wanted_days = (self.keep_after_ack.value(), self.keep_monitoring.value())
            if wanted_days != (retention.after_acknowledged_days, retention.monitoring_only_days):
                retention.set_days(*wanted_days)
            if self.receipt_due.value() != self.session.settings.receipt_due_days:
                self.session.settings.set_receipt_due_days(self.receipt_due.value())
            details = self.session.leaflets.centre_details()
            wanted = (
                self.centre_address.text(),
                self.centre_hours.text(),
                self.centre_phone.text(),
            )
            if wanted != (details.address, details.opening_hours, details.phone):
                self.session.settings.set_centre_contact(*wanted)
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")
            return
        if self.on_auto_lock_changed is not None:
            self.on_auto_lock_changed(self.auto_lock.value())
        self.message.setText("Settings saved.")
