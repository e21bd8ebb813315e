"""The Speakeasy markdown dialect (and hand-written tables like it): Document -> declarations.

A declaration is a heading followed by its description and one section:
`Fields` (a model), `Values` (an enum) or `Supported Types` (a union, one heading per variant).
Any other heading starts a new declaration, so one file may declare several.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .. import ir
from ..diagnostics import Diagnostic, Span, error, info, warning
from ..markdown import Block, BulletList, CodeBlock, Document, Heading, Inline, Paragraph, Table, TableRow
from ..typeexpr import ParsedType, TypeSyntaxError, parse_type_cell
from . import Dialect

KIND_SECTIONS = ("fields", "values", "supported types")
SECTIONS = (*KIND_SECTIONS, "example usage")
REQUIRED_MARKS = frozenset({":heavy_check_mark:", "\u2714\ufe0f", "\u2714", "yes", "true", "required"})
OPTIONAL_MARKS = frozenset({":heavy_minus_sign:", "\u2796", "-", "no", "false", "optional"})
FIELD_COLUMNS = {
    "field": "name",
    "name": "name",
    "type": "type",
    "required": "required",
    "description": "description",
    "example": "example",
}
# The row of a model's additional properties: `Dict[str, T]`, the type of each undeclared key's value.
ADDITIONAL_PROPERTIES = "__pydantic_extra__"
# `name: Type = /* values here */`, as older docs write a union's variant.
CODE_BLOCK_TYPE = re.compile(r"\s*[A-Za-z_]\w*\s*:\s*(.+?)\s*=\s*/\*")
OPEN_ENUM = re.compile(r"\bthis is an open enum\b", re.IGNORECASE)
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


@dataclass
class _Draft:
    """A declaration being read: its heading, its prose, and the blocks of the section that gives its kind."""

    heading: Heading
    paragraphs: list[str] = field(default_factory=list)
    section: str = ""  # "fields", "values" or "supported types", once seen
    current: str = ""  # the section the next block belongs to; "" is the prose under the heading
    blocks: list[Block] = field(default_factory=list)

    def take(self, block: Block) -> None:
        if self.current and self.current == self.section:
            self.blocks.append(block)
        elif not self.current and isinstance(block, Paragraph | Heading):
            self.paragraphs.append(block.inline.markdown)


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    declarations: list[ir.Declaration] = []
    diagnostics: list[Diagnostic] = []
    drafts = list(_drafts(document, diagnostics))
    if not drafts and not diagnostics:
        diagnostics.append(warning("no-declaration", Span(document.path), "no heading here declares a model"))
    for draft in drafts:
        declaration = _declaration(draft, namespace, diagnostics)
        if declaration is not None:
            declarations.append(declaration)
    return declarations, diagnostics


def _drafts(document: Document, diagnostics: list[Diagnostic]) -> Iterator[_Draft]:
    """A draft for each heading that declares something (see _heading_roles); its other headings
    are sections, union variants, or prose of the declaration they stand in."""
    roles = _heading_roles(document.blocks)
    draft: _Draft | None = None
    for index, block in enumerate(document.blocks):
        role = roles.get(index, "")
        if not isinstance(block, Heading) or role == "variant":
            if draft is not None:
                draft.take(block)
        elif role == "declaration":
            if draft is not None:
                yield draft
            draft = _Draft(block)
        elif role == "section":
            if draft is not None:
                title = block.inline.text.lower()
                draft.section = draft.section or (title if title in KIND_SECTIONS else "")
                draft.current = title
        elif draft is not None and not draft.section:
            draft.take(block)  # a heading in the description
        else:
            name = block.inline.text
            message = f"`{name}` has no Fields, Values or Supported Types section; it is skipped"
            diagnostics.append(warning("no-section", block.inline.span, message))
            if draft is not None:
                draft.current = name  # what follows belongs to no section of the declaration
    if draft is not None:
        yield draft


def _heading_roles(blocks: tuple[Block, ...]) -> dict[int, str]:
    """Each heading's role, by block index: a "section" (Fields, Values, Supported Types, Example
    Usage), a "variant" of a union, a "declaration", or "prose". A heading declares something when it
    owns a kind section: each kind section belongs to the nearest heading before it that is not a
    section, owns none yet, and sits above it (or, when none sits above it, at any level). So
    `## Overview` inside a long description is prose, and `## BackoffStrategy` with its own
    `### Fields` is a declaration."""
    roles: dict[int, str] = {}
    free: list[tuple[int, int]] = []  # (index, level) of the headings that may yet declare something
    union_level = 0  # the level of the Supported Types section we are in, or 0
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        title = block.inline.text.lower()
        if union_level and block.level > union_level:
            roles[index] = "variant"
            continue
        union_level = 0
        if title not in SECTIONS or not (free or roles):
            roles[index] = "prose"
            free.append((index, block.level))
            continue
        roles[index] = "section"
        union_level = block.level if title == "supported types" else 0
        above = [candidate for candidate in free if candidate[1] < block.level]
        if title in KIND_SECTIONS and free:
            owner = (above or free)[-1]
            roles[owner[0]] = "declaration"
            free.remove(owner)
    return roles


def _declaration(draft: _Draft, namespace: tuple[str, ...], diagnostics: list[Diagnostic]) -> ir.Declaration | None:
    name = draft.heading.inline.text.strip("`~ ")
    span = draft.heading.inline.span
    if not name:
        diagnostics.append(error("empty-name", span, "the heading names no declaration"))
        return None
    description = "\n\n".join(draft.paragraphs)
    deprecated = _struck(draft.heading.inline)
    common = vars(
        ir.DeclarationBase(name=name, description=description, span=span, deprecated=deprecated, namespace=namespace)
    )
    if draft.section == "fields":
        fields = _fields(draft.blocks, span, diagnostics)
        additional = next((f for f in fields if f.name == ADDITIONAL_PROPERTIES), None)
        return ir.Model(fields=tuple(f for f in fields if f is not additional), additional=additional, **common)
    if draft.section == "values":
        members = _enum_members(draft.blocks, span, diagnostics)
        is_open = any(OPEN_ENUM.search(paragraph) for paragraph in draft.paragraphs)
        return ir.Enum(members=members, open=is_open, **common)
    variants, spans = _variants(draft.blocks, span, diagnostics)
    return ir.UnionType(variants=variants, variant_spans=spans, **common)


def _struck(inline: Inline) -> bool:
    return any(piece.kind == "strike_open" for piece in inline.pieces)


def _first_table(blocks: list[Block]) -> Table | None:
    return next((block for block in blocks if isinstance(block, Table)), None)


def _fields(blocks: list[Block], span: Span, diagnostics: list[Diagnostic]) -> tuple[ir.Field, ...]:
    table = _first_table(blocks)
    if table is None:
        rows = [b.inline for b in blocks if isinstance(b, Paragraph) and b.inline.source.lstrip().startswith("|")]
        where, hint = (
            (rows[0].span, "a table needs a separator row, such as `| --- | --- |`, under its header")
            if rows
            else (span, "")
        )
        diagnostics.append(error("no-table", where, "the Fields section has no table", hint))
        return ()
    columns = _columns(table.header, diagnostics)
    if columns is None:
        return ()
    fields: list[ir.Field] = []
    seen: dict[str, Span] = {}
    for row in table.rows:
        parsed = _field(row, columns, len(table.header.cells), diagnostics)
        if parsed is None:
            continue
        if parsed.name in seen:
            diagnostics.append(
                error(
                    "duplicate-field",
                    parsed.span,
                    f"field `{parsed.name}` is declared twice",
                    f"first declared at line {seen[parsed.name].line}",
                )
            )
            continue
        seen[parsed.name] = parsed.span
        fields.append(parsed)
    return tuple(fields)


def _columns(header: TableRow, diagnostics: list[Diagnostic]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        role = FIELD_COLUMNS.get(cell.text.lower())
        if role is None or role in columns:
            diagnostics.append(warning("unknown-column", cell.span, f"column `{cell.text}` is not read"))
            continue
        columns[role] = index
    missing = [role for role in ("name", "type") if role not in columns]
    if missing:
        diagnostics.append(
            error(
                "missing-column",
                header.span,
                f"a fields table needs a Field (or Name) column and a Type column; missing: {', '.join(missing)}",
            )
        )
        return None
    return columns


def _field(row: TableRow, columns: dict[str, int], width: int, diagnostics: list[Diagnostic]) -> ir.Field | None:
    if row.written_cells != width:
        diagnostics.append(
            error(
                "row-width",
                row.span,
                f"this row has {row.written_cells} cells; the header has {width}",
                "check for an unescaped `|` (write `\\|`)",
            )
        )
        return None
    cells = {role: row.cells[index] for role, index in columns.items()}
    name_cell = cells["name"]
    name = name_cell.text.strip("`~ ")
    if not name:
        diagnostics.append(error("empty-name", name_cell.span, "the field has no name"))
        return None
    if not name.isprintable():
        diagnostics.append(
            error("bad-name", name_cell.span, f"the field name {name!r} has a line break or control character")
        )
        return None
    parsed = _parsed_type(cells["type"], diagnostics)
    if parsed is None:
        return None
    if parsed.plumbing:
        message = f"`{name}` holds the SDK's `{parsed.plumbing}`, which is not part of the payload; it is left out"
        diagnostics.append(info("sdk-plumbing", name_cell.span, message))
        return None
    if name == ADDITIONAL_PROPERTIES:
        if not isinstance(parsed.type, ir.DictOf):
            diagnostics.append(error("bad-type", cells["type"].span, f"`{name}` must be a `Dict[str, ...]`"))
            return None
        parsed = replace(parsed, type=parsed.type.value)
    required = _required(cells.get("required"), not parsed.optional, diagnostics)
    if required is None:
        return None
    description = cells["description"].markdown if "description" in cells else ""
    example = cells["example"].text if "example" in cells else ""
    return ir.Field(
        name=name,
        type=parsed.type,
        required=required,
        nullable=parsed.nullable,
        description="" if description == "N/A" else description,
        span=name_cell.span,
        example_text=example or None,
        deprecated=_struck(name_cell),
        wire_name=wire_name(name),
    )


def _parsed_type(cell: Inline, diagnostics: list[Diagnostic]) -> ParsedType | None:
    try:
        return parse_type_cell(cell.source)
    except TypeSyntaxError as problem:
        diagnostics.append(error("bad-type", cell.span, problem.message, problem.hint))
        return None


def wire_name(name: str) -> str:
    """`from_` -> `from`, `int_` -> `int`, `schema_` -> `schema`; other names are as written."""
    stem = name[:-1]
    return stem if name.endswith("_") and stem in ESCAPED_BY_SPEAKEASY else name


def _required(cell: Inline | None, default: bool, diagnostics: list[Diagnostic]) -> bool | None:
    """The Required column decides; without one, the type's Optional[...] does."""
    if cell is None:
        return default
    text = cell.text.lower()
    if text in REQUIRED_MARKS:
        return True
    if text in OPTIONAL_MARKS:
        return False
    diagnostics.append(
        error(
            "bad-required",
            cell.span,
            f"`{cell.text}` is neither required nor optional",
            "write :heavy_check_mark: or :heavy_minus_sign:",
        )
    )
    return None


def _enum_members(blocks: list[Block], span: Span, diagnostics: list[Diagnostic]) -> tuple[ir.EnumMember, ...]:
    members: list[ir.EnumMember] = []
    seen: set[tuple[type, ir.LiteralValue]] = set()  # by type too: 1 and True are different values
    for name, value, where in _written_members(blocks, diagnostics):
        if (type(value), value) in seen:
            diagnostics.append(error("duplicate-value", where, f"enum value {value!r} is listed twice"))
            continue
        seen.add((type(value), value))
        members.append(ir.EnumMember(name, value, where))
    if not members:
        diagnostics.append(error("no-values", span, "the Values section lists no values"))
    elif len({type(member.value) for member in members}) > 1:
        diagnostics.append(error("mixed-values", span, "an enum's values must be all strings or all integers"))
    return tuple(members)


def _written_members(blocks: list[Block], diagnostics: list[Diagnostic]) -> list[tuple[str, ir.LiteralValue, Span]]:
    """(name, value, span) for each value, from a Name | Value table or a bullet list of literals."""
    for block in blocks:
        if isinstance(block, Table):
            return _table_members(block, diagnostics)
        if isinstance(block, BulletList):
            return [(item.text, _literal(item.text), item.span) for item in block.items]
    return []


def _table_members(table: Table, diagnostics: list[Diagnostic]) -> list[tuple[str, ir.LiteralValue, Span]]:
    """A table's values are integers when every one of them is written as an integer."""
    headers = [cell.text.lower() for cell in table.header.cells]
    value_column = headers.index("value") if "value" in headers else len(headers) - 1
    name_column = headers.index("name") if "name" in headers else value_column
    rows = []
    for row in table.rows:
        if row.written_cells != len(headers):
            diagnostics.append(
                error("row-width", row.span, f"this row has {row.written_cells} cells; the header has {len(headers)}")
            )
            continue
        rows.append((row.cells[name_column].text.strip("`"), row.cells[value_column]))
    as_ints = bool(rows) and all(re.fullmatch(r"-?\d+", cell.text) for _, cell in rows)
    return [(name, int(cell.text) if as_ints else cell.text, cell.span) for name, cell in rows]


def _literal(text: str) -> ir.LiteralValue:
    """A bullet-list literal: `"a"` is the string a, `1` is the integer 1, anything else is text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, str | int) and not isinstance(value, bool) else text


def _variants(
    blocks: list[Block], span: Span, diagnostics: list[Diagnostic]
) -> tuple[tuple[ir.TypeRef, ...], tuple[Span, ...]]:
    """One variant per heading; older docs leave the heading empty and write the type only in the
    code block under it: `name: shared.X = /* values here */`. A type listed twice is one variant
    (formats that Python does not tell apart, such as int32 and int64)."""
    variants: list[ir.TypeRef] = []
    spans: list[Span] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        cell = block.inline if block.inline.source.strip() else _code_block_type(blocks[index + 1 :])
        if cell is None:
            diagnostics.append(error("bad-type", block.inline.span, "this variant names no type"))
            continue
        parsed = _parsed_type(cell, diagnostics)
        if parsed is None:
            continue
        variant = ir.Nullable(parsed.type) if parsed.nullable else parsed.type
        if repr(variant) not in map(repr, variants):
            variants.append(variant)
            spans.append(cell.span)
    if not variants:
        diagnostics.append(
            error(
                "no-variants",
                span,
                "the Supported Types section lists no types",
                "give each type a heading of its own, such as `### str`",
            )
        )
    return tuple(variants), tuple(spans)


def _code_block_type(blocks: list[Block]) -> Inline | None:
    """The type annotated in the code block that follows an empty variant heading."""
    block = blocks[0] if blocks else None
    if not isinstance(block, CodeBlock):
        return None
    match = CODE_BLOCK_TYPE.match(block.text)
    if match is None:
        return None
    line = block.span.line + 1  # the fence
    return Inline((), Span(block.span.path, line, match.start(1) + 1), match.group(1))


def recognise(document: Document) -> float:
    """Speakeasy's docs, and hand-written tables like them: a Fields, Values or Supported Types section."""
    titles = {block.inline.text.lower() for block in document.blocks if isinstance(block, Heading)}
    return 1.0 if titles & set(KIND_SECTIONS) else 0.1


DIALECT = Dialect("speakeasy-python", recognise, read_declarations)
