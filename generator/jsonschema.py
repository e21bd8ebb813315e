"""The IR as one JSON Schema (draft 2020-12) document, each declaration under `$defs`,
for tools that read JSON Schema (datamodel-code-generator, validators, editors)."""

from __future__ import annotations

from typing import Any

from . import ir
from .primitives import PRIMITIVE_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema(declarations: list[ir.Declaration]) -> dict[str, Any]:
    names = {ir.qualified_name(d): definition_name(d) for d in declarations}
    return {
        "$schema": DIALECT,
        "$defs": {names[ir.qualified_name(d)]: declaration_schema(d, names) for d in declarations},
    }


def definition_name(declaration: ir.Declaration) -> str:
    """`shared.Pet` for a spec in a subfolder, `Pet` at the top."""
    return ".".join((*declaration.namespace, declaration.python_name))


def declaration_schema(declaration: ir.Declaration, names: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"title": declaration.python_name}
    if declaration.description:
        result["description"] = declaration.description
    if declaration.deprecated:
        result["deprecated"] = True
    if isinstance(declaration, ir.Enum):
        values = [member.value for member in declaration.members]
        if declaration.open:
            result["anyOf"] = [{"enum": values}, {"type": "integer" if isinstance(values[0], int) else "string"}]
        else:
            result["enum"] = values
    elif isinstance(declaration, ir.UnionType):
        result["anyOf"] = [type_schema(variant, names) for variant in declaration.variants]
        if declaration.discriminator:
            result["discriminator"] = {"propertyName": declaration.discriminator}
    else:
        result.update(model_schema(declaration, names))
    return result


def model_schema(model: ir.Model, names: dict[str, str]) -> dict[str, Any]:
    properties = {}
    for field in model.fields:
        prop = type_schema(ir.Nullable(field.type) if field.nullable else field.type, names)
        if field.description:
            prop = {**prop, "description": field.description}
        if field.example is not None:
            prop = {**prop, "examples": [field.example.value]}
        if field.deprecated:
            prop = {**prop, "deprecated": True}
        properties[field.wire_name] = prop
    required = [field.wire_name for field in model.fields if field.required]
    result: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        result["required"] = required
    if model.additional is not None:
        result["additionalProperties"] = type_schema(model.additional.type, names)
    return result


def type_schema(type_ref: ir.TypeRef, names: dict[str, str]) -> dict[str, Any]:
    return _Schema(names).visit(type_ref)


class _Schema(ir.TypeVisitor[dict[str, Any]]):
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def primitive(self, node: ir.Primitive) -> dict[str, Any]:
        return dict(PRIMITIVE_TYPES[node.name].schema)

    def list_of(self, node: ir.ListOf) -> dict[str, Any]:
        return {"type": "array", "items": self.visit(node.item)}

    def dict_of(self, node: ir.DictOf) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.visit(node.value)}

    def literal(self, node: ir.LiteralOf) -> dict[str, Any]:
        values = list(node.values)
        return {"const": values[0]} if len(values) == 1 else {"enum": values}

    def union(self, node: ir.UnionOf) -> dict[str, Any]:
        return {"anyOf": [self.visit(member) for member in node.members]}

    def nullable(self, node: ir.Nullable) -> dict[str, Any]:
        return {"anyOf": [self.visit(node.inner), {"type": "null"}]}

    def ref(self, node: ir.Ref) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.names[node.target]}"}
