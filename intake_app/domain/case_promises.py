"""The force's service promises, and whether each was kept for one report.

A force profile may promise: first contact by an officer within N working days of receiving a
report (fewer for a victim with enhanced rights: under 18, or an adult at risk); and an update
at least every N days until the case is closed. Working days are Monday to Friday, except the
bank holidays of England and Wales (from the ``holidays`` library, which knows the rules and the
one-off days, such as a coronation, and keeps them up to date).

Each promise is ``kept``, ``due`` (not yet met, time remains: ``by`` says until when) or
``broken``; none is judged before the force has received the report.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import holidays

KEPT, DUE, BROKEN = "kept", "due", "broken"
FIRST_CONTACT, UPDATES = "first_contact", "updates"
PROMISE_KEYS = ("first_contact_working_days", "enhanced_first_contact_working_days",
                "update_every_days")  # fmt: skip
MAX_DAYS = 365


@dataclass(frozen=True)
class ServicePromises:
    first_contact_working_days: int | None = None
    enhanced_first_contact_working_days: int | None = None
    update_every_days: int | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, k) is not None for k in PROMISE_KEYS)

    def to_json(self) -> dict[str, int]:
        return {k: v for k in PROMISE_KEYS if (v := getattr(self, k)) is not None}

    @classmethod
    def from_json(cls, value: object) -> ServicePromises | None:
        """None unless every key is known and every value a whole number of days, 1 to 365."""
        if not isinstance(value, dict) or not set(value) <= set(PROMISE_KEYS):
            return None
        if not all(type(v) is int and 1 <= v <= MAX_DAYS for v in value.values()):
            return None
        return cls(**value)


@dataclass(frozen=True)
class CaseFacts:
    """What the centre knows of one report's handling, for judging promises."""

    received_on: date | None  # the force's receipt; None: not received yet
    update_days: Sequence[date] = ()  # the days of the force's updates, in any order
    contacted_on: date | None = None
    closed_on: date | None = None
    enhanced_rights: bool = False


@dataclass(frozen=True)
class PromiseStatus:
    promise: str  # FIRST_CONTACT or UPDATES
    state: str  # KEPT, DUE or BROKEN
    by: date  # the deadline: when it was, or is, due
    days: int  # as promised (working days for first contact, days for updates)
    enhanced: bool = False  # first contact counted with the enhanced-rights promise

    def to_json(self) -> dict[str, Any]:
        return {"promise": self.promise, "state": self.state, "by": self.by.isoformat(),
                "days": self.days, "enhanced": self.enhanced}  # fmt: skip


@functools.cache
def _bank_holidays() -> holidays.HolidayBase:
    """England's bank holidays (Wales has the same); each year is worked out when first asked.
    Imported when first needed: the library takes a moment to load, which start-up need not
    wait for."""
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday, not a bank holiday) after ``start``."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def judge(promises: ServicePromises, facts: CaseFacts, today: date) -> list[PromiseStatus]:
    """Each promise the profile makes, judged for this report today."""
    if facts.received_on is None:
        return []
    found: list[PromiseStatus] = []
    enhanced = facts.enhanced_rights and promises.enhanced_first_contact_working_days is not None
    contact_days = (
        promises.enhanced_first_contact_working_days
        if enhanced
        else promises.first_contact_working_days
    )
    if contact_days is not None:
        by = add_working_days(facts.received_on, contact_days)
        if facts.contacted_on is not None:
            state = KEPT if facts.contacted_on <= by else BROKEN
        else:
            state = DUE if today <= by else BROKEN
        found.append(PromiseStatus(FIRST_CONTACT, state, by, contact_days, enhanced))
    every = promises.update_every_days
    if every is not None:
        found.append(_updates(facts, every, today))
    return found


def _updates(facts: CaseFacts, every: int, today: date) -> PromiseStatus:
    """Broken when any gap between the receipt, the updates and closure (or today, while the
    case is open) was longer than promised."""
    assert facts.received_on is not None
    end = facts.closed_on or today
    days = sorted(d for d in facts.update_days if facts.received_on <= d <= end)
    previous = facts.received_on
    for day in days:
        if (day - previous).days > every:
            return PromiseStatus(UPDATES, BROKEN, previous + timedelta(days=every), every)
        previous = day
    by = previous + timedelta(days=every)
    if facts.closed_on is not None:
        return PromiseStatus(UPDATES, KEPT, by, every)
    return PromiseStatus(UPDATES, DUE if today <= by else BROKEN, by, every)
