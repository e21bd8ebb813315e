"""Hypothesis strategies for JSON payloads, derived from the IR: valid ones for every declaration,
and arbitrary JSON for everything that should be rejected."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.examples import field_type

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
KEYS = st.text(max_size=6)


def _datetime_text(value: datetime.datetime) -> str:
    """The runtime's canonical form: ISO 8601, with UTC written as Z."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


PRIMITIVES: dict[str, st.SearchStrategy[Any]] = {
    "str": st.text(max_size=8),
    "int": st.integers(),
    "float": st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
    "bool": st.booleans(),
    "bytes": st.binary(max_size=8).map(lambda raw: base64.b64encode(raw).decode("ascii")),
    "date": st.dates().map(datetime.date.isoformat),
    "datetime": st.datetimes(timezones=st.none() | st.timezones()).map(_datetime_text),
    "decimal": st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
    "any": ANY_JSON,
}


class Payloads:
    """Valid payloads for the declarations of one resolved IR."""

    def __init__(self, declarations: list[ir.Declaration]) -> None:
        self.index: Mapping[str, ir.Declaration] = {ir.qualified_name(d): d for d in declarations}
        self.deferred: dict[str, st.SearchStrategy[Any]] = {}

    def for_type(self, type_ref: ir.TypeRef) -> st.SearchStrategy[Any]:
        if isinstance(type_ref, ir.Primitive):
            return PRIMITIVES[type_ref.name]
        if isinstance(type_ref, ir.ListOf):
            return st.lists(self.for_type(type_ref.item), max_size=3)
        if isinstance(type_ref, ir.DictOf):
            return st.dictionaries(KEYS, self.for_type(type_ref.value), max_size=3)
        if isinstance(type_ref, ir.LiteralOf):
            return st.sampled_from(type_ref.values)
        if isinstance(type_ref, ir.UnionOf):
            return st.one_of([self.for_type(member) for member in type_ref.members])
        if isinstance(type_ref, ir.Nullable):
            return st.none() | self.for_type(type_ref.inner)
        return self.for_declaration(self.index[type_ref.target])

    def for_declaration(self, declaration: ir.Declaration) -> st.SearchStrategy[Any]:
        key = ir.qualified_name(declaration)
        if key not in self.deferred:  # deferred, so that models that contain themselves terminate
            self.deferred[key] = st.deferred(lambda: self._build(declaration))
        return self.deferred[key]

    def _build(self, declaration: ir.Declaration) -> st.SearchStrategy[Any]:
        if isinstance(declaration, ir.Enum):
            values = st.sampled_from([member.value for member in declaration.members])
            if declaration.open:
                return values | (st.text() if isinstance(declaration.members[0].value, str) else st.integers())
            return values
        if isinstance(declaration, ir.UnionType):
            return st.one_of([self.for_type(variant) for variant in declaration.variants])
        required = {f.wire_name: self.for_type(field_type(f)) for f in declaration.fields if f.required}
        optional = {f.wire_name: self.for_type(field_type(f)) for f in declaration.fields if not f.required}
        known = {f.wire_name for f in declaration.fields}
        extra = self.for_type(declaration.additional.type) if declaration.additional else ANY_JSON
        unknown = st.dictionaries(KEYS.filter(lambda key: key not in known), extra, max_size=2)
        return st.tuples(st.fixed_dictionaries(required, optional=optional), unknown).map(
            lambda parts: {**parts[1], **parts[0]}
        )
