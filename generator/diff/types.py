"""Comparing two type expressions by the JSON values each accepts, as the generated runtime
decodes them, and spelling a type for a report.

Which primitive takes which values is read off the table of primitives (each one's `accepts`,
tried on every primitive's placeholder value), so that `int` -> `float` is a widening because
the runtime's float takes ints, and a new primitive needs no entry here.
"""

from __future__ import annotations

import enum
import functools

from .. import ir
from ..primitives import PRIMITIVE_TYPES
from ..render import python_literal

NULL = ir.LiteralOf((None,))


class Relation(enum.Enum):
    """The values the new type accepts, against those the old one did."""

    SAME = "same"
    WIDENED = "widened"
    NARROWED = "narrowed"
    INCOMPATIBLE = "incompatible"


def relation(old: ir.TypeRef, new: ir.TypeRef) -> Relation:
    widened = contains(new, old)
    narrowed = contains(old, new)
    if widened and narrowed:
        return Relation.SAME
    if widened or narrowed:
        return Relation.WIDENED if widened else Relation.NARROWED
    return Relation.INCOMPATIBLE


def contains(outer: ir.TypeRef, inner: ir.TypeRef) -> bool:
    """Whether every value `inner` accepts, `outer` accepts too (references compare by target)."""
    return all(_Contains().visit(outer, alternative) for alternative in alternatives(inner))


def alternatives(node: ir.TypeRef) -> list[ir.TypeRef]:
    """A type as the values it is a union of: unions and nullables flattened, each literal value
    and null on its own."""
    found: list[ir.TypeRef] = []
    for part in ir.walk(node, lambda n: isinstance(n, ir.UnionOf | ir.Nullable)):
        if isinstance(part, ir.Nullable):
            found.append(NULL)
        elif isinstance(part, ir.LiteralOf):
            found.extend(ir.LiteralOf((value,)) for value in part.values)
        elif not isinstance(part, ir.UnionOf):
            found.append(part)
    return found


class _Contains(ir.TypeVisitor[bool]):
    """visit(outer, inner): whether outer accepts every value of `inner`, a type that is no union."""

    def primitive(self, node: ir.Primitive, inner: ir.TypeRef) -> bool:
        if accepts_anything(node.name):
            return True
        if isinstance(inner, ir.Primitive):
            return _accepted(inner.name) <= _accepted(node.name)
        return isinstance(inner, ir.LiteralOf) and PRIMITIVE_TYPES[node.name].accepts(inner.values[0])

    def list_of(self, node: ir.ListOf, inner: ir.TypeRef) -> bool:
        return isinstance(inner, ir.ListOf) and contains(node.item, inner.item)

    def dict_of(self, node: ir.DictOf, inner: ir.TypeRef) -> bool:
        return isinstance(inner, ir.DictOf) and contains(node.value, inner.value)

    def literal(self, node: ir.LiteralOf, inner: ir.TypeRef) -> bool:
        if not isinstance(inner, ir.LiteralOf):
            return False
        (value,) = inner.values
        return any(type(value) is type(allowed) and value == allowed for allowed in node.values)

    def union(self, node: ir.UnionOf, inner: ir.TypeRef) -> bool:
        return any(self.visit(member, inner) for member in node.members)

    def nullable(self, node: ir.Nullable, inner: ir.TypeRef) -> bool:
        return inner == NULL or self.visit(node.inner, inner)

    def ref(self, node: ir.Ref, inner: ir.TypeRef) -> bool:
        return isinstance(inner, ir.Ref) and _key(inner) == _key(node)


def accepts_anything(primitive: str) -> bool:
    """Whether a primitive takes every JSON value: its JSON Schema sets no condition."""
    return not PRIMITIVE_TYPES[primitive].schema


@functools.cache
def _accepted(primitive: str) -> frozenset[int]:
    """Which of the primitives' placeholder values a primitive accepts, by their position: values
    that are equal in Python (0, 0.0 and False) are different JSON values."""
    accepts = PRIMITIVE_TYPES[primitive].accepts
    return frozenset(index for index, value in enumerate(_PROBES) if accepts(value))


_PROBES = [primitive.placeholder for primitive in PRIMITIVE_TYPES.values()]


def _key(node: ir.Ref) -> str:
    return node.target or node.name


def spelled(node: ir.TypeRef) -> str:
    """A type in Python notation, references by qualified name and union members sorted, so that
    two types that differ only in how the spec wrote them read the same."""
    return _Spelling().visit(node)


class _Spelling(ir.TypeVisitor[str]):
    def primitive(self, node: ir.Primitive) -> str:
        return PRIMITIVE_TYPES[node.name].annotation

    def list_of(self, node: ir.ListOf) -> str:
        return f"list[{self.visit(node.item)}]"

    def dict_of(self, node: ir.DictOf) -> str:
        return f"dict[str, {self.visit(node.value)}]"

    def literal(self, node: ir.LiteralOf) -> str:
        return "None" if node == NULL else f"Literal[{', '.join(map(python_literal, node.values))}]"

    def union(self, node: ir.UnionOf) -> str:
        return " | ".join(sorted({self.visit(member) for member in node.members}, key=_none_last))

    def nullable(self, node: ir.Nullable) -> str:
        return self.visit(ir.UnionOf((node.inner, NULL)))

    def ref(self, node: ir.Ref) -> str:
        return _key(node)


def _none_last(text: str) -> tuple[bool, str]:
    return (text == "None", text)
