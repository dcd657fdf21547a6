"""The checksums of SQLite's write-ahead log (https://www.sqlite.org/fileformat2.html#walformat),
computed over the stored (encrypted) bytes, so no key is needed: the plain definition, and the
same sums for many frames at once (the log is read about 1 MiB at a time)."""

from __future__ import annotations

import functools
import struct
import sys
from array import array
from typing import Literal

_MASK = 0xFFFFFFFF
FRAME_HEADER_SIZE = 24  # page number, commit size, two salts, two checksum words

Checksum = tuple[int, int]

assert array("I").itemsize == 4  # 32-bit words, as on every platform the app runs on


def naive_checksum(words: tuple[int, ...], seed: Checksum = (0, 0)) -> Checksum:
    """SQLite's WAL checksum, word by word, as the format document gives it."""
    s0, s1 = seed
    for i in range(0, len(words) - 1, 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def _seed_matrix(page_size: int) -> tuple[int, int, int, int]:
    """The checksum is linear in its seed: after one frame of ``page_size`` it is
    ``M**n · seed + (the frame's sum from a zero seed)`` mod 2**32, with n pairs of words and
    M = [[1, 1], [1, 2]] (each pair (a, b) maps (s0, s1) to M·(s0, s1) + (a, a + b))."""
    return _matrix_power((8 + page_size) // 8)


@functools.cache
def _matrix_power(n: int) -> tuple[int, int, int, int]:
    result, base = (1, 0, 0, 1), (1, 1, 1, 2)
    while n:
        if n & 1:
            result = _matrix_product(result, base)
        base = _matrix_product(base, base)
        n >>= 1
    return result


def _matrix_product(
    x: tuple[int, int, int, int], y: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    return (
        (x[0] * y[0] + x[1] * y[2]) & _MASK,
        (x[0] * y[1] + x[1] * y[3]) & _MASK,
        (x[2] * y[0] + x[3] * y[2]) & _MASK,
        (x[2] * y[1] + x[3] * y[3]) & _MASK,
    )


@functools.cache
def _lane_mask(count: int) -> int:
    return int.from_bytes(b"\xff\xff\xff\xff\0\0\0\0" * count, "little")


def frame_sums(block: bytes, count: int, page_size: int, big_endian: bool) -> list[Checksum]:
    """Each of ``count`` whole frames' part of its checksum (over the page number, commit size
    and page, from a zero seed).

    The frames are summed side by side: word i of every frame goes into one lane (64 bits) of a
    large integer, so each step of the recurrence is a few big-integer operations for all of
    them. In pure Python that is several times faster than summing word by word."""
    frame_words = (FRAME_HEADER_SIZE + page_size) // 4
    words = array("I", block[: count * frame_words * 4])
    if big_endian != (sys.byteorder == "big"):
        words.byteswap()
    source = memoryview(words)
    lanes = array("I", bytes(8 * count))
    target = memoryview(lanes)[(0 if sys.byteorder == "little" else 1) :: 2]
    mask = _lane_mask(count)
    order: Literal["little", "big"] = sys.byteorder
    # The checksum covers the page number, the commit size and the page: not salts, not itself.
    index = [0, 1, *range(FRAME_HEADER_SIZE // 4, frame_words)]
    s0 = s1 = 0
    for i in range(0, len(index), 2):
        target[:] = source[index[i] :: frame_words]
        s0 = (s0 + int.from_bytes(lanes, order) + s1) & mask
        target[:] = source[index[i + 1] :: frame_words]
        s1 = (s1 + int.from_bytes(lanes, order) + s0) & mask
    first = struct.unpack(f"={count}Q", s0.to_bytes(8 * count, order))
    second = struct.unpack(f"={count}Q", s1.to_bytes(8 * count, order))
    return list(zip(first, second, strict=True))


def advance(seed: Checksum, frame_sum: Checksum, page_size: int) -> Checksum:
    a, b, c, d = _seed_matrix(page_size)
    return (
        (a * seed[0] + b * seed[1] + frame_sum[0]) & _MASK,
        (c * seed[0] + d * seed[1] + frame_sum[1]) & _MASK,
    )


def header_checksum(header: bytes, big_endian: bool) -> Checksum:
    return naive_checksum(struct.unpack((">" if big_endian else "<") + "6I", header[:24]))
