"""Example values: read from the Example column, checked against their field's type, and
placeholder values for required fields that have no usable example."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace

from . import ir
from .diagnostics import Diagnostic, warning
from .primitives import PRIMITIVE_TYPES
from .resolve import Resolution

Index = Mapping[str, ir.Declaration]


def check_examples(resolution: Resolution) -> Resolution:
    """Attach each field's example value; warn about examples that do not fit their type."""
    index = {ir.qualified_name(d): d for d in resolution.declarations}
    problems: list[Diagnostic] = []
    checked: list[ir.Declaration] = []
    for declaration in resolution.declarations:
        if isinstance(declaration, ir.Model):
            declaration = replace(
                declaration, fields=tuple(_with_example(f, index, problems) for f in declaration.fields)
            )
        checked.append(declaration)
    return Resolution(tuple(checked), (*resolution.diagnostics, *problems))


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
    return _Fits(index).visit(type_ref, value)


class _Fits(ir.TypeVisitor[bool]):
    def __init__(self, index: Index) -> None:
        self.index = index

    def primitive(self, node: ir.Primitive, value: ir.JsonValue) -> bool:
        return PRIMITIVE_TYPES[node.name].accepts(value)

    def list_of(self, node: ir.ListOf, value: ir.JsonValue) -> bool:
        return isinstance(value, list) and all(self.visit(node.item, item) for item in value)

    def dict_of(self, node: ir.DictOf, value: ir.JsonValue) -> bool:
        return isinstance(value, dict) and all(self.visit(node.value, item) for item in value.values())

    def literal(self, node: ir.LiteralOf, value: ir.JsonValue) -> bool:
        return any(type(value) is type(allowed) and value == allowed for allowed in node.values)

    def union(self, node: ir.UnionOf, value: ir.JsonValue) -> bool:
        return any(self.visit(member, value) for member in node.members)

    def nullable(self, node: ir.Nullable, value: ir.JsonValue) -> bool:
        return value is None or self.visit(node.inner, value)

    def ref(self, node: ir.Ref, value: ir.JsonValue) -> bool:
        target = self.index.get(node.target)
        if isinstance(target, ir.Enum):
            kinds = {type(m.value) for m in target.members}
            return any(type(value) is type(m.value) and value == m.value for m in target.members) or (
                target.open and type(value) in kinds
            )
        if isinstance(target, ir.UnionType):
            return any(self.visit(variant, value) for variant in target.variants)
        return isinstance(target, ir.Model) and isinstance(value, dict) and self.model(target, value)

    def model(self, model: ir.Model, value: dict[str, ir.JsonValue]) -> bool:
        types = {f.wire_name: field_type(f) for f in model.fields}
        extra = model.additional.type if model.additional else None
        return all(f.wire_name in value for f in model.fields if f.required) and all(
            self.visit(types[key], item) if key in types else extra is None or self.visit(extra, item)
            for key, item in value.items()
        )


def placeholder(type_ref: ir.TypeRef, index: Index) -> ir.Example | None:
    """A simple valid value of a type, for required fields without a usable example.
    None when no finite value exists (a model that requires itself)."""
    return _Placeholder(index).visit(type_ref, frozenset())


def placeholder_for(declaration: ir.Declaration, index: Index) -> ir.Example | None:
    return _Placeholder(index).declaration(declaration, frozenset())


class _Placeholder(ir.TypeVisitor["ir.Example | None"]):
    """`seen`: the declarations being made a value of, which cannot hold themselves again."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def primitive(self, node: ir.Primitive, seen: frozenset[str]) -> ir.Example | None:
        return ir.Example(PRIMITIVE_TYPES[node.name].placeholder)

    def list_of(self, node: ir.ListOf, seen: frozenset[str]) -> ir.Example | None:
        return ir.Example([])

    def dict_of(self, node: ir.DictOf, seen: frozenset[str]) -> ir.Example | None:
        return ir.Example({})

    def literal(self, node: ir.LiteralOf, seen: frozenset[str]) -> ir.Example | None:
        return ir.Example(node.values[0])

    def union(self, node: ir.UnionOf, seen: frozenset[str]) -> ir.Example | None:
        return self.first(node.members, seen)

    def nullable(self, node: ir.Nullable, seen: frozenset[str]) -> ir.Example | None:
        return ir.Example(None)

    def ref(self, node: ir.Ref, seen: frozenset[str]) -> ir.Example | None:
        target = self.index.get(node.target)
        if target is None or node.target in seen:
            return None
        return self.declaration(target, seen | {node.target})

    def declaration(self, declaration: ir.Declaration, seen: frozenset[str]) -> ir.Example | None:
        if isinstance(declaration, ir.Enum):
            return ir.Example(declaration.members[0].value) if declaration.members else None
        if isinstance(declaration, ir.UnionType):
            return self.first(declaration.variants, seen)
        payload: dict[str, ir.JsonValue] = {}
        for field in declaration.fields:
            if field.required:
                value = field.example or self.visit(field_type(field), seen)
                if value is None:
                    return None
                payload[field.wire_name] = value.value
        return ir.Example(payload)

    def first(self, members: tuple[ir.TypeRef, ...], seen: frozenset[str]) -> ir.Example | None:
        return next((found for member in members if (found := self.visit(member, seen)) is not None), None)


def sample(declaration: ir.Declaration, index: Index) -> ir.Example | None:
    """A declaration's test payload: the spec's examples, with placeholders where a required
    field has none; None when no finite value exists."""
    if not isinstance(declaration, ir.Model):
        return placeholder_for(declaration, index)
    payload: dict[str, ir.JsonValue] = {}
    for f in declaration.fields:
        value = f.example or (placeholder(field_type(f), index) if f.required else None)
        if value is None and f.required:
            return None
        if value is not None:
            payload[f.wire_name] = value.value
    return ir.Example(payload)
