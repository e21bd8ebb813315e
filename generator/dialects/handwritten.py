"""Hand-written tables, in the conventions teams use: JSON-ish type names and plain words.

    | Field      | Type                 | Required          | Description                  |
    | ---------- | -------------------- | ----------------- | ---------------------------- |
    | `id`       | string (uuid)        | Yes               | The pet's id.                |
    | `tags`     | string[]             | No                | Labels.                      |
    | `owner`    | [Owner](owner.md) \\| null | ✓          | Who owns it.                 |
    | `status`   | `"available"` \\| `"sold"` | No (default `"available"`) |               |

Types: `string`, `integer`, `number`, `boolean`, `object`, `any` (and `str`, `int`, `float`,
`bool`, `dict`), a format in brackets (`string (date-time)`, `string (date)`, `number (decimal)`,
`string (binary)`), `T[]`, `array of T`, `map of T`, `T | null`, unions with `|` or `or`, and string
or number constants. A table may stand right under its heading, without a Fields heading. Without
a Required column, `**Required.**` or `Optional.` in the description decides, and a field is
otherwise optional. An enum is a bullet list of values with descriptions (`` `asc` — ascending ``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .. import ir
from ..diagnostics import Diagnostic
from ..ir import DictOf, ListOf, LiteralOf, Primitive, Ref, TypeRef
from ..markdown import Block, Document, Heading, Inline, Piece, Table
from ..typeexpr import ParsedType, TypeSyntaxError
from ..typegrammar import NULL, Cursor, bind_link, parsed, union
from . import Dialect, reader
from .reader import Kind, Role, Style, literal, read

NAMES: dict[str, TypeRef] = {
    **dict.fromkeys(("string", "str", "text", "uuid", "email", "uri", "url"), Primitive("str")),
    **dict.fromkeys(("integer", "int", "long", "int32", "int64"), Primitive("int")),
    **dict.fromkeys(("number", "float", "double"), Primitive("float")),
    **dict.fromkeys(("boolean", "bool"), Primitive("bool")),
    **dict.fromkeys(("object", "dict", "map", "json"), DictOf(Primitive("any"))),
    **dict.fromkeys(("array", "list"), ListOf(Primitive("any"))),
    **dict.fromkeys(("any", "mixed"), Primitive("any")),
    **dict.fromkeys(("date",), Primitive("date")),
    **dict.fromkeys(("datetime", "timestamp"), Primitive("datetime")),
    **dict.fromkeys(("decimal",), Primitive("decimal")),
    **dict.fromkeys(("binary", "bytes", "file"), Primitive("bytes")),
    **dict.fromkeys(("null", "none"), NULL),
    "true": LiteralOf((True,)),
    "false": LiteralOf((False,)),
}
# `string (date-time)`: a format in brackets says more than the type before it.
FORMATS: dict[str, TypeRef] = {
    "date-time": Primitive("datetime"),
    "datetime": Primitive("datetime"),
    "date": Primitive("date"),
    "byte": Primitive("bytes"),
    "binary": Primitive("bytes"),
    "decimal": Primitive("decimal"),
    "float": Primitive("float"),
    "double": Primitive("float"),
}
# Names other grammars give their generics and wrappers, which are no declaration of the docs.
OTHER_GRAMMARS = frozenset({"List", "Dict", "Optional", "Nullable", "OptionalNullable", "Union", "Literal"})
OTHER_GRAMMARS |= {"Record", "Array", "Map", "Set"}
CONTAINERS: dict[str, Callable[[TypeRef], TypeRef]] = {
    "array": ListOf,
    "list": ListOf,
    "map": DictOf,
    "dict": DictOf,
    "object": DictOf,
}


def parse_type(source: str) -> ParsedType:
    grammar = _Grammar(Cursor(source))
    node = grammar.union()
    grammar.cursor.expect_end()
    return parsed(node)


class _Grammar:
    """type := member (("|" | "or") member)* ; member := ("array" | "map") "of" member | primary ("[]")*"""

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor

    def union(self) -> TypeRef:
        members = [self.member()]
        while self.cursor.accept("|") or self.cursor.accept("or"):
            members.append(self.member())
        return union(members)

    def member(self) -> TypeRef:
        word = self.cursor.peek().text.lower()
        if word in CONTAINERS and self.cursor.peek(1).text == "of":
            self.cursor.take()
            self.cursor.take()
            return CONTAINERS[word](self.member())
        return self.cursor.arrays(self.primary())

    def primary(self) -> TypeRef:
        token = self.cursor.take()
        if token.kind == "punct" and token.text == "[":
            return bind_link(self.union(), self.cursor.link_target())
        if token.kind == "string":
            return LiteralOf((token.text[1:-1],))
        if token.kind == "number" and "." not in token.text:
            return LiteralOf((int(token.text),))
        if token.kind == "name":
            return self.formatted(self.named(token.text))
        raise TypeSyntaxError(f"expected a type but found {token.text or 'the end of the cell'!r}")

    def named(self, name: str) -> TypeRef:
        if name in OTHER_GRAMMARS or (self.cursor.at("[") and self.cursor.peek(1).text != "]"):
            raise self.cursor.unknown(name)  # a generic type of another dialect's grammar
        if name.lower() in NAMES:
            return NAMES[name.lower()]
        if name.rpartition(".")[2][:1].isupper():
            return Ref(name)
        raise self.cursor.unknown(name)

    def formatted(self, node: TypeRef) -> TypeRef:
        """`string (date-time)`: the format, where it says more."""
        if not (self.cursor.at("(") and self.cursor.peek(1).kind == "name"):
            return node
        self.cursor.take()
        words = []
        while not self.cursor.at(")") and self.cursor.peek().kind != "end":
            words.append(self.cursor.take().text)
        self.cursor.expect(")")
        return FORMATS.get("".join(words).lower(), node)


REQUIRED = re.compile(r"^\W*required\b", re.IGNORECASE)
OPTIONAL = re.compile(r"^\W*optional\b", re.IGNORECASE)


def required_in_description(text: str) -> bool | None:
    """`**Required.** The pet's id.` or `Optional. Labels.`"""
    return True if REQUIRED.match(text) else False if OPTIONAL.match(text) else None


SEPARATOR = re.compile(r"\s+[-\u2013\u2014:]\s+|:\s")  # between a bullet's value and what it says of it


def value_in_item(item: Inline) -> tuple[ir.LiteralValue, str]:
    """`` `asc` — ascending ``, `"asc": ascending` or `asc - ascending`: the value it names, and
    its description."""
    code = re.match(r"\s*`([^`]*)`", item.source)
    if code:
        value = literal(code.group(1)) if code.group(1)[:1] in "\"'-0123456789" else code.group(1)
        return value, re.sub(r"^\s*[-\u2013\u2014:]?\s*", "", item.source[code.end() :]).strip()
    first, *said = SEPARATOR.split(item.text, maxsplit=1)
    return literal(first.strip()), said[0].strip() if said else ""


SECTIONS: dict[str, Kind] = {
    **dict.fromkeys(("fields", "properties", "attributes", "parameters", "schema"), "model"),
    **dict.fromkeys(("values", "enum", "enum values", "allowed values", "possible values"), "enum"),
    **dict.fromkeys(("one of", "any of", "variants", "supported types"), "union"),
}
COLUMNS: dict[str, Role] = {
    **dict.fromkeys(("field", "name", "property", "parameter", "attribute", "key"), "name"),
    **dict.fromkeys(("type", "data type", "schema"), "type"),
    **dict.fromkeys(("required", "required?", "mandatory"), "required"),
    **dict.fromkeys(("description", "notes", "meaning"), "description"),
    **dict.fromkeys(("example", "examples"), "example"),
    "default": "default",
}
STYLE = Style(
    sections=SECTIONS,
    others=frozenset({"example", "examples", "example usage", "notes"}),
    columns=COLUMNS,
    type_cell=parse_type,
    required_in_description=required_in_description,
    value_in_item=value_in_item,
    required_by_default=False,
)


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    return read(STYLE, _with_field_sections(document), namespace)


def _with_field_sections(document: Document) -> Document:
    """A table right under a heading (after its prose) is that heading's fields, when it has a
    column of names or of types (a table of endpoints is not)."""
    blocks: list[Block] = []
    heading: Heading | None = None
    for block in document.blocks:
        if isinstance(block, Heading):
            title = block.inline.text.lower()
            heading = None if title in SECTIONS or title in STYLE.others else block
        elif isinstance(block, Table) and heading is not None and _names_or_types(block):
            blocks.append(Heading(heading.level + 1, Inline((Piece("text", "Fields"),), block.header.span, "Fields")))
            heading = None
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def _names_or_types(table: Table) -> bool:
    return any(COLUMNS.get(cell.text.lower()) in ("name", "type") for cell in table.header.cells)


def recognise(document: Document) -> float:
    return reader.recognise(STYLE, _with_field_sections(document))


DIALECT = Dialect(recognise, read_declarations)
