"""Speakeasy's Python docs (and hand-written tables like them): `## Fields`, `## Values` and
`## Supported Types` sections, with Python type cells (see typeexpr.py)."""

from __future__ import annotations

import keyword
import re

from .. import ir
from ..diagnostics import Diagnostic
from ..markdown import Document
from ..typeexpr import parse_type_cell
from . import Dialect, reader
from .reader import Kind, Role, Style, read

# Speakeasy's Python docs show Python names: a name that would shadow a keyword, a builtin or a
# pydantic BaseModel attribute gets a trailing underscore, which is not part of the JSON key.
# A fixed list, so that the output does not depend on the Python version that runs gen-models.
ESCAPED_BY_SPEAKEASY = frozenset(keyword.kwlist) | {
    "match",
    "case",
    "type",
    "int",
    "str",
    "float",
    "bool",
    "bytes",
    "list",
    "dict",
    "set",
    "tuple",
    "object",
    "id",
    "hash",
    "len",
    "min",
    "max",
    "sum",
    "map",
    "filter",
    "format",
    "input",
    "open",
    "print",
    "range",
    "property",
    "super",
    "vars",
    "zip",
    "all",
    "any",
    "iter",
    "next",
    "round",
    "slice",
    "sorted",
    "schema",
    "json",
    "copy",
    "construct",
    "validate",
    "fields",
    "model_fields",
    "model_config",
}
# `name: Type = /* values here */`, as older docs write a union's variant.
CODE_BLOCK_TYPE = re.compile(r"\s*[A-Za-z_]\w*\s*:\s*(.+?)\s*=\s*/\*")
# The sections and columns of Speakeasy's docs in every language; the Python docs' first column
# may also be called Name.
SECTIONS: dict[str, Kind] = {"fields": "model", "values": "enum", "supported types": "union"}
COLUMNS: dict[str, Role] = {
    "field": "name",
    "type": "type",
    "required": "required",
    "description": "description",
    "example": "example",
}


def wire_name(name: str) -> str:
    """`from_` -> `from`, `int_` -> `int`, `schema_` -> `schema`; other names are as written."""
    stem = name[:-1]
    return stem if name.endswith("_") and stem in ESCAPED_BY_SPEAKEASY else name


def _variant_in_code(code: str) -> str | None:
    match = CODE_BLOCK_TYPE.match(code)
    return match.group(1) if match else None


STYLE = Style(
    sections=SECTIONS,
    others=frozenset({"example usage"}),
    columns={**COLUMNS, "name": "name"},
    type_cell=parse_type_cell,
    wire_name=wire_name,
    variant_in_code=_variant_in_code,
    additional_properties="__pydantic_extra__",
)


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    return read(STYLE, document, namespace)


def recognise(document: Document) -> float:
    return reader.recognise(STYLE, document, frozenset({"python"}))


DIALECT = Dialect(recognise, read_declarations)
