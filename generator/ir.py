"""The intermediate model: plain frozen data between the dialects and the renderers.

It knows neither markdown nor Jinja. Every declaration and field keeps its source span.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from .diagnostics import Span

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None
PrimitiveName = str  # a key of primitives.PRIMITIVE_TYPES
LiteralValue: TypeAlias = str | int | bool | None


@dataclass(frozen=True)
class Primitive:
    name: PrimitiveName


@dataclass(frozen=True)
class ListOf:
    item: TypeRef


@dataclass(frozen=True)
class DictOf:
    """A JSON object with string keys."""

    value: TypeRef


@dataclass(frozen=True)
class LiteralOf:
    values: tuple[LiteralValue, ...]


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeRef, ...]


@dataclass(frozen=True)
class Nullable:
    inner: TypeRef


@dataclass(frozen=True)
class Ref:
    """A reference to a declaration: `name` as written, `link` as written, `target` once bound."""

    name: str
    link: str = ""
    target: str = ""
    # The dialect links pages it never writes (OpenAPI Generator's aliases of primitives), so a
    # reference that no spec declares is read as Any with a warning, as --missing-as-any does.
    undeclared_is_any: bool = False


TypeRef: TypeAlias = Primitive | ListOf | DictOf | LiteralOf | UnionOf | Nullable | Ref
Result = TypeVar("Result")


@dataclass(frozen=True)
class Example:
    """An example value from the spec, parsed as JSON (or kept as text for strings)."""

    value: JsonValue


@dataclass(frozen=True)
class Field:
    name: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    span: Span
    example_text: str | None = None
    example: Example | None = None
    deprecated: bool = False
    python_name: str = ""
    wire_name: str = ""  # the JSON key; the dialect or resolve sets it

    @property
    def renamed(self) -> bool:
        """Whether the JSON key differs from the Python attribute name."""
        return self.wire_name != self.python_name


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: LiteralValue
    span: Span
    python_name: str = ""
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class DeclarationBase:
    """What every declaration has: its name, prose, place in the spec and in the package."""

    name: str
    description: str
    span: Span
    deprecated: bool = False
    dialect: str = ""  # the dialect that read it
    namespace: tuple[str, ...] = ()
    module: str = ""  # the dotted module path inside the output package
    python_name: str = ""  # the class or alias name in its module
    export_name: str = ""  # the name its package exports it under


@dataclass(frozen=True, kw_only=True)
class Model(DeclarationBase):
    fields: tuple[Field, ...]
    # The model's additional properties: keys it does not declare, each with a value of this
    # field's type (Speakeasy's `__pydantic_extra__` row). None when it declares none.
    additional: Field | None = None


@dataclass(frozen=True, kw_only=True)
class Enum(DeclarationBase):
    members: tuple[EnumMember, ...]
    open: bool


@dataclass(frozen=True, kw_only=True)
class UnionType(DeclarationBase):
    variants: tuple[TypeRef, ...]
    # Set by resolve when every variant is a model with a constant field of this wire name:
    # `tags[i]` is variant i's constant, and decoding dispatches on it.
    discriminator: str = ""
    tags: tuple[LiteralValue | None, ...] = ()
    variant_spans: tuple[Span, ...] = ()  # where each variant is written


Declaration: TypeAlias = Model | Enum | UnionType


def qualified_name(declaration: Declaration) -> str:
    """The key that `Ref.target` holds: the namespace and the name, dotted."""
    return ".".join((*declaration.namespace, declaration.name))


def children(node: TypeRef) -> tuple[TypeRef, ...]:
    """A type's direct parts: the one place that knows the shape of each kind of node."""
    if isinstance(node, ListOf):
        return (node.item,)
    if isinstance(node, DictOf):
        return (node.value,)
    if isinstance(node, UnionOf):
        return node.members
    if isinstance(node, Nullable):
        return (node.inner,)
    return ()


def with_children(node: TypeRef, parts: tuple[TypeRef, ...]) -> TypeRef:
    """The node with its direct parts replaced (in the order `children` gives them)."""
    if isinstance(node, ListOf):
        return ListOf(parts[0])
    if isinstance(node, DictOf):
        return DictOf(parts[0])
    if isinstance(node, UnionOf):
        return UnionOf(parts)
    if isinstance(node, Nullable):
        return Nullable(parts[0])
    return node


def walk(node: TypeRef, descend: Callable[[TypeRef], bool] = lambda _: True) -> list[TypeRef]:
    """Every node of a type expression, outermost first; `descend` says whose parts to visit."""
    found = [node]
    if descend(node):
        for part in children(node):
            found.extend(walk(part, descend))
    return found


def map_refs(node: TypeRef, function: Callable[[Ref], TypeRef]) -> TypeRef:
    """The type with each reference replaced by what `function` makes of it."""
    if isinstance(node, Ref):
        return function(node)
    parts = children(node)
    return with_children(node, tuple(map_refs(part, function) for part in parts)) if parts else node


class TypeVisitor(Generic[Result]):
    """Does something per kind of type node: subclasses define a method for each kind, which
    `visit` calls with the node and whatever context it was given."""

    def visit(self, node: TypeRef, *context: Any) -> Result:
        return getattr(self, _VISIT[type(node)])(node, *context)  # type: ignore[no-any-return]


_VISIT = {
    Primitive: "primitive",
    ListOf: "list_of",
    DictOf: "dict_of",
    LiteralOf: "literal",
    UnionOf: "union",
    Nullable: "nullable",
    Ref: "ref",
}


def type_roots(declaration: Declaration) -> tuple[TypeRef, ...]:
    """The types a declaration is made of: its fields' (additional properties last), or its variants."""
    if isinstance(declaration, Model):
        extra = () if declaration.additional is None else (declaration.additional.type,)
        return (*(f.type for f in declaration.fields), *extra)
    if isinstance(declaration, UnionType):
        return declaration.variants
    return ()


def named_parts(declaration: Declaration) -> tuple[Field | EnumMember, ...]:
    """The parts of a declaration that have Python names: a model's fields (its additional
    properties last), an enum's members."""
    if isinstance(declaration, Model):
        return (*declaration.fields, *((declaration.additional,) if declaration.additional else ()))
    return declaration.members if isinstance(declaration, Enum) else ()


def references(declaration: Declaration) -> list[Ref]:
    """Every reference a declaration makes, in spec order."""
    return [node for root in type_roots(declaration) for node in walk(root) if isinstance(node, Ref)]


def to_json(value: object) -> object:
    """The IR as JSON-ready data; each node carries its kind, so the dump reads like the spec."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, object] = {"kind": type(value).__name__}
        data.update({f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return data
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value
