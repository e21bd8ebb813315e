"""Speakeasy's TypeScript docs: the sections of its Python docs, with TypeScript type cells.

    *string*   *number*   *boolean*   *any*   [Date](https://developer.mozilla.org/...)
    *string*[]   [components.Pet](../../models/components/pet.md)[]   Record<string, *any*>
    { [k: string]: any }   *"text"*   [File](...) \\| [Blob](...)   *ReadableStream<Uint8Array>*

An enum is a code block of its values (`"asc" | "desc" | Unrecognized<string>`, open when it takes
Unrecognized). What the docs cannot say: `number` is int or float (read as float); no value is
shown nullable; field names are the SDK's camelCase, which may differ from the JSON keys.
"""

from __future__ import annotations

import re

from .. import ir
from ..diagnostics import Diagnostic
from ..ir import DictOf, ListOf, LiteralOf, Primitive, Ref, TypeRef
from ..markdown import CodeBlock, Document
from ..typeexpr import ParsedType, TypeSyntaxError
from ..typegrammar import NULL, Cursor, bind_link, parsed, union
from . import Dialect, reader, speakeasy
from .reader import Style, literal, read

NAMES: dict[str, TypeRef] = {
    "string": Primitive("str"),
    "number": Primitive("float"),
    "bigint": Primitive("int"),
    "boolean": Primitive("bool"),
    "any": Primitive("any"),
    "unknown": Primitive("any"),
    "object": DictOf(Primitive("any")),
    "Date": Primitive("datetime"),
    "RFCDate": Primitive("date"),
    "Uint8Array": Primitive("bytes"),
    "ArrayBuffer": Primitive("bytes"),
    "Blob": Primitive("bytes"),
    "File": Primitive("bytes"),
    "null": NULL,
    "true": LiteralOf((True,)),
    "false": LiteralOf((False,)),
}
STREAMS = frozenset({"ReadableStream", "AsyncIterable", "EventStream"})  # of bytes, or of events
PLUMBING = frozenset({"Response", "Request", "Headers"})  # the Fetch API's objects
NAMESPACES = frozenset({"components", "operations", "errors", "shared", "models"})


def parse_type(source: str) -> ParsedType:
    grammar = _Grammar(Cursor(source))
    node = grammar.union()
    grammar.cursor.expect_end()
    return parsed(node, plumbing=grammar.plumbing)


class _Grammar:
    """type := member ("|" member)* ; member := primary ("[" "]")* ; primary := link | name [<args>] | ..."""

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.plumbing = ""
        self.links = 0  # how many links the current token is in: a bare name is a reference only there

    def union(self) -> TypeRef:
        members = [self.member()]
        while self.cursor.accept("|"):
            members.append(self.member())
        return union(members)

    def member(self) -> TypeRef:
        return self.cursor.arrays(self.primary())

    def primary(self) -> TypeRef:
        token = self.cursor.take()
        if token.kind == "punct" and token.text == "[":
            return self.link()
        if token.kind == "punct" and token.text == "(":
            inner = self.union()
            self.cursor.expect(")")
            return inner
        if token.kind == "punct" and token.text == "{":
            return self.index_signature()
        if token.kind == "string":
            return LiteralOf((re.sub(r"\\(.)", r"\1", token.text[1:-1]),))
        if token.kind == "number" and "." not in token.text:
            return LiteralOf((int(token.text),))
        if token.kind == "name":
            return self.named(token.text)
        raise TypeSyntaxError(f"expected a type but found {token.text or 'the end of the cell'!r}")

    def link(self) -> TypeRef:
        self.links += 1
        inner = self.union()
        self.links -= 1
        return bind_link(inner, self.cursor.link_target())

    def index_signature(self) -> TypeRef:
        """`{ [k: string]: T }`: an object of T."""
        self.cursor.expect("[")
        self.cursor.take()
        self.cursor.expect(":")
        self.cursor.take()
        self.cursor.expect("]")
        self.cursor.expect(":")
        value = self.union()
        self.cursor.accept(";")
        self.cursor.expect("}")
        return DictOf(value)

    def named(self, name: str) -> TypeRef:
        if self.cursor.accept("<"):
            arguments = [self.union()]
            while self.cursor.accept(","):
                arguments.append(self.union())
            self.cursor.expect(">")
            return self.generic(name, arguments)
        if name in PLUMBING:
            self.plumbing = self.plumbing or name
            return Primitive("any")
        if name in NAMES:
            return NAMES[name]
        head, _, last = name.rpartition(".")
        if last[:1].isupper() and (head in NAMESPACES or (not head and self.links)):
            return Ref(name)
        raise self.cursor.unknown(name)

    def generic(self, name: str, arguments: list[TypeRef]) -> TypeRef:
        if name == "Record" and len(arguments) == 2:
            return DictOf(arguments[1])
        if name in ("Array", "ReadonlyArray") and len(arguments) == 1:
            return ListOf(arguments[0])
        if name in STREAMS:
            return Primitive("bytes") if arguments[0] == Primitive("bytes") else ListOf(arguments[0])
        if name == "Unrecognized":
            return arguments[0]
        raise self.cursor.unknown(f"{name}<...>")


def values_in_code(code: str) -> tuple[list[ir.LiteralValue], bool] | None:
    """`"asc" | "desc" | Unrecognized<string>`: the values, and whether the enum is open."""
    parts = [part.strip() for part in code.strip().split("|")]
    written = [part for part in parts if not part.startswith("Unrecognized<")]
    if not written or not all(re.fullmatch(r'"(?:[^"\\]|\\.)*"|-?\d+', part) for part in written):
        return None
    return [literal(part) for part in written], len(written) < len(parts)


def variant_in_code(code: str) -> str | None:
    """`const value: components.Pet = {...};`: the variant's type."""
    match = re.match(r"\s*(?:const|let)\s+\w+\s*:\s*(.+?)\s*=", code)
    return match.group(1) if match else None


STYLE = Style(
    sections=speakeasy.SECTIONS,
    others=frozenset({"example usage"}),
    columns=speakeasy.COLUMNS,
    type_cell=parse_type,
    variant_in_code=variant_in_code,
    values_in_code=values_in_code,
)


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    return read(STYLE, document, namespace)


def recognise(document: Document) -> float:
    """Speakeasy opens every TypeScript page with a `typescript` code block (its Example Usage)."""
    languages = frozenset({"typescript", "ts"})
    coded = any(isinstance(block, CodeBlock) and block.info in languages for block in document.blocks)
    return reader.recognise(STYLE, document, languages) if coded else 0.0


DIALECT = Dialect(recognise, read_declarations)
