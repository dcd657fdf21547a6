"""Items made by a thread of their own, ahead of whoever uses them: work that leaves the
interpreter lock (reading an encrypted store, hashing) then runs on another core while the
caller's thread does its own."""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from typing import TypeVar

T = TypeVar("T")


class _Ended:
    def __init__(self, failure: BaseException | None) -> None:
        self.failure = failure


def read_ahead(
    items: Iterator[T], *, budget: int, cost: Callable[[T], int]
) -> Generator[T, None, None]:
    """``items`` in order, made ahead while what waits costs at most ``budget`` (or is one item
    alone). An exception is raised here, where it would have been; leaving early (an
    exception, or closing this generator) stops the thread at its next item."""
    waiting: deque[tuple[T, int] | _Ended] = deque()
    changed = threading.Condition()
    held = [0]
    stopped = [False]

    def make() -> None:
        outcome = _Ended(None)
        try:
            with contextlib.ExitStack() as leaving:
                close = getattr(items, "close", None)
                if close is not None:  # a generator: let it finish its own work (a query)
                    leaving.callback(close)
                for item in items:
                    price = cost(item)
                    with changed:
                        while held[0] and held[0] + price > budget and not stopped[0]:
                            changed.wait()
                        if stopped[0]:
                            return
                        waiting.append((item, price))
                        held[0] += price
                        changed.notify_all()
        except BaseException as exc:  # raised on the reading side
            outcome = _Ended(exc)
        with changed:
            waiting.append(outcome)
            changed.notify_all()

    maker = threading.Thread(target=make, daemon=True)
    maker.start()
    try:
        while True:
            with changed:
                while not waiting:
                    changed.wait()
                entry = waiting.popleft()
                if isinstance(entry, _Ended):
                    if entry.failure is not None:
                        raise entry.failure
                    return
                item, price = entry
                held[0] -= price
                changed.notify_all()
            yield item
    finally:
        with changed:
            stopped[0] = True
            changed.notify_all()
