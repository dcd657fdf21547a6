"""The force profile: who a force is, how a person reaches it, and (once the force has sent its
own) the keys a centre sends reports to and checks receipts with.

One type for every use. The app ships a contacts-only profile for some forces
(``resources/forces/<code>.json``: name, web address, helplines) for the leaflets; a profile made
by ``intake-force profile`` and imported by a coordinator adds the force's age recipients, its
minisign public key and local strands. Reading and checking the imported file is in
``exchange/force_profile_format.py``; this module holds no keys' code, only their text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from intake_app.domain.case_promises import ServicePromises
from intake_app.support.i18n import N_

FORMAT = "intake-force-profile"
VERSION = 1
DEFAULT_WEB = "https://www.report-it.org.uk"
# Who a profile belongs to. A police force's profile says nothing of it (so every profile made
# before keeps its fingerprint); another recipient's says which kind it is.
POLICE = "police"
KINDS = (POLICE, "council", "housing", "school", "support")
KIND_LABELS = {
    POLICE: N_("Police force"),
    # Translators: a council's team, such as its anti-social behaviour team.
    "council": N_("Council"),
    "housing": N_("Housing provider"),
    "school": N_("School"),
    "support": N_("Support service"),
}


# The fields of a helpline, as a profile or ``support.json`` holds them (every value a string):
#   name              the organisation or service, printed as it is in every language
#   phone             its number (optional when it has a web address or a note)
#   text              a number to text, printed after the phone number ("text 07717 989 025")
#   web               a web address, printed as it is
#   note_key          a printable note: a key into the content pack's ``notes``, so each column
#                     prints it in its own language (a pack without that key prints no note)
#   note              an older profile's printable note, in English: printed in English columns
#                     only, never in a translated one
#   coordinator_note  for the centre's coordinators only (for instance, that a number may be out
#                     of date): shown where numbers due for checking are listed, never printed
#   last_checked      YYYY-MM-DD, when someone last checked the number at its source
HELPLINE_FIELDS = ("name", "phone", "text", "web", "note_key", "note", "coordinator_note",
                   "last_checked")  # fmt: skip


@dataclass(frozen=True)
class Helpline:
    name: str
    phone: str
    note: str  # English only: see HELPLINE_FIELDS
    last_checked: date | None  # None: the profile does not say, so it counts as not checked
    note_key: str = ""
    web: str = ""
    text: str = ""
    coordinator_note: str = ""

    def age_days(self, today: date) -> int | None:
        return None if self.last_checked is None else (today - self.last_checked).days


def helpline_from_json(item: dict[str, str]) -> Helpline | None:
    """A helpline as a profile holds it; None if it has no name, or nothing a person could use
    to reach it or find it (no phone number, web address or note)."""

    def field(key: str) -> str:
        value = item.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    name, phone, web, note_key = field("name"), field("phone"), field("web"), field("note_key")
    if not name or not (phone or web or note_key):
        return None
    try:
        checked: date | None = date.fromisoformat(field("last_checked"))
    except ValueError:
        checked = None
    return Helpline(name, phone, field("note"), checked, note_key=note_key, web=web,
                    text=field("text"), coordinator_note=field("coordinator_note"))  # fmt: skip


@dataclass(frozen=True)
class ForceProfile:
    force_code: str
    force_name: str
    age_recipients: tuple[str, ...] = ()
    minisign_public_key: str = ""
    hate_crime_web: str = DEFAULT_WEB
    helplines: tuple[dict[str, str], ...] = ()  # as the file holds them: see ``contacts``
    local_strands: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # The force's own kinds of incident and of place (a stadium of its own, a night-time economy
    # zone), added to the national lists as its strands are.
    local_incident_types: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    local_place_types: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # How soon the force promises first contact and updates (``case_promises``); none by default.
    promises: ServicePromises = field(default_factory=ServicePromises)
    kind: str = POLICE  # one of KINDS

    @property
    def contacts(self) -> tuple[Helpline, ...]:
        """The helplines a leaflet can print: those with a name and a phone number."""
        found = (helpline_from_json(item) for item in self.helplines)
        return tuple(h for h in found if h is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "force_code": self.force_code,
            "force_name": self.force_name,
            "age_recipients": list(self.age_recipients),
            "minisign_public_key": self.minisign_public_key,
            "hate_crime_web": self.hate_crime_web,
            "helplines": list(self.helplines),
            "local_strands": list(self.local_strands),
            # Only when there are some: a profile without them keeps the fingerprint it had.
            **({"local_incident_types": list(self.local_incident_types)}
               if self.local_incident_types else {}),
            **({"local_place_types": list(self.local_place_types)} if self.local_place_types else {}),
            **({"promises": self.promises.to_json()} if self.promises else {}),
            **({"kind": self.kind} if self.kind != POLICE else {}),
        }  # fmt: skip

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON, in groups of four: read out by phone and compared."""
        canonical = json.dumps(
            self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32].upper()
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))
