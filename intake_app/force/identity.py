"""The force's identity: an age key pair (batches are encrypted to it) and a minisign key pair
(receipts are signed with it). Both secrets are kept encrypted under the force's passphrase, and
the key of the force's database is sealed under the age identity (see ``db_key``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minisign
import pyrage

from intake_app.domain.case_promises import ServicePromises
from intake_app.domain.force_profile import POLICE, ForceProfile
from intake_app.domain.text_rules import name_problem
from intake_app.force import db_key, rotation_files
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError, WrongCredentials
from intake_app.support.i18n import N_, _, ngettext
from intake_app.support.untrusted import load_json, read_file

_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_CENTRE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
MAX_KEY_FILE = 16 * 1024  # key and identity files are under 1 KiB
MIN_PASSPHRASE = 12
# Translators: the subject of sentences such as "… cannot be read: there is no file at that
# path." The file name in brackets is typed as it is.
KEY_FILE = N_("The force's key (identity.age)")
# Translators: the subject of sentences such as "… cannot be read: there is no file at that
# path." The file name in brackets is typed as it is.
SIGNING_KEY_FILE = N_("The force's signing key (signing.key)")
# Translators: the subject of sentences such as "… cannot be read: there is no file at that
# path."
CENTRE_KEY_FILE = N_("The centre's public key file")


@dataclass(frozen=True)
class ForceIdentity:
    code: str
    name: str
    age_recipient: str
    minisign_public_key: str

    def profile(
        self,
        web: str = "https://www.report-it.org.uk",
        local: tuple[list[dict[str, Any]], ...] = ([], [], []),
        promises: ServicePromises | None = None,
        kind: str = POLICE,
    ) -> ForceProfile:
        """``local``: the force's own strands, kinds of incident and kinds of place;
        ``promises``: how soon it promises first contact and updates."""
        strands, incident_types, place_types = local
        return ForceProfile(
            force_code=self.code,
            force_name=self.name,
            age_recipients=(self.age_recipient,),
            minisign_public_key=self.minisign_public_key,
            hate_crime_web=web,
            local_strands=tuple(strands),
            local_incident_types=tuple(incident_types),
            local_place_types=tuple(place_types),
            promises=promises or ServicePromises(),
            kind=kind,
        )


def keygen(home: Path, name: str, code: str, passphrase: str) -> ForceIdentity:
    if not _CODE.fullmatch(code):
        raise IntakeError(
            # Translators: "leicestershire" is an example of a code, typed as it is.
            _("A force code is lower-case letters, digits and dashes, e.g. leicestershire.")
        )
    if not name.strip():
        raise IntakeError(_("Give the force's name."))
    reason = name_problem(name.strip(), 120)
    if reason:
        # Translators: {reason} is a sentence saying what is wrong with the name.
        raise IntakeError(_("The force's name: {reason}").format(reason=reason))
    if len(passphrase) < MIN_PASSPHRASE:
        raise IntakeError(
            ngettext(
                "Use a passphrase of at least {count} character to protect the force's keys.",
                "Use a passphrase of at least {count} characters to protect the force's keys.",
                MIN_PASSPHRASE,
            ).format(count=MIN_PASSPHRASE)
        )
    ensure_private_dir(home)
    if (home / "force.json").exists():
        raise IntakeError(_("This folder already holds a force identity."))
    if (home / "force.db").exists() or (home / db_key.FILE_NAME).exists():
        raise IntakeError(
            _("This folder already holds a force's database. Make the keys in a new folder.")
        )
    identity = pyrage.x25519.Identity.generate()
    keys = minisign.KeyPair.generate()
    secret = keys.secret_key
    secret.encrypt(passphrase)
    atomic_write(
        home / "identity.age", pyrage.passphrase.encrypt(str(identity).encode(), passphrase)
    )
    atomic_write(home / "signing.key", secret.to_base64())
    db_key.create(home, identity)
    result = ForceIdentity(
        code, name.strip(), str(identity.to_public()), keys.public_key.to_base64().decode()
    )
    atomic_write(home / "force.json", json.dumps(result.__dict__, indent=2).encode())
    ensure_private_dir(home / "centres")
    return result


def load(home: Path) -> ForceIdentity:
    rotation_files.finish(home)  # a change of keys left half-way
    if not (home / "force.json").exists():
        raise IntakeError(
            # Translators: 'intake-force keygen' is a command, typed as it is.
            _("There is no force identity here yet: run 'intake-force keygen' first.")
        )
    damaged = IntakeError(
        _(
            "The force's identity file (force.json) is damaged. Restore the force's folder from "
            "a backup."
        )
    )
    document = load_json(read_file(home / "force.json", MAX_KEY_FILE, "force.json"), damaged)
    fields = ("code", "name", "age_recipient", "minisign_public_key")
    if (
        not isinstance(document, dict)
        or set(document) != set(fields)
        or not all(isinstance(document[f], str) for f in fields)
        or not _CODE.fullmatch(document["code"])
        or name_problem(document["name"], 120)
    ):
        raise damaged
    return ForceIdentity(**document)


def secrets_for(home: Path, passphrase: str) -> tuple[pyrage.x25519.Identity, minisign.SecretKey]:
    rotation_files.finish(home)  # a change of keys left half-way
    sealed = read_file(home / "identity.age", MAX_KEY_FILE, _(KEY_FILE))
    try:
        identity_text = pyrage.passphrase.decrypt(sealed, passphrase)
    except pyrage.DecryptError:
        raise WrongCredentials(_("That passphrase does not open the force's keys.")) from None
    except Exception:  # a damaged file can make pyrage raise other errors
        raise IntakeError(_("The force's key (identity.age) is damaged.")) from None
    raw = read_file(home / "signing.key", MAX_KEY_FILE, _(SIGNING_KEY_FILE))
    try:
        secret = minisign.SecretKey.from_base64(raw)
        secret.decrypt(passphrase)
        identity = pyrage.x25519.Identity.from_str(identity_text.decode())
    except Exception:  # minisign, pyrage and decoding errors alike: the files are damaged
        raise IntakeError(
            _("The force's keys (identity.age, signing.key) are damaged or do not belong together.")
        ) from None
    return identity, secret


def add_centre(home: Path, public_key_file: Path, code: str, *, replace: bool = False) -> str:
    """Register centre ``code``'s public key; what was done: "added", "same" (that key was
    registered already) or "replaced" (only with ``replace``: a centre's key is not changed by
    mistake, and a forged batch would come with a new key too)."""
    if not _CENTRE.fullmatch(code):
        raise IntakeError(
            _("A centre code is 2 to 8 capital letters or digits, starting with a letter.")
        )
    key = _public_key(read_file(public_key_file, MAX_KEY_FILE, _(CENTRE_KEY_FILE)))
    if key is None:
        raise IntakeError(_("That file is not a centre's public key (minisign format)."))
    text = key.to_base64().decode()
    before = centre_key(home, code)
    if before is not None and before.to_base64().decode() == text:
        return "same"
    if before is not None and not replace:
        raise IntakeError(
            # Translators: {code} is a centre's code; {key} is the new public key, as the centre
            # sees it with 'intake centre-key'; keep "--replace" as it is.
            _(
                "Centre {code} is already registered, with another key. Nothing was changed. "
                "Check with the centre that its key is now {key} (a forged batch would come with "
                "a new key too), then run this again with --replace."
            ).format(code=code, key=text)
        )
    target = ensure_private_dir(home / "centres") / f"{code}.pub"
    atomic_write(target, f"untrusted comment: centre {code}\n{text}\n".encode())
    return "replaced" if before is not None else "added"


def centre_key(home: Path, code: str) -> minisign.PublicKey | None:
    """The registered key of centre ``code``; None if there is none."""
    path = home / "centres" / f"{code}.pub"
    if not _CENTRE.fullmatch(code) or not path.exists():
        return None
    # Translators: the subject of a sentence such as "… cannot be read: …"; {code} is a centre's
    # code, such as RIVER.
    what = _("The registered key of centre {code}").format(code=code)
    key = _public_key(read_file(path, MAX_KEY_FILE, what))
    if key is None:
        raise IntakeError(
            # Translators: {code} is a centre's code, such as RIVER; 'intake-force centre add' is
            # a command, typed as it is.
            _(
                "The registered key of centre {code} is damaged. Register it again with "
                "'intake-force centre add'."
            ).format(code=code)
        )
    return key


def _public_key(raw: bytes) -> minisign.PublicKey | None:
    """The key in a minisign public key file (comment lines skipped), or None."""
    try:
        lines = [
            line
            for line in raw.decode("ascii").splitlines()
            if line and not line.startswith("untrusted comment")
        ]
        return minisign.PublicKey.from_base64(lines[0].encode()) if len(lines) == 1 else None
    except ValueError:  # not ASCII, or not a key: minisign's errors are ValueErrors
        return None
