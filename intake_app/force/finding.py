"""Finding the reports the force received, for its staff: filters over the fields kept in clear
(centre, the day received, strand, status), newest first, a page at a time; and a search of the
words in the reports themselves, which opens only the documents the filters left, a bounded
number of them, in memory.

Nothing here writes: a reader's database role does all of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from intake_app.force import schema
from intake_app.force.backend import ForceDatabase
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import quoted

STATUSES = (schema.RECEIVED, schema.AMENDED, schema.ERASED)
MAX_WORDS = 12  # words searched for
MAX_OPENED = 5000  # documents a search opens, unless told otherwise
CENTRE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_WORD = re.compile(r"\w+", re.UNICODE)
_CHUNK = 200


@dataclass(frozen=True)
class Filters:
    """What narrows a list, a search or an export; every part optional. ``since`` and ``until``
    are days the force received the report (UTC), both included."""

    centre: str | None = None
    since: date | None = None
    until: date | None = None
    strand: str | None = None
    status: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE clause (starting `` WHERE`` or empty) and its values: placeholders only."""
        parts: list[str] = []
        values: list[Any] = []
        if self.centre:
            parts.append("centre_code = ?")
            values.append(self.centre)
        if self.since:
            parts.append("received_at >= ?")
            values.append(self.since.isoformat())
        if self.until:
            parts.append("received_at < ?")
            values.append((self.until + timedelta(days=1)).isoformat())
        if self.strand:
            parts.append(
                "EXISTS (SELECT 1 FROM report_strands s WHERE s.report_id = reports.id "
                "AND s.strand = ?)"
            )
            values.append(self.strand)
        if self.status:
            parts.append("status = ?")
            values.append(self.status)
        return (" WHERE " + " AND ".join(parts) if parts else ""), values


def centre_code(text: str) -> str:
    code = text.strip().upper()
    if not CENTRE.fullmatch(code):
        raise IntakeError(
            # Translators: {code} is what was typed.
            _("{code} is not a centre's code (such as RIVA: 2 to 8 letters and digits).").format(
                code=quoted(text)
            )
        )
    return code


def day(text: str) -> date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise IntakeError(
            _("A day is written YYYY-MM-DD, such as 2026-11-20, and must be a real day.")
        ) from None


def strand_code(text: str) -> str:
    code = text.strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", code):
        raise IntakeError(
            _(
                "A strand is given by its code, such as race or disability (see docs/force-export.md)."
            )
        )
    return code


def filters(
    centre: str | None, since: str | None, until: str | None, strand: str | None, status: str | None
) -> Filters:
    """The filters as typed, checked; IntakeError says what is wrong."""
    chosen = Filters(
        centre_code(centre) if centre else None,
        day(since) if since else None,
        day(until) if until else None,
        strand_code(strand) if strand else None,
        status or None,
    )
    if chosen.status is not None and chosen.status not in STATUSES:
        raise IntakeError(
            # Translators: {choices} lists the words, kept in English.
            _("The status is one of: {choices}.").format(choices=", ".join(STATUSES))
        )
    if chosen.since and chosen.until and chosen.since > chosen.until:
        raise IntakeError(_("The first day (--from) comes after the last (--to)."))
    return chosen


@dataclass(frozen=True)
class Received:
    """A report as its clear fields tell it: nothing here was decrypted."""

    report_id: str
    reference: str
    centre: str
    batch_id: str
    received_at: str
    created_on: str | None
    incident_on: str | None
    consent: str | None
    identifying: bool
    status: str
    strands: tuple[str, ...]


_COLUMNS = (
    "id, reference, centre_code, batch_id, received_at, created_on, incident_on, consent, "
    "identifying, status"
)
_NEWEST = " ORDER BY received_at DESC, reference DESC, id DESC"  # one order, page after page


def count(db: ForceDatabase, chosen: Filters) -> int:
    where, values = chosen.sql()
    return int(db.scalar("SELECT count(*) FROM reports" + where, values))  # noqa: S608 - placeholders


def page(db: ForceDatabase, chosen: Filters, limit: int, offset: int = 0) -> list[Received]:
    """Newest first (by when the force received them), ``limit`` from ``offset``."""
    where, values = chosen.sql()
    rows = db.all(
        f"SELECT {_COLUMNS} FROM reports{where}{_NEWEST} LIMIT ? OFFSET ?",  # noqa: S608
        [*values, limit, offset],
    )
    return _with_strands(db, rows)


def every(db: ForceDatabase, chosen: Filters) -> Iterator[Received]:
    """Every report the filters leave, newest first, read a few hundred at a time."""
    offset = 0
    while True:
        found = page(db, chosen, _CHUNK, offset)
        yield from found
        if len(found) < _CHUNK:
            return
        offset += _CHUNK


def by_reference(db: ForceDatabase, reference: str) -> Received | None:
    rows = db.all(f"SELECT {_COLUMNS} FROM reports WHERE reference = ?", (reference,))  # noqa: S608
    found = _with_strands(db, rows)
    return found[0] if found else None


def _with_strands(db: ForceDatabase, rows: Sequence[Sequence[Any]]) -> list[Received]:
    ids = [str(r[0]) for r in rows]
    strands: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        marks = ", ".join("?" * len(ids))
        for report_id, strand in db.all(
            f"SELECT report_id, strand FROM report_strands WHERE report_id IN ({marks}) "  # noqa: S608
            "ORDER BY strand",
            ids,
        ):
            strands[str(report_id)].append(str(strand))
    return [
        Received(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5], r[6], r[7],
                 bool(r[8]), str(r[9]), tuple(strands[str(r[0])]))
        for r in rows
    ]  # fmt: skip


# --- the words of a search --------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, without accents, compatibility forms plain (𝘈 is a): what a search compares.
    Folding again changes nothing (a compatibility form may decompose to a capital, so this
    repeats until it holds still)."""
    for _round in range(4):
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if folded == text:
            break
        text = folded
    return text


def search_words(text: str) -> tuple[str, ...]:
    """The words searched for, folded, each once, in the order typed; IntakeError when there
    is none or too many."""
    found: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word not in found:
            found.append(word)
    if not found:
        raise IntakeError(_("Give at least one word to search for."))
    if len(found) > MAX_WORDS:
        raise IntakeError(_("Search for at most {count} words at once.").format(count=MAX_WORDS))
    return tuple(found)


def texts_of(document: dict[str, Any]) -> list[str]:
    """The text a search reads in a report: its reference and every answer written as text."""
    found = [str(document.get("reference", ""))]

    def walk(value: object) -> None:
        if isinstance(value, str):
            if value.strip():
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document.get("report"))
    return found


def _folded_with_places(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the place in ``text`` it came from."""
    out: list[str] = []
    places: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        places.extend([i] * len(f))
    return "".join(out), places


def matches(texts: Sequence[str], words: Sequence[str], around: int = 30) -> str | None:
    """A short piece of the text around the first word, when every word appears somewhere in
    the texts at the start of a word ("follow" finds "followed", "bus" not "abuse"); else
    None."""
    folded = [_folded_with_places(t) for t in texts]
    starts = [re.compile(r"(?<!\w)" + re.escape(w)) for w in words]
    if not all(any(s.search(f) for f, _p in folded) for s in starts):
        return None
    for text, (f, places) in zip(texts, folded, strict=True):
        hit = starts[0].search(f)
        if hit is None:
            continue
        at = hit.start()
        start = places[at]
        end = places[min(at + len(words[0]), len(places)) - 1] + 1
        begin, finish = max(0, start - around), min(len(text), end + around)
        piece = " ".join(text[begin:finish].split())
        return ("…" if begin > 0 else "") + piece + ("…" if finish < len(text) else "")
    return ""


@dataclass(frozen=True)
class Found:
    report: Received
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    found: list[Found]
    opened: int  # documents opened
    stopped: str | None  # "matches" (as many as asked for) or "opened" (MAX_OPENED reached)


def search(
    db: ForceDatabase,
    open_report: Callable[[str], dict[str, Any] | None],
    words: Sequence[str],
    chosen: Filters,
    *,
    limit: int,
    max_opened: int = MAX_OPENED,
) -> SearchResult:
    """The reports the filters leave, newest first, opened one at a time (in memory only) and
    kept when every word is in them; stopping at ``limit`` matches or ``max_opened`` opened."""
    found: list[Found] = []
    opened = 0
    for received in every(db, chosen):
        if received.status == schema.ERASED:
            continue  # nothing is left to read
        if opened >= max_opened:
            return SearchResult(found, opened, "opened")
        document = open_report(received.report_id)
        opened += 1
        if document is None:
            continue
        snippet = matches(texts_of(document), words)
        if snippet is not None:
            found.append(Found(received, snippet))
            if len(found) >= limit:
                return SearchResult(found, opened, "matches")
    return SearchResult(found, opened, None)
