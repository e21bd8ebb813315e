"""The primitive types, once: how the docs spell each, how Python spells it, how it travels as JSON
and which JSON values it takes, and a value of it for tests. Every stage and template that needs
one of these reads it from here; a new primitive is an entry here and its codec in the runtime
template (`codec` names it)."""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .ir import JsonValue


@dataclass(frozen=True)
class PrimitiveType:
    spellings: tuple[str, ...]  # how a Type cell writes it
    annotation: str  # the Python type hint
    module: str  # the standard-library module the hint names, or "" for a builtin
    codec: str  # the runtime's codec for it (templates/python/runtime.py.jinja)
    schema: dict[str, Any]  # its JSON Schema
    placeholder: JsonValue  # a valid JSON value of it
    accepts: Callable[[JsonValue], bool]  # whether a JSON value is one, as the runtime decides
    pattern: str = ""  # for text: the form the runtime accepts, before Python parses it


def _exactly(*kinds: type) -> Callable[[JsonValue], bool]:
    """JSON values of exactly these Python types: `True` is not an int."""
    return lambda value: type(value) in kinds


def _text(parse: Callable[[str], object], pattern: str = "") -> Callable[[JsonValue], bool]:
    """Strings in `pattern` (if any) that `parse` takes without an error."""

    def accepts(value: JsonValue) -> bool:
        if not isinstance(value, str) or (pattern and not re.fullmatch(pattern, value)):
            return False
        try:
            parse(value)
        except (ValueError, binascii.Error):
            return False
        return True

    return accepts


DATE = r"\d{4}-\d{2}-\d{2}"
# Python keeps microseconds, so a seventh fractional digit could not be written back.
DATETIME = r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?"

PRIMITIVE_TYPES: dict[str, PrimitiveType] = {
    "str": PrimitiveType(("str",), "str", "", "STR", {"type": "string"}, "", _exactly(str)),
    "int": PrimitiveType(("int",), "int", "", "INT", {"type": "integer"}, 0, _exactly(int)),
    "float": PrimitiveType(("float",), "float", "", "FLOAT", {"type": "number"}, 0.0, _exactly(int, float)),
    "bool": PrimitiveType(("bool",), "bool", "", "BOOL", {"type": "boolean"}, False, _exactly(bool)),
    "bytes": PrimitiveType(
        ("bytes",),
        "bytes",
        "",
        "BYTES",
        {"type": "string", "contentEncoding": "base64"},
        "",
        _text(lambda text: base64.b64decode(text, validate=True)),
    ),
    "date": PrimitiveType(
        ("date",),
        "datetime.date",
        "datetime",
        "DATE",
        {"type": "string", "format": "date"},
        "2024-01-01",
        _text(datetime.date.fromisoformat, DATE),
        DATE,
    ),
    "datetime": PrimitiveType(
        ("datetime",),
        "datetime.datetime",
        "datetime",
        "DATETIME",
        {"type": "string", "format": "date-time"},
        "2024-01-01T00:00:00Z",
        _text(lambda text: datetime.datetime.fromisoformat(re.sub("[Zz]$", "+00:00", text)), DATETIME),
        DATETIME,
    ),
    "decimal": PrimitiveType(
        ("Decimal", "decimal.Decimal"),
        "decimal.Decimal",
        "decimal",
        "DECIMAL",
        {"type": "number"},
        0,
        _exactly(int, float),
    ),
    "any": PrimitiveType(("Any",), "Any", "", "ANY", {}, None, lambda value: True),
}
SPELLINGS = {spelling: name for name, primitive in PRIMITIVE_TYPES.items() for spelling in primitive.spellings}
