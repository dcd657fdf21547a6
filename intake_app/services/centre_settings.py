"""Centre-wide settings kept inside the encrypted store: auto-lock time and the centre's details."""

from __future__ import annotations

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.text_rules import is_uk_phone, name_problem, text_problem
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError

DEFAULT_AUTO_LOCK_MINUTES = 5
MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 60


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
                f"Choose from {MIN_AUTO_LOCK_MINUTES} to {MAX_AUTO_LOCK_MINUTES} minutes before "
                "the app locks itself."
            )
        self._set("auto_lock_minutes", str(minutes), "settings.changed")

    @property
    def phone_check_days(self) -> int:
        """After how many days a leaflet's phone number counts as due for checking."""
        value = self._get("phone_check_days")
        return int(value) if value and value.isdigit() else 365

    def set_phone_check_days(self, days: int) -> None:
        if not 30 <= days <= 3650:
            raise IntakeError("Choose from 30 to 3,650 days between checks of phone numbers.")
        self._set("phone_check_days", str(days), "settings.changed")

    @property
    def receipt_due_days(self) -> int:
        """After how many days without a receipt a batch is flagged on the export screen."""
        value = self._get("receipt_due_days")
        return int(value) if value and value.isdigit() else 14

    def set_receipt_due_days(self, days: int) -> None:
        if not 1 <= days <= 365:
            raise IntakeError("Choose from 1 to 365 days to wait for the force's receipt.")
        self._set("receipt_due_days", str(days), "settings.changed")

    def set_centre_name(self, name: str) -> None:
        name = name.strip()
        reason = name_problem(name, 120) if name else "Enter the centre's name."
        if reason:
            raise IntakeError(f"Centre name: {reason}")
        self._set("centre_name", name, "settings.changed")
        self.context.centre_renamed(name)

    def set_centre_contact(self, address: str, opening_hours: str, phone: str) -> None:
        """What leaflets print under the centre's name."""
        for label, value, limit in (
            ("Address", address, 300),
            ("Opening hours", opening_hours, 120),
        ):
            reason = text_problem(value, limit, multiline=True)
            if reason:
                raise IntakeError(f"{label}: {reason}")
        if phone and not is_uk_phone(phone):
            raise IntakeError("Phone: enter a UK phone number, such as 0116 496 0123.")
        for key, value in (
            ("centre_address", address),
            ("centre_hours", opening_hours),
            ("centre_phone", phone),
        ):
            self._set(key, value.strip(), "settings.changed")
