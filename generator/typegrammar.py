"""What the type grammars of the dialects share: a lexer for a Type cell's markdown source, a cursor
over its tokens, and the IR nodes they build (unions flattened, links bound to their reference).

Each dialect's grammar (dialects/*.py) is a short recursive-descent parser on these; Speakeasy's
Python grammar, the first, lives in typeexpr.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Literal

from .ir import ListOf, LiteralOf, LiteralValue, Nullable, Primitive, Ref, TypeRef, UnionOf, map_refs, walk
from .typeexpr import ParsedType, TypeSyntaxError

TokenKind = Literal["name", "string", "number", "punct", "target", "end"]

_LEXEME = re.compile(
    r"""(?P<space>\s+|<br\s*/?>)"""
    r"""|(?P<target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\))"""
    r"""|(?P<name>[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)"""
    r"""|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"""|(?P<number>-?\d+(?:\.\d+)?)"""
    r"""|(?P<punct>[\[\](){}<>,|:?&-]|\.\.\.)"""
    r"""|(?P<skip>[*`~]|\\(?=[^A-Za-z0-9\s]))""",
)


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str = ""


def lex(source: str) -> list[Token]:
    """The tokens of a Type cell: HTML entities decoded, emphasis, code marks and escapes skipped,
    and a link's `](target)` split into a `]` and its target."""
    text = html.unescape(source)
    tokens = []
    position = 0
    while position < len(text):
        match = _LEXEME.match(text, position)
        if match is None:
            raise TypeSyntaxError(f"unexpected character {text[position]!r} in the type cell")
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


class Cursor:
    """Tokens read in order, with what a grammar needs to say where it went wrong."""

    def __init__(self, source: str) -> None:
        self.tokens = lex(source)
        self.position = 0
        if not self.tokens:
            raise TypeSyntaxError("the type cell is empty")

    def peek(self, ahead: int = 0) -> Token:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else Token("end")

    def take(self) -> Token:
        token = self.peek()
        self.position += 1
        return token

    def at(self, text: str) -> bool:
        """Whether the next token is this punctuation, or this name."""
        token = self.peek()
        return token.text == text and token.kind in ("punct", "name")

    def accept(self, text: str) -> bool:
        if self.at(text):
            self.position += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            found = self.peek().text or "the end of the cell"
            raise TypeSyntaxError(f"expected {text!r} but found {found!r}", "check that the brackets balance")

    def expect_end(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise TypeSyntaxError(f"unexpected {token.text!r} after the type")

    def link_target(self) -> str:
        """After a link's text: its `]` and its target."""
        self.expect("]")
        target = self.take()
        if target.kind != "target" or not target.text:
            raise TypeSyntaxError("a link in the type cell has no target")
        return target.text

    def arrays(self, node: TypeRef) -> TypeRef:
        """The node under its postfix `[]`s (`string[]`, `[X](x.md)[][]`): a list for each."""
        while self.at("[") and self.peek(1).text == "]":
            self.position += 2
            node = ListOf(node)
        return node

    def unknown(self, name: str) -> TypeSyntaxError:
        return TypeSyntaxError(f"unknown type `{name}`", "write a type the docs of this dialect use, or a link")


NULL = Nullable(UnionOf(()))  # `null` as a member of a union, which makes the union nullable


def union(members: list[TypeRef]) -> TypeRef:
    """Members flattened and told apart by their repr (Literal[1] is not Literal[True]); a null
    member makes the union nullable; string constants merge into one Literal."""
    flat: dict[str, TypeRef] = {}
    nullable = False
    for member in members:
        inner = member.inner if isinstance(member, Nullable) else member
        nullable = nullable or isinstance(member, Nullable)
        for item in inner.members if isinstance(inner, UnionOf) else (inner,):
            flat.setdefault(repr(item), item)
    literals = [m for m in flat.values() if isinstance(m, LiteralOf)]
    others = [m for m in flat.values() if not isinstance(m, LiteralOf)]
    merged: list[TypeRef] = list(others)
    if literals:
        values: tuple[LiteralValue, ...] = tuple(v for literal in literals for v in literal.values)
        merged = [LiteralOf(values), *others] if len(literals) > 1 else [literals[0], *others]
    if not merged:
        return NULL
    single = merged[0] if len(merged) == 1 else UnionOf(tuple(merged))
    return Nullable(single) if nullable else single


def bind_link(node: TypeRef, href: str) -> TypeRef:
    """Give the link's target to the one unlinked reference inside it; a link around several, or
    around a builtin type, is decoration."""
    unlinked = [n for n in walk(node) if isinstance(n, Ref) and not n.link]
    if len(unlinked) != 1:
        return node
    return map_refs(node, lambda ref: ref if ref.link else replace(ref, link=href))


def parsed(node: TypeRef, optional: bool = False, plumbing: str = "") -> ParsedType:
    """A cell's type, its top-level null made the field's nullability."""
    if plumbing:
        return ParsedType(Primitive("any"), False, True, plumbing)
    if node == NULL:
        raise TypeSyntaxError("a type cannot be only `null`")
    if isinstance(node, Nullable):
        return ParsedType(node.inner, True, optional)
    return ParsedType(node, False, optional)
