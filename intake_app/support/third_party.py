"""The parts this app is built from and their licences, for the About box and the frozen build.

Licences are read from each installed package's own metadata where it states one; the rest are
given here from the projects' licence files."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from intake_app.support.i18n import N_, _


@dataclass(frozen=True)
class Component:
    name: str
    purpose: str
    licence: str
    version: str = ""


# (distribution, shown name, what it does here, licence if the metadata does not say). What it
# does is translated where it is listed (``components``); names and licences are not.
_PACKAGES = (
    ("PySide6-Essentials", "Qt for Python (PySide6) and Qt", N_("the windows"), "LGPL-3.0"),
    ("sqlcipher3", "sqlcipher3", N_("the Python binding to SQLCipher"), "zlib"),
    ("cryptography", "cryptography", N_("key derivation and key slots"), ""),
    ("pyrage", "pyrage (age)", N_("encrypting batches to the force"), "MIT"),
    ("py-minisign", "py-minisign", N_("signing batches and checking receipts"), ""),
    ("keyring", "keyring", N_("the computer's own secret store"), ""),
    ("reportlab", "ReportLab", N_("leaflets and summaries as PDF"), "BSD"),
    ("uharfbuzz", "uharfbuzz (HarfBuzz)", N_("shaping Arabic, Urdu and Indic scripts"), ""),
    ("python-bidi", "python-bidi", N_("right-to-left line order"), "LGPL-3.0"),
    (
        "pypdfium2",
        "pypdfium2 (PDFium)",
        N_("leaflet previews and printing"),
        "BSD-3-Clause and Apache-2.0",
    ),
    ("jsonschema", "jsonschema", N_("checking leaflet texts"), ""),
    ("fastjsonschema", "fastjsonschema", N_("checking reports at the force"), ""),
    ("platformdirs", "platformdirs", N_("finding the data folder"), ""),
    ("phonenumbers", "phonenumbers (libphonenumber)", N_("checking phone numbers"), "Apache-2.0"),
    # Translators: what a library does here: it knows the bank holidays, for the police's promises.
    ("holidays", "holidays", N_("bank holidays, for the police's promises"), "MIT"),
)

# (shown name, what it does here, licence)
_FIXED = (
    ("SQLCipher", N_("the encrypted database engine"), "BSD-3-Clause (Zetetic LLC)"),
    ("SQLite", N_("the database engine SQLCipher extends"), N_("Public domain")),
    ("Noto fonts", N_("leaflet and summary text"), "SIL Open Font License 1.1"),
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
    # Translators: shown in place of a licence's name when the package does not state one.
    return stated or fallback or _("see the package"), fields.get("version", "")


def components() -> list[Component]:
    """Every part, what it does here in the language spoken now."""
    found = []
    for distribution, name, purpose, fallback in _PACKAGES:
        licence, version = _licence(distribution, fallback)
        found.append(Component(name, _(purpose), licence, version))
    # Only "Public domain" among these licences is words; the rest are names, left as they are.
    return found + [Component(name, _(purpose), _(licence)) for name, purpose, licence in _FIXED]
