"""A batch's bytes on their way to the disk, passed between the threads that write it: one frames
the members as a tar stream, one encrypts (age), one writes the encrypted bytes and hashes them
for the centre's signature as they pass. Each hand-over is a chunk of about a megabyte, so the
threads take turns on the interpreter lock a few hundred times per batch, not hundreds of
thousands; at most a few chunks wait at each hand-over, so memory does not grow with the batch.
"""

from __future__ import annotations

import tarfile
import threading
from collections import deque
from typing import BinaryIO

CHUNK = 1 << 20  # what is handed over at once
BUDGET = 4 * CHUNK  # bytes waiting at a hand-over, at most (or one larger chunk alone)
_BLOCK = tarfile.BLOCKSIZE
_RECORD = tarfile.RECORDSIZE


class Stopped(Exception):
    """The other side stopped: its own failure is what is reported."""


class Handover:
    """Chunks of bytes passed from one thread to another, then None for the end; at most
    ``budget`` bytes wait (or one chunk, however large). Either side may ``stop`` both, when it
    fails: the other is then woken with ``Stopped``."""

    def __init__(self, budget: int = BUDGET) -> None:
        self._chunks: deque[bytes | None] = deque()
        self._budget = budget
        self._held = 0
        self._changed = threading.Condition()
        self._stopped = False

    def put(self, chunk: bytes | None) -> None:
        size = 0 if chunk is None else len(chunk)
        with self._changed:
            while self._held and self._held + size > self._budget and not self._stopped:
                self._changed.wait()
            if self._stopped:
                raise Stopped
            self._chunks.append(chunk)
            self._held += size
            self._changed.notify_all()

    def get(self) -> bytes | None:
        with self._changed:
            while not self._chunks and not self._stopped:
                self._changed.wait()
            if self._stopped:
                raise Stopped
            chunk = self._chunks.popleft()
            self._held -= 0 if chunk is None else len(chunk)
            self._changed.notify_all()
            return chunk

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()


class Gatherer:
    """Small pieces joined into chunks of about ``CHUNK`` bytes before they are handed over; a
    piece that large already goes as it is, without a copy."""

    def __init__(self, out: Handover) -> None:
        self.out = out
        self.written = 0
        self._pieces: list[bytes] = []
        self._held = 0

    def write(self, piece: bytes) -> int:
        size = len(piece)
        if size >= CHUNK:
            self._hand_over()
            self.out.put(piece)
        elif size:
            self._pieces.append(piece)
            self._held += size
            if self._held >= CHUNK:
                self._hand_over()
        self.written += size
        return size

    def flush(self) -> None:
        """Nothing to do: chunks are handed over whole (the encryptor calls it at the end)."""

    def finish(self) -> None:
        """Hand over what is held, then the end."""
        self._hand_over()
        self.out.put(None)

    def _hand_over(self) -> None:
        if self._pieces:
            chunk = self._pieces[0] if len(self._pieces) == 1 else b"".join(self._pieces)
            self._pieces.clear()
            self._held = 0
            self.out.put(chunk)


class Receiver:
    """The reading end of a hand-over, as a file read in pieces of the size asked for (the
    encryptor asks for 8 KiB at a time)."""

    def __init__(self, source: Handover) -> None:
        self.source = source
        self._chunk = b""
        self._at = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1, /) -> bytes:
        while self._at >= len(self._chunk):
            chunk = None if self._ended else self.source.get()
            if chunk is None:
                self._ended = True
                return b""
            self._chunk, self._at = chunk, 0
        start = self._at
        self._at = len(self._chunk) if size < 0 else start + size
        return self._chunk[start : self._at]


class WrittenChunks:
    """The encrypted chunks, each written to ``target`` and then given whole to whoever reads
    (the signature's hash): a megabyte per call, where minisign would ask for 8 KiB. It hashes
    whatever each read gives until one gives nothing, and a large piece lets it hash without
    the interpreter lock; every test of a written batch checks the signature this makes."""

    def __init__(self, source: Handover, target: BinaryIO) -> None:
        self.source = source
        self.target = target

    def read(self, size: int = -1, /) -> bytes:
        chunk = self.source.get()
        if chunk is None:
            return b""
        self.target.write(chunk)
        return chunk


# --- tar framing ----------------------------------------------------------------------------


def tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, 0
    info.uname = info.gname = ""
    return info


def _blank_header() -> bytes:
    """tarfile's header for a member named "x" of no bytes, with the name taken out and the
    checksum field as eight spaces, as the checksum is counted."""
    header = bytearray(tar_info("x", 0).tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape"))
    header[0] = 0
    header[148:156] = b" " * 8
    return bytes(header)


_BLANK = _blank_header()
# The checksum of a header counts its bytes: the blank's, but for the size field, written anew.
_BLANK_SUM = sum(_BLANK) - sum(_BLANK[124:136])
_MAX_NAME = 100  # a longer name needs a pax extended header: tarfile writes those
_MAX_SIZE = 8**11  # eleven octal digits


def tar_header(name: str, size: int) -> bytes:
    """The member's header, byte for byte what tarfile writes in the pax format for it (a test
    holds them equal), in a fraction of the time for a plain short name: a batch has tens of
    thousands of members."""
    encoded = name.encode("ascii", "replace")
    if len(encoded) > _MAX_NAME or not name.isascii() or size >= _MAX_SIZE:
        return tar_info(name, size).tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
    header = bytearray(_BLANK)
    header[: len(encoded)] = encoded
    header[124:136] = size_field = b"%011o\0" % size
    header[148:156] = b"%06o\0 " % (_BLANK_SUM + sum(encoded) + sum(size_field))
    return bytes(header)


class TarStream:
    """Members written as an uncompressed tar stream, as tarfile's ``w|`` mode writes it."""

    def __init__(self, out: Gatherer) -> None:
        self.out = out

    def add(self, name: str, content: bytes) -> None:
        self.out.write(tar_header(name, len(content)))
        self.out.write(content)
        padding = -len(content) % _BLOCK
        if padding:
            self.out.write(bytes(padding))

    def close(self) -> None:
        """Two empty blocks end the archive, then zeros to the end of its last record."""
        self.out.write(bytes(2 * _BLOCK))
        remainder = self.out.written % _RECORD
        if remainder:
            self.out.write(bytes(_RECORD - remainder))
        self.out.finish()
