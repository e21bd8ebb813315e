"""Example values: read from the Example column, checked against their field's type, and
placeholder values for required fields that have no usable example."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import replace

from . import ir
from .diagnostics import Diagnostic, warning
from .primitives import PRIMITIVE_TYPES
from .resolve import Resolution

Index = Mapping[str, ir.Declaration]


def check_examples(resolution: Resolution, only: frozenset[str] | None = None) -> Resolution:
    """Attach each field's example value; warn, among the declaration's own problems, about
    examples that do not fit their type. `only`: the qualified names to check, if not all."""
    index = {ir.qualified_name(d): d for d in resolution.declarations}
    own = dict(resolution.own)
    checked: list[ir.Declaration] = []
    for declaration in resolution.declarations:
        key = ir.qualified_name(declaration)
        if isinstance(declaration, ir.Model) and (only is None or key in only):
            problems: list[Diagnostic] = []
            fields = tuple(_with_example(f, index, problems) for f in declaration.fields)
            declaration = replace(declaration, fields=fields)
            own[key] = (*own.get(key, ()), *problems)
        checked.append(declaration)
    return Resolution(tuple(checked), own, resolution.shared)


def _with_example(field: ir.Field, index: Index, diagnostics: list[Diagnostic]) -> ir.Field:
    if field.example_text is None:
        return field
    example = parse_example(field.example_text, field_type(field), index)
    if example is None:
        shown = field.example_text if len(field.example_text) <= 60 else field.example_text[:57] + "..."
        diagnostics.append(
            warning(
                "example-type",
                field.span,
                f"the example {shown!r} of `{field.name}` does not fit its type; it is left out of the tests",
            )
        )
    return replace(field, example=example)


def field_type(field: ir.Field) -> ir.TypeRef:
    """The type a field's value may take, null included."""
    return ir.Nullable(field.type) if field.nullable else field.type


def parse_example(text: str, type_ref: ir.TypeRef, index: Index) -> ir.Example | None:
    """The example as JSON if that fits the type, else as a plain string if that fits."""
    try:
        value: ir.JsonValue = json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        pass
    else:
        if fits(value, type_ref, index):
            return ir.Example(value)
    return ir.Example(text) if fits(text, type_ref, index) else None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def fits(value: ir.JsonValue, type_ref: ir.TypeRef, index: Index) -> bool:
    """Whether a JSON value is valid for a type, by the same rules as the generated runtime."""
    if isinstance(type_ref, ir.Nullable):
        return value is None or fits(value, type_ref.inner, index)
    if isinstance(type_ref, ir.Primitive):
        return _fits_primitive(value, type_ref.name)
    if isinstance(type_ref, ir.ListOf):
        return isinstance(value, list) and all(fits(item, type_ref.item, index) for item in value)
    if isinstance(type_ref, ir.DictOf):
        return isinstance(value, dict) and all(fits(item, type_ref.value, index) for item in value.values())
    if isinstance(type_ref, ir.LiteralOf):
        return any(type(value) is type(allowed) and value == allowed for allowed in type_ref.values)
    if isinstance(type_ref, ir.UnionOf):
        return any(fits(value, member, index) for member in type_ref.members)
    target = index.get(type_ref.target)
    return target is not None and _fits_declaration(value, target, index)


def _fits_declaration(value: ir.JsonValue, declaration: ir.Declaration, index: Index) -> bool:
    if isinstance(declaration, ir.Enum):
        return any(type(value) is type(m.value) and value == m.value for m in declaration.members) or (
            declaration.open and any(type(value) is type(m.value) for m in declaration.members)
        )
    if isinstance(declaration, ir.UnionType):
        return any(fits(value, variant, index) for variant in declaration.variants)
    if not isinstance(value, dict):
        return False
    types = {f.wire_name: field_type(f) for f in declaration.fields}
    extra = declaration.additional.type if declaration.additional else None
    return all(f.wire_name in value for f in declaration.fields if f.required) and all(
        fits(item, types[key], index) if key in types else extra is None or fits(item, extra, index)
        for key, item in value.items()
    )


def _fits_primitive(value: ir.JsonValue, name: ir.PrimitiveName) -> bool:
    if name == "any":
        return True
    if name in ("int", "float", "decimal", "bool"):
        allowed = {"int": (int,), "float": (int, float), "decimal": (int, float), "bool": (bool,)}[name]
        return type(value) in allowed
    if not isinstance(value, str):
        return False
    pattern = PRIMITIVE_TYPES[name].pattern
    if pattern and not re.fullmatch(pattern, value):
        return False
    try:
        if name == "date":
            datetime.date.fromisoformat(value)
        if name == "datetime":
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if name == "bytes":
            base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        return False
    return True


def placeholder(type_ref: ir.TypeRef, index: Index, seen: frozenset[str] = frozenset()) -> ir.Example | None:
    """A simple valid value of a type, for required fields without a usable example.
    None when no finite value exists (a model that requires itself)."""
    if isinstance(type_ref, ir.Nullable):
        return ir.Example(None)
    if isinstance(type_ref, ir.Primitive):
        return ir.Example(PRIMITIVE_TYPES[type_ref.name].placeholder)
    if isinstance(type_ref, ir.ListOf):
        return ir.Example([])
    if isinstance(type_ref, ir.DictOf):
        return ir.Example({})
    if isinstance(type_ref, ir.LiteralOf):
        return ir.Example(type_ref.values[0])
    if isinstance(type_ref, ir.UnionOf):
        return _first_placeholder(type_ref.members, index, seen)
    target = index.get(type_ref.target)
    if target is None or type_ref.target in seen:
        return None
    return placeholder_for(target, index, seen | {type_ref.target})


def placeholder_for(declaration: ir.Declaration, index: Index, seen: frozenset[str] = frozenset()) -> ir.Example | None:
    if isinstance(declaration, ir.Enum):
        return ir.Example(declaration.members[0].value) if declaration.members else None
    if isinstance(declaration, ir.UnionType):
        return _first_placeholder(declaration.variants, index, seen)
    payload: dict[str, ir.JsonValue] = {}
    for field in declaration.fields:
        if field.required:
            value = field.example or placeholder(field_type(field), index, seen)
            if value is None:
                return None
            payload[field.wire_name] = value.value
    return ir.Example(payload)


def _first_placeholder(members: tuple[ir.TypeRef, ...], index: Index, seen: frozenset[str]) -> ir.Example | None:
    for member in members:
        found = placeholder(member, index, seen)
        if found is not None:
            return found
    return None
