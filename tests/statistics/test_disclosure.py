"""Small-cell and secondary suppression: nothing hidden can be worked out from what is shown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.statistics.disclosure import THRESHOLD, Hidden, Shown, protect


def possible_values(cells: tuple[Shown, ...], total: int, exact: bool) -> list[set[int]]:
    """For each hidden cell, every value consistent with what is shown, found by listing the
    sums the other hidden cells can make (a reader who knows the rules could do the same)."""
    shown = sum(c for c in cells if isinstance(c, int))
    options = {
        i: range(1, THRESHOLD) if c is Hidden.SMALL else range(THRESHOLD, total + 1)
        for i, c in enumerate(cells)
        if isinstance(c, Hidden)
    }
    found: list[set[int]] = []
    for i in options:
        sums = {0}
        for j, values in options.items():
            if j != i:
                sums = {s + v for s in sums for v in values if s + v <= total}
        fits = set()
        for value in options[i]:
            needed = total - shown - value
            if (needed in sums) if exact else any(s >= needed for s in sums):
                fits.add(value)
        found.append(fits)
    return found


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[int], int, bool]:
    counts = draw(st.lists(st.integers(0, 30), min_size=1, max_size=7))
    exact = draw(st.booleans())
    if exact or sum(counts) == 0:
        return counts, sum(counts), True
    # Several values per report: every report has at least one, so max ≤ total ≤ sum.
    return counts, draw(st.integers(max(counts), sum(counts))), False


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_worked_out_from_the_totals(
    table: tuple[list[int], int, bool],
) -> None:
    counts, total, exact = table
    safe = protect(counts, total, exact=exact)
    if safe.withheld:
        assert all(isinstance(c, Hidden) for c in safe.cells)
        return
    for fits, cell, true in zip(
        possible_values(safe.cells, total, exact),
        [c for c in safe.cells if isinstance(c, Hidden)],
        [n for n, c in zip(counts, safe.cells, strict=True) if isinstance(c, Hidden)],
        strict=True,
    ):
        assert true in fits, (cell, true, fits)
        assert len(fits) >= 2, (counts, total, safe.cells)


@settings(max_examples=400, deadline=None)
@given(tables())
def test_what_is_shown_agrees_with_the_raw_counts(table: tuple[list[int], int, bool]) -> None:
    counts, total, exact = table
    safe = protect(counts, total, exact=exact)
    assert safe.total == (total if total >= THRESHOLD or total == 0 else Hidden.SMALL)
    for count, cell in zip(counts, safe.cells, strict=True):
        if isinstance(cell, int):
            assert cell == count
            assert cell == 0 or cell >= THRESHOLD
        elif cell is Hidden.SMALL:
            assert 0 < count < THRESHOLD or safe.withheld
        else:
            assert count >= THRESHOLD or safe.withheld
    if exact and all(isinstance(c, int) for c in safe.cells) and isinstance(safe.total, int):
        assert sum(c for c in safe.cells if isinstance(c, int)) == safe.total


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    safe = protect([3, 7, 20], 30, exact=True)
    assert safe.cells == (Hidden.SMALL, Hidden.SECONDARY, 20)


def test_a_table_that_cannot_be_protected_is_withheld() -> None:
    # Six reports, one of one kind and five of the other: hiding both still gives 1 and 5 away.
    assert protect([1, 5], 6, exact=True).withheld
    assert protect([2, 4], 6, exact=True).cells == (Hidden.SMALL, Hidden.SMALL)
    assert protect([3], 3, exact=True).total is Hidden.SMALL


# Repeat victimisation: each report is linked to an earlier one of the same person, of the same
# offender, both, or neither.
REPEAT_KINDS = st.sampled_from([(), ("same_person",), ("same_offender",),
                                ("same_person", "same_offender")])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(REPEAT_KINDS, max_size=40), st.lists(REPEAT_KINDS, max_size=40))
def test_the_repeat_victimisation_table_gives_no_small_count_away(
    now_reports: list[tuple[str, ...]], before_reports: list[tuple[str, ...]]
) -> None:
    from intake_app.statistics.figures import Counts, repeat_table

    def counts(reports: list[tuple[str, ...]]) -> Counts:
        found: Counts = {}
        for kinds in reports:
            for value in kinds or ("none",):
                found[("repeat", value)] = found.get(("repeat", value), 0) + 1
        return found

    table = repeat_table(counts(now_reports), counts(before_reports),
                         len(now_reports), len(before_reports))  # fmt: skip
    assert not table.exact  # a report can be both: the rows add up to at least the total
    for reports, values, total in (
        (now_reports, [r.count for r in table.rows], table.total),
        (before_reports, [r.previous for r in table.rows], table.previous_total),
    ):
        assert total == len(reports)
        assert sum(values) >= total and (not values or max(values) <= total)
        safe = protect(values, total, exact=False)
        if safe.withheld:
            assert all(isinstance(c, Hidden) for c in safe.cells)
            continue
        hidden = [n for n, c in zip(values, safe.cells, strict=True) if isinstance(c, Hidden)]
        for fits, true in zip(possible_values(safe.cells, total, False), hidden, strict=True):
            assert true in fits and len(fits) >= 2, (values, total, safe.cells)
        for value, cell in zip(values, safe.cells, strict=True):
            assert cell == value or isinstance(cell, Hidden)
            assert not isinstance(cell, int) or cell == 0 or cell >= THRESHOLD
