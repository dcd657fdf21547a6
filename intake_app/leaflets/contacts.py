"""Phone numbers on leaflets: national support services and a force's own (from its profile),
each dated."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from intake_app.domain.force_profile import DEFAULT_WEB, ForceProfile, Helpline, helpline_from_json
from intake_app.leaflets.content import leaflets_dir
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.resources import resources_dir
from intake_app.support.untrusted import quoted

DEFAULT_MAX_AGE_DAYS = 365


def _helplines(items: object, where: str) -> tuple[Helpline, ...]:
    if not isinstance(items, list):
        # Translators: {file} is the name of the file with the phone numbers.
        raise IntakeError(_("{file}: the list of phone numbers is missing.").format(file=where))
    lines = []
    for i, item in enumerate(items):
        line = None
        if isinstance(item, dict) and all(isinstance(v, str) for v in item.values()):
            line = helpline_from_json(item)
        if line is None or line.last_checked is None:
            raise IntakeError(
                # Translators: {file} is a file's name, {number} which entry of its list (1 is
                # the first). Keep "last_checked" (the field's name) and YYYY-MM-DD as they are.
                _(
                    "{file}: entry {number} needs a name, a phone number, web address or note, "
                    "and a last_checked date (YYYY-MM-DD)."
                ).format(file=where, number=i + 1)
            )
        lines.append(line)
    return tuple(lines)


def national_support() -> tuple[Helpline, ...]:
    path = leaflets_dir() / "support.json"
    document = json.loads(path.read_text("utf-8"))
    return _helplines(document.get("organisations"), path.name)


def available_forces() -> list[str]:
    return sorted(p.stem for p in (resources_dir() / "forces").glob("*.json"))


def load_force(code: str, folder: Path | None = None) -> ForceProfile:
    path = (folder or resources_dir() / "forces") / f"{code}.json"
    try:
        document = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise IntakeError(
            _("There is no force profile called {name}.").format(name=quoted(code))
        ) from None
    except json.JSONDecodeError as exc:
        raise IntakeError(
            # Translators: {file} is a file's name, {error} what the JSON reader found (in English).
            _("{file}: not valid JSON ({error}).").format(file=path.name, error=exc)
        ) from None
    helplines = document.get("helplines", [])
    _helplines(helplines, path.name)  # every entry complete, or a plain message
    return ForceProfile(
        force_code=str(document.get("force_code", code)),
        force_name=str(document.get("force_name", "")),
        hate_crime_web=str(document.get("hate_crime_web", DEFAULT_WEB)),
        helplines=tuple({str(k): str(v) for k, v in item.items()} for item in helplines),
    )


def stale(
    lines: tuple[Helpline, ...], today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> list[Helpline]:
    """Numbers not checked for longer than ``max_age_days`` (or never): a coordinator should check
    them."""
    found = []
    for line in lines:
        age = line.age_days(today)
        if age is None or age > max_age_days:
            found.append(line)
    return found


def with_coordinator_notes(lines: tuple[Helpline, ...]) -> list[Helpline]:
    """Numbers that carry a note for coordinators (never printed on a leaflet): shown to them
    with the numbers due for checking."""
    return [line for line in lines if line.coordinator_note]
