"""The batch's bytes between threads: tar framing byte for byte as tarfile writes it, and the
hand-overs that stop both sides when one fails."""

from __future__ import annotations

import io
import string
import tarfile
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.exchange.batch_stream import (
    CHUNK,
    Gatherer,
    Handover,
    Receiver,
    Stopped,
    TarStream,
    tar_header,
    tar_info,
)

names = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "/._-", min_size=1, max_size=120),
    st.text(min_size=1, max_size=30),  # anything, long or not ASCII: tarfile's pax headers
    st.sampled_from([f"attachments/{'ab' * 16}.png", f"reports/{'cd' * 16}.json", "manifest.json"]),
)


@settings(max_examples=500, deadline=None)
@given(name=names, size=st.one_of(st.integers(0, 1 << 40), st.integers(8**11 - 2, 8**11 + 2)))
def test_a_member_header_is_what_tarfile_writes_for_it(name: str, size: int) -> None:
    expected = tar_info(name, size).tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
    assert tar_header(name, size) == expected


def _drained(source: Handover) -> bytes:
    reader, parts = Receiver(source), []
    while piece := reader.read(8192):
        assert len(piece) <= 8192
        parts.append(piece)
    return b"".join(parts)


@settings(max_examples=50, deadline=None)
@given(
    members=st.lists(
        st.tuples(names, st.one_of(st.binary(max_size=3000), st.just(b"x" * (CHUNK + 7)))),
        max_size=6,
    )
)
def test_the_stream_is_the_archive_tarfile_writes(members: list[tuple[str, bytes]]) -> None:
    expected = io.BytesIO()
    with tarfile.open(fileobj=expected, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name, content in members:
            tar.addfile(tar_info(name, len(content)), io.BytesIO(content))
    source = Handover(budget=1 << 30)
    stream = TarStream(Gatherer(source))
    for name, content in members:
        stream.add(name, content)
    stream.close()
    assert _drained(source) == expected.getvalue()


def test_a_large_piece_is_handed_over_without_a_copy() -> None:
    source = Handover()
    big = bytes(CHUNK)
    gatherer = Gatherer(source)
    gatherer.write(b"small")
    gatherer.write(big)
    assert source.get() == b"small"
    assert source.get() is big


def test_what_waits_stays_within_the_budget_or_is_one_chunk_alone() -> None:
    source = Handover(budget=10)
    source.put(b"x" * 6)
    late = threading.Thread(target=source.put, args=(b"y" * 6,))
    late.start()
    late.join(timeout=0.2)
    assert late.is_alive()  # 12 bytes would wait: it waits for room
    assert source.get() == b"x" * 6
    late.join(timeout=5)
    assert source.get() == b"y" * 6
    source.put(b"z" * 100)  # nothing waits: a larger chunk goes alone
    assert source.get() == b"z" * 100


def test_stopping_wakes_a_reader_and_a_writer_waiting_on_the_other_side() -> None:
    empty, full = Handover(budget=4), Handover(budget=4)
    full.put(b"waiting")
    outcomes: list[str] = []

    def wait(action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except Stopped:
            outcomes.append("stopped")

    waiting = [threading.Thread(target=wait, args=(empty.get,)),
               threading.Thread(target=wait, args=(lambda: full.put(b"more"),))]  # fmt: skip
    for thread in waiting:
        thread.start()
    empty.stop()
    full.stop()
    for thread in waiting:
        thread.join(timeout=5)
    assert outcomes == ["stopped", "stopped"]
    with pytest.raises(Stopped):
        empty.put(b"late")
