"""Statistical disclosure control for figures that leave the centre.

A count from 1 to 4 is hidden and shown as "<5" (primary suppression). A table's total is
published, so if the hidden cells could be worked out from it, more cells are hidden, smallest
first, and shown as "*" (secondary suppression). If even hiding every cell would let someone work
a cell out, the table is withheld. Zero is shown: it says nothing about a person.

The check assumes a reader who knows these rules: a "<5" cell is between 1 and 4, a "*" cell is
at least 5 and at most the total, and the cells either add up to the total exactly (one value per
report, such as consent) or to at least the total (several values per report, such as strands).
A hidden cell is safe when more than one value fits all of that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

THRESHOLD = 5


class Hidden(Enum):
    SMALL = "<5"
    SECONDARY = "*"


Shown = int | Hidden


@dataclass(frozen=True)
class Protected:
    """A table as it may be published. ``withheld`` means none of it (but the total) may be."""

    cells: tuple[Shown, ...]
    total: Shown
    withheld: bool = False


def _bounds(kind: Hidden, total: int) -> tuple[int, int]:
    return (1, THRESHOLD - 1) if kind is Hidden.SMALL else (THRESHOLD, total)


def feasible_range(
    cells: Sequence[Shown], total: int, index: int, *, exact: bool
) -> tuple[int, int]:
    """The smallest and largest value hidden cell ``index`` could have, given what is shown."""
    shown = sum(c for c in cells if isinstance(c, int))
    hidden = [(i, c) for i, c in enumerate(cells) if isinstance(c, Hidden)]
    kind = cells[index]
    assert isinstance(kind, Hidden)
    low, high = _bounds(kind, total)
    others = [_bounds(c, total) for i, c in hidden if i != index]
    remainder = total - shown
    low = max(low, remainder - sum(h for _, h in others))
    if exact:
        high = min(high, remainder - sum(lo for lo, _ in others))
    return low, high


def _safe(cells: Sequence[Shown], total: int, exact: bool) -> bool:
    for i, cell in enumerate(cells):
        if isinstance(cell, Hidden):
            low, high = feasible_range(cells, total, i, exact=exact)
            if high <= low:
                return False
    return True


def protect(counts: Sequence[int], total: int, *, exact: bool) -> Protected:
    """Hide what must be hidden. ``exact``: the counts add up to ``total`` (one value per
    report); otherwise they add up to at least ``total``."""
    if total == 0:  # nothing to protect
        return Protected(tuple(0 for _ in counts), 0)
    if total < THRESHOLD:
        return Protected(tuple(Hidden.SMALL for _ in counts), Hidden.SMALL, True)
    cells: list[Shown] = [Hidden.SMALL if 0 < c < THRESHOLD else c for c in counts]
    while not _safe(cells, total, exact):
        visible = [(c, i) for i, c in enumerate(cells) if isinstance(c, int) and c > 0]
        if not visible:
            return Protected(tuple(Hidden.SECONDARY for _ in counts), total, True)
        _, index = min(visible)
        cells[index] = Hidden.SECONDARY
    return Protected(tuple(cells), total)


def shown_text(value: Shown) -> str:
    return value.value if isinstance(value, Hidden) else str(value)
