"""The type-cell grammar: inline pieces of a Type cell -> TypeRef.

    type  := link | name [ "[" type ("," type)* "]" ]
    link  := LINK type END_LINK

Emphasis and code markup are decoration and are skipped. A link binds its target to the one
reference written inside it: `[Optional[models.X]](x.md)` and `List[[models.X](x.md)]` alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from .ir import DictOf, ListOf, LiteralOf, LiteralValue, Nullable, Primitive, PrimitiveName, Ref, TypeRef, UnionOf
from .markdown import Piece

PRIMITIVES: dict[str, PrimitiveName] = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "date": "date",
    "datetime": "datetime",
    "Any": "any",
}
WRAPPERS = ("Optional", "Nullable", "OptionalNullable", "List", "Dict", "Literal", "Union")
# Prefixes Speakeasy writes before model names: `models.X`, `shared.X`, `components.X`, ...
MODEL_PREFIXES = ("models", "shared", "components", "operations", "errors")
_LEXEME = re.compile(
    r"""\s+|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"""
    r"""|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<number>-?\d+)|(?P<punct>[\[\],])|(?P<skip>[*`~])"""
)
# Speakeasy's Python docs link date types to the Python docs with their text swapped.
_PYTHON_DATE_DOCS = {"date-objects": "datetime", "datetime-objects": "date"}

# `None` inside a Union: an empty union made nullable, dropped again by _union.
_NONE = Nullable(UnionOf(()))

TokenKind = Literal["name", "string", "number", "punct", "link", "end_link", "end"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str = ""


@dataclass(frozen=True)
class ParsedType:
    """A cell's type with its outer wrappers unwrapped into flags."""

    type: TypeRef
    nullable: bool
    optional: bool


class TypeSyntaxError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_type_cell(pieces: tuple[Piece, ...]) -> ParsedType:
    """Parse a Type cell. Raises TypeSyntaxError with a message fit for a diagnostic."""
    parser = _Parser(_lex(pieces))
    if parser.peek().kind == "end":
        raise TypeSyntaxError("the type cell is empty")
    optional = nullable = False
    parsed = parser.parse_type()
    parser.expect_end()
    _reject_bare_none(parsed)
    while isinstance(parsed, _Wrapped):
        optional = optional or parsed.optional
        nullable = nullable or parsed.nullable
        parsed = parsed.inner
    return ParsedType(_strip_wrappers(parsed), nullable, optional)


def _lex(pieces: tuple[Piece, ...]) -> list[Token]:
    tokens: list[Token] = []
    for piece in pieces:
        if piece.kind == "link_open":
            if not piece.href:
                raise TypeSyntaxError("a link in the type cell has no target")
            tokens.append(Token("link", piece.href))
        elif piece.kind == "link_close":
            tokens.append(Token("end_link"))
        elif piece.kind in ("text", "code"):
            tokens.extend(_lex_text(piece.text))
    return tokens


def _lex_text(text: str) -> list[Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _LEXEME.match(text, position)
        if match is None:
            raise TypeSyntaxError(f"unexpected character {text[position]!r} in the type cell")
        kind = match.lastgroup
        if kind in ("name", "string", "number", "punct"):
            tokens.append(Token(kind, match.group()))  # type: ignore[arg-type]
        position = match.end()
    return tokens


@dataclass(frozen=True)
class _Wrapped:
    """Optional[...] / Nullable[...] / OptionalNullable[...] while parsing."""

    inner: TypeRef | _Wrapped
    optional: bool
    nullable: bool


def _strip_wrappers(node: TypeRef | _Wrapped) -> TypeRef:
    """Inside a container, being optional can only mean being nullable."""
    if isinstance(node, _Wrapped):
        return Nullable(_strip_wrappers(node.inner))
    return node


MAX_DEPTH = 128  # deeper types are surely a mistake, and would exhaust the stack further on


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.position] if self.position < len(self.tokens) else Token("end")

    def take(self) -> Token:
        token = self.peek()
        self.position += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text or token.kind != "punct":
            found = token.text or "the end of the cell"
            raise TypeSyntaxError(f"expected {text!r} but found {found!r}", "check that the brackets balance")

    def expect_end(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise TypeSyntaxError(f"unexpected {token.text or token.kind!r} after the type")

    def parse_type(self) -> TypeRef | _Wrapped:
        self.depth += 1
        try:
            return self.parse_nested()
        finally:
            self.depth -= 1

    def parse_nested(self) -> TypeRef | _Wrapped:
        if self.depth > MAX_DEPTH:
            raise TypeSyntaxError(f"the type is nested more than {MAX_DEPTH} levels deep")
        token = self.take()
        if token.kind == "link":
            return self.parse_link(token.text)
        if token.kind != "name":
            found = token.text or "the end of the cell"
            raise TypeSyntaxError(f"expected a type but found {found!r}")
        if self.peek().text == "[":
            return self.parse_generic(token.text)
        return _named(token.text)

    def parse_link(self, href: str) -> TypeRef | _Wrapped:
        inner = self.parse_type()
        if self.take().kind != "end_link":
            raise TypeSyntaxError("a link in the type cell holds more than one type")
        return _bind_link(inner, href)

    def parse_generic(self, name: str) -> TypeRef | _Wrapped:
        self.expect("[")
        if name == "Literal":
            values = self.parse_literal_values()
            self.expect("]")
            return LiteralOf(values)
        arguments = [self.parse_type()]
        while self.peek().text == ",":
            self.take()
            arguments.append(self.parse_type())
        self.expect("]")
        return _generic(name, arguments)

    def parse_literal_values(self) -> tuple[LiteralValue, ...]:
        values = [self.parse_literal_value()]
        while self.peek().text == ",":
            self.take()
            values.append(self.parse_literal_value())
        return tuple(values)

    def parse_literal_value(self) -> LiteralValue:
        token = self.take()
        if token.kind == "string":
            return _unquote(token.text)
        if token.kind == "number":
            return int(token.text)
        if token.text in ("True", "False"):
            return token.text == "True"
        raise TypeSyntaxError(f"expected a literal value but found {token.text or 'the end of the cell'!r}")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _named(name: str) -> TypeRef | _Wrapped:
    if name == "None":
        return _NONE
    if name in PRIMITIVES:
        return Primitive(PRIMITIVES[name])
    if name in WRAPPERS:
        raise TypeSyntaxError(f"`{name}` needs its type arguments in brackets", f"for example `{name}[str]`")
    head = name.rpartition(".")[0]
    if head in MODEL_PREFIXES or (not head and name[0].isupper() and name not in WRAPPERS):
        return Ref(name)
    close = difflib.get_close_matches(name, [*PRIMITIVES, *WRAPPERS], n=1)
    hint = f"did you mean `{close[0]}`?" if close else "write a primitive, a wrapper such as List[...], or a link"
    raise TypeSyntaxError(f"unknown type `{name}`", hint)


def _generic(name: str, arguments: list[TypeRef | _Wrapped]) -> TypeRef | _Wrapped:
    count = {"Optional": 1, "Nullable": 1, "OptionalNullable": 1, "List": 1, "Dict": 2}.get(name)
    if name not in WRAPPERS:
        close = difflib.get_close_matches(name, WRAPPERS, n=1)
        raise TypeSyntaxError(f"unknown type `{name}[...]`", f"did you mean `{close[0]}`?" if close else "")
    if count is not None and len(arguments) != count:
        raise TypeSyntaxError(f"`{name}` takes {count} type argument(s), got {len(arguments)}")
    if name != "Union":
        for argument in arguments:
            _reject_bare_none(argument)
    if name in ("Optional", "Nullable", "OptionalNullable"):
        return _Wrapped(arguments[0], optional=name != "Nullable", nullable=name != "Optional")
    if name == "List":
        return ListOf(_strip_wrappers(arguments[0]))
    if name == "Dict":
        if arguments[0] != Primitive("str"):
            raise TypeSyntaxError("`Dict` keys must be `str`: JSON object keys are strings")
        return DictOf(_strip_wrappers(arguments[1]))
    return _union([_strip_wrappers(argument) for argument in arguments])


def _reject_bare_none(node: TypeRef | _Wrapped) -> None:
    if node == _NONE or (isinstance(node, _Wrapped) and node.inner == _NONE):
        raise TypeSyntaxError(
            "`None` can only be a member of a `Union`", "write Nullable[...] for a value that may be null"
        )


def _union(members: list[TypeRef]) -> TypeRef:
    """Flatten nested unions; a `None` member makes the union nullable."""
    flat: dict[str, TypeRef] = {}  # by repr, which tells Literal[1] from Literal[True]
    nullable = False
    for member in members:
        if member == _NONE:
            nullable = True
            continue
        inner = member.inner if isinstance(member, Nullable) else member
        nullable = nullable or isinstance(member, Nullable)
        for item in inner.members if isinstance(inner, UnionOf) else (inner,):
            flat.setdefault(repr(item), item)
    if not flat:
        raise TypeSyntaxError("a union needs at least one member besides `None`")
    union = next(iter(flat.values())) if len(flat) == 1 else UnionOf(tuple(flat.values()))
    return Nullable(union) if nullable else union


def _bind_link(inner: TypeRef | _Wrapped, href: str) -> TypeRef | _Wrapped:
    """Give the link's target to the one unlinked reference inside it; a link around a date
    type is Speakeasy's link to the Python docs, and around any other type it is decoration."""
    if isinstance(inner, Primitive) and inner.name in ("date", "datetime"):
        fragment = href.rpartition("#")[2]
        return Primitive(_PYTHON_DATE_DOCS.get(fragment, inner.name))  # type: ignore[arg-type]
    unlinked: list[Ref] = []

    def collect(ref: Ref) -> Ref:
        if not ref.link:
            unlinked.append(ref)
        return ref

    _map_refs(inner, collect)
    if len(unlinked) > 1:
        raise TypeSyntaxError("a link surrounds several references", "link each reference on its own")
    return _map_refs(inner, lambda ref: ref if ref.link else replace(ref, link=href))


def _map_refs(node: TypeRef | _Wrapped, function: Callable[[Ref], Ref]) -> TypeRef | _Wrapped:
    if isinstance(node, Ref):
        return function(node)
    if isinstance(node, _Wrapped):
        return replace(node, inner=_map_refs(node.inner, function))
    if isinstance(node, ListOf):
        return ListOf(_strip_wrappers(_map_refs(node.item, function)))
    if isinstance(node, DictOf):
        return DictOf(_strip_wrappers(_map_refs(node.value, function)))
    if isinstance(node, Nullable):
        return Nullable(_strip_wrappers(_map_refs(node.inner, function)))
    if isinstance(node, UnionOf):
        return UnionOf(tuple(_strip_wrappers(_map_refs(member, function)) for member in node.members))
    return node
