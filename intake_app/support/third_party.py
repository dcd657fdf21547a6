"""The parts this app is built from and their licences, for the About box and the frozen build.

Licences are read from each installed package's own metadata where it states one; the rest are
given here from the projects' licence files."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Component:
    name: str
    purpose: str
    licence: str
    version: str = ""


# (distribution, shown name, what it does here, licence if the metadata does not say)
_PACKAGES = (
    ("PySide6-Essentials", "Qt for Python (PySide6) and Qt", "the windows", "LGPL-3.0"),
    ("sqlcipher3", "sqlcipher3", "the Python binding to SQLCipher", "zlib"),
    ("cryptography", "cryptography", "key derivation and key slots", ""),
    ("pyrage", "pyrage (age)", "encrypting batches to the force", "MIT"),
    ("py-minisign", "py-minisign", "signing batches and checking receipts", ""),
    ("keyring", "keyring", "the computer's own secret store", ""),
    ("reportlab", "ReportLab", "leaflets and summaries as PDF", "BSD"),
    ("uharfbuzz", "uharfbuzz (HarfBuzz)", "shaping Arabic, Urdu and Indic scripts", ""),
    ("python-bidi", "python-bidi", "right-to-left line order", "LGPL-3.0"),
    (
        "pypdfium2",
        "pypdfium2 (PDFium)",
        "leaflet previews and printing",
        "BSD-3-Clause and Apache-2.0",
    ),
    ("jsonschema", "jsonschema", "checking leaflet texts", ""),
    ("fastjsonschema", "fastjsonschema", "checking reports at the force", ""),
    ("platformdirs", "platformdirs", "finding the data folder", ""),
    ("phonenumbers", "phonenumbers (libphonenumber)", "checking phone numbers", "Apache-2.0"),
)

_FIXED = (
    Component("SQLCipher", "the encrypted database engine", "BSD-3-Clause (Zetetic LLC)"),
    Component("SQLite", "the database engine SQLCipher extends", "Public domain"),
    Component("Noto fonts", "leaflet and summary text", "SIL Open Font License 1.1"),
)


def _licence(distribution: str, fallback: str) -> tuple[str, str]:
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return fallback, ""
    fields = {str(key).lower(): str(value) for key, value in meta.json.items()}
    stated = fields.get("license_expression", "")
    if not stated:
        short = fields.get("license", "").strip()
        stated = short if 0 < len(short) <= 40 and "\n" not in short else ""
    return stated or fallback or "see the package", fields.get("version", "")


def components() -> list[Component]:
    found = []
    for distribution, name, purpose, fallback in _PACKAGES:
        licence, version = _licence(distribution, fallback)
        found.append(Component(name, purpose, licence, version))
    return found + list(_FIXED)
