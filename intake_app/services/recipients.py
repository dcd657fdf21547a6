"""Recipients besides the police force: a council's anti-social behaviour team, a housing
provider, a school, a support service. Each is registered, as a force is, from the profile it
made with ``intake-force keygen`` and ``intake-force profile --kind``, once a coordinator has
compared its fingerprint with the one the recipient read out. The police force stays the
default recipient (``export``); a report reaches another only when the person agreed to it
(``Report.shared_with``), in that recipient's own batches (``recipient_batches``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.force_profile import ForceProfile
from intake_app.exchange.force_profile_format import parse_profile, stored_profile
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError, NotFound
from intake_app.support.i18n import _


@dataclass(frozen=True)
class Recipient:
    code: str
    name: str
    kind: str
    profile: ForceProfile

    @property
    def fingerprint(self) -> str:
        return self.profile.fingerprint


def same_fingerprint(typed: str, profile: ForceProfile) -> bool:
    """The fingerprint as typed (spaces and case as the person liked) against the profile's."""
    return "".join(typed.split()).upper() == "".join(profile.fingerprint.split())


class RecipientService:
    def __init__(self, context: ServiceContext) -> None:
        self.context, self.db = context, context.db

    def all(self) -> list[Recipient]:
        """Every registered recipient besides the police, by code."""
        rows = self.db.all("SELECT profile FROM recipients ORDER BY code")
        profiles = [parse_profile(str(r[0]).encode("utf-8")) for r in rows]
        return [Recipient(p.force_code, p.force_name, p.kind, p) for p in profiles]

    def choices(self) -> list[tuple[str, str, str]]:
        """(code, name, kind) of each recipient, for the form. Read from the centre's settings,
        which every volunteer's workspace receives a copy of at a coordinator's sign-in (the
        recipients' table and keys stay in the centre's store)."""
        stored = self.db.scalar("SELECT value FROM store_meta WHERE key = 'recipient_choices'")
        try:
            found = json.loads(str(stored)) if stored else []
            return [(str(c["code"]), str(c["name"]), str(c["kind"])) for c in found]
        except (ValueError, TypeError, KeyError):
            return []

    def _share_choices(self) -> None:
        """Inside the caller's transaction: the settings volunteers' forms read."""
        choices = [{"code": r.code, "name": r.name, "kind": r.kind} for r in self.all()]
        self.db.execute(
            "INSERT INTO store_meta (key, value) VALUES ('recipient_choices', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (json.dumps(choices, ensure_ascii=False),),
        )

    def get(self, code: str) -> Recipient:
        for recipient in self.all():
            if recipient.code == code:
                return recipient
        # Translators: {code} is a recipient's short code, such as leicester-asb.
        raise NotFound(_("There is no recipient {code}.").format(code=code))

    def add(self, raw: bytes, fingerprint: str) -> Recipient:
        """Register a recipient from its profile, only if the fingerprint it gave matches. A
        recipient registered before has its profile replaced (new keys)."""
        self.context.require(COORDINATOR)
        profile = parse_profile(raw)
        if not same_fingerprint(fingerprint, profile):
            raise IntakeError(
                # Translators: {fingerprint} is the profile's fingerprint, groups of letters
                # and digits.
                _(
                    "The fingerprint does not match ({fingerprint}). The recipient was not "
                    "registered: ask them to read it out again."
                ).format(fingerprint=profile.fingerprint)
            )
        force = stored_profile(self.db)
        if force is not None and force.force_code == profile.force_code:
            raise IntakeError(
                _(
                    "That is the police force's profile: import it on the Send to the police "
                    "page. The recipient was not registered."
                )
            )
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO recipients (code, profile, added_at, added_by) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET profile = excluded.profile",
                (profile.force_code, profile.to_bytes().decode("utf-8"),
                 self.context.now_text(), self.context.user.id),
            )  # fmt: skip
            self._share_choices()
            self.context.audit.append(self.context.actor, "recipient.added", profile.force_code)
        return Recipient(profile.force_code, profile.force_name, profile.kind, profile)

    def remove(self, code: str) -> None:
        """No more batches for it. What it was sent, and its receipts, stay on record."""
        self.context.require(COORDINATOR)
        self.get(code)
        with self.db.transaction():
            self.db.execute("DELETE FROM recipients WHERE code = ?", (code,))
            self._share_choices()
            self.context.audit.append(self.context.actor, "recipient.removed", code)
