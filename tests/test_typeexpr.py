"""generator.typeexpr: the Type cell grammar, fed with the source of a real markdown table cell."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import ir
from generator.ir import DictOf, ListOf, LiteralOf, Nullable, Primitive, Ref, TypeRef, UnionOf
from generator.markdown import Table, parse_document
from generator.typeexpr import ParsedType, TypeSyntaxError, parse_type_cell

DATE_DOCS = "https://docs.python.org/3/library/datetime.html"


def parse(cell: str) -> ParsedType:
    """Parse `cell` as the only cell of a one-row markdown table."""
    (table,) = parse_document("t.md", f"| Type |\n| ---- |\n| {cell} |\n").blocks
    assert isinstance(table, Table)
    return parse_type_cell(table.rows[0].cells[0].source)


def error_of(cell: str) -> TypeSyntaxError:
    with pytest.raises(TypeSyntaxError) as caught:
        parse(cell)
    assert caught.value.message
    return caught.value


def same(actual: TypeRef, expected: TypeRef) -> bool:
    """Equality that also tells True from 1 (tuples compare them equal)."""
    return repr(actual) == repr(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("*str*", Primitive("str")),
        ("`*int*`", Primitive("int")),
        ("**float**", Primitive("float")),
        ("bool", Primitive("bool")),
        ("bytes", Primitive("bytes")),
        ("date", Primitive("date")),
        ("datetime", Primitive("datetime")),
        ("Any", Primitive("any")),
        ("List[*str*]", ListOf(Primitive("str"))),
        ("Dict[str, *float*]", DictOf(Primitive("float"))),
        ("List[Dict[str, *float*]]", ListOf(DictOf(Primitive("float")))),
        ('Literal["a", 1, True]', LiteralOf(("a", 1, True))),
        ("Literal[-2, False]", LiteralOf((-2, False))),
        ("Union[int, str]", UnionOf((Primitive("int"), Primitive("str")))),
        ("Union[int, Union[str, bool]]", UnionOf((Primitive("int"), Primitive("str"), Primitive("bool")))),
        ("Union[int, str, int]", UnionOf((Primitive("int"), Primitive("str")))),
        ("Union[int]", Primitive("int")),
        ("Union[int, None]", Nullable(Primitive("int"))),
        ("Union[int, Union[str, None]]", Nullable(UnionOf((Primitive("int"), Primitive("str"))))),
        ("Union[Optional[int], str]", Nullable(UnionOf((Primitive("int"), Primitive("str"))))),
        ("List[Optional[int]]", ListOf(Nullable(Primitive("int")))),
        ("Dict[str, Nullable[int]]", DictOf(Nullable(Primitive("int")))),
        ("models.Pet", Ref("models.Pet")),
        ("shared.Pet", Ref("shared.Pet")),
        ("Pet", Ref("Pet")),
        ("[models.Pet](../models/pet.md)", Ref("models.Pet", link="../models/pet.md")),
        ("[models.Pet](pet.md#pet)", Ref("models.Pet", link="pet.md#pet")),
        ("List[[models.Pet](pet.md)]", ListOf(Ref("models.Pet", link="pet.md"))),
        ("[List[models.Pet]](pet.md)", ListOf(Ref("models.Pet", link="pet.md"))),
        ("[Dict[str, List[models.Pet]]](pet.md)", DictOf(ListOf(Ref("models.Pet", link="pet.md")))),
        ("List[[Optional[models.Pet]](pet.md)]", ListOf(Nullable(Ref("models.Pet", link="pet.md")))),
        (
            "Union[[models.A](a.md), [models.B](b.md)]",
            UnionOf((Ref("models.A", link="a.md"), Ref("models.B", link="b.md"))),
        ),
        (
            "List[Dict[str, List[Optional[Union[int, [models.Pet](pet.md)]]]]]",
            ListOf(DictOf(ListOf(Nullable(UnionOf((Primitive("int"), Ref("models.Pet", link="pet.md"))))))),
        ),
        # Speakeasy's Python docs link dates with their texts swapped; the anchor tells the truth.
        (f"[date]({DATE_DOCS}#date-objects)", Primitive("datetime")),
        (f"[datetime]({DATE_DOCS}#datetime-objects)", Primitive("date")),
        (f"List[[date]({DATE_DOCS}#date-objects)]", ListOf(Primitive("datetime"))),
        ("[datetime](https://example.com/time)", Primitive("datetime")),
    ],
)
def test_types(cell: str, expected: TypeRef) -> None:
    parsed = parse(cell)
    assert same(parsed.type, expected)
    assert (parsed.optional, parsed.nullable) == (False, False)


@pytest.mark.parametrize(
    ("cell", "expected", "optional", "nullable"),
    [
        ("*Optional[int]*", Primitive("int"), True, False),
        ("Nullable[str]", Primitive("str"), False, True),
        ("*OptionalNullable[models.Pet]*", Ref("models.Pet"), True, True),
        ("Optional[List[Optional[int]]]", ListOf(Nullable(Primitive("int"))), True, False),
        ("Nullable[Optional[int]]", Primitive("int"), True, True),
        ("Optional[Union[int, None]]", Nullable(Primitive("int")), True, False),
        ("[Optional[models.Pet]](pet.md)", Ref("models.Pet", link="pet.md"), True, False),
        ("[OptionalNullable[models.Pet]](pet.md)", Ref("models.Pet", link="pet.md"), True, True),
        ("[Nullable[List[models.Pet]]](pet.md)", ListOf(Ref("models.Pet", link="pet.md")), False, True),
        (f"Optional[[date]({DATE_DOCS}#date-objects)]", Primitive("datetime"), True, False),
    ],
)
def test_top_level_wrappers_become_flags(cell: str, expected: TypeRef, optional: bool, nullable: bool) -> None:
    parsed = parse(cell)
    assert same(parsed.type, expected)
    assert (parsed.optional, parsed.nullable) == (optional, nullable)


@pytest.mark.parametrize(
    ("cell", "in_message"),
    [
        ("List[int", "expected ']'"),
        ("Optional[", "end of the cell"),
        ("List[int]]", "unexpected ']'"),
        ("List[]", "expected a type"),
        ("*str* extra", "unexpected 'extra'"),
        ("Dict[int, str]", "`Dict` keys must be `str`"),
        ("Dict[str]", "`Dict` takes 2"),
        ("Optional[int, str]", "`Optional` takes 1"),
        ("Literal[]", "expected a literal value"),
        ("Union[None]", "at least one member"),
        ("[models.A](a.md) [models.B](b.md)", "unexpected"),
        ("foo", "unknown type `foo`"),
        ("io.Foo", "unknown type `io.Foo`"),
        ("Shared.Foo", "unknown type `Shared.Foo`"),
    ],
)
def test_syntax_errors(cell: str, in_message: str) -> None:
    assert in_message in error_of(cell).message


def test_empty_cell() -> None:
    assert error_of("").message == "the type cell is empty"
    assert error_of("**").message == "the type cell is empty"


def test_unbalanced_brackets_hint_at_the_brackets() -> None:
    assert "brackets" in error_of("List[Dict[str, int]").hint


@pytest.mark.parametrize(
    ("cell", "suggestion"),
    [("strr", "str"), ("flaot", "float"), ("Optinal[int]", "Optional"), ("Unoin[int, str]", "Union")],
)
def test_unknown_names_come_with_a_did_you_mean_hint(cell: str, suggestion: str) -> None:
    problem = error_of(cell)
    assert "unknown type" in problem.message
    assert problem.hint == f"did you mean `{suggestion}`?"


def test_link_with_no_target() -> None:
    assert error_of("[models.Pet]()").message == "a link in the type cell has no target"


def test_wrapper_without_arguments_does_not_suggest_itself() -> None:
    problem = error_of("List")
    assert problem.hint != "did you mean `List`?"


@pytest.mark.parametrize("cell", ["None", "Optional[None]", "List[None]"])
def test_none_outside_a_union_is_not_an_empty_union(cell: str) -> None:
    try:
        parsed = parse(cell)
    except TypeSyntaxError:
        return
    assert UnionOf(()) not in ir.walk(parsed.type)


def test_link_around_a_union_binds_its_only_reference() -> None:
    parsed = parse("[Union[models.Pet, str]](pet.md)")
    assert parsed.type == UnionOf((Ref("models.Pet", link="pet.md"), Primitive("str")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Older and newer spellings of Speakeasy's Python docs.
        ("list[*str*]", ListOf(Primitive("str"))),
        ("dict[str, list[dict[str, *Any*]]]", DictOf(ListOf(DictOf(Primitive("any"))))),
        ("*Decimal*", Primitive("decimal")),
        ("List[*Decimal*]", ListOf(Primitive("decimal"))),
        ("*Literal[None]*", LiteralOf((None,))),
        ("callbacks.Event", Ref("callbacks.Event")),
        # Markdown never changes a literal: the underscores are not emphasis.
        ('*Literal["__encrypted__"]*', LiteralOf(("__encrypted__",))),
        ('*Literal["a_b_c", "*x*"]*', LiteralOf(("a_b_c", "*x*"))),
        # Upload and download content is bytes; an event stream of X is a list of X.
        ("*Union[bytes, IO[bytes], io.BufferedReader]*", Primitive("bytes")),
        ("*Union[bytes, IO[bytes], io.IOBase]*", Primitive("bytes")),
        ("*requests_http.Response*", Primitive("bytes")),
        (
            "Union[eventstreaming.EventStream[models.Chunk], eventstreaming.EventStreamAsync[models.Chunk]]",
            ListOf(Ref("models.Chunk")),
        ),
        # A link around several references leaves each to be bound by its name.
        (
            "List[[Union[shared.RelationItem, shared.RelationEntity]](../shared/getrelationsresp.md)]",
            ListOf(UnionOf((Ref("shared.RelationItem"), Ref("shared.RelationEntity")))),
        ),
        ("[Union[str, int]](union.md)", UnionOf((Primitive("str"), Primitive("int")))),
    ],
)
def test_speakeasy_python_spellings(cell: str, expected: TypeRef) -> None:
    parsed = parse(cell)
    assert same(parsed.type, expected)
    assert parsed.plumbing == ""


def test_optional_download_is_optional_bytes() -> None:
    parsed = parse("*Optional[httpx.Response]*")
    assert (parsed.type, parsed.optional, parsed.plumbing) == (Primitive("bytes"), True, "")


@pytest.mark.parametrize(
    ("cell", "plumbing"),
    [
        ("[httpx.Response](https://www.python-httpx.org/api/#response)", "httpx.Response"),
        ("[requests.Response](https://requests.readthedocs.io/en/latest/api/#requests.Response)", "requests.Response"),
        ("[Optional[httpx.Response]](https://www.python-httpx.org/api/#response)", "httpx.Response"),
        ("[httpx.Request](https://www.python-httpx.org/api/#request)", "httpx.Request"),
        ("*httpx.Request*", "httpx.Request"),
    ],
)
def test_raw_http_objects_are_sdk_plumbing(cell: str, plumbing: str) -> None:
    assert parse(cell).plumbing == plumbing


def test_escaped_pipe_and_html_break_are_not_part_of_the_type() -> None:
    assert parse('Literal["a\\|b"]<br/>').type == LiteralOf(("a|b",))


def test_union_keeps_literal_true_apart_from_literal_one() -> None:
    parsed = parse("Union[Literal[1], Literal[True]]")
    assert same(parsed.type, UnionOf((LiteralOf((1,)), LiteralOf((True,)))))


# --- property: random well-formed expressions parse to the TypeRef they were built from ---

Case = tuple[str, TypeRef]

_PRIMITIVES = [
    ("str", Primitive("str")),
    ("int", Primitive("int")),
    ("float", Primitive("float")),
    ("bool", Primitive("bool")),
    ("bytes", Primitive("bytes")),
    ("date", Primitive("date")),
    ("datetime", Primitive("datetime")),
    ("Any", Primitive("any")),
]


@st.composite
def primitives(draw: st.DrawFn) -> Case:
    text, expected = draw(st.sampled_from(_PRIMITIVES))
    decoration = draw(st.sampled_from(["{}", "*{}*", "`{}`", "`*{}*`"]))
    return decoration.format(text), expected


@st.composite
def references(draw: st.DrawFn) -> Case:
    name = "models." + draw(st.sampled_from(["Pet", "Owner", "ChatMessage"]))
    if draw(st.booleans()):
        link = draw(st.sampled_from(["pet.md", "../models/owner.md", "#chatmessage"]))
        return f"[{name}]({link})", Ref(name, link=link)
    return name, Ref(name)


literal_values = st.one_of(
    st.text(alphabet="abcXYZ019 -", max_size=6), st.integers(min_value=-999, max_value=999), st.booleans()
)


@st.composite
def literals(draw: st.DrawFn) -> Case:
    values = draw(st.lists(literal_values, min_size=1, max_size=3))
    written = [json.dumps(v) if isinstance(v, str) else str(v) for v in values]
    return f"Literal[{', '.join(written)}]", LiteralOf(tuple(values))


def containers(children: st.SearchStrategy[Case]) -> st.SearchStrategy[Case]:
    def list_of(child: Case) -> Case:
        return f"List[{child[0]}]", ListOf(child[1])

    def dict_of(child: Case) -> Case:
        return f"Dict[str, {child[0]}]", DictOf(child[1])

    def nested_optional(wrapper: str, child: Case) -> Case:
        # Inside a container, Optional/Nullable/OptionalNullable can only mean nullable.
        return f"{wrapper}[{child[0]}]", Nullable(child[1])

    def union(members: list[Case]) -> Case:
        return f"Union[{', '.join(text for text, _ in members)}]", UnionOf(tuple(t for _, t in members))

    plain = children.filter(lambda case: not isinstance(case[1], UnionOf | Nullable))
    wrappers = st.sampled_from(["Optional", "Nullable", "OptionalNullable"])
    optionals = st.tuples(wrappers, plain).map(lambda pair: nested_optional(*pair))
    return st.one_of(
        children.map(list_of),
        children.map(dict_of),
        optionals.map(list_of),
        optionals.map(dict_of),
        st.lists(plain, min_size=2, max_size=3, unique_by=lambda case: case[1]).map(union),
    )


type_expressions = st.recursive(st.one_of(primitives(), references(), literals()), containers, max_leaves=8)


# (how the whole cell is wrapped, optional, nullable)
TOP_LEVEL = [("{}", False, False), ("Optional[{}]", True, False), ("Nullable[{}]", False, True)]
TOP_LEVEL += [("*OptionalNullable[{}]*", True, True)]


@given(type_expressions, st.sampled_from(TOP_LEVEL))
def test_random_expressions_parse_to_what_they_were_built_from(case: Case, top: tuple[str, bool, bool]) -> None:
    text, expected = case
    wrapper, optional, nullable = top
    parsed = parse(wrapper.format(text))
    assert same(parsed.type, expected), text
    assert (parsed.optional, parsed.nullable) == (optional, nullable)
