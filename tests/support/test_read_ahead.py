"""Items made ahead by a thread of their own: in order, within the budget, the maker's failure
raised where it happened, and the thread stopped when the reader leaves early."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from intake_app.support.read_ahead import read_ahead


def test_items_come_in_order_and_the_waiting_ones_stay_within_the_budget() -> None:
    made: list[int] = []
    taken: list[int] = []

    def items() -> Iterator[int]:
        for number in range(200):
            made.append(number)
            yield number

    for item in read_ahead(items(), budget=30, cost=lambda n: 10):
        time.sleep(0.0005)
        # this one, three waiting (30 of the 30), and one made that waits for room
        assert len(made) - len(taken) <= 5
        taken.append(item)
    assert taken == list(range(200))


def test_one_item_over_the_budget_still_goes_alone() -> None:
    assert list(read_ahead(iter([b"x" * 100, b"y"]), budget=10, cost=len)) == [b"x" * 100, b"y"]


def test_the_makers_failure_is_raised_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("the disk went away")

    got: list[int] = []
    with pytest.raises(OSError, match="disk went away"):
        for item in read_ahead(items(), budget=100, cost=lambda n: 1):
            got.append(item)
    assert got == [1, 2]


def test_leaving_early_stops_the_maker_and_closes_what_it_was_reading() -> None:
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            number = 0
            while True:
                yield number
                number += 1
        finally:
            closed.set()

    ahead = read_ahead(items(), budget=5, cost=lambda n: 1)
    assert next(ahead) == 0
    ahead.close()
    assert closed.wait(timeout=5)
