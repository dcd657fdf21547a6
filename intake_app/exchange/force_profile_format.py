"""The force profile file: what a centre needs to send a force reports and to trust its receipts.

The profile itself is ``intake_app.domain.force_profile.ForceProfile``; this module reads and checks the
file. Made by ``intake-force profile``, imported by a coordinator. It names the force, its age
recipient(s) (reports are encrypted to them), its minisign public key (receipts are signed with
it), its hate crime web address, helplines and local strands. Its fingerprint (SHA-256 of the
canonical JSON, in groups of four) is read out by phone or printed in a letter, and compared.
"""

from __future__ import annotations

import re
from typing import Any

import minisign
import pyrage

from intake_app.domain.case_promises import ServicePromises
from intake_app.domain.force_profile import FORMAT, KINDS, POLICE, VERSION, ForceProfile
from intake_app.domain.text_rules import name_problem
from intake_app.storage.database import Database
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import load_json

_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_WEB = re.compile(r"https://[\x21-\x7e]{1,200}")
MAX_PROFILE_BYTES = 1024 * 1024
_LIST_MAX = 50
_TEXT_MAX = 500
_TOP = {"format", "version", "force_code", "force_name", "age_recipients",
        "minisign_public_key", "hate_crime_web", "helplines", "local_strands",
        "local_incident_types", "local_place_types", "promises", "kind"}  # fmt: skip


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
        and document.get("kind", POLICE) in KINDS
        and document.get("kind") != POLICE  # a police profile says nothing of its kind
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
        and all(isinstance(terms, list) and len(terms) <= _LIST_MAX
                and all(_term_ok(t, strand=False) for t in terms)
                for terms in (document.get(k, []) for k in ("local_incident_types", "local_place_types")))
    )  # fmt: skip


class ProfileInvalid(IntakeError):
    pass


def recipients(profile: ForceProfile) -> list[pyrage.x25519.Recipient]:
    """The age recipients a batch for this force is encrypted to."""
    return [pyrage.x25519.Recipient.from_str(r) for r in profile.age_recipients]


def public_key(profile: ForceProfile) -> minisign.PublicKey:
    """The minisign key the force's receipts are checked with."""
    return minisign.PublicKey.from_base64(profile.minisign_public_key)


def parse_profile(raw: bytes) -> ForceProfile:
    bad = _("That file is not a force profile, or it is damaged.")
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileInvalid(_("That file is too large to be a force profile. It was not read."))
    document = load_json(raw, ProfileInvalid(bad))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProfileInvalid(bad)
    if type(document.get("version")) is not int or document.get("version") != VERSION:
        raise ProfileInvalid(_("That force profile was made by a newer version. Update the app."))
    if not _fields_ok(document):
        raise ProfileInvalid(bad)
    promises = ServicePromises.from_json(document.get("promises", {}))
    if promises is None:
        raise ProfileInvalid(
            _("The force profile's promises are malformed: each is a number of days, 1 to 365.")
        )
    profile = ForceProfile(
        force_code=document["force_code"],
        force_name=document["force_name"],
        age_recipients=tuple(document["age_recipients"]),
        minisign_public_key=document["minisign_public_key"],
        hate_crime_web=document.get("hate_crime_web", "https://www.report-it.org.uk"),
        helplines=tuple(document.get("helplines", [])),
        local_strands=tuple(document.get("local_strands", [])),
        local_incident_types=tuple(document.get("local_incident_types", [])),
        local_place_types=tuple(document.get("local_place_types", [])),
        promises=promises,
        kind=document.get("kind", POLICE),
    )
    if not _CODE.fullmatch(profile.force_code) or not profile.force_name.strip():
        raise ProfileInvalid(_("The force profile's code or name is missing or malformed."))
    reason = name_problem(profile.force_name, 120)
    if reason:
        raise ProfileInvalid(
            # Translators: {reason} is a sentence saying what is wrong with the name.
            _("The force's name in the profile cannot be used. {reason}").format(reason=reason)
        )
    if not _WEB.fullmatch(profile.hate_crime_web):
        raise ProfileInvalid(_("The force profile's web address is malformed."))
    if not profile.age_recipients:
        # Translators: "age" is the name of the encryption tool; "recipient" is its term.
        raise ProfileInvalid(_("The force profile has no encryption key (age recipient)."))
    try:
        recipients(profile)
    except Exception:
        raise ProfileInvalid(
            # Translators: "age" is the name of the encryption tool; "recipient" is its term.
            _("An encryption key (age recipient) in the force profile is not valid.")
        ) from None
    try:
        public_key(profile)
    except Exception:
        raise ProfileInvalid(
            # Translators: minisign is the name of the signing tool.
            _("The force profile's signing key (minisign) is not valid.")
        ) from None
    return profile


def stored_profile(db: Database) -> ForceProfile | None:
    """The force profile a coordinator imported into this store, if any."""
    stored = db.scalar("SELECT value FROM store_meta WHERE key = 'force_profile'")
    return parse_profile(str(stored).encode("utf-8")) if stored else None
