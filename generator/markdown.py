"""Markdown text -> Document: headings, paragraphs, tables, lists and code blocks, each with its line.

This module knows markdown (through markdown-it-py) and nothing about specs.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .diagnostics import Span

PieceKind = Literal[
    "text", "code", "break", "link_open", "link_close", "em_open", "em_close", "strike_open", "strike_close"
]
_PIECE_KINDS: dict[str, PieceKind] = {
    "text": "text",
    "code_inline": "code",
    "softbreak": "break",
    "hardbreak": "break",
    "link_open": "link_open",
    "link_close": "link_close",
    "em_open": "em_open",
    "em_close": "em_close",
    "strong_open": "em_open",
    "strong_close": "em_close",
    "s_open": "strike_open",
    "s_close": "strike_close",
}
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_BULLET_PREFIX = re.compile(r"[ ]*[-*+][ ]+")
_CELL_PADDING = re.compile(r"(?<=\S) {2,}(?=\|)")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# An HTML comment shows nothing when the markdown is read: it is no part of a cell or a paragraph
# (`gen-models diff` reads its allow comments from the spec's lines). Inside a code span it is
# code: a span opens with a run of backticks and closes with the next run of the same length.
_COMMENT_OR_CODE = re.compile(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)|<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    """One run of inline content. Links and emphasis come as open/close pairs."""

    kind: PieceKind
    text: str = ""
    href: str = ""


@dataclass(frozen=True)
class Inline:
    pieces: tuple[Piece, ...]
    span: Span
    source: str = ""  # the markdown as written, e.g. for descriptions that keep their `code`

    @property
    def markdown(self) -> str:
        """The source with `<br/>` as a newline and `\\|` unescaped."""
        return _BREAK_TAG.sub("\n", self.source).replace("\\|", "|").strip()

    @property
    def text(self) -> str:
        """The plain text: code spans unwrapped, line breaks as newlines, markup dropped."""
        return "".join(
            "\n" if p.kind == "break" else p.text for p in self.pieces if p.kind in ("text", "code", "break")
        ).strip()


@dataclass(frozen=True)
class Heading:
    level: int
    inline: Inline


@dataclass(frozen=True)
class Paragraph:
    inline: Inline


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Inline, ...]
    written_cells: int
    span: Span


@dataclass(frozen=True)
class Table:
    header: TableRow
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class CodeBlock:
    info: str
    text: str
    span: Span


Block: TypeAlias = Heading | Paragraph | Table | BulletList | CodeBlock


@dataclass(frozen=True)
class Document:
    path: str
    blocks: tuple[Block, ...]


_INLINE_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Blocks only: the text inside them is parsed by _inline, once per distinct text.
_BLOCK_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["inline", "text_join"])


def parse_document(path: str, text: str) -> Document:
    """Parse markdown text (already decoded, LF line endings) into a Document."""
    lines = text.split("\n")
    env: EnvType = {}
    tokens = _BLOCK_PARSER.parse("\n".join(_without_cell_padding(lines)), env)
    return Document(path, tuple(_blocks(path, lines, tokens, env)))


def _without_cell_padding(lines: list[str]) -> Iterator[str]:
    """The lines, with the spaces that align a table's columns squeezed: markdown-it strips them
    from the cells anyway, but reads each row a character at a time, and in real docs three
    quarters of the text is this padding. Only rows outside code blocks change, and spans are
    measured on the lines as written, so they do not move."""
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        yield _CELL_PADDING.sub(" ", line) if not fenced and line.startswith("|") else line


def _blocks(path: str, lines: list[str], tokens: list[Token], env: EnvType) -> Iterator[Block]:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = _line_of(token)
        if token.type == "heading_open":
            yield Heading(int(token.tag[1:]), _inline(tokens[index + 1], Span(path, line, 1), env))
        elif token.type == "paragraph_open" and token.level == 0:
            yield Paragraph(_inline(tokens[index + 1], Span(path, line, 1), env))
        elif token.type in ("fence", "code_block"):
            yield CodeBlock(token.info.strip(), token.content, Span(path, line, 1))
        elif token.type == "table_open":
            end = _closing(tokens, index)
            yield _table(path, lines, tokens[index:end], env)
            index = end
        elif token.type == "bullet_list_open" and token.level == 0:
            end = _closing(tokens, index)
            yield _bullet_list(path, lines, tokens[index:end], env)
            index = end
        index += 1


def _line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes tokens[start]."""
    close_type = tokens[start].type.replace("_open", "_close")
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == tokens[start].type:
            depth += 1
        elif tokens[index].type == close_type:
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def _inline(token: Token, span: Span, env: EnvType) -> Inline:
    content = _COMMENT_OR_CODE.sub(_code_only, token.content) if "<!--" in token.content else token.content
    # Link reference definitions ([id]: url) change what `[text][id]` means in this document.
    pieces = _parse_inline(content, env) if env.get("references") else _parse_plain_inline(content)
    return Inline(pieces, span, content)


def _code_only(match: re.Match[str]) -> str:
    return match.group() if match.group(1) else ""


def _parse_inline(content: str, env: EnvType) -> tuple[Piece, ...]:
    (line,) = _INLINE_PARSER.parseInline(content, env)
    return tuple(_pieces(line.children or []))


@functools.lru_cache(maxsize=1 << 16)
def _parse_plain_inline(content: str) -> tuple[Piece, ...]:
    """Inline text in a document without link references. Table cells repeat (`*str*`,
    :heavy_check_mark:) and inline parsing is most of markdown-it's time, so each text is parsed once."""
    return _parse_inline(content, {})


def _pieces(children: list[Token]) -> Iterator[Piece]:
    for child in children:
        if child.type == "html_inline" and _BREAK_TAG.fullmatch(child.content.strip()):
            yield Piece("break")
        elif child.type == "html_inline":
            yield Piece("text", child.content)
        elif child.type in _PIECE_KINDS:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            yield Piece(_PIECE_KINDS[child.type], child.content, href)


def _table(path: str, lines: list[str], tokens: list[Token], env: EnvType) -> Table:
    rows: list[TableRow] = []
    for index, token in enumerate(tokens):
        if token.type != "tr_open":
            continue
        line = _line_of(token)
        source = lines[line - 1] if line <= len(lines) else ""
        columns = _cell_columns(source)
        cells = [t for t in tokens[index : _closing(tokens, index)] if t.type == "inline"]
        inlines = tuple(
            _inline(cell, Span(path, line, columns[i] if i < len(columns) else 1), env) for i, cell in enumerate(cells)
        )
        rows.append(TableRow(inlines, len(columns), Span(path, line, 1)))
    return Table(rows[0], tuple(rows[1:]))


def _cell_columns(line: str) -> list[int]:
    """1-based column of each cell's content in a raw table row (also inside a block quote)."""
    quote = _QUOTE_PREFIX.match(line)
    offset = quote.end() if quote else 0
    source = line[offset:]
    bounds = [m.start() for m in _UNESCAPED_PIPE.finditer(source)]
    stripped = source.strip()
    if not stripped.startswith("|"):
        bounds.insert(0, -1)
    if not stripped.endswith("|") or stripped.endswith("\\|"):
        bounds.append(len(source))
    columns = []
    for start, end in itertools.pairwise(bounds):
        cell = source[start + 1 : end]
        columns.append(offset + start + 2 + len(cell) - len(cell.lstrip()))
    return columns


def _bullet_list(path: str, lines: list[str], tokens: list[Token], env: EnvType) -> BulletList:
    items = []
    for token in tokens:
        if token.type == "inline" and token.level == 3:
            line = _line_of(token)
            source = lines[line - 1] if line <= len(lines) else ""
            bullet = _BULLET_PREFIX.match(source)
            column = bullet.end() + 1 if bullet else 1
            items.append(_inline(token, Span(path, line, column), env))
    return BulletList(tuple(items))
