"""Centre settings, for coordinators: auto-lock time, the centre's name and its details for
leaflets, how often it usually sends reports (printed on leaflets), how long personal data is
kept, the lawful basis the privacy notice gives, and when a batch without a receipt is flagged."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from intake_app.app.session import Session
from intake_app.domain.lawful_basis import LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS
from intake_app.services.centre_settings import (
    MAX_AUTO_LOCK_MINUTES,
    MAX_SENDING_INTERVAL_DAYS,
    MIN_AUTO_LOCK_MINUTES,
)
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.ui.pages.scrolling_page import scrolling


def _days(top: int, accessible_name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, top)
    # Translators: after a number of days in a number box ("30 days"); keep the space before it.
    box.setSuffix(_(" days"))
    box.setAccessibleName(accessible_name)
    return box


def _choices(choices: dict[str, str], accessible_name: str) -> QComboBox:
    box = QComboBox()
    for code, label in choices.items():
        box.addItem(_(label), code)
    box.setAccessibleName(accessible_name)
    box.setToolTip(
        _(
            "Printed on the privacy notice. Ask whoever advises the centre on data protection "
            "which fits its work."
        )
    )
    return box


def _line(accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible_name)
    return edit


class CentreSettingsPage(QWidget):
    def __init__(
        self, session: Session, on_auto_lock_changed: Callable[[int], None] | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.on_auto_lock_changed = on_auto_lock_changed
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(MIN_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES)
        # Translators: after a number of minutes in a number box ("15 minutes"); keep the space
        # before it.
        self.auto_lock.setSuffix(_(" minutes"))
        self.auto_lock.setAccessibleName(_("Lock after this many minutes without use"))
        self.centre_name = _line(_("Centre name"))
        self.centre_address = _line(_("Centre address, for leaflets"))
        self.centre_hours = _line(_("Opening hours, for leaflets"))
        self.centre_phone = _line(_("Centre phone, for leaflets"))
        self.sending_interval = _days(
            MAX_SENDING_INTERVAL_DAYS,
            _("Usual sending interval: days between sendings of reports to the police"),
        )
        self.keep_after_ack = _days(
            36500, _("Keep personal data this many days after the force acknowledges a report")
        )
        self.keep_monitoring = _days(
            36500, _("Keep personal data of monitoring-only reports this many days")
        )
        self.receipt_due = _days(365, _("Flag a batch with no receipt after this many days"))
        self.parental_rule = QCheckBox(
            _("A child's report (under 18) goes to the police only if a parent or &carer agrees")
        )
        self.lawful_basis = _choices(LAWFUL_BASES, _("Lawful basis for personal data"))
        self.special_category = _choices(
            SPECIAL_CATEGORY_CONDITIONS, _("Condition for sensitive data (race, religion, health…)")
        )
        save = QPushButton(_("&Save settings"))
        save.clicked.connect(self._save_settings)
        settings_form = QFormLayout()
        # Translators: followed by a number box: "Lock after no use for [15 minutes]".
        settings_form.addRow(_("&Lock after no use for"), self.auto_lock)
        settings_form.addRow(_("Centre &name"), self.centre_name)
        settings_form.addRow(_("A&ddress (on leaflets)"), self.centre_address)
        settings_form.addRow(_("&Opening hours (on leaflets)"), self.centre_hours)
        settings_form.addRow(_("&Phone (on leaflets)"), self.centre_phone)
        # Translators: followed by a number box: "Usually send reports to the police every
        # [7 days]". Leaflets print it ("about once a week"), so that no one takes the centre
        # for a quick way to reach the police.
        settings_form.addRow(_("&Usually send reports to the police every"), self.sending_interval)
        # Translators: followed by a number box: "… after the force's receipt [365 days]".
        keep_after = _("&Keep personal data after the force's receipt")
        settings_form.addRow(keep_after, self.keep_after_ack)
        keep_monitoring = _("Keep personal data of &monitoring-only reports")
        settings_form.addRow(keep_monitoring, self.keep_monitoring)
        # Translators: followed by a choice: consent, legitimate interests or public task.
        settings_form.addRow(_("La&wful basis for personal data"), self.lawful_basis)
        # Translators: followed by a choice: explicit consent, substantial public interest…
        settings_form.addRow(_("Condition for sensiti&ve data"), self.special_category)
        # Translators: followed by a number box: "Flag batches with no receipt after [30 days]".
        settings_form.addRow(_("Flag &batches with no receipt after"), self.receipt_due)
        settings_form.addRow(self.parental_rule)
        settings_form.addRow(save)
        settings = QGroupBox(_("Settings for the whole centre"))
        settings.setLayout(settings_form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        column = scrolling(self)
        heading = html.escape(_("Centre settings"), quote=False)
        column.addWidget(QLabel(f"<h2>{heading}</h2>"))
        column.addWidget(settings)
        column.addWidget(self.message)
        column.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """The settings as the store holds them now."""
        self.auto_lock.setValue(self.session.settings.auto_lock_minutes)
        self.centre_name.setText(self.session.centre.name)
        self.keep_after_ack.setValue(self.session.retention.after_acknowledged_days)
        self.keep_monitoring.setValue(self.session.retention.monitoring_only_days)
        self.receipt_due.setValue(self.session.settings.receipt_due_days)
        self.parental_rule.setChecked(self.session.settings.children_need_parental_consent)
        data_protection = self.session.data_protection
        self.lawful_basis.setCurrentIndex(self.lawful_basis.findData(data_protection.lawful_basis))
        self.special_category.setCurrentIndex(
            self.special_category.findData(data_protection.special_category_condition)
        )
        self.sending_interval.setValue(self.session.settings.sending_interval_days)
        details = self.session.leaflets.centre_details()
        self.centre_address.setText(details.address)
        self.centre_hours.setText(details.opening_hours)
        self.centre_phone.setText(details.phone)

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
            rule = self.parental_rule.isChecked()
            if rule != self.session.settings.children_need_parental_consent:
                self.session.settings.set_children_need_parental_consent(rule)
            self.session.data_protection.set_lawful_basis(
                str(self.lawful_basis.currentData()), str(self.special_category.currentData())
            )
            if self.sending_interval.value() != self.session.settings.sending_interval_days:
                self.session.settings.set_sending_interval_days(self.sending_interval.value())
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
        self.message.setText(_("Settings saved."))
