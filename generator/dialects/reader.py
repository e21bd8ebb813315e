"""The reader every table dialect shares: Document -> declarations, configured by a Style.

A declaration is a heading, its description, and a section that says what it is: a table of fields
(a model), values (an enum) or one heading per type (a union). A Style says how one dialect names
those sections and columns, which marks mean required, how it writes a type and how its names
become JSON keys. A heading declares something when it owns such a section (see `_heading_roles`),
so that prose headings stay prose and one file may declare several things.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from .. import ir
from ..diagnostics import Diagnostic, Span, error, info, warning
from ..markdown import Block, BulletList, CodeBlock, Document, Heading, Inline, Paragraph, Table, TableRow
from ..typeexpr import ParsedType, TypeSyntaxError

Kind = Literal["model", "enum", "union"]
Role = Literal["name", "type", "required", "description", "example", "notes", "default"]
REQUIRED_MARKS = frozenset({":heavy_check_mark:", "\u2714\ufe0f", "\u2714", "\u2713", "yes", "true", "required", "y"})
OPTIONAL_MARKS = frozenset(
    {":heavy_minus_sign:", "\u2796", "-", "no", "false", "optional", "n", "\u2717", "\u2718", "\u274c", ":x:"}
)
OPEN_ENUM = re.compile(r"\bthis is an open enum\b", re.IGNORECASE)
EXTERNAL = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # a link to a page outside the docs


@dataclass(frozen=True)
class Style:
    """How one dialect writes its declarations. `type_cell` parses a type from its markdown source."""

    sections: Mapping[str, Kind]  # the sections that say what a declaration is, by lower-case title
    others: frozenset[str]  # the sections that declare nothing (`example usage`)
    columns: Mapping[str, Role]  # the columns of a fields table, by lower-case header
    type_cell: Callable[[str], ParsedType]
    wire_name: Callable[[str], str] = lambda name: name  # a field's JSON key, from its name as written
    # A union variant written only in the code block under an empty heading: its type, from the code.
    variant_in_code: Callable[[str], str | None] = lambda code: None
    # An enum written as a code block: its values, and whether it is open; None when the code is not one.
    values_in_code: Callable[[str], tuple[list[ir.LiteralValue], bool] | None] = lambda code: None
    variants_in_code_first: bool = False  # the code block under a variant heading says more than it
    member_names_from_values: bool = False  # the Name column holds constants of another language
    notes: Callable[[str], bool | None] = lambda text: None  # whether a Notes cell says required
    # Whether a description says its field is required (`**Required.**`), where no column does.
    required_in_description: Callable[[str], bool | None] = lambda text: None
    # The value a bullet of an enum's list names, and what the bullet says of it
    # (`"asc"`; hand-written: `` `asc` — ascending ``).
    value_in_item: Callable[[Inline], tuple[ir.LiteralValue, str]] = lambda item: (literal(item.text), "")
    additional_properties: str = ""  # the field name that stands for a model's additional properties
    required_by_default: bool = True  # a field is required unless something says it is not
    plumbing_info: bool = True  # say so when a field of SDK plumbing is left out


@dataclass
class _Draft:
    """A declaration being read: its heading, its prose, and the blocks of the section that gives its kind."""

    heading: Heading
    paragraphs: list[str] = field(default_factory=list)
    kind: Kind | None = None  # once its section is seen
    current: str = ""  # the section the next block belongs to; "" is the prose under the heading
    blocks: list[Block] = field(default_factory=list)

    def take(self, block: Block, kind_section: bool) -> None:
        if self.current and kind_section:
            self.blocks.append(block)
        elif not self.current and isinstance(block, Paragraph | Heading):
            self.paragraphs.append(block.inline.markdown)


def read(style: Style, document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    declarations: list[ir.Declaration] = []
    diagnostics: list[Diagnostic] = []
    drafts = list(_drafts(style, document, diagnostics))
    if not drafts and not diagnostics:
        diagnostics.append(warning("no-declaration", Span(document.path), "no heading here declares a model"))
    for draft in drafts:
        declaration = _declaration(style, draft, namespace, diagnostics)
        if declaration is not None:
            declarations.append(declaration)
    return declarations, diagnostics


def _drafts(style: Style, document: Document, diagnostics: list[Diagnostic]) -> Iterator[_Draft]:
    """A draft for each heading that declares something (see _heading_roles); its other headings
    are sections, union variants, or prose of the declaration they stand in."""
    roles = _heading_roles(style, document.blocks)
    draft: _Draft | None = None
    in_kind_section = False
    for index, block in enumerate(document.blocks):
        role = roles.get(index, "")
        if not isinstance(block, Heading) or role == "variant":
            if draft is not None:
                draft.take(block, in_kind_section)
        elif role == "declaration":
            if draft is not None:
                yield draft
            draft, in_kind_section = _Draft(block), False
        elif role == "section":
            title = block.inline.text.lower()
            in_kind_section = draft is not None and draft.kind is None and title in style.sections
            if draft is not None:
                draft.kind = style.sections[title] if in_kind_section else draft.kind
                draft.current = title
        elif draft is not None and draft.kind is None:
            draft.take(block, False)  # a heading in the description
        else:
            name = block.inline.text
            message = f"`{name}` has no Fields, Values or Supported Types section; it is skipped"
            diagnostics.append(warning("no-section", block.inline.span, message))
            in_kind_section = False
            if draft is not None:
                draft.current = name  # what follows belongs to no section of the declaration
    if draft is not None:
        yield draft


def _heading_roles(style: Style, blocks: tuple[Block, ...]) -> dict[int, str]:
    """Each heading's role, by block index: a "section", a "variant" of a union, a "declaration", or
    "prose". A heading declares something when it owns a section that says what it is: each such
    section belongs to the nearest heading before it that is not a section, owns none yet, and sits
    above it (or, when none sits above it, at any level). So `## Overview` inside a long description
    is prose, and `## BackoffStrategy` with its own `### Fields` is a declaration."""
    roles: dict[int, str] = {}
    free: list[tuple[int, int]] = []  # (index, level) of the headings that may yet declare something
    union_level = 0  # the level of the union section we are in, or 0
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        title = block.inline.text.lower()
        if union_level and block.level > union_level:
            roles[index] = "variant"
            continue
        union_level = 0
        if (title not in style.sections and title not in style.others) or not (free or roles):
            roles[index] = "prose"
            free.append((index, block.level))
            continue
        roles[index] = "section"
        union_level = block.level if style.sections.get(title) == "union" else 0
        above = [candidate for candidate in free if candidate[1] < block.level]
        if title in style.sections and free:
            owner = (above or free)[-1]
            roles[owner[0]] = "declaration"
            free.remove(owner)
    return roles


def _declaration(
    style: Style, draft: _Draft, namespace: tuple[str, ...], diagnostics: list[Diagnostic]
) -> ir.Declaration | None:
    name = draft.heading.inline.text.strip("`~ ")
    span = draft.heading.inline.span
    if not name:
        diagnostics.append(error("empty-name", span, "the heading names no declaration"))
        return None
    description = "\n\n".join(draft.paragraphs)
    deprecated = struck(draft.heading.inline)
    common = vars(
        ir.DeclarationBase(name=name, description=description, span=span, deprecated=deprecated, namespace=namespace)
    )
    if draft.kind == "model":
        fields = _fields(style, draft.blocks, span, diagnostics)
        additional = next((f for f in fields if f.name == style.additional_properties), None)
        return ir.Model(fields=tuple(f for f in fields if f is not additional), additional=additional, **common)
    if draft.kind == "enum":
        members, is_open = _enum_members(style, draft.blocks, span, diagnostics)
        is_open = is_open or any(OPEN_ENUM.search(paragraph) for paragraph in draft.paragraphs)
        return ir.Enum(members=members, open=is_open, **common)
    variants, spans = _variants(style, draft.blocks, span, diagnostics)
    return ir.UnionType(variants=variants, variant_spans=spans, **common)


def struck(inline: Inline) -> bool:
    return any(piece.kind == "strike_open" for piece in inline.pieces)


def _fields(style: Style, blocks: list[Block], span: Span, diagnostics: list[Diagnostic]) -> tuple[ir.Field, ...]:
    table = next((block for block in blocks if isinstance(block, Table)), None)
    if table is None:
        rows = [b.inline for b in blocks if isinstance(b, Paragraph) and b.inline.source.lstrip().startswith("|")]
        where, hint = (
            (rows[0].span, "a table needs a separator row, such as `| --- | --- |`, under its header")
            if rows
            else (span, "")
        )
        diagnostics.append(error("no-table", where, "the Fields section has no table", hint))
        return ()
    columns = _columns(style, table.header, diagnostics)
    if columns is None:
        return ()
    fields: list[ir.Field] = []
    seen: dict[str, Span] = {}
    for row in table.rows:
        parsed = _field(style, row, columns, len(table.header.cells), diagnostics)
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


def _columns(style: Style, header: TableRow, diagnostics: list[Diagnostic]) -> dict[Role, int] | None:
    columns: dict[Role, int] = {}
    for index, cell in enumerate(header.cells):
        role = style.columns.get(cell.text.lower())
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


def _field(
    style: Style, row: TableRow, columns: dict[Role, int], width: int, diagnostics: list[Diagnostic]
) -> ir.Field | None:
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
    parsed = parsed_type(style, cells["type"], diagnostics)
    if parsed is None:
        return None
    if parsed.plumbing:
        message = f"`{name}` holds the SDK's `{parsed.plumbing}`, which is not part of the payload; it is left out"
        if style.plumbing_info:
            diagnostics.append(info("sdk-plumbing", name_cell.span, message))
        return None
    if name == style.additional_properties:
        if not isinstance(parsed.type, ir.DictOf):
            diagnostics.append(error("bad-type", cells["type"].span, f"`{name}` must be a `Dict[str, ...]`"))
            return None
        parsed = replace(parsed, type=parsed.type.value)
    required = _required(style, cells, style.required_by_default and not parsed.optional, diagnostics)
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
        deprecated=struck(name_cell),
        wire_name=style.wire_name(name),
    )


def parsed_type(style: Style, cell: Inline, diagnostics: list[Diagnostic]) -> ParsedType | None:
    parsed = _parsed(style.type_cell, cell.source)
    if isinstance(parsed, TypeSyntaxError):
        diagnostics.append(error("bad-type", cell.span, parsed.message, parsed.hint))
        return None
    return parsed


@functools.lru_cache(maxsize=8192)  # a corpus writes the same few hundred type cells again and again
def _parsed(type_cell: Callable[[str], ParsedType], source: str) -> ParsedType | TypeSyntaxError:
    """A Type cell read by a dialect's grammar, once per process: when recognising, then reading."""
    try:
        return type_cell(source)
    except TypeSyntaxError as problem:
        return problem


def _required(style: Style, cells: Mapping[Role, Inline], default: bool, diagnostics: list[Diagnostic]) -> bool | None:
    """The Required column decides; else the Notes column (`[optional]`) or the description
    (`**Required.**`); else the type (`Optional[...]`)."""
    cell = cells.get("required")
    if cell is None:
        said = style.notes(cells["notes"].text) if "notes" in cells else None
        if said is None and "description" in cells:
            said = style.required_in_description(cells["description"].text)
        return default if said is None else said
    text = cell.text.lower()
    if text in REQUIRED_MARKS or text.startswith("yes"):
        return True
    if text in OPTIONAL_MARKS or text.startswith("no"):
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


def _enum_members(
    style: Style, blocks: list[Block], span: Span, diagnostics: list[Diagnostic]
) -> tuple[tuple[ir.EnumMember, ...], bool]:
    """The members, and whether the values' own notation says the enum is open."""
    members: list[ir.EnumMember] = []
    seen: set[tuple[type, ir.LiteralValue]] = set()  # by type too: 1 and True are different values
    written, is_open = _written_members(style, blocks, diagnostics)
    for member in written:
        value = member.value
        if (type(value), value) in seen:
            diagnostics.append(error("duplicate-value", member.span, f"enum value {value!r} is listed twice"))
            continue
        seen.add((type(value), value))
        name = str(value) if style.member_names_from_values else member.name
        members.append(ir.EnumMember(name, value, member.span, description=member.description))
    if not members:
        diagnostics.append(error("no-values", span, "the Values section lists no values"))
    elif len({type(member.value) for member in members}) > 1:
        diagnostics.append(error("mixed-values", span, "an enum's values must be all strings or all integers"))
    return tuple(members), is_open


@dataclass(frozen=True)
class _Written:
    """An enum value as the docs write it: its name, the value, where, and what they say of it."""

    name: str
    value: ir.LiteralValue
    span: Span
    description: str = ""


def _written_members(style: Style, blocks: list[Block], diagnostics: list[Diagnostic]) -> tuple[list[_Written], bool]:
    """Each value, from a Name | Value table, a bullet list of literals or (in dialects that write
    them so) a code block; and whether the code block says the enum is open."""
    for block in blocks:
        if isinstance(block, Table):
            return _table_members(block, diagnostics), False
        if isinstance(block, BulletList):
            picked = [(*style.value_in_item(item), item.span) for item in block.items]
            return [_Written(str(value), value, span, said) for value, said, span in picked], False
        found = style.values_in_code(block.text) if isinstance(block, CodeBlock) else None
        if isinstance(block, CodeBlock) and found is not None:
            values, is_open = found
            where = Span(block.span.path, block.span.line + 1)
            return [_Written(str(value), value, where) for value in values], is_open
    return [], False


def _table_members(table: Table, diagnostics: list[Diagnostic]) -> list[_Written]:
    """A table's values are integers when every one of them is written as an integer."""
    headers = [cell.text.lower() for cell in table.header.cells]
    value_column = headers.index("value") if "value" in headers else len(headers) - 1
    name_column = headers.index("name") if "name" in headers else value_column
    described = "description" in headers and headers.index("description") != value_column
    rows = []
    for row in table.rows:
        if row.written_cells != len(headers):
            diagnostics.append(
                error("row-width", row.span, f"this row has {row.written_cells} cells; the header has {len(headers)}")
            )
            continue
        said = row.cells[headers.index("description")].markdown if described else ""
        rows.append((row.cells[name_column].text.strip("`"), row.cells[value_column], said))
    as_ints = bool(rows) and all(re.fullmatch(r"-?\d+", cell.text) for _, cell, _ in rows)
    return [_Written(name, int(cell.text) if as_ints else cell.text, cell.span, said) for name, cell, said in rows]


def literal(text: str) -> ir.LiteralValue:
    """A written literal: `"a"` is the string a, `1` is the integer 1, anything else is text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, str | int) and not isinstance(value, bool) else text


def _variants(
    style: Style, blocks: list[Block], span: Span, diagnostics: list[Diagnostic]
) -> tuple[tuple[ir.TypeRef, ...], tuple[Span, ...]]:
    """One variant per heading (or, where there is none, per item of a bullet list); some docs
    leave the heading empty and give the type in the code block under it. A type listed twice is
    one variant (formats that Python does not tell apart, such as int32 and int64)."""
    variants: list[ir.TypeRef] = []
    spans: list[Span] = []
    for cell in _variant_cells(style, blocks, diagnostics):
        parsed = parsed_type(style, cell, diagnostics)
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


def _variant_cells(style: Style, blocks: list[Block], diagnostics: list[Diagnostic]) -> Iterator[Inline]:
    """Where each variant's type is written."""
    headings = [index for index, block in enumerate(blocks) if isinstance(block, Heading)]
    if not headings:
        yield from (item for block in blocks if isinstance(block, BulletList) for item in block.items)
    for index in headings:
        heading = blocks[index]
        assert isinstance(heading, Heading)
        in_code = _code_type(style, blocks[index + 1 :])
        written = heading.inline if heading.inline.source.strip() else None
        cell = (in_code or written) if style.variants_in_code_first else (written or in_code)
        if cell is None:
            diagnostics.append(error("bad-type", heading.inline.span, "this variant names no type"))
        else:
            yield cell


def _code_type(style: Style, blocks: list[Block]) -> Inline | None:
    """The type written in the code block right under a variant heading, where the dialect writes one."""
    block = blocks[0] if blocks else None
    if not isinstance(block, CodeBlock):
        return None
    written = style.variant_in_code(block.text)
    if written is None:
        return None
    line = block.span.line + 1  # the fence
    return Inline((), Span(block.span.path, line, block.text.find(written) + 1), written)


def recognise(style: Style, document: Document, languages: frozenset[str] = frozenset()) -> float:
    """How surely a dialect of this style wrote the document: 0 without a section it knows; else the
    share of its Type cells and bullets that the style reads, plus a half when a code block is in
    one of its `languages`."""
    titles = {block.inline.text.lower() for block in document.blocks if isinstance(block, Heading)}
    if not titles & set(style.sections):
        return 0.0
    cells = [cell.source for cell in _column(style, document, "type")]
    items = [item for block in document.blocks if isinstance(block, BulletList) for item in block.items]
    read_cells = sum(1 for cell in cells if _reads(style.type_cell, cell))
    read_cells += sum(1 for item in items if _reads_item(style, item))
    share = read_cells / (len(cells) + len(items)) if cells or items else 1.0
    coded = any(isinstance(block, CodeBlock) and block.info in languages for block in document.blocks)
    return share + (0.5 if coded else 0.0)


def field_names(style: Style, document: Document) -> list[str]:
    """The names in the Name columns of the document's fields tables, as written."""
    return [cell.text.strip("`~ ") for cell in _column(style, document, "name")]


def _column(style: Style, document: Document, role: Role) -> list[Inline]:
    """The cells of every column of the document's tables that the style gives this role."""
    return [
        row.cells[index]
        for block in document.blocks
        if isinstance(block, Table)
        for index, header in enumerate(block.header.cells)
        if style.columns.get(header.text.lower()) == role
        for row in block.rows
        if index < len(row.cells)
    ]


def _reads_item(style: Style, item: Inline) -> bool:
    """Whether the style reads a bullet as a value: the whole bullet, or a value it picks out of it."""
    value, _ = style.value_in_item(item)
    return value != item.text or " " not in item.text


def _reads(type_cell: Callable[[str], ParsedType], source: str) -> bool:
    """Whether a dialect's grammar reads a Type cell: without an error, and without a reference
    that links outside the docs (what another dialect knows as a builtin, such as `[*big.Int](https://...)`)."""
    parsed = _parsed(type_cell, source)
    if isinstance(parsed, TypeSyntaxError):
        return False
    type_ref = parsed.type
    return not any(isinstance(node, ir.Ref) and EXTERNAL.match(node.link) for node in ir.walk(type_ref))
