"""Input from outside the app (files people choose, batches, receipts, profiles): reading it with
a size limit, parsing its JSON so that only the caller's own plain error can come out, and
showing a piece of it inside a message without letting it break or disguise the message.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext

MAX_MESSAGE = 400  # characters in one error line shown to a person (input quoted: 40 each)
MAX_QUOTED = 40  # characters of input quoted inside a message
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def size_text(size: int) -> str:
    """1 GiB, 64 MiB, 16 KiB: the limits as people read them."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return ngettext("{count} byte", "{count} bytes", size).format(count=size)


def _reason(exc: OSError) -> str:
    # Translators: finishes the sentence "The receipt cannot be read: …".
    text = os.strerror(exc.errno) if exc.errno else _("it cannot be opened")
    return text[:1].lower() + text[1:]


@contextlib.contextmanager
def open_file(
    path: Path, limit: int, what: str, error: type[IntakeError] = IntakeError
) -> Iterator[BinaryIO]:
    """An ordinary file of at most ``limit`` bytes, open for reading. Anything else is refused
    before a byte is read: a larger file, a folder, a pipe or a device. Messages name ``what``
    ("The receipt", translated by the caller), never the path."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(_no_file(what)) from None
    except IsADirectoryError:
        raise error(_a_folder(what)) from None
    except OSError as exc:
        raise error(_cannot_read(what, exc)) from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise error(_cannot_read(what, exc)) from None
    refusal = None
    if stat.S_ISDIR(info.st_mode):
        refusal = _a_folder(what)
    elif not stat.S_ISREG(info.st_mode):
        # Translators: {what} names the file, such as "The receipt".
        refusal = _("{what} cannot be read: that is not an ordinary file.").format(what=what)
    elif info.st_size > limit:
        refusal = too_large(what, limit)
    if refusal:
        os.close(fd)
        raise error(refusal)
    with os.fdopen(fd, "rb") as handle:
        yield handle


def _no_file(what: str) -> str:
    # Translators: {what} names the file, such as "The receipt".
    return _("{what} cannot be read: there is no file at that path.").format(what=what)


def _a_folder(what: str) -> str:
    # Translators: {what} names the file, such as "The receipt".
    return _("{what} cannot be read: that is a folder, not a file.").format(what=what)


def _cannot_read(what: str, exc: OSError) -> str:
    """``what`` could not be read, and the operating system's reason."""
    # Translators: {what} names the file, such as "The receipt"; {reason} is the operating
    # system's description of the error, such as "permission denied".
    return _("{what} cannot be read: {reason}.").format(what=what, reason=_reason(exc))


def read_file(path: Path, limit: int, what: str, error: type[IntakeError] = IntakeError) -> bytes:
    """The whole of an ordinary file of at most ``limit`` bytes (checked by its size on disk
    before reading, and again while reading, should it grow)."""
    with open_file(path, limit, what, error) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise error(_cannot_read(what, exc)) from None
    if len(data) > limit:
        raise error(too_large(what, limit))
    return data


def read_stream(stream: BinaryIO, limit: int, what: str) -> bytes:
    """Up to ``limit`` bytes from a stream (standard input); more is refused."""
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise IntakeError(_cannot_read(what, exc)) from None
    if len(data) > limit:
        raise IntakeError(too_large(what, limit))
    return data


def too_large(what: str, limit: int) -> str:
    # Translators: {what} names the file, such as "The receipt"; {size} is a size, such as
    # "64 MiB".
    return _("{what} is larger than {size}, the most this app reads, so it was not read.").format(
        what=what, size=size_text(limit)
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise ValueError("a name appears twice in one object")
    return document


def load_json(raw: bytes, error: IntakeError | Callable[[Exception], IntakeError]) -> Any:
    """Parse UTF-8 JSON strictly (no NaN or Infinity, no name twice in one object). Whatever is
    wrong — bytes that are not UTF-8, bad syntax, nesting too deep, a number too long — raises
    ``error`` (or what ``error`` makes of the exception) and nothing else."""
    try:
        return json.loads(
            raw.decode("utf-8"), parse_constant=_no_constant, object_pairs_hook=_no_duplicates
        )
    except (ValueError, RecursionError, TypeError, KeyError) as exc:  # incl. UnicodeDecodeError
        raise (error if isinstance(error, IntakeError) else error(exc)) from None


def visible(text: str, limit: int = MAX_QUOTED) -> str:
    """``text`` cut to ``limit`` characters, with control, invisible-formatting and
    direction-changing characters written as ``\\u202e`` and the like."""
    shown = "".join(
        _escaped(c) if unicodedata.category(c) in _INVISIBLE else c for c in text[:limit]
    )
    return shown + ("…" if len(text) > limit else "")


def _escaped(c: str) -> str:
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def quoted(value: object, limit: int = MAX_QUOTED) -> str:
    """A piece of input inside a message: in quotes, visible, short."""
    return f"'{visible(str(value), limit)}'"


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """An error line as shown to a person: one line, nothing invisible, at most ``limit``
    characters (a longer one is cut, ending in …)."""
    shown = visible(message, len(message))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
