"""Turn report dataclasses into plain dicts and back, collecting a problem per bad field.

Each field type gets a decoder built once (looking types up on every value was most of the cost
of reading a report)."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from intake_app.support.i18n import N_, _

T = TypeVar("T")
Problems = list[tuple[str, str]]
Decoder = Callable[[Any, str, Problems], Any]


def _plain(kind: Any) -> bool:
    """A field holding text, a number, a flag, or a list of those: copied as it is."""
    if get_origin(kind) in (typing.Union, types.UnionType, list):
        return all(_plain(a) for a in get_args(kind))
    return not dataclasses.is_dataclass(kind)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, _plain(hints[f.name])) for f in dataclasses.fields(cls))


def encode(value: Any) -> Any:
    if isinstance(value, list):
        return [encode(v) for v in value]
    if not dataclasses.is_dataclass(value):
        return value
    out: dict[str, Any] = {}
    kind: Any = type(value)
    for name, plain in _fields(kind):
        item = getattr(value, name)
        if plain:
            out[name] = list(item) if isinstance(item, list) else item
        else:
            out[name] = encode(item)
    return out


def _expected(kind: Any) -> str:
    """What a field of this type must hold, as a message id (translated when a problem is
    found: decoders are built once, in whatever language was spoken then)."""
    if kind is str:
        return N_("Expected text.")
    if kind is bool:
        return N_("Expected true or false.")
    if kind is int:
        return N_("Expected a whole number.")
    return N_("Expected a different kind of value.")


def _is_optional(kind: Any) -> bool:
    return get_origin(kind) in (typing.Union, types.UnionType) and type(None) in get_args(kind)


@functools.cache
def _decoder(kind: Any) -> Decoder:
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in get_args(kind) if a is not type(None)))

        def optional(value: Any, path: str, problems: Problems) -> Any:
            return None if value is None else inner(value, path, problems)

        return optional
    if origin is list:
        item = _decoder(get_args(kind)[0])

        def many(value: Any, path: str, problems: Problems) -> Any:
            if not isinstance(value, list):
                problems.append((path, _("Expected a list.")))
                return []
            return [item(v, f"{path}[{i}]", problems) for i, v in enumerate(value)]

        return many
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return functools.partial(_decode_object, kind)
    expected = _expected(kind)
    if kind is int:

        def whole(value: Any, path: str, problems: Problems) -> Any:
            if type(value) is int:
                return value
            problems.append((path, _(expected)))
            return None

        return whole
    wanted = kind if kind in (bool, str) else None

    def plain(value: Any, path: str, problems: Problems) -> Any:
        if wanted is not None and isinstance(value, wanted):
            return value
        problems.append((path, _(expected)))
        return None

    return plain


@functools.cache
def _shape(cls: type) -> dict[str, tuple[Decoder, bool]]:
    """Each field's decoder and whether it may be empty, worked out once per class."""
    hints = get_type_hints(cls)
    return {
        f.name: (_decoder(hints[f.name]), _is_optional(hints[f.name]))
        for f in dataclasses.fields(cls)
    }


def _decode_object(cls: type[T], data: Any, path: str, problems: Problems) -> T:
    if not isinstance(data, dict):
        problems.append((path or "report", _("Expected an object with named fields.")))
        return cls()
    shape = _shape(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        field = shape.get(key)
        where = f"{path}.{key}" if path else str(key)
        if field is None:
            problems.append((where, _("This is not a field of a report.")))
            continue
        decoded = field[0](value, where, problems)
        if decoded is None and not field[1]:
            continue  # keep the default; any problem is recorded
        values[key] = decoded
    return cls(**values)


def decode(cls: type[T], data: Any, path: str, problems: Problems) -> T:
    """Build ``cls`` from ``data``; unknown keys and wrong types become problems, not crashes."""
    return _decode_object(cls, data, path, problems)


_BAD = object()  # what decode would record a problem for
Convert = Callable[[Any], Any]  # a value as encode gives it after decode, or _BAD


def _simple(kind: Any) -> tuple[type, bool] | None:
    """(the type, whether None is allowed) for a field holding one text, number or flag."""
    optional = _is_optional(kind)
    if optional:
        kind = next(a for a in get_args(kind) if a is not type(None))
    return (kind, optional) if kind in (str, bool, int) else None


@functools.cache
def _convert(kind: Any) -> Convert:
    simple = _simple(kind)
    if simple is not None:
        wanted, optional = simple
        return lambda value: (
            value if type(value) is wanted or (optional and value is None) else _BAD
        )
    if _is_optional(kind):
        inner = _convert(next(a for a in get_args(kind) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if get_origin(kind) is list:
        item = _convert(get_args(kind)[0])

        def many(value: Any) -> Any:
            if type(value) is not list:
                return _BAD
            items = [item(v) for v in value]
            return _BAD if any(v is _BAD for v in items) else items

        return many
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return functools.partial(_canonical_object, kind)
    return lambda value: _BAD


def _default(f: dataclasses.Field[Any]) -> Callable[[], Any]:
    if f.default_factory is not dataclasses.MISSING:
        factory = f.default_factory
        return lambda: encode(factory())
    value = f.default
    return lambda: encode(value)


@dataclasses.dataclass(frozen=True)
class _Shape:
    names: list[str]  # in order
    simple: tuple[tuple[str, type, bool], ...]  # name, type, None allowed
    other: tuple[tuple[str, Convert], ...]  # lists and objects
    defaults: dict[str, Callable[[], Any]]


@functools.cache
def _shape_of(cls: type) -> _Shape:
    hints = get_type_hints(cls)
    fields = dataclasses.fields(cls)
    simple = [(f.name, _simple(hints[f.name])) for f in fields]
    return _Shape(
        [f.name for f in fields],
        tuple((name, *kind) for name, kind in simple if kind is not None),
        tuple((f.name, _convert(hints[f.name])) for f in fields if _simple(hints[f.name]) is None),
        {f.name: _default(f) for f in fields},
    )


def _canonical_object(cls: type, data: Any) -> Any:
    if type(data) is not dict:
        return _BAD
    shape = _shape_of(cls)
    for name, wanted, optional in shape.simple:
        if name in data:
            value = data[name]
            if type(value) is not wanted and not (optional and value is None):
                return _BAD
    converted = {}
    for name, convert in shape.other:
        if name in data:
            value = convert(data[name])
            if value is _BAD:
                return _BAD
            converted[name] = value
    if list(data) == shape.names:  # every field, in order: the usual case
        out = dict(data)
        out.update(converted)
        return out
    if any(name not in shape.defaults for name in data):
        return _BAD  # a name that is no field
    return {
        name: converted[name] if name in converted else data[name] if name in data else make()
        for name, make in shape.defaults.items()
    }


def canonical(cls: type, data: Any) -> dict[str, Any] | None:
    """``encode(decode(cls, data))`` when decoding finds no problem, else None — without the
    cost of building the dataclasses and taking them apart again, which is most of the time of
    a batch of ten thousand reports. None says nothing more: decode ``data`` to learn why."""
    out = _canonical_object(cls, data)
    return None if out is _BAD else out
