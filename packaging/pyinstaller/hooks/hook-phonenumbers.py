"""phonenumbers: every module Intake's parsing and formatting may import by name (each
country's numbering plan), but not the place names (geocoder, 40 MB unpacked), carriers or
time zones, which it never uses. Replaces the stock hook, which takes every submodule."""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = {"geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata"}


def _wanted(module: str) -> bool:
    parts = module.split(".")  # "phonenumbers.geodata.data0": its part "geodata"
    return len(parts) < 2 or parts[1] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
