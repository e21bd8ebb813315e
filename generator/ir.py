"""The intermediate model: plain frozen data between the dialects and the renderers.

It knows neither markdown nor Jinja. Every declaration and field keeps its source span.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from .diagnostics import Span

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None
PrimitiveName = Literal["str", "int", "float", "bool", "bytes", "date", "datetime", "decimal", "any"]
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


TypeRef: TypeAlias = Primitive | ListOf | DictOf | LiteralOf | UnionOf | Nullable | Ref
TypeMap = Callable[[TypeRef], TypeRef]


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


@dataclass(frozen=True, kw_only=True)
class DeclarationBase:
    """What every declaration has: its name, prose, place in the spec and in the package."""

    name: str
    description: str
    span: Span
    deprecated: bool = False
    namespace: tuple[str, ...] = ()
    module: str = ""  # the dotted module path inside the output package
    python_name: str = ""


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


def walk(type_ref: TypeRef) -> list[TypeRef]:
    """Every node of a type expression, outermost first."""
    children: tuple[TypeRef, ...] = ()
    if isinstance(type_ref, ListOf):
        children = (type_ref.item,)
    elif isinstance(type_ref, DictOf):
        children = (type_ref.value,)
    elif isinstance(type_ref, UnionOf):
        children = type_ref.members
    elif isinstance(type_ref, Nullable):
        children = (type_ref.inner,)
    return [type_ref, *(node for child in children for node in walk(child))]


def type_roots(declaration: Declaration) -> tuple[TypeRef, ...]:
    """The types a declaration is made of: its fields' (additional properties last), or its variants."""
    if isinstance(declaration, Model):
        extra = () if declaration.additional is None else (declaration.additional.type,)
        return (*(f.type for f in declaration.fields), *extra)
    if isinstance(declaration, UnionType):
        return declaration.variants
    return ()


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
