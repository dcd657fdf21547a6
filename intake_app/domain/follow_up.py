"""What a centre does for the person after the hand-off: a contact, a referral or a note, each
with an optional next action and the date it is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from intake_app.domain.text_rules import MEDIUM, SHORT, text_problem
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

CONTACT = "contact"
REFERRAL = "referral"
NOTE = "note"
KINDS = (CONTACT, REFERRAL, NOTE)

KIND_WORDS = {
    # Translators: a kind of follow-up: a call, visit or message to the person.
    CONTACT: N_("Contact"),
    # Translators: a kind of follow-up: the person was referred to another service.
    REFERRAL: N_("Referral"),
    # Translators: a kind of follow-up: a note about the case.
    NOTE: N_("Note"),
}

METHOD_WORDS = {
    # Translators: how the centre contacted the person: a telephone call.
    "call": N_("Call"),
    # Translators: how the centre contacted the person: a visit in person.
    "visit": N_("Visit"),
    # Translators: how the centre contacted the person: a text, email or letter.
    "message": N_("Message"),
}
METHODS = tuple(METHOD_WORDS)

REFERRAL_WORDS = {
    # Translators: where a referral stands: support was offered to the person.
    "offered": N_("Offered"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    # Translators: where a referral stands: the referral has been made to the service.
    "made": N_("Referral made"),
    "support_received": N_("Support received"),
}
REFERRAL_STATES = tuple(REFERRAL_WORDS)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class FollowUpProblem(IntakeError):
    """A follow-up that cannot be kept as typed: the message says why."""


def parse_due(text: str) -> date:
    """A due date typed as YYYY-MM-DD; anything else is refused with the reason."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        raise FollowUpProblem(_("Write the due date as year-month-day, such as 2026-12-01."))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise FollowUpProblem(
            _("That due date is not a real date. Check the day and month.")
        ) from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise FollowUpProblem(
            _("A due date must be between {first} and {last}.").format(
                first=EARLIEST_YEAR, last=LATEST_YEAR
            )
        )
    return day


@dataclass(frozen=True)
class FollowUpEntry:
    """What a person typed for one follow-up, before it is checked."""

    kind: str
    text: str = ""  # how it went, the note, or what the referral is for
    method: str = ""  # a contact's: call, visit or message
    agency: str = ""  # a referral's: to whom
    referral_state: str = ""  # a referral's: offered … support received
    next_action: str = ""
    due_on: date | None = None

    def details(self) -> dict[str, str]:
        """The parts kept in the store's ``details`` column."""
        found = {"text": self.text}
        if self.kind == CONTACT:
            found["method"] = self.method
        if self.kind == REFERRAL:
            found["agency"] = self.agency
            found["referral_state"] = self.referral_state
        return found


def _check_text(value: str, limit: int, what: str) -> None:
    problem = text_problem(value, limit, multiline=limit > SHORT)
    if problem:
        raise FollowUpProblem(f"{what}: {problem}")


def check_entry(entry: FollowUpEntry) -> FollowUpEntry:
    """The entry with its text trimmed, or a FollowUpProblem saying what is wrong."""
    if entry.kind not in KINDS:
        raise FollowUpProblem(_("A follow-up is a contact, a referral or a note."))
    text = entry.text.strip()
    next_action = entry.next_action.strip()
    agency = entry.agency.strip()
    _check_text(text, MEDIUM, _("What happened"))
    _check_text(next_action, SHORT, _("Next action"))
    _check_text(agency, SHORT, _("Referred to"))
    if entry.kind == NOTE and not text:
        raise FollowUpProblem(_("Write the note."))
    if entry.kind == CONTACT and entry.method not in METHODS:
        raise FollowUpProblem(_("Say how the person was contacted: a call, a visit or a message."))
    if entry.kind == REFERRAL:
        if not agency:
            raise FollowUpProblem(_("Say who the person was referred to."))
        if entry.referral_state not in REFERRAL_STATES:
            raise FollowUpProblem(
                _(
                    "Say where the referral stands: offered, accepted, declined, made, "
                    "or support received."
                )
            )
    if next_action and entry.due_on is None:
        raise FollowUpProblem(_("Give the next action a due date."))
    if entry.due_on is not None and not EARLIEST_YEAR <= entry.due_on.year <= LATEST_YEAR:
        raise FollowUpProblem(
            _("A due date must be between {first} and {last}.").format(
                first=EARLIEST_YEAR, last=LATEST_YEAR
            )
        )
    return FollowUpEntry(
        kind=entry.kind,
        text=text,
        method=entry.method if entry.kind == CONTACT else "",
        agency=agency if entry.kind == REFERRAL else "",
        referral_state=entry.referral_state if entry.kind == REFERRAL else "",
        next_action=next_action,
        due_on=entry.due_on,
    )


@dataclass(frozen=True)
class FollowUp:
    """One follow-up as kept."""

    id: str
    report_id: str
    reference: str
    kind: str
    created_at: str
    created_by: str
    text: str
    method: str
    agency: str
    referral_state: str
    next_action: str
    due_on: date | None
    done_at: str = ""  # when the next action was marked done (a UTC timestamp), or ""

    def summary(self) -> str:
        """One line for a list: the kind and what was done."""
        kind = _(KIND_WORDS[self.kind])
        if self.kind == CONTACT:
            kind = f"{kind} ({_(METHOD_WORDS.get(self.method, self.method))})"
        if self.kind == REFERRAL:
            state = _(REFERRAL_WORDS.get(self.referral_state, self.referral_state))
            kind = f"{kind}: {self.agency} ({state})"
        return f"{kind}: {self.text}" if self.text else kind

    def due_text(self) -> str:
        """What is due: the next action, or the follow-up itself when none was written."""
        return self.next_action or self.text or self.summary()
