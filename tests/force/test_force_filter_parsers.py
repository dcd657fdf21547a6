"""The filters and search words of ``intake-force list|search|export``, as typed: anything at all
is either understood or refused with a plain message, never a crash; what is typed reaches the
database only as values, never in the SQL text; a search finds the words of any text in that
text, whatever its case or accents."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from intake_app.force import finding
from intake_app.force.finding import Filters
from intake_app.support.errors import IntakeError

typed = st.one_of(st.none(), st.text(max_size=30))


@example(None, None, None, "1", None)  # a word that is also in the SQL itself ("SELECT 1")
@given(typed, typed, typed, typed, typed)
def test_any_filters_typed_are_understood_or_refused_plainly(
    centre: str | None, since: str | None, until: str | None, strand: str | None, status: str | None
) -> None:
    try:
        chosen = finding.filters(centre, since, until, strand, status)
    except IntakeError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    sql, values = chosen.sql()
    assert sql.count("?") == len(values)
    # What was typed never reaches the SQL text: other words in the same filters give the same.
    other = {name: "zz-other" for name in ("centre", "strand", "status") if getattr(chosen, name)}
    assert dataclasses.replace(chosen, **other).sql()[0] == sql
    if chosen.since and chosen.until:
        assert chosen.since <= chosen.until


@given(st.dates(min_value=date(1000, 1, 1)), st.dates(min_value=date(1000, 1, 1)))
def test_days_written_yyyy_mm_dd_are_read_back(first: date, second: date) -> None:
    since, until = sorted((first, second))
    chosen = finding.filters(None, since.isoformat(), until.isoformat(), None, None)
    assert (chosen.since, chosen.until) == (since, until)


@pytest.mark.parametrize("text", ["2026-02-30", "26-11-01", "2026-1-1", "2026-11-01x", "", " "])
def test_a_day_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(IntakeError, match="YYYY-MM-DD"):
        finding.day(text)


def test_the_first_day_after_the_last_is_refused() -> None:
    with pytest.raises(IntakeError, match="comes after"):
        finding.filters(None, "2026-11-02", "2026-11-01", None, None)


def test_codes_are_read_in_either_case() -> None:
    assert finding.filters(" riva ", None, None, "RACE", "erased") == Filters(
        centre="RIVA", strand="race", status="erased"
    )


@example("𝘈")  # a compatibility form that decomposes to a capital
@given(st.text(max_size=200))
def test_search_words_are_folded_or_refused(text: str) -> None:
    try:
        words = finding.search_words(text)
    except IntakeError:
        return
    assert 1 <= len(words) <= finding.MAX_WORDS and len(set(words)) == len(words)
    for word in words:
        assert finding.fold(word) == word


def _accent(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(c + "\u0301" if c.isalpha() else c for c in text))


letters = st.characters(codec="utf-8", categories=("L", "N", "Zs", "P"))


@given(st.text(alphabet=letters, min_size=1, max_size=80))
def test_a_text_is_found_by_its_own_words_in_any_case_with_or_without_accents(text: str) -> None:
    try:
        words = finding.search_words(text)
    except IntakeError:
        return
    upper = text.upper()
    same_letters = finding.fold(upper) == finding.fold(text)  # not so for a dotless i, say
    for written in (text, _accent(text), *([upper] if same_letters else [])):
        assert finding.matches([written], words) is not None


@given(st.text(max_size=120), st.text(min_size=1, max_size=10))
def test_a_snippet_is_a_piece_of_the_text_around_the_word(before: str, word: str) -> None:
    text = before + " " + word
    try:
        words = finding.search_words(word)
    except IntakeError:
        return
    snippet = finding.matches([text], words[:1])
    assert snippet is not None
    assert " ".join(snippet.strip("…").split()) in " ".join(text.split())
