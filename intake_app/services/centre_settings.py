"""Centre-wide settings kept inside the encrypted store: auto-lock time, the centre's details, how
often it usually sends reports to the police, and when phone numbers and receipts are due."""

from __future__ import annotations

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.text_rules import is_uk_phone, name_problem, text_problem
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext

DEFAULT_AUTO_LOCK_MINUTES = 5
MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 60
DEFAULT_SENDING_INTERVAL_DAYS = 7
MIN_SENDING_INTERVAL_DAYS = 1
MAX_SENDING_INTERVAL_DAYS = 90


class CentreSettings:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.db = context.db

    def _get(self, key: str) -> str | None:
        value = self.db.scalar("SELECT value FROM store_meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    def _set(self, key: str, value: str, action: str) -> None:
        self.context.require(COORDINATOR)
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            self.context.audit.append(self.context.actor, action, detail=key)

    @property
    def auto_lock_minutes(self) -> int:
        value = self._get("auto_lock_minutes")
        return int(value) if value and value.isdigit() else DEFAULT_AUTO_LOCK_MINUTES

    def set_auto_lock_minutes(self, minutes: int) -> None:
        if not MIN_AUTO_LOCK_MINUTES <= minutes <= MAX_AUTO_LOCK_MINUTES:
            raise IntakeError(
                ngettext(
                    "Choose from {minimum} to {maximum} minute before the app locks itself.",
                    "Choose from {minimum} to {maximum} minutes before the app locks itself.",
                    MAX_AUTO_LOCK_MINUTES,
                ).format(minimum=MIN_AUTO_LOCK_MINUTES, maximum=MAX_AUTO_LOCK_MINUTES)
            )
        self._set("auto_lock_minutes", str(minutes), "settings.changed")

    @property
    def phone_check_days(self) -> int:
        """After how many days a leaflet's phone number counts as due for checking."""
        value = self._get("phone_check_days")
        return int(value) if value and value.isdigit() else 365

    def set_phone_check_days(self, days: int) -> None:
        if not 30 <= days <= 3650:
            raise IntakeError(_("Choose from 30 to 3,650 days between checks of phone numbers."))
        self._set("phone_check_days", str(days), "settings.changed")

    @property
    def sending_interval_days(self) -> int:
        """How often, in days, the centre usually sends reports to the police: printed on
        leaflets, so that nobody mistakes the centre for a way to get help quickly."""
        value = self._get("sending_interval_days") or ""
        days = int(value) if value.isascii() and value.isdigit() else 0
        in_range = MIN_SENDING_INTERVAL_DAYS <= days <= MAX_SENDING_INTERVAL_DAYS
        return days if in_range else DEFAULT_SENDING_INTERVAL_DAYS

    def set_sending_interval_days(self, days: int) -> None:
        if not MIN_SENDING_INTERVAL_DAYS <= days <= MAX_SENDING_INTERVAL_DAYS:
            raise IntakeError(
                ngettext(
                    "Choose a usual sending interval from {minimum} to {maximum} day.",
                    "Choose a usual sending interval from {minimum} to {maximum} days.",
                    MAX_SENDING_INTERVAL_DAYS,
                ).format(minimum=MIN_SENDING_INTERVAL_DAYS, maximum=MAX_SENDING_INTERVAL_DAYS)
            )
        self._set("sending_interval_days", str(days), "settings.changed")

    @property
    def receipt_due_days(self) -> int:
        """After how many days without a receipt a batch is flagged on the export screen."""
        value = self._get("receipt_due_days")
        return int(value) if value and value.isdigit() else 14

    def set_receipt_due_days(self, days: int) -> None:
        if not 1 <= days <= 365:
            raise IntakeError(_("Choose from 1 to 365 days to wait for the force's receipt."))
        self._set("receipt_due_days", str(days), "settings.changed")

    @property
    def children_need_parental_consent(self) -> bool:
        """The centre's rule: whether a child's (under 18) report may be passed to the police
        only with a parent's or carer's agreement recorded. On unless a coordinator turns it off
        (a centre that judges a young person's own competence, say)."""
        return self._get("children_need_parental_consent") != "no"

    def set_children_need_parental_consent(self, needed: bool) -> None:
        self._set("children_need_parental_consent", "yes" if needed else "no", "settings.changed")

    def set_centre_name(self, name: str) -> None:
        name = name.strip()
        reason = name_problem(name, 120) if name else _("Enter the centre's name.")
        if reason:
            # Translators: {reason} is a sentence saying what is wrong with the name.
            raise IntakeError(_("Centre name: {reason}").format(reason=reason))
        self._set("centre_name", name, "settings.changed")
        self.context.centre_renamed(name)

    def set_centre_contact(self, address: str, opening_hours: str, phone: str) -> None:
        """What leaflets print under the centre's name."""
        for message, value, limit in (
            # Translators: {reason} is a sentence saying what is wrong with the centre's address.
            (_("Address: {reason}"), address, 300),
            # Translators: {reason} is a sentence saying what is wrong with the opening hours.
            (_("Opening hours: {reason}"), opening_hours, 120),
        ):
            reason = text_problem(value, limit, multiline=True)
            if reason:
                raise IntakeError(message.format(reason=reason))
        if phone and not is_uk_phone(phone):
            raise IntakeError(_("Phone: enter a UK phone number, such as 0116 496 0123."))
        for key, value in (
            ("centre_address", address),
            ("centre_hours", opening_hours),
            ("centre_phone", phone),
        ):
            self._set(key, value.strip(), "settings.changed")
