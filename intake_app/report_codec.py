"""Turn report dataclasses into plain dicts and back, collecting a problem per bad field."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def _describe(kind: Any) -> str:
    if kind is str:
        return "text"
    if kind is bool:
        return "true or false"
    if kind is int:
        return "a whole number"
    return "a different kind of value"


def _decode_value(kind: Any, value: Any, path: str, problems: list[tuple[str, str]]) -> Any:
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        if value is None:
            return None
        return _decode_value(options[0], value, path, problems)
    if origin is list:
        (item_kind,) = get_args(kind)
        if not isinstance(value, list):
            problems.append((path, "Expected a list."))
            return []
        return [_decode_value(item_kind, v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return decode(kind, value, path, problems)
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is str and isinstance(value, str):
        return value
    problems.append((path, f"Expected {_describe(kind)}."))
    return None


@functools.cache
def _shape(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """Field types and names, worked out once per class (get_type_hints is slow)."""
    return get_type_hints(cls), frozenset(f.name for f in dataclasses.fields(cls))


def decode(cls: type[T], data: Any, path: str, problems: list[tuple[str, str]]) -> T:
    """Build ``cls`` from ``data``; unknown keys and wrong types become problems, not crashes."""
    if not isinstance(data, dict):
        problems.append((path or "report", "Expected an object with named fields."))
        return cls()
    hints, known = _shape(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in known:
            problems.append((where, "This is not a field of a report."))
            continue
        decoded = _decode_value(hints[key], value, where, problems)
        if decoded is None and value is not None and not _optional(hints[key]):
            continue  # keep the default; the problem is recorded
        if decoded is None and not _optional(hints[key]):
            continue
        values[key] = decoded
    return cls(**values)


def _optional(kind: Any) -> bool:
    return get_origin(kind) in (typing.Union, types.UnionType) and type(None) in get_args(kind)
