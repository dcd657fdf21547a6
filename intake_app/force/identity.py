"""The force's identity: an age key pair (batches are encrypted to it) and a minisign key pair
(receipts are signed with it). Both secrets are kept encrypted under the force's passphrase, and
the key of the force's database is sealed under the age identity (see ``db_key``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import minisign
import pyrage

from intake_app.errors import IntakeError, WrongCredentials
from intake_app.exchange.force_profile import ForceProfileDocument
from intake_app.force import db_key
from intake_app.storage.files import atomic_write, ensure_private_dir

_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_CENTRE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


@dataclass(frozen=True)
class ForceIdentity:
    code: str
    name: str
    age_recipient: str
    minisign_public_key: str

    def profile(self, web: str = "https://www.report-it.org.uk") -> ForceProfileDocument:
        return ForceProfileDocument(
            force_code=self.code,
            force_name=self.name,
            age_recipients=(self.age_recipient,),
            minisign_public_key=self.minisign_public_key,
            hate_crime_web=web,
        )


def keygen(home: Path, name: str, code: str, passphrase: str) -> ForceIdentity:
    if not _CODE.match(code):
        raise IntakeError(
            "A force code is lower-case letters, digits and dashes, e.g. leicestershire."
        )
    if not name.strip():
        raise IntakeError("Give the force's name.")
    if len(passphrase) < 12:
        raise IntakeError("Use a passphrase of at least 12 characters to protect the force's keys.")
    ensure_private_dir(home)
    if (home / "force.json").exists():
        raise IntakeError("This folder already holds a force identity.")
    if (home / "force.db").exists() or (home / db_key.FILE_NAME).exists():
        raise IntakeError(
            "This folder already holds a force's database. Make the keys in a new folder."
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
    try:
        document = json.loads((home / "force.json").read_text("utf-8"))
    except FileNotFoundError:
        raise IntakeError(
            "There is no force identity here yet: run 'intake-force keygen' first."
        ) from None
    return ForceIdentity(**document)


def secrets_for(home: Path, passphrase: str) -> tuple[pyrage.x25519.Identity, minisign.SecretKey]:
    try:
        identity_text = pyrage.passphrase.decrypt((home / "identity.age").read_bytes(), passphrase)
    except pyrage.DecryptError:
        raise WrongCredentials("That passphrase does not open the force's keys.") from None
    secret = minisign.SecretKey.from_base64((home / "signing.key").read_bytes())
    secret.decrypt(passphrase)
    return pyrage.x25519.Identity.from_str(identity_text.decode()), secret


def add_centre(home: Path, public_key_file: Path, code: str) -> None:
    if not _CENTRE.match(code):
        raise IntakeError(
            "A centre code is 2 to 8 capital letters or digits, starting with a letter."
        )
    lines = [
        line
        for line in public_key_file.read_text("utf-8").splitlines()
        if line and not line.startswith("untrusted comment")
    ]
    try:
        key = minisign.PublicKey.from_base64(lines[0].encode())
    except Exception:
        raise IntakeError("That file is not a centre's public key (minisign format).") from None
    target = ensure_private_dir(home / "centres") / f"{code}.pub"
    atomic_write(target, f"untrusted comment: centre {code}\n{key.to_base64().decode()}\n".encode())


def centre_key(home: Path, code: str) -> minisign.PublicKey | None:
    path = home / "centres" / f"{code}.pub"
    if not _CENTRE.match(code) or not path.exists():
        return None
    lines = [
        line
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("untrusted comment")
    ]
    return minisign.PublicKey.from_base64(lines[0].encode())
