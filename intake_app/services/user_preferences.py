"""What each person has chosen for themselves, kept inside the encrypted store: for now, the
language the app speaks to them once they have signed in."""

from __future__ import annotations

from intake_app.services.context import ServiceContext
from intake_app.support import i18n


class UserPreferences:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    @property
    def _key(self) -> str:
        return f"user_language:{self.context.user.id}"

    @property
    def language(self) -> str | None:
        """This user's language code, or None if they have never chosen one."""
        value = self.context.db.scalar("SELECT value FROM store_meta WHERE key = ?", (self._key,))
        if value is None or not i18n.is_known(str(value)):
            return None
        return i18n.language(str(value)).code

    def set_language(self, code: str) -> None:
        """Remember the language this user chose (any user, for themselves alone)."""
        chosen = i18n.language(code).code
        with self.context.db.transaction():
            self.context.db.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (self._key, chosen),
            )
