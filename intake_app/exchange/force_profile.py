"""The force profile: what a centre needs to send a force reports and to trust its receipts.

Made by ``intake-force profile``, imported by a coordinator. It names the force, its age
recipient(s) (reports are encrypted to them), its minisign public key (receipts are signed with
it), its hate crime web address, helplines and local strands. Its fingerprint (SHA-256 of the
canonical JSON, in groups of four) is read out by phone or printed in a letter, and compared.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import minisign
import pyrage

from intake_app.errors import IntakeError

FORMAT = "intake-force-profile"
VERSION = 1
_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


class ProfileInvalid(IntakeError):
    pass


@dataclass(frozen=True)
class ForceProfileDocument:
    force_code: str
    force_name: str
    age_recipients: tuple[str, ...]
    minisign_public_key: str
    hate_crime_web: str = "https://www.report-it.org.uk"
    helplines: tuple[dict[str, str], ...] = ()
    local_strands: tuple[dict[str, Any], ...] = field(default_factory=tuple)

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
        }

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(
            self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32].upper()
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))

    def recipients(self) -> list[pyrage.x25519.Recipient]:
        return [pyrage.x25519.Recipient.from_str(r) for r in self.age_recipients]

    def public_key(self) -> minisign.PublicKey:
        return minisign.PublicKey.from_base64(self.minisign_public_key)


def parse_profile(raw: bytes) -> ForceProfileDocument:
    bad = "That file is not a force profile, or it is damaged."
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProfileInvalid(bad) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProfileInvalid(bad)
    if document.get("version") != VERSION:
        raise ProfileInvalid("That force profile was made by a newer version. Update the app.")
    try:
        profile = ForceProfileDocument(
            force_code=str(document["force_code"]),
            force_name=str(document["force_name"]),
            age_recipients=tuple(str(r) for r in document["age_recipients"]),
            minisign_public_key=str(document["minisign_public_key"]),
            hate_crime_web=str(document.get("hate_crime_web", "https://www.report-it.org.uk")),
            helplines=tuple(dict(h) for h in document.get("helplines", [])),
            local_strands=tuple(dict(s) for s in document.get("local_strands", [])),
        )
    except (KeyError, TypeError, ValueError):
        raise ProfileInvalid(bad) from None
    if not _CODE.match(profile.force_code) or not profile.force_name.strip():
        raise ProfileInvalid("The force profile's code or name is missing or malformed.")
    if not profile.age_recipients:
        raise ProfileInvalid("The force profile has no encryption key (age recipient).")
    try:
        profile.recipients()
    except Exception:
        raise ProfileInvalid(
            "An encryption key (age recipient) in the force profile is not valid."
        ) from None
    try:
        profile.public_key()
    except Exception:
        raise ProfileInvalid("The force profile's signing key (minisign) is not valid.") from None
    return profile
