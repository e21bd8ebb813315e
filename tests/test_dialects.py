"""The dialects other than Speakeasy's Python docs: their type grammars, how each writes enums and
unions, which dialect reads a document, and the names and JSON keys they give fields."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import write_specs

from generator import ir
from generator.dialects import golang as go
from generator.dialects import handwritten, read_document, typescript
from generator.ir import DictOf, ListOf, LiteralOf, Primitive, Ref, UnionOf
from generator.markdown import parse_document
from generator.typeexpr import TypeSyntaxError

MDN = "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("*string*", Primitive("str")),
        ("*number*", Primitive("float")),
        ("*boolean*", Primitive("bool")),
        ("*any*", Primitive("any")),
        ("*string*[]", ListOf(Primitive("str"))),
        ("*number*[][]", ListOf(ListOf(Primitive("float")))),
        (
            "[components.Pet](../../models/components/pet.md)[]",
            ListOf(Ref("components.Pet", "../../models/components/pet.md")),
        ),
        ("*components.Pet*", Ref("components.Pet")),
        ("Record<string, *any*>", DictOf(Primitive("any"))),
        ("Record<string, *number*>[]", ListOf(DictOf(Primitive("float")))),
        ("{ [k: string]: *string* }", DictOf(Primitive("str"))),
        (f"[Date]({MDN})", Primitive("datetime")),
        ('*"text"*', LiteralOf(("text",))),
        ("*ReadableStream<Uint8Array>*", Primitive("bytes")),
        ("[File](https://x) \\| [Blob](https://y)", Primitive("bytes")),
        ("*string* \\| *number*", UnionOf((Primitive("str"), Primitive("float")))),
    ],
)
def test_typescript_types(cell: str, expected: ir.TypeRef) -> None:
    parsed = typescript.parse_type(cell)
    assert (parsed.type, parsed.nullable, parsed.plumbing) == (expected, False, "")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("`string`", Primitive("str")),
        ("`*string`", Primitive("str")),
        ("`*int64`", Primitive("int")),
        ("`float64`", Primitive("float")),
        ("**bool*", Primitive("bool")),
        ("`any`", Primitive("any")),
        ("[]`string`", ListOf(Primitive("str"))),
        ("map[string]`any`", DictOf(Primitive("any"))),
        ("map[string][]`string`", DictOf(ListOf(Primitive("str")))),
        ("[*shared.Pet](../../../pkg/models/shared/pet.md)", Ref("shared.Pet", "../../../pkg/models/shared/pet.md")),
        ("[][shared.Pet](pet.md)", ListOf(Ref("shared.Pet", "pet.md"))),
        ("[*time.Time](https://pkg.go.dev/time#Time)", Primitive("datetime")),
        ("[*big.Int](https://pkg.go.dev/math/big#Int)", Primitive("int")),
        ("`types.Date`", Primitive("date")),
        ("`[]byte`", Primitive("bytes")),
        ("`interface{}`", Primitive("any")),
    ],
)
def test_go_types(cell: str, expected: ir.TypeRef) -> None:
    assert go.parse_type(cell).type == expected


@pytest.mark.parametrize(
    ("cell", "expected", "nullable"),
    [
        ("string", Primitive("str"), False),
        ("`integer`", Primitive("int"), False),
        ("number", Primitive("float"), False),
        ("boolean", Primitive("bool"), False),
        ("object", DictOf(Primitive("any")), False),
        ("string[]", ListOf(Primitive("str")), False),
        ("array of [Pet](pet.md)", ListOf(Ref("Pet", "pet.md")), False),
        ("map of integer", DictOf(Primitive("int")), False),
        ("string (date-time)", Primitive("datetime"), False),
        ("string (date)", Primitive("date"), False),
        ("string (uuid)", Primitive("str"), False),
        ("number (decimal)", Primitive("decimal"), False),
        ("[Owner](owner.md) \\| null", Ref("Owner", "owner.md"), True),
        ("string or null", Primitive("str"), True),
        ('`"a"` \\| `"b"`', LiteralOf(("a", "b")), False),
    ],
)
def test_handwritten_types(cell: str, expected: ir.TypeRef, nullable: bool) -> None:
    parsed = handwritten.parse_type(cell)
    assert (parsed.type, parsed.nullable) == (expected, nullable)


@pytest.mark.parametrize(
    ("grammar", "cell"),
    [
        (typescript.parse_type, "Pet"),
        (typescript.parse_type, "*strng*"),
        (go.parse_type, "`List`"),
        (handwritten.parse_type, "strng"),
    ],
)
def test_what_a_grammar_does_not_read_is_an_error(grammar: object, cell: str) -> None:
    with pytest.raises(TypeSyntaxError, match="unknown type"):
        grammar(cell)  # type: ignore[operator]


def read(text: str, path: str = "models/pet.md") -> tuple[list[ir.Declaration], list[str]]:
    document = parse_document(path, textwrap.dedent(text).lstrip("\n"))
    declarations, diagnostics = read_document(document, ("models",))
    return declarations, [f"{d.code}:{d.span.line}" for d in diagnostics]


TS_ENUM = """
    # SortOrder

    ## Example Usage

    ```typescript
    let value: SortOrder = "asc";
    ```

    ## Values

    This is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type.

    ```typescript
    "asc" | "desc" | Unrecognized<string>
    ```
"""


def test_a_typescript_enum_is_its_code_block() -> None:
    (enum,), problems = read(TS_ENUM)
    assert problems == []
    assert isinstance(enum, ir.Enum) and enum.dialect == "speakeasy-typescript"
    assert ([m.value for m in enum.members], enum.open) == (["asc", "desc"], True)


GO_UNION = """
    # TargetID


    ## Supported Types

    ###

    ```go
    targetID := shared.CreateTargetIDStr(string{/* values here */})
    ```

    ### Pet

    ```go
    targetID := shared.CreateTargetIDPet(shared.Pet{/* values here */})
    ```

    ## Union Discrimination

    Use the `Type` field to determine which variant is active:

    ```go
    switch targetID.Type {}
    ```
"""


def test_a_go_union_reads_its_variants_from_the_code() -> None:
    (union,), problems = read(GO_UNION)
    assert problems == []
    assert isinstance(union, ir.UnionType) and union.dialect == "speakeasy-go"
    assert union.variants == (Primitive("str"), Ref("shared.Pet"))


GO_MODEL = """
    # Account

    ## Fields

    | Field                  | Type                                | Required           | Description |
    | ---------------------- | ----------------------------------- | ------------------ | ----------- |
    | `ExternalID`           | `*string`                           | :heavy_minus_sign: | N/A         |
    | `AdditionalProperties` | map[string]`int64`                  | :heavy_minus_sign: | N/A         |

    ## Example Usage

    ```go
    value := shared.Account{}
    ```
"""


def test_a_go_model_takes_snake_case_json_keys_and_its_additional_properties() -> None:
    (model,), problems = read(GO_MODEL)
    assert problems == []
    assert isinstance(model, ir.Model) and model.dialect == "speakeasy-go"
    assert [(f.name, f.wire_name) for f in model.fields] == [("ExternalID", "external_id")]
    assert model.additional is not None and model.additional.type == Primitive("int")


GO_ENUM = """
    # Status

    ## Values

    | Name                          | Value                  |
    | ----------------------------- | ---------------------- |
    | `StatusWaitingForValidation`  | WAITING_FOR_VALIDATION |

    ```go
    value := shared.StatusWaitingForValidation
    ```
"""


def test_a_go_enum_is_named_after_its_values_not_its_go_constants() -> None:
    (enum,), _ = read(GO_ENUM)
    assert isinstance(enum, ir.Enum) and [m.name for m in enum.members] == ["WAITING_FOR_VALIDATION"]


HANDWRITTEN = """
    # Pet

    A pet.

    | Field    | Type                      | Required                   | Description          |
    | -------- | ------------------------- | -------------------------- | -------------------- |
    | `id`     | string (uuid)             | Yes                        | Its id.              |
    | `tags`   | string[]                  | No (default `[]`)          | Labels.              |
    | `owner`  | [Owner](owner.md) \\| null | ✗                          | Who owns it.         |

    # Kind

    ## Values

    - `cat` — a cat
    - `dog`: a dog
"""


def test_a_handwritten_table_right_under_its_heading_and_a_bullet_enum() -> None:
    (pet, kind), problems = read(HANDWRITTEN)
    assert problems == []
    assert isinstance(pet, ir.Model) and pet.dialect == "handwritten"
    assert [(f.name, f.required, f.nullable) for f in pet.fields] == [
        ("id", True, False),
        ("tags", False, False),
        ("owner", False, True),
    ]
    assert isinstance(kind, ir.Enum)
    assert [(m.value, m.description) for m in kind.members] == [("cat", "a cat"), ("dog", "a dog")]


def test_an_enum_table_may_describe_its_values() -> None:
    text = "# Level\n\n## Values\n\n| Value | Description |\n| --- | --- |\n| `low` | Can *wait* |\n| `high` | |\n"
    (level,), problems = read(text)
    assert problems == []
    assert isinstance(level, ir.Enum)
    assert [(m.value, m.description) for m in level.members] == [("low", "Can *wait*"), ("high", "")]


def test_a_handwritten_description_says_required() -> None:
    text = "# Owner\n\n| Name | Type | Description |\n| --- | --- | --- |\n"
    text += "| name | string | **Required.** Its name. |\n| age | integer | Optional. In years. |\n| nick | string | A nickname. |\n"
    (owner,), _ = read(text)
    assert isinstance(owner, ir.Model)
    assert [(f.name, f.required) for f in owner.fields] == [("name", True), ("age", False), ("nick", False)]


SPEAKEASY_PYTHON = """
    # Pet

    ## Fields

    | Field  | Type          | Required           | Description |
    | ------ | ------------- | ------------------ | ----------- |
    | `id`   | *int*         | :heavy_check_mark: | N/A         |
    | `tags` | List[*str*]   | :heavy_minus_sign: | N/A         |
"""


def test_each_document_is_read_by_the_dialect_that_reads_it_best() -> None:
    (python,), _ = read(SPEAKEASY_PYTHON)
    (ts,), _ = read(TS_ENUM)
    (pet, _kind), _ = read(HANDWRITTEN)
    assert (python.dialect, ts.dialect, pet.dialect) == ("speakeasy-python", "speakeasy-typescript", "handwritten")


def test_dialect_can_be_forced_and_ir_says_which_read_what(tmp_path: Path, run_cli) -> None:
    specs = write_specs(
        tmp_path / "specs",
        {
            "models/pet.md": HANDWRITTEN,
            "models/owner.md": "# Owner\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `name` | string |\n",
        },
    )
    done = run_cli(specs, "-o", tmp_path / "out", "--emit", "ir")
    assert {d["name"]: d["dialect"] for d in json.loads(done.out)} == {
        "Pet": "handwritten",
        "Kind": "handwritten",
        "Owner": "handwritten",
    }
    forced = run_cli(specs, "-o", tmp_path / "out", "--emit", "ir", "--dialect", "speakeasy-python")
    assert forced.code == 1 and "error[bad-type]" in forced.err


def test_wire_case_snake_recases_the_json_keys(tmp_path: Path, run_cli) -> None:
    spec = "# Pet\n\n| Field | Type | Required |\n| --- | --- | --- |\n| `petName` | string | yes |\n"
    specs = write_specs(tmp_path / "specs", {"models/pet.md": spec})
    for case, key in (("spec", "petName"), ("snake", "pet_name"), ("camel", "petName")):
        done = run_cli(specs, "-o", tmp_path / case, "--emit", "ir", "--wire-case", case)
        (pet,) = json.loads(done.out)
        assert [(f["python_name"], f["wire_name"]) for f in pet["fields"]] == [("pet_name", key)]
