"""A report's timeline, from the centre's own records and the force's updates: taken, ready,
sent in batch N, received (the force's receipt), recorded as, crime reference, first contact by
an officer, outcome, closed; and whether the force kept each of its promises for it
(``domain.case_promises``). Qt-free: the report's view, ``intake report show`` and the list of
broken promises all read it from here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from intake_app.domain.case_promises import (
    BROKEN,
    DUE,
    FIRST_CONTACT,
    KEPT,
    CaseFacts,
    PromiseStatus,
    ServicePromises,
    judge,
)
from intake_app.domain.dates import day_for_people
from intake_app.services.context import ServiceContext
from intake_app.support.i18n import _, ngettext, pgettext

TAKEN, READY, SENT, RECEIVED, RETURNED = "taken", "ready", "sent", "received", "returned"
RECORDED, CRIME_REFERENCE, CONTACTED, OUTCOME, CLOSED = (
    "recorded", "crime_reference", "contacted", "outcome", "closed")  # fmt: skip


@dataclass(frozen=True)
class TimelineEvent:
    kind: str
    day: str  # YYYY-MM-DD
    value: str = ""  # the batch's number, how it was recorded, the crime reference, the outcome

    def to_json(self) -> dict[str, str]:
        return {"event": self.kind, "day": self.day, "value": self.value}


@dataclass(frozen=True)
class CaseTimeline:
    report_id: str
    reference: str
    events: list[TimelineEvent] = field(default_factory=list)
    promises: list[PromiseStatus] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "events": [e.to_json() for e in self.events],
            "promises": [p.to_json() for p in self.promises],
        }


def recorded_as_text(code: str) -> str:
    words = {
        "crime": pgettext("recorded as", "a crime"),
        "incident": pgettext("recorded as", "a non-crime incident"),
        "no-record": pgettext("recorded as", "not recorded"),
        "referred-elsewhere": pgettext("recorded as", "referred to another agency"),
    }
    return words.get(code, code)


def event_text(event: TimelineEvent) -> str:
    """The event as a line a person reads (the day is shown beside it, not in it)."""
    value = event.value
    if event.kind == SENT:
        # Translators: {number} is the batch's number.
        return _("Sent to the police in batch {number}").format(number=value)
    texts = {
        TAKEN: _("Taken"),
        READY: _("Marked ready"),
        RECEIVED: _("Received by the police (receipt)"),
        RETURNED: _("Returned by the police (receipt)"),
        # Translators: {value} is how the police recorded it, such as "a crime".
        RECORDED: _("Recorded as {value}").format(value=recorded_as_text(value)),
        # Translators: {value} is the police's crime or incident reference.
        CRIME_REFERENCE: _("Crime reference {value}").format(value=value),
        CONTACTED: _("First contact by an officer"),
        # Translators: {value} is the outcome, as the police wrote it.
        OUTCOME: _("Outcome: {value}").format(value=value),
        CLOSED: _("Closed"),
    }
    return texts.get(event.kind, event.kind)


def promise_text(status: PromiseStatus, day: Callable[[date], str] | None = None) -> str:
    """One promise and whether it was kept, as a sentence; ``day`` writes its deadline (the
    day for people, unless given: the scrutiny pack gives the month only)."""
    if status.promise == FIRST_CONTACT:
        what = (
            # Translators: a promise the police make; {count} is a number of working days.
            ngettext(
                "First contact within {count} working day (enhanced rights)",
                "First contact within {count} working days (enhanced rights)",
                status.days,
            )
            if status.enhanced
            else ngettext(
                "First contact within {count} working day",
                "First contact within {count} working days",
                status.days,
            )
        )
    else:
        what = ngettext(
            # Translators: a promise the police make; {count} is a number of days.
            "An update at least every {count} day",
            "An update at least every {count} days",
            status.days,
        )
    state = {
        # Translators: {day} is a date.
        KEPT: _("kept"),
        DUE: _("due by {day}"),
        BROKEN: _("broken (was due by {day})"),
    }[status.state].format(day=day(status.by) if day else day_for_people(status.by.isoformat()))
    # Translators: {promise} is a promise, {state} "kept", "due by …" or "broken (…)".
    return _("{promise}: {state}").format(promise=what.format(count=status.days), state=state)


class CaseTimelines:
    def __init__(
        self, context: ServiceContext, promises: Callable[[], ServicePromises | None]
    ) -> None:
        self.context = context
        self._promises = promises  # the imported force profile's, read when needed

    def for_report(self, report_id: str, today: date | None = None) -> CaseTimeline:
        db = self.context.db
        row = db.one("SELECT reference, data FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise LookupError(report_id)
        copied = db.scalar("SELECT timeline FROM case_copies WHERE report_id = ?", (report_id,))
        if copied is not None:  # a caseworker's casebook: as the centre's store had it
            events, facts = timeline_from_json(str(copied))
        else:
            events, facts = self.gather(report_id)
        today = today or self.context.local_now().date()
        promises = self._promises()
        judged = []
        if promises:
            facts = replace(facts, enhanced_rights=_enhanced_rights(str(row[1])))
            judged = judge(promises, facts, today)
        return CaseTimeline(report_id, str(row[0]), events, judged)

    def gather(self, report_id: str) -> tuple[list[TimelineEvent], CaseFacts]:
        """The report's events and the facts its promises are judged on, from the centre's
        records (its audit log, batches and receipts) and the force's updates."""
        db = self.context.db
        created = db.scalar("SELECT created_at FROM reports WHERE id = ?", (report_id,))
        events = [TimelineEvent(TAKEN, str(created)[:10])]
        ready = db.scalar(
            "SELECT max(at) FROM audit_log WHERE action = 'report.ready' AND target = ?",
            (report_id,),
        )
        if ready:
            events.append(TimelineEvent(READY, str(ready)[:10]))
        received: date | None = None
        for sequence, created, outcome, acknowledged, at in db.all(
            "SELECT b.sequence, b.created_at, m.outcome, b.acknowledged_at, b.received_at "
            "FROM batch_members m JOIN batches b ON b.id = m.batch_id "
            "WHERE m.report_id = ? ORDER BY b.sequence",
            (report_id,),
        ):
            events.append(TimelineEvent(SENT, str(created)[:10], str(sequence)))
            if acknowledged:
                day = str(at or acknowledged)[:10]
                events.append(TimelineEvent(RECEIVED if outcome == "accepted" else RETURNED, day))
                if outcome == "accepted" and received is None:
                    received = date.fromisoformat(day)
        days, contacted, closed = self._updates(report_id, events)
        return events, CaseFacts(received, days, contacted, closed)

    def snapshot(self, report_id: str) -> str:
        """The timeline's events and facts as JSON, for a copy of the case in a casebook."""
        events, facts = self.gather(report_id)
        return timeline_to_json(events, facts)

    def _updates(
        self, report_id: str, events: list[TimelineEvent]
    ) -> tuple[list[date], date | None, date | None]:
        """The force's updates as events; their days, first contact and closure."""
        last: dict[str, str] = {}
        days: list[date] = []
        contacted: date | None = None
        closed: date | None = None
        for day, reference, recorded, contact, outcome, is_closed in self.context.db.all(
            "SELECT updated_on, crime_reference, recorded_as, contacted_on, outcome, closed "
            "FROM case_updates WHERE report_id = ? ORDER BY updated_on, id",
            (report_id,),
        ):
            days.append(date.fromisoformat(day))
            for kind, value in ((RECORDED, recorded), (CRIME_REFERENCE, reference)):
                if value and last.get(kind) != value:
                    events.append(TimelineEvent(kind, day, value))
                    last[kind] = value
            if contact and contacted is None:
                contacted = date.fromisoformat(contact)
                events.append(TimelineEvent(CONTACTED, contact))
            if outcome and last.get(OUTCOME) != outcome:
                events.append(TimelineEvent(OUTCOME, day, outcome))
                last[OUTCOME] = outcome
            if is_closed and closed is None:
                closed = date.fromisoformat(day)
                events.append(TimelineEvent(CLOSED, day))
        events.sort(key=lambda e: e.day)  # stable: same-day events keep their order
        return days, contacted, closed

    def broken(self, today: date | None = None) -> list[tuple[str, PromiseStatus]]:
        """(reference, promise) for every promise broken, for reports the force received."""
        if not self._promises():
            return []
        found = []
        for report_id, _reference in self.context.db.all(
            "SELECT DISTINCT r.id, r.reference FROM reports r "
            "JOIN batch_members m ON m.report_id = r.id WHERE m.outcome = 'accepted' "
            "ORDER BY r.reference"
        ):
            timeline = self.for_report(str(report_id), today)
            found += [(timeline.reference, p) for p in timeline.promises if p.state == BROKEN]
        return found


def _enhanced_rights(data: str) -> bool:
    try:
        document = json.loads(data)
    except ValueError:
        return False
    return isinstance(document, dict) and bool(
        document.get("under_18") or document.get("adult_at_risk")
    )


def timeline_to_json(events: list[TimelineEvent], facts: CaseFacts) -> str:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return json.dumps(
        {
            "events": [e.to_json() for e in events],
            "received_on": day(facts.received_on),
            "update_days": sorted(d.isoformat() for d in facts.update_days),
            "contacted_on": day(facts.contacted_on),
            "closed_on": day(facts.closed_on),
        },
        sort_keys=True,
    )


def timeline_from_json(text: str) -> tuple[list[TimelineEvent], CaseFacts]:
    """A copied timeline back; what is not a well-formed day or event is left out."""

    def day(value: object) -> date | None:
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    try:
        document = json.loads(text)
    except ValueError:
        document = {}
    if not isinstance(document, dict):
        document = {}
    events = [
        TimelineEvent(str(e["event"]), str(e["day"]), str(e.get("value", "")))
        for e in _listed(document.get("events"))
        if isinstance(e, dict) and "event" in e and day(e.get("day")) is not None
    ]
    update_days = [d for d in map(day, _listed(document.get("update_days"))) if d is not None]
    facts = CaseFacts(
        day(document.get("received_on")),
        update_days,
        day(document.get("contacted_on")),
        day(document.get("closed_on")),
    )
    return events, facts


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []
