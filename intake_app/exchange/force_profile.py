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
from intake_app.storage.database import Database
from intake_app.text_rules import name_problem
from intake_app.untrusted import load_json

FORMAT = "intake-force-profile"
VERSION = 1
_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_WEB = re.compile(r"https://[\x21-\x7e]{1,200}")
MAX_PROFILE_BYTES = 1024 * 1024
_LIST_MAX = 50
_TEXT_MAX = 500
_TOP = {"format", "version", "force_code", "force_name", "age_recipients",
        "minisign_public_key", "hate_crime_web", "helplines", "local_strands"}  # fmt: skip


def _short_text(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= _TEXT_MAX
        and name_problem(value, _TEXT_MAX) is None
    )


def _term_ok(term: object, *, strand: bool) -> bool:
    """A local strand (or one of its sub-categories) as the vocabulary reads it: a code, a
    label, optional questions to ask, and for a strand whether it is monitored and its
    sub-categories."""
    if not isinstance(term, dict):
        return False
    subs = term.get("sub_categories", [])
    allowed = {"code", "label", "asks"} | ({"monitored", "sub_categories"} if strand else set())
    return (
        set(term) <= allowed
        and all(_short_text(term.get(k, "")) for k in ("code", "label", "asks"))
        and isinstance(term.get("monitored", False), bool)
        and isinstance(subs, list)
        and len(subs) <= _LIST_MAX
        and all(_term_ok(s, strand=False) for s in subs)
    )


def _fields_ok(document: dict[str, Any]) -> bool:
    """Every field of the kind it must be, and no more of it than a profile can need. Helplines
    hold text; local strands are checked again where they are used (``vocabulary``)."""
    recipients = document.get("age_recipients")
    helplines = document.get("helplines", [])
    strands = document.get("local_strands", [])
    return (
        set(document) <= _TOP
        and all(isinstance(document.get(k), str) for k in ("force_code", "force_name", "minisign_public_key"))
        and len(document["minisign_public_key"]) <= 200
        and isinstance(document.get("hate_crime_web", ""), str)
        and isinstance(recipients, list)
        and len(recipients) <= 10
        and all(isinstance(r, str) and len(r) <= 200 for r in recipients)
        and isinstance(helplines, list)
        and len(helplines) <= _LIST_MAX
        and all(isinstance(h, dict) and all(_short_text(k) and _short_text(v) for k, v in h.items())
                for h in helplines)
        and isinstance(strands, list)
        and len(strands) <= _LIST_MAX
        and all(_term_ok(s, strand=True) for s in strands)
    )  # fmt: skip


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
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileInvalid("That file is too large to be a force profile. It was not read.")
    document = load_json(raw, ProfileInvalid(bad))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProfileInvalid(bad)
    if type(document.get("version")) is not int or document.get("version") != VERSION:
        raise ProfileInvalid("That force profile was made by a newer version. Update the app.")
    if not _fields_ok(document):
        raise ProfileInvalid(bad)
    profile = ForceProfileDocument(
        force_code=document["force_code"],
        force_name=document["force_name"],
        age_recipients=tuple(document["age_recipients"]),
        minisign_public_key=document["minisign_public_key"],
        hate_crime_web=document.get("hate_crime_web", "https://www.report-it.org.uk"),
        helplines=tuple(document.get("helplines", [])),
        local_strands=tuple(document.get("local_strands", [])),
    )
    if not _CODE.fullmatch(profile.force_code) or not profile.force_name.strip():
        raise ProfileInvalid("The force profile's code or name is missing or malformed.")
    reason = name_problem(profile.force_name, 120)
    if reason:
        raise ProfileInvalid(f"The force's name in the profile cannot be used. {reason}")
    if not _WEB.fullmatch(profile.hate_crime_web):
        raise ProfileInvalid("The force profile's web address is malformed.")
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


def stored_profile(db: Database) -> ForceProfileDocument | None:
    """The force profile a coordinator imported into this store, if any."""
    stored = db.scalar("SELECT value FROM store_meta WHERE key = 'force_profile'")
    return parse_profile(str(stored).encode("utf-8")) if stored else None
