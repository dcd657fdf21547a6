"""Phone numbers on leaflets: national support services and a force's own, each dated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intake_app.errors import IntakeError
from intake_app.leaflets.content import leaflets_dir
from intake_app.resources import resources_dir
from intake_app.untrusted import quoted

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class Helpline:
    name: str
    phone: str
    note: str
    last_checked: date

    def age_days(self, today: date) -> int:
        return (today - self.last_checked).days


@dataclass(frozen=True)
class ForceProfile:
    code: str
    name: str
    web: str
    helplines: tuple[Helpline, ...]


def _helplines(items: object, where: str) -> tuple[Helpline, ...]:
    if not isinstance(items, list):
        raise IntakeError(f"{where}: the list of phone numbers is missing.")
    lines = []
    for i, item in enumerate(items):
        try:
            lines.append(Helpline(str(item["name"]), str(item["phone"]), str(item.get("note", "")),
                                  date.fromisoformat(item["last_checked"])))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            raise IntakeError(
                f"{where}: entry {i + 1} needs a name, a phone and a last_checked date (YYYY-MM-DD)."
            ) from None
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
        raise IntakeError(f"There is no force profile called {quoted(code)}.") from None
    except json.JSONDecodeError as exc:
        raise IntakeError(f"{path.name}: not valid JSON ({exc}).") from None
    return ForceProfile(
        code=str(document.get("force_code", code)),
        name=str(document.get("force_name", "")),
        web=str(document.get("hate_crime_web", "https://www.report-it.org.uk")),
        helplines=_helplines(document.get("helplines", []), path.name),
    )


def stale(
    lines: tuple[Helpline, ...], today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> list[Helpline]:
    """Numbers not checked for longer than ``max_age_days``: a coordinator should check them."""
    return [line for line in lines if line.age_days(today) > max_age_days]
