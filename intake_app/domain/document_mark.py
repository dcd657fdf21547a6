"""A mark kept beside each stored report document: "this document is exactly what this version
reads it as". A batch of ten thousand reports can then send most documents as the store holds
them, with the centre's own notes taken out by the database, instead of reading each into a
``Report`` and writing it out again in the interpreter (``services/batch_contents``).

The mark names the shape of ``Report`` (every field's name and type, all the way down) and the
rules ``canonical`` reads it by; a version whose report has another shape, or whose rules
change (bump ``RULES``), has another mark, so documents marked by an earlier version go the
long way until they are saved again. A document is marked only when reading it changes
nothing, checked as it is written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from typing import Any, get_args, get_origin, get_type_hints

from intake_app.domain.report import Report
from intake_app.domain.report_codec import canonical
from intake_app.domain.report_upgrade import upgraded

RULES = 1  # bump when canonical() or upgraded() reads a document differently


def _shape(kind: Any) -> str:
    if dataclasses.is_dataclass(kind):
        hints = get_type_hints(kind)
        inner = ",".join(f"{f.name}:{_shape(hints[f.name])}" for f in dataclasses.fields(kind))
        return f"{getattr(kind, '__name__', '')}{{{inner}}}"
    arguments = get_args(kind)
    if arguments:
        origin = get_origin(kind)
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{','.join(_shape(a) for a in arguments)}]"
    return getattr(kind, "__name__", str(kind))


@functools.cache
def current_mark() -> str:
    """This version's mark: short, as it is kept beside every report."""
    described = f"rules {RULES}; {_shape(Report)}".encode()
    return hashlib.sha256(described).hexdigest()[:16]


def document_mark(document: dict[str, Any]) -> str | None:
    """The mark for a report document about to be stored (``Report.to_dict``'s output): None
    when reading it back would change anything, so it always goes the long way."""
    return current_mark() if canonical(Report, upgraded(document)) == document else None
