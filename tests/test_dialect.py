"""generator.dialects.speakeasy: Document -> declarations and diagnostics, on small inline specs."""

from __future__ import annotations

import textwrap

import pytest

from generator import ir
from generator.diagnostics import Diagnostic, Severity, Span
from generator.dialects.speakeasy import read_declarations
from generator.ir import ListOf, Primitive, Ref
from generator.markdown import parse_document

PATH = "pet.md"


def read(text: str, namespace: tuple[str, ...] = ()) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """Read a spec written inline; its first line is line 1."""
    document = parse_document(PATH, textwrap.dedent(text).lstrip("\n"))
    return read_declarations(document, namespace)


def read_one(text: str) -> ir.Declaration:
    declarations, diagnostics = read(text)
    assert diagnostics == []
    (declaration,) = declarations
    return declaration


def read_model(text: str) -> ir.Model:
    model = read_one(text)
    assert isinstance(model, ir.Model)
    return model


def read_enum(text: str) -> ir.Enum:
    enum = read_one(text)
    assert isinstance(enum, ir.Enum)
    return enum


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, Severity, int]]:
    return [(d.code, d.severity, d.span.line) for d in diagnostics]


ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_fields_model_with_five_columns() -> None:
    model = read_model(
        """
        # Pet

        A pet.

        It has `fields`.

        ## Fields

        | Field     | Type                                         | Required           | Description       | Example |
        | --------- | -------------------------------------------- | ------------------ | ----------------- | ------- |
        | `id`      | *int*                                        | :heavy_check_mark: | The id            | 1       |
        | `tags`    | List[*str*]                                  | :heavy_minus_sign: | Tags<br/>per line | ["a"]   |
        | `owner`   | [Optional[models.Owner]](../models/owner.md) | :heavy_minus_sign: | N/A               |         |
        | `nick`    | *OptionalNullable[str]*                      | :heavy_minus_sign: | N/A               |         |
        """
    )
    assert (model.name, model.description, model.namespace) == ("Pet", "A pet.\n\nIt has `fields`.", ())
    assert model.span == Span(PATH, 1, 1)
    assert not model.deprecated
    assert [f.name for f in model.fields] == ["id", "tags", "owner", "nick"]
    identity, tags, owner, nick = model.fields
    assert (identity.type, identity.required, identity.nullable) == (Primitive("int"), True, False)
    assert (identity.description, identity.example_text, identity.span) == ("The id", "1", Span(PATH, 11, 3))
    assert (tags.type, tags.required, tags.description, tags.example_text) == (
        ListOf(Primitive("str")),
        False,
        "Tags\nper line",
        '["a"]',
    )
    assert owner.type == Ref("models.Owner", link="../models/owner.md")
    assert (owner.description, owner.example_text) == ("", None)
    assert (nick.required, nick.nullable) == (False, True)


def test_fields_model_with_four_columns_and_no_required_column() -> None:
    model = read_model(
        """
        # RetryConfig

        ## Fields

        | Name       | Type                    | Description | Example   |
        | ---------- | ----------------------- | ----------- | --------- |
        | `strategy` | `*str*`                 | Strategy.   | `backoff` |
        | `count`    | *Optional[int]*         | N/A         |           |
        | `note`     | *Nullable[str]*         | A note.     |           |
        | `extra`    | *OptionalNullable[int]* | N/A         |           |
        """
    )
    by_name = {f.name: f for f in model.fields}
    # Without a Required column, the type's Optional[...] decides.
    assert {name: (f.required, f.nullable) for name, f in by_name.items()} == {
        "strategy": (True, False),
        "count": (False, False),
        "note": (True, True),
        "extra": (False, True),
    }
    assert by_name["strategy"].example_text == "backoff"
    assert by_name["count"].description == ""


def test_required_column_overrides_the_type() -> None:
    model = read_model(
        """
        # Pet

        ## Fields

        | Field | Type            | Required           | Description |
        | ----- | --------------- | ------------------ | ----------- |
        | `a`   | *Optional[int]* | :heavy_check_mark: | N/A         |
        | `b`   | *int*           | :heavy_minus_sign: | N/A         |
        | `c`   | *int*           | ✔️                  | N/A         |
        | `d`   | *int*           | No                 | N/A         |
        """
    )
    assert [(f.name, f.required) for f in model.fields] == [("a", True), ("b", False), ("c", True), ("d", False)]
    assert model.fields[0].type == Primitive("int")


def test_deprecated_heading_and_struck_field_names() -> None:
    model = read_model(
        """
        # ~~OldPet~~

        ## Fields

        | Field          | Type  | Required           | Description |
        | -------------- | ----- | ------------------ | ----------- |
        | ~~`legacy`~~   | *int* | :heavy_minus_sign: | Old.        |
        | `current`      | *int* | :heavy_check_mark: | New.        |
        """
    )
    assert (model.name, model.deprecated) == ("OldPet", True)
    assert [(f.name, f.deprecated) for f in model.fields] == [("legacy", True), ("current", False)]


def test_enum_from_a_name_value_table() -> None:
    enum = read_enum(
        """
        # ResponseFormatType

        The format.

        ## Values

        | Name          | Value       |
        | ------------- | ----------- |
        | `TEXT`        | text        |
        | `JSON_OBJECT` | json_object |
        """
    )
    assert [(m.name, m.value) for m in enum.members] == [("TEXT", "text"), ("JSON_OBJECT", "json_object")]
    assert (enum.description, enum.open) == ("The format.", False)
    assert enum.members[1].span == Span(PATH, 10, 19)


def test_enum_of_ints_from_a_table() -> None:
    enum = read_enum(
        """
        # Level

        ## Values

        | Name  | Value |
        | ----- | ----- |
        | `ONE` | 1     |
        | `TWO` | 2     |
        """
    )
    assert [m.value for m in enum.members] == [1, 2]
    assert all(type(m.value) is int for m in enum.members)


@pytest.mark.parametrize(
    ("items", "values"),
    [
        ('- `"auto"`\n- `"none"`\n', ["auto", "none"]),
        ("- `1`\n- `-2`\n", [1, -2]),
        ("- auto\n- none\n", ["auto", "none"]),
    ],
)
def test_enum_from_a_bullet_list_of_literals(items: str, values: list[object]) -> None:
    enum = read_enum("# Mode\n\n## Values\n\n" + items)
    assert [m.value for m in enum.members] == values
    assert [type(m.value) for m in enum.members] == [type(v) for v in values]
    assert [m.span.line for m in enum.members] == [5, 6]


def test_quoted_numbers_in_a_bullet_list_stay_strings() -> None:
    enum = read_enum('# Code\n\n## Values\n\n- `"200"`\n- `"404"`\n')
    assert [m.value for m in enum.members] == ["200", "404"]


def test_open_enum() -> None:
    enum = read_enum(
        """
        # Role

        This is an open enum. Unrecognized values will be captured.

        ## Values

        | Name   | Value |
        | ------ | ----- |
        | `USER` | user  |
        """
    )
    assert enum.open


def test_union_with_one_heading_per_variant_ignores_code_blocks() -> None:
    union = read_one(
        """
        # Message

        One of several messages.

        ## Supported Types

        ### `models.System`

        ```python
        value: models.System = /* values here */
        ```

        ### `List[int]`

        ```python
        value: List[int] = /* values here */
        ```

        ### `Nullable[str]`
        """
    )
    assert isinstance(union, ir.UnionType)
    assert (union.name, union.description) == ("Message", "One of several messages.")
    assert union.variants == (Ref("models.System"), ListOf(Primitive("int")), ir.Nullable(Primitive("str")))


def test_example_usage_code_blocks_are_ignored() -> None:
    model = read_model(
        """
        # Pet

        ## Fields

        | Field | Type  | Required           | Description |
        | ----- | ----- | ------------------ | ----------- |
        | `id`  | *int* | :heavy_check_mark: | N/A         |

        ## Example Usage

        ```python
        | Field | Type |
        | ----- | ---- |
        | `bad` | strr |
        ```
        """
    )
    assert [f.name for f in model.fields] == ["id"]


def test_example_usage_before_the_fields() -> None:
    declarations, diagnostics = read(
        """
        # Pet

        ## Example Usage

        ```python
        Pet(id=1)
        ```

        ## Fields

        | Field | Type  | Required           | Description |
        | ----- | ----- | ------------------ | ----------- |
        | `id`  | *int* | :heavy_check_mark: | N/A         |
        """
    )
    assert diagnostics == []
    assert [d.name for d in declarations] == ["Pet"]


def test_two_declarations_in_one_file_like_retryconfig() -> None:
    declarations, diagnostics = read(
        """
        # RetryConfig

        Retry settings.

        ## Fields

        | Name      | Type                                | Description | Example |
        | --------- | ----------------------------------- | ----------- | ------- |
        | `backoff` | [BackoffStrategy](#backoffstrategy) | Backoff.    |         |

        ## BackoffStrategy

        The backoff strategy.

        ### Fields

        | Name               | Type    | Description | Example |
        | ------------------ | ------- | ----------- | ------- |
        | `initial_interval` | `*int*` | Initial.    | `500`   |
        """,
        namespace=("utils",),
    )
    assert diagnostics == []
    retry, backoff = declarations
    assert isinstance(retry, ir.Model) and isinstance(backoff, ir.Model)
    assert (retry.name, retry.description, retry.span.line) == ("RetryConfig", "Retry settings.", 1)
    assert (backoff.name, backoff.description, backoff.span.line) == ("BackoffStrategy", "The backoff strategy.", 11)
    assert retry.namespace == backoff.namespace == ("utils",)
    assert retry.fields[0].type == Ref("BackoffStrategy", link="#backoffstrategy")
    assert [(f.name, f.type, f.example_text) for f in backoff.fields] == [("initial_interval", Primitive("int"), "500")]


def test_declaration_after_a_union_in_the_same_file() -> None:
    declarations, _ = read(
        """
        # Parent

        ## Supported Types

        ### `str`

        ### `int`

        ## Other

        ### Fields

        | Name | Type  |
        | ---- | ----- |
        | `a`  | *int* |
        """
    )
    assert [d.name for d in declarations] == ["Parent", "Other"]
    parent = declarations[0]
    assert isinstance(parent, ir.UnionType)
    assert parent.variants == (Primitive("str"), Primitive("int"))


def test_field_diagnostics() -> None:
    declarations, diagnostics = read(
        """
        # Pet

        ## Fields

        | Field | Type  | Required           | Description | Colour |
        | ----- | ----- | ------------------ | ----------- | ------ |
        | `a`   | *int* | maybe              | A           | red    |
        | `b`   | *int* | :heavy_check_mark: | B           | red    |
        | `b`   | *str* | :heavy_check_mark: | B again     | red    |
        | `c`   | *int* | :heavy_check_mark: | C           |
        | `d`   | strr  | :heavy_check_mark: | D           | red    | extra |
        | `e`   | strr  | :heavy_check_mark: | E           | red    |
        """
    )
    assert codes(diagnostics) == [
        ("unknown-column", WARNING, 5),
        ("bad-required", ERROR, 7),
        ("duplicate-field", ERROR, 9),
        ("row-width", ERROR, 10),
        ("row-width", ERROR, 11),
        ("bad-type", ERROR, 12),
    ]
    unknown, bad_required, duplicate, short, _, bad_type = diagnostics
    assert unknown.span.col == 54 and "Colour" in unknown.message
    assert bad_required.span.col == 19 and "maybe" in bad_required.message
    assert duplicate.hint == "first declared at line 8"
    assert "4 cells" in short.message and "5" in short.message
    assert bad_type.hint == "did you mean `str`?"
    (model,) = declarations
    assert isinstance(model, ir.Model)
    assert [(f.name, f.type) for f in model.fields] == [("b", Primitive("int"))]


def test_missing_type_column_is_an_error() -> None:
    declarations, diagnostics = read(
        """
        # Pet

        ## Fields

        | Field | Description |
        | ----- | ----------- |
        | `a`   | A           |
        """
    )
    assert codes(diagnostics) == [("missing-column", ERROR, 5)]
    assert "type" in diagnostics[0].message
    (model,) = declarations
    assert isinstance(model, ir.Model) and model.fields == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just some prose.\n\nAnd more.\n", [("no-declaration", WARNING, 1)]),
        ("# Notes\n\nJust prose.\n", [("no-section", WARNING, 1)]),
        ("# Pet\n\n## Fields\n\nNo table here.\n", [("no-table", ERROR, 1)]),
        ("# Mode\n\n## Values\n\nNothing.\n", [("no-values", ERROR, 1)]),
        ("# Mode\n\n## Values\n\n- a\n- b\n- a\n", [("duplicate-value", ERROR, 7)]),
        ("# U\n\n## Supported Types\n\n### `int`\n\n### `strr`\n", [("bad-type", ERROR, 7)]),
        ("# U\n\n## Supported Types\n\nNone listed.\n", [("no-variants", ERROR, 1)]),
        ("# M\n\n## Values\n\n| Name | Value |\n| - | - |\n| `A` | a | x |\n| `B` | b |\n", [("row-width", ERROR, 7)]),
    ],
)
def test_declaration_diagnostics(text: str, expected: list[tuple[str, Severity, int]]) -> None:
    _, diagnostics = read(text)
    assert codes(diagnostics) == expected


# --- Speakeasy's Python docs as published ---


def test_headings_inside_a_long_description_are_prose() -> None:
    model = read_model(
        """
        # Workflow

        Runs steps.

        ## Overview

        Each step runs after the one before.

        ### Complex examples

        Steps may branch.

        ## Fields

        | Field  | Type  | Required           | Description |
        | ------ | ----- | ------------------ | ----------- |
        | `name` | *str* | :heavy_check_mark: | N/A         |
        """
    )
    assert model.name == "Workflow"
    assert model.description == (
        "Runs steps.\n\nOverview\n\nEach step runs after the one before.\n\nComplex examples\n\nSteps may branch."
    )
    assert [f.name for f in model.fields] == ["name"]


def test_a_heading_after_the_fields_that_declares_nothing_is_reported() -> None:
    declarations, diagnostics = read(
        """
        # Pet

        ## Fields

        | Field | Type  |
        | ----- | ----- |
        | `id`  | *int* |

        ## Notes

        | Field | Type  |
        | ----- | ----- |
        | `x`   | *str* |
        """
    )
    assert [d.name for d in declarations] == ["Pet"]
    assert codes(diagnostics) == [("no-section", WARNING, 9)]
    assert [f.name for f in declarations[0].fields] == ["id"]  # type: ignore[union-attr]


def test_older_union_docs_write_each_variant_in_a_code_block() -> None:
    union = read_one(
        """
        # Results

        ## Supported Types

        ###

        ```python
        results: str = /* values here */
        ```

        ###

        ```python
        results: List[shared.Item] = /* values here */
        ```

        ###

        ```python
        results: Dict[str, Any] = /* values here */
        ```
        """
    )
    assert isinstance(union, ir.UnionType)
    assert union.variants == (Primitive("str"), ListOf(Ref("shared.Item")), ir.DictOf(Primitive("any")))
    assert [span.line for span in union.variant_spans] == [8, 14, 20]  # where each type is written


def test_a_variant_heading_with_no_type_anywhere_is_an_error() -> None:
    _, diagnostics = read("# U\n\n## Supported Types\n\n### \n\nprose\n")
    assert codes(diagnostics) == [("bad-type", ERROR, 5), ("no-variants", ERROR, 1)]


def test_a_type_listed_twice_is_one_variant() -> None:
    union = read_one("# N\n\n## Supported Types\n\n### `int`\n\n### `float`\n\n### `int`\n")
    assert isinstance(union, ir.UnionType)
    assert union.variants == (Primitive("int"), Primitive("float"))


def test_pydantic_extra_is_the_models_additional_properties() -> None:
    model = read_model(
        """
        # Controls

        ## Fields

        | Field                | Type                     | Required           | Description |
        | -------------------- | ------------------------ | ------------------ | ----------- |
        | `name`               | *str*                    | :heavy_check_mark: | N/A         |
        | `__pydantic_extra__` | Dict[str, List[*int*]]   | :heavy_minus_sign: | N/A         |
        """
    )
    assert [f.name for f in model.fields] == ["name"]
    assert model.additional is not None
    assert (model.additional.type, model.additional.span.line) == (ListOf(Primitive("int")), 8)


def test_pydantic_extra_must_be_a_dict() -> None:
    _, diagnostics = read("# C\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `__pydantic_extra__` | *int* |\n")
    assert codes(diagnostics) == [("bad-type", ERROR, 7)]


def test_raw_http_objects_are_left_out_with_an_info() -> None:
    declarations, diagnostics = read(
        """
        # GetPetResponse

        ## Fields

        | Field          | Type                                                       | Required           | Description |
        | -------------- | ---------------------------------------------------------- | ------------------ | ----------- |
        | `status_code`  | *int*                                                      | :heavy_check_mark: | N/A         |
        | `raw_response` | [httpx.Response](https://www.python-httpx.org/api/#response) | :heavy_check_mark: | Raw HTTP response |
        | `body`         | *Optional[httpx.Response]*                                 | :heavy_minus_sign: | The download |
        """
    )
    (model,) = declarations
    assert isinstance(model, ir.Model)
    assert [(f.name, f.type, f.required) for f in model.fields] == [
        ("status_code", Primitive("int"), True),
        ("body", Primitive("bytes"), False),
    ]
    assert codes(diagnostics) == [("sdk-plumbing", Severity.INFO, 8)]
    assert "httpx.Response" in diagnostics[0].message
