"""The centre's lawful basis for keeping and passing on reports: a setting for coordinators,
kept in the store beside the other centre settings and printed on the privacy notice.

Two store keys: ``lawful_basis`` (UK GDPR Article 6: consent, legitimate interests, public task)
and ``lawful_basis_special_category`` (Article 9: explicit consent, substantial public interest,
not-for-profit body). Until a coordinator chooses, consent and explicit consent.
"""

from __future__ import annotations

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.lawful_basis import (
    DEFAULT_LAWFUL_BASIS,
    DEFAULT_SPECIAL_CATEGORY_CONDITION,
    LAWFUL_BASES,
    SPECIAL_CATEGORY_CONDITIONS,
)
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError, NotAllowed
from intake_app.support.i18n import _
from intake_app.support.untrusted import quoted

LAWFUL_BASIS_KEY = "lawful_basis"
SPECIAL_CATEGORY_KEY = "lawful_basis_special_category"


class DataProtectionSettings:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.db = context.db

    def _get(self, key: str, known: dict[str, str], default: str) -> str:
        value = self.db.scalar("SELECT value FROM store_meta WHERE key = ?", (key,))
        return str(value) if value is not None and str(value) in known else default

    @property
    def lawful_basis(self) -> str:
        """The Article 6 basis for the centre's reports (a code of ``LAWFUL_BASES``)."""
        return self._get(LAWFUL_BASIS_KEY, LAWFUL_BASES, DEFAULT_LAWFUL_BASIS)

    @property
    def special_category_condition(self) -> str:
        """The Article 9 condition (a code of ``SPECIAL_CATEGORY_CONDITIONS``)."""
        return self._get(
            SPECIAL_CATEGORY_KEY, SPECIAL_CATEGORY_CONDITIONS, DEFAULT_SPECIAL_CATEGORY_CONDITION
        )

    def set_lawful_basis(self, basis: str, special_category: str) -> None:
        """Choose both (coordinators only); an unknown code is refused and nothing changes."""
        if self.context.user.role != COORDINATOR:
            raise NotAllowed(_("Only a coordinator can change the centre's lawful basis."))
        for value, known in (
            (basis, LAWFUL_BASES),
            (special_category, SPECIAL_CATEGORY_CONDITIONS),
        ):
            if value not in known:
                raise IntakeError(
                    # Translators: {value} is what was asked for, quoted; {choices} lists the
                    # codes that may be given (keep them as they are: "consent, public_task").
                    _("{value} is not one of the choices: {choices}.").format(
                        value=quoted(value), choices=", ".join(known)
                    )
                )
        if (basis, special_category) == (self.lawful_basis, self.special_category_condition):
            return
        with self.db.transaction():
            for key, value in ((LAWFUL_BASIS_KEY, basis), (SPECIAL_CATEGORY_KEY, special_category)):
                self.db.execute(
                    "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            self.context.audit.append(self.context.actor, "settings.changed", detail="lawful_basis")
