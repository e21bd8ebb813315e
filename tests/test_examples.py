"""generator.examples: example values checked against their types, and placeholders."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from generator import ir
from generator.diagnostics import Severity, Span
from generator.dialects.speakeasy import read_declarations
from generator.examples import check_examples, fits, parse_example, placeholder, placeholder_for
from generator.ir import DictOf, ListOf, LiteralOf, Nullable, Primitive, Ref, UnionOf
from generator.markdown import parse_document
from generator.resolve import resolve

SPAN = Span("x.md")
STR, INT, FLOAT, BOOL = Primitive("str"), Primitive("int"), Primitive("float"), Primitive("bool")


def field(name: str, type_ref: ir.TypeRef, required: bool = True, nullable: bool = False) -> ir.Field:
    return ir.Field(name, type_ref, required, nullable, "", SPAN, wire_name=name)


def enum(name: str, *values: ir.LiteralValue, is_open: bool = False) -> ir.Enum:
    return ir.Enum(
        name=name,
        description="",
        span=SPAN,
        members=tuple(ir.EnumMember(str(v), v, SPAN) for v in values),
        open=is_open,
    )


COLOR = enum("Color", "red", "green")
OPEN_COLOR = enum("OpenColor", "red", is_open=True)
LEVEL = enum("Level", 1, 2)
PET = ir.Model(
    name="Pet", description="", span=SPAN, fields=(field("id", INT), field("nick", STR, required=False, nullable=True))
)
ID = ir.UnionType(name="Id", description="", span=SPAN, variants=(INT, Ref("Pet", target="Pet")))
INDEX: dict[str, ir.Declaration] = {d.name: d for d in (COLOR, OPEN_COLOR, LEVEL, PET, ID)}


def to(name: str) -> Ref:
    return Ref(name, target=name)


def read_and_check(text: str) -> tuple[list[ir.Declaration], list[tuple[str, Severity, int]]]:
    """A spec through the dialect, resolve and check_examples."""
    document = parse_document("spec.md", textwrap.dedent(text).lstrip("\n"))
    declarations, diagnostics = read_declarations(document, ())
    checked = check_examples(resolve(declarations, "models"))
    return list(checked.declarations), [(d.code, d.severity, d.span.line) for d in [*diagnostics, *checked.diagnostics]]


@pytest.mark.parametrize(
    ("value", "type_ref", "expected"),
    [
        ("a", STR, True),
        (1, STR, False),
        (1, INT, True),
        (True, INT, False),  # bool is not int
        (1.0, INT, False),
        (1, FLOAT, True),  # int is accepted for float
        (1.5, FLOAT, True),
        (True, FLOAT, False),
        (False, BOOL, True),
        (0, BOOL, False),
        (None, STR, False),
        (None, Primitive("any"), True),
        ({"a": [1]}, Primitive("any"), True),
        ("aGk=", Primitive("bytes"), True),
        ("not base64!", Primitive("bytes"), False),
        ("2024-02-29", Primitive("date"), True),
        ("2023-02-29", Primitive("date"), False),
        ("2024-01-01T10:00:00", Primitive("date"), False),
        ("2024-01-01T10:00:00+02:00", Primitive("datetime"), True),
        ("yesterday", Primitive("datetime"), False),
        ([1, 2], ListOf(INT), True),
        ([1, "2"], ListOf(INT), False),
        ({"a": 1}, ListOf(INT), False),
        ({"a": 1.5, "b": 2}, DictOf(FLOAT), True),
        ({"a": "x"}, DictOf(FLOAT), False),
        ([], DictOf(FLOAT), False),
        ("a", LiteralOf(("a", 1)), True),
        (1, LiteralOf(("a", 1)), True),
        (True, LiteralOf(("a", 1)), False),
        (1, LiteralOf((True,)), False),
        ("b", LiteralOf(("a",)), False),
        ("x", UnionOf((INT, STR)), True),
        (1.5, UnionOf((INT, STR)), False),
        (None, Nullable(INT), True),
        (3, Nullable(INT), True),
        ("3", Nullable(INT), False),
        ([None, 1], ListOf(Nullable(INT)), True),
    ],
)
def test_fits_types(value: ir.JsonValue, type_ref: ir.TypeRef, expected: bool) -> None:
    assert fits(value, type_ref, INDEX) is expected


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        ("red", "Color", True),
        ("blue", "Color", False),
        (1, "Color", False),
        ("blue", "OpenColor", True),  # an open enum takes any value of its members' type
        (1, "OpenColor", False),
        (2, "Level", True),
        (3, "Level", False),
        (True, "Level", False),
        ("1", "Level", False),
        ({"id": 1}, "Pet", True),
        ({"id": 1, "nick": None}, "Pet", True),
        ({"id": 1, "nick": 2}, "Pet", False),
        ({"nick": "rex"}, "Pet", False),  # the required id is missing
        ({"id": "1"}, "Pet", False),
        ([{"id": 1}], "Pet", False),
        (7, "Id", True),
        ({"id": 1}, "Id", True),
        ("7", "Id", False),
        ("anything", "Unknown", False),
    ],
)
def test_fits_declarations(value: ir.JsonValue, name: str, expected: bool) -> None:
    assert fits(value, to(name), INDEX) is expected


def test_fits_an_unbound_reference_is_false() -> None:
    assert not fits({"id": 1}, Ref("models.Pet"), INDEX)


def test_fits_an_open_enum_without_values() -> None:
    index: dict[str, ir.Declaration] = {"Empty": enum("Empty", is_open=True)}
    assert not fits("x", to("Empty"), index)


@pytest.mark.parametrize(
    ("text", "type_ref", "expected"),
    [
        ("1", INT, 1),
        ("1", STR, "1"),  # JSON 1 does not fit a str; the text does
        ('"hello"', STR, "hello"),
        ("hello", STR, "hello"),
        ("true", BOOL, True),
        ("null", Nullable(STR), None),
        ("null", STR, "null"),
        ("[1, 2]", ListOf(INT), [1, 2]),
        ('{"id": 3}', to("Pet"), {"id": 3}),
        ("red", to("Color"), "red"),
        ("2024-01-01", Primitive("date"), "2024-01-01"),
        ("NaN", STR, "NaN"),
    ],
)
def test_parse_example(text: str, type_ref: ir.TypeRef, expected: ir.JsonValue) -> None:
    example = parse_example(text, type_ref, INDEX)
    assert example is not None
    assert example.value == expected and type(example.value) is type(expected)


@pytest.mark.parametrize(
    ("text", "type_ref"),
    [("hello", INT), ("NaN", FLOAT), ("Infinity", FLOAT), ("1.5", INT), ("blue", to("Color")), ("[1, ", ListOf(INT))],
)
def test_parse_example_that_does_not_fit(text: str, type_ref: ir.TypeRef) -> None:
    assert parse_example(text, type_ref, INDEX) is None


def test_seed_created_example_is_a_type_warning() -> None:
    checked, diagnostics = read_and_check(
        """
        # CompletionsStreamResponse

        ## Fields

        | Field     | Type  | Required           | Description           | Example                       |
        | --------- | ----- | ------------------ | --------------------- | ----------------------------- |
        | `created` | *int* | :heavy_check_mark: | The creation time     | 2021-01-01 00:00:00 +0000 UTC |
        | `id`      | *str* | :heavy_check_mark: | The ID of the request | cmpl-1234567890               |
        | `index`   | *int* | :heavy_check_mark: | N/A                   | 0                             |
        """
    )
    assert diagnostics == [("example-type", Severity.WARNING, 7)]
    (model,) = checked
    assert isinstance(model, ir.Model)
    created, identity, index = model.fields
    assert created.example is None and created.example_text == "2021-01-01 00:00:00 +0000 UTC"
    assert identity.example == ir.Example("cmpl-1234567890")
    assert index.example == ir.Example(0)


def test_multi_line_examples_with_br_are_json() -> None:
    checked, diagnostics = read_and_check(
        """
        # LogProbs

        ## Fields

        | Field         | Type                     | Required           | Description | Example                          |
        | ------------- | ------------------------ | ------------------ | ----------- | -------------------------------- |
        | `top`         | List[Dict[str, *float*]] | :heavy_check_mark: | N/A         | [<br/>{<br/>"Hi": -1.75<br/>}<br/>] |
        """
    )
    assert diagnostics == []
    (model,) = checked
    assert isinstance(model, ir.Model)
    assert model.fields[0].example == ir.Example([{"Hi": -1.75}])


@pytest.mark.parametrize(
    ("type_ref", "expected"),
    [
        (STR, ""),
        (INT, 0),
        (FLOAT, 0.0),
        (BOOL, False),
        (Primitive("bytes"), ""),
        (Primitive("date"), "2024-01-01"),
        (Primitive("datetime"), "2024-01-01T00:00:00Z"),
        (Primitive("any"), None),
        (ListOf(INT), []),
        (DictOf(INT), {}),
        (LiteralOf(("json", "text")), "json"),
        (Nullable(to("Pet")), None),
        (UnionOf((to("Unknown"), INT)), 0),
        (to("Color"), "red"),
        (to("Level"), 1),
        (to("Pet"), {"id": 0}),  # only required fields
        (to("Id"), 0),
    ],
)
def test_placeholders(type_ref: ir.TypeRef, expected: ir.JsonValue) -> None:
    example = placeholder(type_ref, INDEX)
    assert example is not None
    assert example.value == expected and type(example.value) is type(expected)
    assert fits(example.value, type_ref, INDEX)


def test_placeholder_uses_a_field_example_and_stops_at_required_cycles() -> None:
    with_example = ir.Model(
        name="Box", description="", span=SPAN, fields=(dataclasses.replace(field("size", INT), example=ir.Example(7)),)
    )
    node = ir.Model(name="Node", description="", span=SPAN, fields=(field("next", to("Node")),))
    optional_node = ir.Model(
        name="Link", description="", span=SPAN, fields=(field("next", to("Link"), required=False),)
    )
    either = ir.UnionType(name="Either", description="", span=SPAN, variants=(to("Node"), STR))
    index: dict[str, ir.Declaration] = {d.name: d for d in (with_example, node, optional_node, either)}
    assert placeholder_for(with_example, index) == ir.Example({"size": 7})
    assert placeholder(to("Node"), index) is None
    assert placeholder(to("Link"), index) == ir.Example({})
    assert placeholder(to("Either"), index) == ir.Example("")
    assert placeholder(to("Unknown"), index) is None
    assert placeholder_for(enum("Empty"), index) is None
