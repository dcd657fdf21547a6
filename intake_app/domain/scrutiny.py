"""The scrutiny panel's case pack: what a panel reviewing closed cases may see of one, and the
questions it answers about each.

A commissioner's scrutiny panel reviews a few closed cases a quarter against set questions. It
must not learn who the person is: the pack leaves out names, addresses, contact details and
anything else a report passed on "without identifying details" leaves out, gives dates no finer
than the month, and prints the person's own words only as a volunteer checked them for names
(the police copy's check, ``police_copy.py``) — unchecked words are left out, and the pack says
so. The centre keeps its own list of questions; these are where a centre starts.
"""

from __future__ import annotations

from intake_app.support.i18n import N_

MAX_QUESTIONS = 30
MAX_QUESTION_LENGTH = 300

DEFAULT_QUESTIONS = (
    N_("Was it recorded as it should have been (a crime or an incident, and the strands)?"),
    N_("Was the person contacted within the time the force promises?"),
    N_("Were the person's needs met (an interpreter, access, enhanced rights)?"),
    N_("Was the person referred to support, as they asked?"),
    N_("Was the person kept informed, and told the outcome?"),
    N_("Was the outcome reasonable, and was it explained?"),
    N_("What could have been done better, and by whom?"),
)


def month_of(moment: str) -> str:
    """``2026-03`` of ``2026-03-14T18:30`` (or of a UTC timestamp): no finer than the month."""
    head = moment.strip()[:7]
    return head if len(head) == 7 and head[4] == "-" and head.replace("-", "").isdigit() else ""
