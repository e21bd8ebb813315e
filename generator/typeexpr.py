"""The type-cell grammar of Speakeasy's Python docs: a Type cell's source text -> TypeRef.

    type  := link | name [ "[" type ("," type)* "]" ]
    link  := "[" type "]" "(" target ")"

The cell is read from its markdown source, not from rendered text, so that markdown can never
change a type: `*Literal["__x__"]*` keeps its underscores. Emphasis and code markup around names
are decoration and are skipped. A link binds its target to the one reference written inside it:
`[Optional[models.X]](x.md)` and `List[[models.X](x.md)]` alike; a link around several
references leaves each to be found by its name.

The names the SDK's own runtime uses have a fixed meaning (see SDK_NAMES): upload and download
content is bytes, an event stream of X is a list of X, and the raw HTTP objects that the SDK
hands back beside a response are plumbing, which `ParsedType.plumbing` names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Literal

from .ir import (
    DictOf,
    ListOf,
    LiteralOf,
    LiteralValue,
    Nullable,
    Primitive,
    Ref,
    TypeRef,
    UnionOf,
    map_refs,
    walk,
)
from .primitives import SPELLINGS

WRAPPER_ARITY = {
    "Optional": 1,
    "Nullable": 1,
    "OptionalNullable": 1,
    "List": 1,
    "list": 1,
    "Dict": 2,
    "dict": 2,
    "Literal": None,
    "Union": None,
}
# The SDK's runtime types, by what they carry. Streams take the item type as their first argument.
BYTES_TYPES = frozenset({"IO", "typing.IO", "io.BufferedReader", "io.IOBase", "io.BytesIO", "io.RawIOBase"})
STREAM_TYPES = frozenset(
    {
        "eventstreaming.EventStream",
        "eventstreaming.EventStreamAsync",
        "Generator",
        "AsyncGenerator",
        "Iterator",
        "AsyncIterator",
        "Iterable",
        "AsyncIterable",
    }
)
HTTP_REQUESTS = frozenset({"httpx.Request", "requests.Request", "requests.PreparedRequest", "requests_http.Request"})
HTTP_RESPONSES = frozenset({"httpx.Response", "requests.Response", "requests_http.Response"})
SDK_NAMES = BYTES_TYPES | STREAM_TYPES | HTTP_REQUESTS | HTTP_RESPONSES
# Modules whose names never prefix a declaration: `io.X` is not a model in namespace `io`.
LIBRARY_MODULES = frozenset({name.partition(".")[0] for name in SDK_NAMES if "." in name}) | {"typing", "datetime"}

_LEXEME = re.compile(
    r"""(?P<space>\s+|<br\s*/?>)"""
    r"""|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"""
    r"""|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"""|(?P<number>-?\d+)"""
    r"""|(?P<target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\))"""
    r"""|(?P<punct>[\[\],])"""
    r"""|(?P<skip>[*`~]|\\(?=[|*_`~\[\]\\]))""",
    re.IGNORECASE,
)
# Speakeasy's Python docs link date types to the Python docs with their text swapped.
_PYTHON_DATE_DOCS = {"date-objects": "datetime", "datetime-objects": "date"}
_EXTERNAL = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)

# `None` inside a Union: an empty union made nullable, dropped again by _union.
_NONE = Nullable(UnionOf(()))

TokenKind = Literal["name", "string", "number", "punct", "target", "end"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str = ""


@dataclass(frozen=True)
class ParsedType:
    """A cell's type with its outer wrappers unwrapped into flags. `plumbing` names the SDK's
    raw HTTP object when the cell holds one: it carries no JSON, so the field is not the model's."""

    type: TypeRef
    nullable: bool
    optional: bool
    plumbing: str = ""


class TypeSyntaxError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_type_cell(source: str) -> ParsedType:
    """Parse the markdown source of a Type cell. Raises TypeSyntaxError with a message fit for a diagnostic."""
    parser = _Parser(_lex(source))
    if parser.peek().kind == "end":
        raise TypeSyntaxError("the type cell is empty")
    optional = nullable = False
    parsed = parser.parse_type()
    parser.expect_end()
    _reject_bare_none(parsed)
    if parser.plumbing:
        return ParsedType(Primitive("any"), False, True, parser.plumbing)
    while isinstance(parsed, _Wrapped):
        optional = optional or parsed.optional
        nullable = nullable or parsed.nullable
        parsed = parsed.inner
    return ParsedType(_strip_wrappers(parsed), nullable, optional)


def _lex(source: str) -> list[Token]:
    tokens = []
    position = 0
    while position < len(source):
        match = _LEXEME.match(source, position)
        if match is None:
            raise TypeSyntaxError(f"unexpected character {source[position]!r} in the type cell")
        kind = match.lastgroup
        if kind == "target":
            tokens.append(Token("punct", "]"))
            tokens.append(Token("target", _link_target(match.group()[2:-1])))
        elif kind in ("name", "string", "number", "punct"):
            tokens.append(Token(kind, match.group()))  # type: ignore[arg-type]
        position = match.end()
    return tokens


def _link_target(text: str) -> str:
    """`x.md "title"` -> `x.md`; `<x.md>` -> `x.md`."""
    target = text.split()[0] if text.strip() else ""
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


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
        self.plumbing = ""  # the SDK's raw HTTP object, once one is read
        self.responses: list[str] = []  # the HTTP responses read so far, as written

    def peek(self, ahead: int = 0) -> Token:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else Token("end")

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
        if self.depth > MAX_DEPTH:
            raise TypeSyntaxError(f"the type is nested more than {MAX_DEPTH} levels deep")
        try:
            return self.parse_nested()
        finally:
            self.depth -= 1

    def parse_nested(self) -> TypeRef | _Wrapped:
        token = self.take()
        if token.kind == "punct" and token.text == "[":
            return self.parse_link()
        if token.kind != "name":
            found = token.text or "the end of the cell"
            raise TypeSyntaxError(f"expected a type but found {found!r}")
        if self.peek().text == "[":
            return self.parse_generic(token.text)
        return self.named(token.text)

    def parse_link(self) -> TypeRef | _Wrapped:
        responses = len(self.responses)
        inner = self.parse_type()
        self.expect("]")
        target = self.take()
        if target.kind != "target":
            found = target.text or "the end of the cell"
            raise TypeSyntaxError(
                f"expected a link target `(...)` after `]` but found {found!r}", "check that the brackets balance"
            )
        if not target.text:
            raise TypeSyntaxError("a link in the type cell has no target")
        if _EXTERNAL.match(target.text) and len(self.responses) > responses:
            # The SDK links the raw response it hands back to its HTTP library's docs.
            self.plumbing = self.plumbing or self.responses[responses]
        return _bind_link(inner, target.text)

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
        if name in BYTES_TYPES:
            return Primitive("bytes")
        if name in STREAM_TYPES:
            return ListOf(_strip_wrappers(arguments[0]))
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
        if token.text == "None":
            return None
        raise TypeSyntaxError(f"expected a literal value but found {token.text or 'the end of the cell'!r}")

    def named(self, name: str) -> TypeRef | _Wrapped:
        if name in HTTP_REQUESTS:
            self.plumbing = self.plumbing or name
        elif name in HTTP_RESPONSES:
            self.responses.append(name)  # plumbing when linked to its library's docs, else a download
        elif name not in BYTES_TYPES:
            return _named(name)
        return Primitive("bytes")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _named(name: str) -> TypeRef | _Wrapped:
    if name == "None":
        return _NONE
    if name in SPELLINGS:
        return Primitive(SPELLINGS[name])
    if name in WRAPPER_ARITY or name in STREAM_TYPES:
        raise TypeSyntaxError(f"`{name}` needs its type arguments in brackets", f"for example `{name}[str]`")
    head, _, last = name.rpartition(".")
    if last[0].isupper() and (not head or (head.islower() and head.partition(".")[0] not in LIBRARY_MODULES)):
        return Ref(name)
    close = difflib.get_close_matches(name, [*SPELLINGS, *WRAPPER_ARITY], n=1)
    hint = f"did you mean `{close[0]}`?" if close else "write a primitive, a wrapper such as List[...], or a link"
    raise TypeSyntaxError(f"unknown type `{name}`", hint)


def _generic(name: str, arguments: list[TypeRef | _Wrapped]) -> TypeRef | _Wrapped:
    if name not in WRAPPER_ARITY:
        close = difflib.get_close_matches(name, WRAPPER_ARITY, n=1)
        raise TypeSyntaxError(f"unknown type `{name}[...]`", f"did you mean `{close[0]}`?" if close else "")
    count = WRAPPER_ARITY[name]
    if count is not None and len(arguments) != count:
        raise TypeSyntaxError(f"`{name}` takes {count} type argument(s), got {len(arguments)}")
    if name != "Union":
        for argument in arguments:
            _reject_bare_none(argument)
    if name in ("Optional", "Nullable", "OptionalNullable"):
        return _Wrapped(arguments[0], optional=name != "Nullable", nullable=name != "Optional")
    if name in ("List", "list"):
        return ListOf(_strip_wrappers(arguments[0]))
    if name in ("Dict", "dict"):
        if arguments[0] != Primitive("str"):
            raise TypeSyntaxError(f"`{name}` keys must be `str`: JSON object keys are strings")
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
    """Give the link's target to the one unlinked reference inside it. A link around a date type
    is Speakeasy's link to the Python docs; around several references (a union) or around any
    other type, it is decoration."""
    if isinstance(inner, Primitive) and inner.name in ("date", "datetime"):
        fragment = href.rpartition("#")[2]
        return Primitive(_PYTHON_DATE_DOCS.get(fragment, inner.name))
    wrappers = []
    while isinstance(inner, _Wrapped):  # the wrappers only ever stand outermost
        wrappers.append(inner)
        inner = inner.inner
    unlinked = [node for node in walk(inner) if isinstance(node, Ref) and not node.link]
    bound: TypeRef | _Wrapped = inner
    if len(unlinked) == 1:
        bound = map_refs(inner, lambda ref: ref if ref.link else replace(ref, link=href))
    for wrapper in reversed(wrappers):
        bound = replace(wrapper, inner=bound)
    return bound
