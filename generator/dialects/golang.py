"""Speakeasy's Go docs: the sections of its Python docs, with Go type cells.

    `string`   `*int64`   `float64`   **bool*   `any`   []`string`   map[string]`any`
    [*shared.Pet](../../../pkg/models/shared/pet.md)   [*time.Time](https://pkg.go.dev/time#Time)

A union names each variant in the code block under its heading
(`shared.CreateTargetIDStr(string{/* values here */})`), which gen-models reads rather than the
heading (`### AdyenConfig`, or none); an enum's Name column holds Go constants,
so members are named after their values; an `AdditionalProperties` map holds the model's additional
properties. What the docs cannot say: a pointer (`*string`) is an
optional field, not a nullable value, so no value is shown nullable; field names are Go's
(`ExternalID`), so the JSON keys are taken as their snake_case (`external_id`).
"""

from __future__ import annotations

import re

from .. import ir, naming
from ..diagnostics import Diagnostic
from ..ir import DictOf, ListOf, Primitive, Ref, TypeRef
from ..markdown import Document
from ..typeexpr import ParsedType, TypeSyntaxError
from ..typegrammar import Cursor, bind_link, parsed
from . import Dialect, reader, speakeasy
from .reader import Style, read

NAMES: dict[str, TypeRef] = {
    "string": Primitive("str"),
    "bool": Primitive("bool"),
    "any": Primitive("any"),
    "float32": Primitive("float"),
    "float64": Primitive("float"),
    "time.Time": Primitive("datetime"),
    "types.Date": Primitive("date"),
    "big.Int": Primitive("int"),
    "big.Float": Primitive("decimal"),
    "decimal.Big": Primitive("decimal"),
    "alpacadecimal.Decimal": Primitive("decimal"),
    **{name: Primitive("int") for name in ("int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16")},
    **{name: Primitive("int") for name in ("uint32", "uint64", "byte", "rune")},
}
PLUMBING = frozenset({"http.Response", "http.Request", "io.ReadCloser"})  # io.ReadCloser: a download
NAMESPACES = frozenset({"shared", "operations", "components", "sdkerrors", "apierrors", "errors", "callbacks"})


def parse_type(source: str) -> ParsedType:
    grammar = _Grammar(Cursor(source))
    node = grammar.type()
    grammar.cursor.expect_end()
    return parsed(node, plumbing=grammar.plumbing)


class _Grammar:
    """type := "[" "]" type | "map" "[" type "]" type | link | name ; pointers (`*`) are read past,
    and `[]byte` is bytes."""

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.plumbing = ""
        self.links = 0  # how many links the current token is in: a bare name is a reference only there

    def type(self) -> TypeRef:
        token = self.cursor.take()
        if token.kind == "punct" and token.text == "[":
            if self.cursor.accept("]"):
                return Primitive("bytes") if self.cursor.accept("byte") else ListOf(self.type())
            return self.link()
        if token.kind == "name" and token.text == "map" and self.cursor.at("["):
            self.cursor.expect("[")
            self.type()
            self.cursor.expect("]")
            return DictOf(self.type())
        if token.kind == "name" and token.text == "interface" and self.cursor.accept("{"):
            self.cursor.expect("}")
            return Primitive("any")
        if token.kind == "name":
            return self.named(token.text)
        raise TypeSyntaxError(f"expected a type but found {token.text or 'the end of the cell'!r}")

    def link(self) -> TypeRef:
        self.links += 1
        inner = self.type()
        self.links -= 1
        return bind_link(inner, self.cursor.link_target())

    def named(self, name: str) -> TypeRef:
        if name in PLUMBING:
            self.plumbing = self.plumbing or name
            return Primitive("any")
        if name in NAMES:
            return NAMES[name]
        head, _, last = name.rpartition(".")
        if last[:1].isupper() and (head in NAMESPACES or (not head and self.links)):
            return Ref(name)
        raise self.cursor.unknown(name)


# `targetID := shared.CreateTargetIDStr(string{/* values here */})`, or of `shared.Pet{...}`.
CODE_VARIANT = re.compile(r"\s*\w+\s*:=\s*[\w.]+\((.+?)\{\s*/\*")


def variant_in_code(code: str) -> str | None:
    match = CODE_VARIANT.match(code)
    return match.group(1) if match else None


STYLE = Style(
    sections=speakeasy.SECTIONS,
    others=frozenset({"example usage", "union discrimination"}),
    columns=speakeasy.COLUMNS,
    type_cell=parse_type,
    wire_name=naming.snake_case,
    variant_in_code=variant_in_code,
    variants_in_code_first=True,
    member_names_from_values=True,
    additional_properties="AdditionalProperties",
)


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    return read(STYLE, document, namespace)


def recognise(document: Document) -> float:
    """Go code blocks, or Go's exported field names: a name that starts in lower case is not Go's."""
    names = reader.field_names(STYLE, document)
    if any(name[:1].islower() for name in names):
        return 0.0
    return reader.recognise(STYLE, document, frozenset({"go"}))


DIALECT = Dialect(recognise, read_declarations)
