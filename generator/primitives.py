"""The primitive types, once: how each is spelled in Python, how it travels as JSON, and a value
of it for tests. Every stage and template that needs one of these reads it from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ir import JsonValue, PrimitiveName


@dataclass(frozen=True)
class PrimitiveType:
    annotation: str  # the Python type hint
    module: str  # the standard-library module the hint names, or "" for a builtin
    schema: dict[str, Any]  # its JSON Schema
    placeholder: JsonValue  # a valid JSON value of it
    pattern: str = ""  # for text: the RFC 3339 form the runtime accepts, before Python parses it


PRIMITIVE_TYPES: dict[PrimitiveName, PrimitiveType] = {
    "str": PrimitiveType("str", "", {"type": "string"}, ""),
    "int": PrimitiveType("int", "", {"type": "integer"}, 0),
    "float": PrimitiveType("float", "", {"type": "number"}, 0.0),
    "bool": PrimitiveType("bool", "", {"type": "boolean"}, False),
    "bytes": PrimitiveType("bytes", "", {"type": "string", "contentEncoding": "base64"}, ""),
    "date": PrimitiveType(
        "datetime.date", "datetime", {"type": "string", "format": "date"}, "2024-01-01", r"\d{4}-\d{2}-\d{2}"
    ),
    "datetime": PrimitiveType(
        "datetime.datetime",
        "datetime",
        {"type": "string", "format": "date-time"},
        "2024-01-01T00:00:00Z",
        # Python keeps microseconds, so a seventh fractional digit could not be written back.
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?",
    ),
    "decimal": PrimitiveType("decimal.Decimal", "decimal", {"type": "number"}, 0),
    "any": PrimitiveType("Any", "", {}, None),
}
