"""Dates as people type and read them (day/month/year) and as reports keep them (ISO 8601).

A person may type ``23/04/1990``, ``3/4/1990``, ``23.04.1990``, ``23-04-1990`` or ``1990-04-23``;
a report stores and exports ``1990-04-23``, and a moment with a time as ``2026-03-14T18:30``.
People are shown ``23/04/1990`` and ``14/03/2026 18:30``. What cannot be understood yet (a draft
saved half-way through typing) is kept as typed (less spaces at either end), so nothing is lost, and
validation names the problem.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from intake_app.support.i18n import _

EXAMPLE = "23/04/1990"

# ASCII digits only: int() would also take other scripts' digits, which no export may carry.
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_SHORT_YEAR = re.compile(r"[0-9]{1,2}([/.-])[0-9]{1,2}\1[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_TIME_LIKE = re.compile(r"[0-9:. ]*")


def _parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, whether or not such a day exists."""
    text = text.strip()
    iso = _ISO_DAY.fullmatch(text)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3])
    uk = _DAY_FIRST.fullmatch(text)
    if uk:
        return int(uk[4]), int(uk[3]), int(uk[1])
    return None


def parse_day(text: str) -> date | None:
    """The day typed in UK order (``23/04/1990``, ``23.04.1990``, ``23-04-1990``) or as ISO."""
    parts = _parts(text)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def day_problem(text: str) -> str | None:
    """Why the typed day cannot be understood, in words that say what to type; None if it can."""
    if parse_day(text) is not None:
        return None
    if _parts(text) is not None:
        return _("There is no such date. Check the day and the month.")
    if _SHORT_YEAR.fullmatch(text.strip()):
        # Translators: {example} is a date as it must be typed, day/month/year: 23/04/1990.
        return _("Type the year in full, such as {example}.").format(example=EXAMPLE)
    # Translators: {example} is a date as it must be typed, day/month/year: 23/04/1990.
    return _("Type the date as day/month/year, such as {example}.").format(example=EXAMPLE)


_TWELVE_HOUR = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*([ap])\.?m\.?", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """A 24-hour time, ``18:30``, ``6:05`` or ``18.30``, or as people say it: ``6pm``,
    ``6.30 pm``, ``11:15am``."""
    match = _TIME.fullmatch(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2])
        return time(hour, minute) if hour < 24 and minute < 60 else None
    spoken = _TWELVE_HOUR.fullmatch(text.strip())
    if not spoken:
        return None
    hour, minute = int(spoken[1]), int(spoken[2] or 0)
    if not 1 <= hour <= 12 or minute >= 60:
        return None
    return time(hour % 12 + (12 if spoken[3].lower() == "p" else 0), minute)


def uk(day: date) -> str:
    """``23/04/1990``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def iso(day: date) -> str:
    """``1990-04-23`` (with four year digits, whatever the year)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


# --- what a report stores -------------------------------------------------------------------


def stored_day(typed: str) -> str:
    """The ISO day when the text can be understood, else the text as typed (trimmed)."""
    day = parse_day(typed)
    return iso(day) if day else typed.strip()


def stored_time(typed: str) -> str:
    moment = parse_time(typed)
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment else typed.strip()


def join_moment(day: str, at: str) -> str:
    """The stored form of a day and an optional time: ``2026-03-14T18:30``, ``2026-03-14``, or
    what was typed (a time with no day yet is kept as ``T18:30``)."""
    day, at = stored_day(day), stored_time(at)
    if day and at:
        return f"{day}T{at}"
    return day or (f"T{at}" if at else "")


def split_moment(value: str) -> tuple[str, str]:
    """The day and time parts of a stored moment. A "T" separates them after a day that can be
    understood, or before something time-like, so a half-typed day such as "Tuesday" stays whole
    and a half-typed time after a good day is still taken as the time."""
    head, sep, tail = value.partition("T")
    if sep and parse_day(head) is not None:
        return head, tail
    head, sep, tail = value.rpartition("T")
    if sep and _TIME_LIKE.fullmatch(tail):
        return head, tail
    return value, ""


def stored_moment(value: str) -> str:
    """A stored moment in its canonical form (ISO where understood)."""
    return join_moment(*split_moment(value))


def parse_moment(value: str) -> datetime | None:
    """The moment a stored (or typed) value names; a day alone is the start of that day."""
    day_text, time_text = split_moment(value)
    day = parse_day(day_text)
    if day is None:
        return None
    if not time_text:
        return datetime(day.year, day.month, day.day)
    at = parse_time(time_text)
    return datetime.combine(day, at) if at else None


# --- what people read -----------------------------------------------------------------------


def day_for_people(value: str) -> str:
    """A stored day shown the UK way; anything else shown as it is."""
    day = parse_day(value)
    return uk(day) if day else value


def moment_for_people(value: str) -> str:
    """``14/03/2026 18:30`` or ``14/03/2026``; what cannot be understood is shown as it is."""
    day_text, time_text = split_moment(value)
    day = parse_day(day_text)
    if day is None:
        return value
    at = parse_time(time_text) if time_text else None
    if time_text and at is None:
        return value
    return f"{uk(day)} {at:%H:%M}" if at else uk(day)


def timestamp_for_people(stamp: str, *, utc: bool = False) -> str:
    """A UTC timestamp (``2026-03-14T18:30:05Z``) in UK order, in this computer's local time
    unless ``utc``."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC) if utc else moment.astimezone()
    return f"{uk(moment.date())} {moment:%H:%M:%S}"


def local_day(stamp: str) -> date | None:
    """The local day of a stored UTC time (``2026-03-14T18:30:00Z``); None if it is not one."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone().date()
