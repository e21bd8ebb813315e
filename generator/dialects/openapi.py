"""OpenAPI Generator's model docs: `# Name`, a `## Properties` table with a Notes column, and enums.

    Name | Type | Description | Notes
    ------------ | ------------- | ------------- | -------------
    **id** | **int** |  | [optional]
    **tags** | [**List[Tag]**](Tag.md) |  | [optional]

Each target language writes its own type names (LANGUAGES); a document is read in the language
whose names its Type cells use most:

    python      **str**  **List[str]**  **Dict[str, Tag]**  **[str]**  **{str: (int,)}**  **str, none_type**
    go          **string**  **[]Tag**  **map[string]bool**  Pointer to **int64**  [***Pet**](Pet.md)
    java        **String**  **Long**  **BigDecimal**  **List&lt;Tag&gt;**  **Map&lt;String, Tag&gt;**  **byte[]**
    typescript  **string**  **number**  **Array&lt;Tag&gt;**  **{ [key: string]: Tag; }**  **object | null**

A field is required unless its Notes say `[optional]`. An enum is a `## Enum` list of
`` `NAME` (value: `"a"`) `` or a `Name | Value` table; one written in a model's page under
`## Enum: StatusEnum` is declared as the model's name and its own (`PetStatusEnum`), which the
model's `[**StatusEnum**](#StatusEnum)` refers to. An enum of values an enum cannot hold (floats,
dates) is an alias of their type, with a warning. Python's older docs write a type that is not
an object as a lone `value` row (an enum when its Notes say `must be one of [...]`), and a model's
additional properties as an `any string name` row. Go's Methods and every Example section are
left out, and so are `[[Back to Model list]]` links.

JSON keys are the names as written, except Go's, which are Go field names: gen-models takes their
first letter in lower case and drops Go's trailing `_` (`PhotoUrls` -> `photoUrls`, `Int32_` ->
`int32`; an all-capitals `ATT_NAME` stays). A document is Go's only when every field name is
capitalized, as Go's exported names are; Go is preferred where another language reads it as well.
"""

from __future__ import annotations

import ast
import functools
import html
import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from .. import ir
from ..diagnostics import Diagnostic, Span, info, warning
from ..ir import DictOf, ListOf, Nullable, Primitive, Ref, TypeRef, UnionOf
from ..markdown import Block, BulletList, Document, Heading, Inline, Paragraph, Piece, Table, TableRow
from ..typeexpr import ParsedType, TypeSyntaxError
from ..typegrammar import NULL, Cursor, bind_link, parsed, union
from . import Dialect, reader
from .reader import Kind, Role, Style, read

STR, INT, FLOAT, BOOL, BYTES, ANY = (Primitive(name) for name in ("str", "int", "float", "bool", "bytes", "any"))
DATE, DATETIME, DECIMAL = Primitive("date"), Primitive("datetime"), Primitive("decimal")

# Each language's names, in the order ties are broken (see _language).
LANGUAGES: dict[str, dict[str, TypeRef]] = {
    "go": {
        "string": STR,
        "bool": BOOL,
        **dict.fromkeys(("int32", "int64"), INT),
        **dict.fromkeys(("float32", "float64"), FLOAT),
        "time.Time": DATETIME,
        "os.File": BYTES,
        # Go's wrappers of a nullable value (`Pointer to **NullableString**`)
        "NullableString": Nullable(STR),
        **dict.fromkeys(("NullableInt32", "NullableInt64"), Nullable(INT)),
        **dict.fromkeys(("NullableFloat32", "NullableFloat64"), Nullable(FLOAT)),
        "NullableBool": Nullable(BOOL),
        "NullableTime": Nullable(DATETIME),
    },
    "python": {
        "str": STR,
        "int": INT,
        "float": FLOAT,
        "bool": BOOL,
        "date": DATE,
        "datetime": DATETIME,
        "UUID": STR,
        "object": ANY,
        "dict": DictOf(ANY),
        "list": ListOf(ANY),
        "none_type": NULL,
        **dict.fromkeys(("file_type", "file"), BYTES),
    },
    "java": {
        **dict.fromkeys(("String", "UUID", "URI"), STR),
        **dict.fromkeys(("Integer", "Long"), INT),
        **dict.fromkeys(("Float", "Double"), FLOAT),
        "Boolean": BOOL,
        "BigDecimal": DECIMAL,
        **dict.fromkeys(("OffsetDateTime", "DateTime", "Date"), DATETIME),
        "LocalDate": DATE,
        **dict.fromkeys(("byte[]", "File"), BYTES),
        "Object": ANY,
        "Map": DictOf(ANY),
    },
    "typescript": {
        "string": STR,
        "number": FLOAT,
        "boolean": BOOL,
        "any": ANY,
        "object": DictOf(ANY),
        "File": BYTES,
        "null": NULL,
    },
}
LISTS = frozenset({"List", "Set", "Array"})  # List[T], List<T>, Set<T>, Array<T>
MAPS = frozenset({"Dict", "Map"})  # Dict[str, T], Map<String, T>
EVERY_KIND = (DictOf(ANY), ListOf(ANY), STR, BOOL, FLOAT)  # a union of them all is any


def parse_type(source: str, names: Mapping[str, TypeRef]) -> ParsedType:
    """The type of a cell; its references may name pages OpenAPI Generator never writes (a Go
    alias of a primitive, such as `OuterNumber`), which are then read as Any, with a warning."""
    node = ir.map_refs(_grammar(source, names)[0], lambda ref: replace(ref, undeclared_is_any=True))
    return parsed(node)


def _grammar(source: str, names: Mapping[str, TypeRef]) -> tuple[TypeRef, _Grammar]:
    grammar = _Grammar(Cursor(_lexable(source)), names)
    node = grammar.union()
    grammar.cursor.expect_end()
    return node, grammar


def _lexable(source: str) -> str:
    """The cell without what the shared lexer does not read: the `;` that ends TypeScript's
    `{ [key: string]: T; }`, and the spaces in a link into the page (`(#Map&lt;String, InnerEnum&gt;)`)."""
    source = re.sub(r"\]\(#[^)]*\)", lambda match: match.group().replace(" ", ""), source)
    return source.replace(";", "")


class _Grammar:
    """type := member (("|" | ",") member)* ; member := ["Pointer" "to"] primary ;
    primary := "[" "]" member | "[" type "]" [target] | "(" type ")" | "{" ... "}" | "map" "[" ...
    | name [("<" | "[") type ("," type)* (">" | "]")]"""

    def __init__(self, cursor: Cursor, names: Mapping[str, TypeRef]) -> None:
        self.cursor = cursor
        self.names = names
        self.known = 0  # how many of the language's own names were read

    def union(self, commas: bool = True) -> TypeRef:
        """Python writes `str, none_type` and `(float,)`; the others, `object | null`."""
        members = [self.member()]
        while self.cursor.accept("|") or (commas and self.cursor.accept(",")):
            if self.cursor.at(")"):
                break
            members.append(self.member())
        node = union(members)
        inner = node.inner if isinstance(node, Nullable) else node
        every_kind = isinstance(inner, UnionOf) and all(kind in inner.members for kind in EVERY_KIND)
        return ANY if every_kind else node

    def member(self) -> TypeRef:
        if self.cursor.at("Pointer") and self.cursor.peek(1).text == "to":  # Go's optional field
            self.cursor.take()
            self.cursor.take()
        token = self.cursor.take()
        if token.kind == "punct" and token.text == "[":
            return self.bracket()
        if token.kind == "punct" and token.text == "(":
            inner = self.union()
            self.cursor.expect(")")
            return inner
        if token.kind == "punct" and token.text == "{":
            return self.braces()
        if token.kind == "name":
            return self.named(token.text)
        raise TypeSyntaxError(f"expected a type but found {token.text or 'the end of the cell'!r}")

    def bracket(self) -> TypeRef:
        """`[]T` (Go), `[T]` (Python's older lists), or a link `[T](target)`."""
        if self.cursor.accept("]"):
            return ListOf(self.member())
        inner = self.union()
        self.cursor.expect("]")
        if self.cursor.peek().kind != "target":
            return ListOf(inner)
        return _bound(inner, self.cursor.take().text)

    def braces(self) -> TypeRef:
        """`{ [key: string]: T; }` (TypeScript) or `{str: (T,)}` (Python's older dicts): an object of T."""
        if self.cursor.accept("["):
            self.cursor.take()
            self.cursor.expect(":")
            self.cursor.take()
            self.cursor.expect("]")
        else:
            self.member()
        self.cursor.expect(":")
        value = self.union(commas=False)
        self.cursor.expect("}")
        return DictOf(value)

    def named(self, name: str) -> TypeRef:
        if name == "map" and self.cursor.accept("["):  # Go's map[K]V
            self.member()
            self.cursor.expect("]")
            return DictOf(self.member())
        if self.cursor.at("<") or (self.cursor.at("[") and self.cursor.peek(1).text != "]"):
            return self.generic(name)
        if self.cursor.at("[") and f"{name}[]" in self.names:  # Java's byte[]
            self.cursor.take()
            self.cursor.take()
            name = f"{name}[]"
        if name in self.names:
            self.known += 1
            return self.names[name]
        if name.rpartition(".")[2][:1].isupper():
            return Ref(name)
        raise self.cursor.unknown(name)

    def generic(self, name: str) -> TypeRef:
        close = ">" if self.cursor.accept("<") else "]"
        if close == "]":
            self.cursor.expect("[")
        arguments = [self.union(commas=False)]
        while self.cursor.accept(","):
            arguments.append(self.union(commas=False))
        self.cursor.expect(close)
        if name in LISTS and len(arguments) == 1:
            return ListOf(arguments[0])
        if name in MAPS and len(arguments) == 2:
            return DictOf(arguments[1])
        raise self.cursor.unknown(f"{name}{'<...>' if close == '>' else '[...]'}")


def _bound(node: TypeRef, target: str) -> TypeRef:
    """A link binds the reference inside it when it points into the page (`#StatusEnum`) or to
    that reference's own page (`Tag.md`). OpenAPI Generator also links builtins and whole type
    expressions to pages that do not exist (`time.Time.md`, `[]ReadOnlyFirst.md`): decoration."""
    names = {ref.name for ref in ir.walk(node) if isinstance(ref, Ref)}
    page = posixpath.basename(target).removesuffix(".md")
    return bind_link(node, target) if target.startswith("#") or page in names else node


def go_json_key(name: str) -> str:
    """`PhotoUrls` -> `photoUrls`; `Int32_` (Go's escape of a keyword) -> `int32`; `ATT_NAME` stays."""
    name = name.rstrip("_") or name
    return name if name.isupper() else name[:1].lower() + name[1:]


def notes(text: str) -> bool:
    """`[optional]`, or else required, whatever else the Notes say (`[readonly]`, `[default to x]`)."""
    return "[optional]" not in text.lower()


SECTIONS: dict[str, Kind] = {"properties": "model", "enum": "enum"}
NOISE = frozenset({"methods", "example"})  # Go's accessors, and code that uses the model
COLUMNS: dict[str, Role] = {"name": "name", "type": "type", "description": "description", "notes": "notes"}


def _style(language: str) -> Style:
    style = Style(SECTIONS, frozenset(), COLUMNS, functools.partial(parse_type, names=LANGUAGES[language]), notes=notes)
    return replace(style, wire_name=go_json_key) if language == "go" else style


STYLES = {language: _style(language) for language in LANGUAGES}
ANY_NAME = "any string name"  # Python's older row for additional properties
INLINE_ENUM = re.compile(r"enum:\s*(.+)", re.IGNORECASE)
VALUE_ITEM = re.compile(r"(.*?)\s*\(value:\s*(.*)\)", re.DOTALL)  # `ABC` (value: `"abc"`)
CHOICES = re.compile(r"must be one of (\[.*\])", re.DOTALL)  # Python's older Notes of an enum
BACK_LINKS = re.compile(r"(\s*\[\[[^\]]*\]\]\([^)]*\))+\s*")  # [[Back to Model list]](../README.md#...)


def _language(document: Document) -> str:
    """The language whose own names the Type cells use most; Go only where every field name is
    capitalized. Ties go to the first in LANGUAGES."""
    cells = _cells(document, "type")
    go = all(cell.text[:1].isupper() for cell in _cells(document, "name"))
    candidates = [language for language in LANGUAGES if go or language != "go"]
    return max(candidates, key=lambda language: sum(_known(cell.source, LANGUAGES[language]) for cell in cells))


def _known(source: str, names: Mapping[str, TypeRef]) -> int:
    try:
        return _grammar(source, names)[1].known
    except TypeSyntaxError:
        return 0


def _cells(document: Document, role: Role) -> list[Inline]:
    """The cells of this column in each table of fields (one with a Type column)."""
    found: list[Inline] = []
    for table in (block for block in document.blocks if isinstance(block, Table)):
        roles = [COLUMNS.get(cell.text.lower()) for cell in table.header.cells]
        if "type" in roles and role in roles:
            found.extend(row.cells[roles.index(role)] for row in table.rows)
    return found


@dataclass(frozen=True)
class _Values:
    """An enum as the docs write it: each value's name, and the type it stands for when an enum
    cannot hold its values (which the reader reads as strings)."""

    names: dict[ir.LiteralValue, str]
    alias: TypeRef | None


Written = tuple[str, str, Span]  # an enum value's name and value as written, and where


@dataclass
class _Normalised:
    """A document rewritten into what the shared reader reads (see _normalised), with what the IR
    cannot carry: the enums by the span of the heading that declares them."""

    blocks: list[Block] = field(default_factory=list)
    enums: dict[Span, _Values] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _normalised(document: Document) -> _Normalised:
    """Noise sections and back links left out; `# .Name` (TypeScript) made `# Name`; each
    `## Enum: X` made a declaration of its own; each enum's values written as JSON literals; rows
    mended (see _mended); and a lone `value` row that lists its choices made an enum."""
    done = _Normalised()
    owner: Heading | None = None  # the heading that declares what the next section describes
    section = ""
    blocks = list(_sections(document.blocks))
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Heading):
            section = block.inline.text.lower()
            owner = owner if section in SECTIONS else block
            if section == "properties" and isinstance(following, Table) and _choices(following) is not None:
                block = _heading(block.level, "Enum", block.inline.span)
                section = "enum"
        elif isinstance(block, Table | BulletList) and section == "enum" and owner is not None:
            block = BulletList(tuple(_literal_item(value, span) for value, span in _enum(_written(block), owner, done)))
        elif isinstance(block, Table) and section == "properties":
            block = _mended(block, done.diagnostics)
        elif isinstance(block, Paragraph) and BACK_LINKS.fullmatch(block.inline.source):
            continue
        done.blocks.append(block)
    return done


def _sections(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The blocks without noise sections, with `# .Name` as `# Name`, and each `## Enum: X` as a
    heading that declares it (see _enum_name) over its own Enum section."""
    model = ""
    noise = 0  # the level of the noise section being left out, or 0
    for block in blocks:
        if isinstance(block, Heading) and block.level <= noise:
            noise = 0
        if noise:
            continue
        if not isinstance(block, Heading):
            yield block
            continue
        title = block.inline.text
        inline_enum = INLINE_ENUM.fullmatch(title)
        if title.lower() in NOISE:
            noise = block.level
        elif inline_enum:
            yield _heading(block.level, _enum_name(model, inline_enum.group(1)), block.inline.span)
            yield _heading(block.level + 1, "Enum", block.inline.span)
        elif title.lower() in SECTIONS:
            yield block
        else:
            model = title.lstrip(".")
            yield _heading(block.level, model, block.inline.span) if model != title else block


def _enum_name(model: str, written: str) -> str:
    """`StatusEnum` in Pet's page: `PetStatusEnum`; `List<ArrayEnumEnum>` names its items' enum;
    a name that starts with its model's already tells them apart."""
    name: str = re.findall(r"\w+", html.unescape(written))[-1]
    return name if name.startswith(model) else model + name


def _heading(level: int, text: str, span: Span) -> Heading:
    return Heading(level, Inline((Piece("text", text),), span, text))


def _written(block: Table | BulletList) -> list[Written]:
    """Each value's name and value: `` `ABC` (value: `"abc"`) ``, a `Name | Value` row, or (Python's
    older docs) the choices that a lone `value` row's Notes list."""
    if isinstance(block, BulletList):
        found = [(VALUE_ITEM.fullmatch(html.unescape(item.text)), item) for item in block.items]
        return [(m.group(1), m.group(2), item.span) if m else (item.text, item.text, item.span) for m, item in found]
    choices = _choices(block)
    if choices is not None:
        span = block.rows[0].cells[0].span
        return [(str(value), json.dumps(value), span) for value in choices]
    headers = [cell.text.lower() for cell in block.header.cells]
    name, value = headers.index("name") if "name" in headers else 0, len(headers) - 1
    return [(row.cells[name].text, row.cells[value].text, row.cells[value].span) for row in block.rows]


def _choices(table: Table) -> list[object] | None:
    """The values a lone `value` row's Notes list (`must be one of ["a", "b", ]`), as Python literals."""
    roles = [COLUMNS.get(cell.text.lower()) for cell in table.header.cells]
    if "name" not in roles or "notes" not in roles:
        return None
    rows = {row.cells[roles.index("name")].text: row for row in _mended(table, []).rows}
    found = CHOICES.search(rows["value"].cells[roles.index("notes")].text) if _lone_value(list(rows)) else None
    try:
        return list(ast.literal_eval(found.group(1))) if found else None
    except (ValueError, SyntaxError):
        return None


def _lone_value(names: list[str]) -> bool:
    """Python's older docs write a type that is not an object as one `value` row."""
    return [name for name in names if name != ANY_NAME] == ["value"]


WRAPPED = re.compile(r"(?:new\s+)?(\w+)(?:\.valueOf)?\((.*)\)", re.DOTALL)  # Java: String.valueOf("a")
QUOTED = re.compile(r"""(["'])(.*)\1""", re.DOTALL)
# Java's classes whose values are not what they are written as: dates, and numbers in quotes.
CLASS_KINDS = {"LocalDate": "date", "OffsetDateTime": "datetime", "Date": "datetime"}
CLASS_KINDS.update(dict.fromkeys(("BigDecimal", "Float", "Double"), "number"))


def _value(text: str) -> tuple[str, ir.LiteralValue]:
    """The primitive an enum value is of, and the value (a float's or a date's as text): `"a"`,
    `'a'`, `1`, `1.5`, `True`, a bare word (older Java docs), or Java's `String.valueOf("a")`,
    `new BigDecimal("1")`, `LocalDate.valueOf("...")`."""
    text = text.strip()
    wrapped = WRAPPED.fullmatch(text)
    kind = CLASS_KINDS.get(wrapped.group(1), "") if wrapped else ""
    inner = wrapped.group(2).strip() if wrapped else text
    quoted = QUOTED.fullmatch(inner)
    if kind in ("date", "datetime"):
        return kind, inner
    if quoted and kind != "number":
        return "str", re.sub(r"\\(.)", r"\1", quoted.group(2))
    number = quoted.group(2) if quoted else inner
    if re.fullmatch(r"-?\d+", number):
        return "int", int(number)
    if re.fullmatch(r"-?\d*\.\d+(?:[eE][-+]?\d+)?", number):
        return "float", number
    return ("bool", number) if number in ("True", "False", "true", "false") else ("str", inner)


def _enum(written: list[Written], owner: Heading, done: _Normalised) -> list[tuple[ir.LiteralValue, Span]]:
    """Each value as the reader should read it (as text where an enum cannot hold them); the
    enum's names and alias go to `done`."""
    read = [(name, *_value(value), span) for name, value, span in written]
    kinds = {kind for _, kind, _, _ in read}
    alias = _alias(kinds)
    done.enums[owner.inline.span] = _Values({value: name for name, _, value, _ in read}, alias)
    if alias is not None:
        listed = " and ".join(sorted(kinds))
        message = f"`{owner.inline.text}` lists {listed} values, which an enum cannot hold: it is read as their type"
        done.diagnostics.append(warning("enum-values", owner.inline.span, message))
    return [(value if alias is None else str(value), span) for _, _, value, span in read]


def _alias(kinds: set[str]) -> TypeRef | None:
    """The type an enum stands for when an enum cannot hold its values (floats, dates, or a mix)."""
    if kinds in ({"str"}, {"int"}):
        return None
    if kinds <= {"int", "float"}:
        return FLOAT
    return Primitive(next(iter(kinds))) if len(kinds) == 1 else ANY


def _literal_item(value: ir.LiteralValue, span: Span) -> Inline:
    text = json.dumps(value)
    return Inline((Piece("text", text),), span, text)


def _mended(table: Table, diagnostics: list[Diagnostic]) -> Table:
    """The rows as GFM reads them and OpenAPI Generator means them: a row that ends with its last
    pipe leaves its Notes empty; a line without pipes goes on with the Notes above it (Python's
    `must be one of` lists over lines); a `|` in a type (`object | null`) splits no cell."""
    width = len(table.header.cells)
    roles = [COLUMNS.get(cell.text.lower()) for cell in table.header.cells]
    rows: list[TableRow] = []
    for row in table.rows:
        if row.written_cells == 1 < width and rows:
            rows[-1] = _continued(rows[-1], row.cells[0])
        elif row.written_cells > width and "type" in roles:
            rows.append(_rejoined(row, roles, diagnostics))
        else:
            rows.append(replace(row, written_cells=max(width, row.written_cells)))
    return replace(table, rows=tuple(rows))


def _continued(row: TableRow, line: Inline) -> TableRow:
    last = row.cells[-1]
    pieces = (*last.pieces, Piece("break"), *line.pieces)
    return replace(row, cells=(*row.cells[:-1], Inline(pieces, last.span, f"{last.source}\n{line.source}")))


def _rejoined(row: TableRow, roles: list[Role | None], diagnostics: list[Diagnostic]) -> TableRow:
    """The Type cell made whole again. The cells past the header's are lost to markdown, so a lost
    Notes cell leaves the field optional, with a warning."""
    width, at = len(roles), roles.index("type")
    extra = row.written_cells - width
    parts = row.cells[at : at + extra + 1]
    whole = Inline(tuple(p for part in parts for p in part.pieces), parts[0].span, " | ".join(p.source for p in parts))
    cells = (*row.cells[:at], whole, *row.cells[at + extra + 1 :])
    lost = roles[len(cells) :]
    if "notes" in lost:
        message = f"the `|` in the type of `{row.cells[0].text}` splits its row and its Notes are lost: it is optional"
        diagnostics.append(warning("split-row", row.span, message, "write the `|` as `\\|`"))
    filler = [Inline((Piece("text", "[optional]"),) if role == "notes" else (), row.span) for role in lost]
    return TableRow((*cells, *filler), width, row.span)


def _finished(declaration: ir.Declaration, enums: Mapping[Span, _Values]) -> tuple[ir.Declaration, list[Diagnostic]]:
    """What the shared reader read, made what the docs mean (see _model and _enum_declaration)."""
    if isinstance(declaration, ir.Enum):
        return _enum_declaration(declaration, enums.get(declaration.span)), []
    if isinstance(declaration, ir.Model):
        return _model(declaration)
    return declaration, []


def _enum_declaration(enum: ir.Enum, values: _Values | None) -> ir.Declaration:
    if values is None:
        return enum
    if values.alias is not None:
        return _alias_of(enum, values.alias)
    members = tuple(replace(member, name=values.names.get(member.value, member.name)) for member in enum.members)
    return replace(enum, members=members)


def _model(model: ir.Model) -> tuple[ir.Declaration, list[Diagnostic]]:
    """An `any string name` row holds the additional properties; a lone `value` row is the type
    itself; an empty table says nothing (any, with a warning); a `#` link names the page's enum."""
    fields = tuple(_field(model.name, f) for f in model.fields if f.name != ANY_NAME)
    additional = next((f for f in model.fields if f.name == ANY_NAME), model.additional)
    if _lone_value([f.name for f in fields]):
        (value,) = fields
        return _alias_of(model, Nullable(value.type) if value.nullable else value.type), []
    if not fields and additional is None:
        message = f"`{model.name}` has an empty Properties table: the docs do not say what it holds, so it is any"
        return _alias_of(model, ANY), [warning("empty-model", model.span, message)]
    return replace(model, fields=fields, additional=additional), []


def _field(model: str, written: ir.Field) -> ir.Field:
    """A link into the page (`#StatusEnum`) names the enum declared there (see _enum_name); Python's
    older docs write an empty description as `None`."""

    def in_page(ref: Ref) -> TypeRef:
        if not ref.link.startswith("#"):
            return ref
        name = _enum_name(model, ref.link[1:])
        return replace(ref, name=name, link=f"#{name}")

    description = "" if written.description == "None" else written.description
    return replace(written, type=ir.map_refs(written.type, in_page), description=description)


def _alias_of(declaration: ir.Model | ir.Enum, variant: TypeRef) -> ir.UnionType:
    base = ir.DeclarationBase(
        name=declaration.name,
        description=declaration.description,
        span=declaration.span,
        deprecated=declaration.deprecated,
        namespace=declaration.namespace,
    )
    return ir.UnionType(variants=(variant,), variant_spans=(declaration.span,), **vars(base))


def read_declarations(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    if _endpoint_page(document):
        return [], [info("endpoint-page", Span(document.path), "an API endpoint page declares no model")]
    normalised = _normalised(document)
    style = STYLES[_language(document)]
    declarations, diagnostics = read(style, replace(document, blocks=tuple(normalised.blocks)), namespace)
    finished = [_finished(declaration, normalised.enums) for declaration in declarations]
    found = [problem for _, problems in finished for problem in problems]
    return [declaration for declaration, _ in finished], [*normalised.diagnostics, *diagnostics, *found]


def recognise(document: Document) -> float:
    """An endpoint page, surely; else, with OpenAPI Generator's own marks (a Notes column, values
    listed as `(value: ...)`), a half more than the share of the Type cells that the document's
    language reads."""
    if _endpoint_page(document):
        return 1.0
    if not _marked(document):
        return 0.0  # before the costly work: most documents are no dialect's but one
    normalised = replace(document, blocks=tuple(_normalised(document).blocks))
    score = reader.recognise(STYLES[_language(document)], normalised)
    return score + 0.5 if score else score


def _endpoint_page(document: Document) -> bool:
    """`PetApi.md`, whose table lists the endpoints (`Method | HTTP request | Description`)."""
    if not document.path.endswith("Api.md"):
        return False
    tables = (block for block in document.blocks if isinstance(block, Table))
    return any({"method", "http request"} <= {cell.text.lower() for cell in table.header.cells} for table in tables)


def _marked(document: Document) -> bool:
    headers = {
        cell.text.lower() for block in document.blocks if isinstance(block, Table) for cell in block.header.cells
    }
    items = (item for block in document.blocks if isinstance(block, BulletList) for item in block.items)
    return "notes" in headers or any(VALUE_ITEM.fullmatch(item.text) for item in items)


DIALECT = Dialect(recognise, read_declarations)
