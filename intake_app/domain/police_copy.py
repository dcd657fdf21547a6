"""The copy of a report the police get when the person agreed to pass it on without identifying
details, as far as its free text goes.

The person's own words (why they think it happened, what happened, the exact words the
offender used) can name someone even with
every name field empty: "my neighbour at number 14", a son's name, the shop they run. So before
such a report is ready, the volunteer reads exactly the text the police will get, marks any
words to take out (each becomes ``[removed]`` in the police copy only; the centre keeps the
original), and confirms it names nobody. The confirmation holds for that text: change the text
or the words taken out, and it must be given again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from intake_app.domain.report import PoliceCopy, Report

FREE_TEXT = (
    "perception",
    "description",
    "exact_words",
)  # the answers passed on in the person's words
REMOVED = "[removed]"  # what stands in the police copy for words taken out (not translated:
# the police read it)
WITHOUT_DETAILS = "police_without_details"


def needs_checking(report: Report) -> bool:
    """Whether a volunteer must read the police copy's free text before the report is ready."""
    return report.consent == WITHOUT_DETAILS and any(
        getattr(report, name).strip() for name in FREE_TEXT
    )


def police_text(report: Report) -> dict[str, str]:
    """Each free-text answer as the police get it: the words taken out, in the order they were
    taken, each occurrence replaced by ``[removed]``."""
    texts = {name: getattr(report, name) for name in FREE_TEXT}
    for phrase in report.police_copy.removed:
        if phrase.strip():
            texts = {name: text.replace(phrase, REMOVED) for name, text in texts.items()}
    return texts


def fingerprint(report: Report) -> str:
    """What the confirmation is given for: the police copy's text, exactly. The exact words
    joined the free text later: without them the fingerprint is what it was before, so a
    confirmation given then still holds."""
    texts = police_text(report)
    names = FREE_TEXT if texts["exact_words"] else FREE_TEXT[:2]
    joined = "\x00".join(texts[name] for name in names)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def is_checked(report: Report) -> bool:
    return report.police_copy.checked == fingerprint(report)


def confirmed(report: Report) -> PoliceCopy:
    """The note once the volunteer has read the police copy and found it names nobody."""
    return replace(report.police_copy, checked=fingerprint(report))


def unconfirmed(report: Report) -> PoliceCopy:
    return replace(report.police_copy, checked="")


def removing(report: Report, phrase: str) -> PoliceCopy:
    """The note with ``phrase`` (words as the police copy shows them now) taken out too. The
    confirmation lapses: the text has changed."""
    if not phrase.strip() or phrase.strip() == REMOVED:
        return report.police_copy
    return PoliceCopy([*report.police_copy.removed, phrase], "")


def putting_back(report: Report, phrase: str) -> PoliceCopy:
    kept = [p for p in report.police_copy.removed if p != phrase]
    return PoliceCopy(kept, "")


def for_police(report: Report) -> Report:
    """The report with its free text as the police copy has it, and without the centre's note."""
    texts = police_text(report)
    return replace(
        report,
        perception=texts["perception"],
        description=texts["description"],
        exact_words=texts["exact_words"],
        police_copy=PoliceCopy(),
    )
