"""OpenAPI Generator's model docs: each target language's type names, the Notes column, the three
shapes of enum, the noise around the tables, and pages that are linked but never written."""

from __future__ import annotations

import importlib
import json
import textwrap
from pathlib import Path

import pytest
from conftest import importable, write_specs

from generator import ir
from generator.dialects import openapi, read_document
from generator.ir import DictOf, ListOf, Primitive, Ref
from generator.markdown import parse_document
from generator.typeexpr import TypeSyntaxError

STR, INT, FLOAT, BOOL = Primitive("str"), Primitive("int"), Primitive("float"), Primitive("bool")


@pytest.mark.parametrize(
    ("language", "cell", "expected"),
    [
        ("python", "**str**", STR),
        ("python", "[**List[Tag]**](Tag.md)", ListOf(Ref("Tag", "Tag.md"))),
        ("python", "[**Dict[str, Tag]**](Tag.md)", DictOf(Ref("Tag", "Tag.md"))),
        ("python", "**[str]**", ListOf(STR)),
        ("python", "**{str: (int,)}**", DictOf(INT)),
        ("python", "**datetime**", Primitive("datetime")),
        ("go", "**[]string**", ListOf(STR)),
        ("go", "**map[string]bool**", DictOf(BOOL)),
        ("go", "Pointer to **int64**", INT),
        ("go", "Pointer to [**[]Tag**](Tag.md)", ListOf(Ref("Tag", "Tag.md"))),
        ("go", "**time.Time**", Primitive("datetime")),
        ("java", "**Long**", INT),
        ("java", "**BigDecimal**", Primitive("decimal")),
        ("java", "**List&lt;Tag&gt;**", ListOf(Ref("Tag"))),
        ("java", "**Map&lt;String, Integer&gt;**", DictOf(INT)),
        ("java", "**byte[]**", Primitive("bytes")),
        ("typescript", "**number**", FLOAT),
        ("typescript", "**Array&lt;Tag&gt;**", ListOf(Ref("Tag"))),
        ("typescript", "**{ [key: string]: Tag; }**", DictOf(Ref("Tag"))),
    ],
)
def test_each_language_writes_its_own_types(language: str, cell: str, expected: ir.TypeRef) -> None:
    parsed = openapi.parse_type(cell, openapi.LANGUAGES[language])
    unmarked = ir.map_refs(parsed.type, lambda ref: Ref(ref.name, ref.link))
    assert (unmarked, parsed.nullable) == (expected, False)


@pytest.mark.parametrize(
    ("language", "cell"),
    [("python", "**str, none_type**"), ("typescript", "**object | null**"), ("go", "Pointer to **NullableString**")],
)
def test_a_null_member_makes_the_type_nullable(language: str, cell: str) -> None:
    assert openapi.parse_type(cell, openapi.LANGUAGES[language]).nullable


def test_a_name_of_another_language_is_not_read() -> None:
    with pytest.raises(TypeSyntaxError):
        openapi.parse_type("**string**", openapi.LANGUAGES["python"])


def read(text: str, path: str = "Pet.md") -> tuple[list[ir.Declaration], list[str]]:
    document = parse_document(path, textwrap.dedent(text).lstrip("\n"))
    declarations, diagnostics = read_document(document, ())
    return declarations, [f"{d.code}:{d.span.line}" for d in diagnostics]


PYTHON_PET = """
    # Pet

    A pet for sale in the pet store.

    ## Properties

    Name | Type | Description | Notes
    ------------ | ------------- | ------------- | -------------
    **id** | **int** |  | [optional] [readonly]
    **name** | **str** |  |
    **photo_urls** | **List[str]** |  |
    **status** | **str** | pet status in the store | [optional] [default to 'available']
    **kind** | **str** |  | [default to 'cat']

    ## Example

    ```python
    from petstore_api.models.pet import Pet
    ```

    [[Back to Model list]](../README.md#documentation-for-models) [[Back to README]](../README.md)
"""


def test_notes_say_optional_and_nothing_else_makes_a_field_optional() -> None:
    (pet,), problems = read(PYTHON_PET)
    assert problems == []
    assert isinstance(pet, ir.Model) and pet.dialect == "openapi-generator"
    assert pet.description == "A pet for sale in the pet store."
    assert [(f.name, f.type, f.required) for f in pet.fields] == [
        ("id", INT, False),
        ("name", STR, True),
        ("photo_urls", ListOf(STR), True),
        ("status", STR, False),
        ("kind", STR, True),
    ]


GO_PET = """
    # Pet

    ## Properties

    Name | Type | Description | Notes
    ------------ | ------------- | ------------- | -------------
    **Id** | Pointer to **int64** |  | [optional]
    **PhotoUrls** | **[]string** |  |
    **Int32_** | Pointer to **int32** |  | [optional]

    ## Methods

    ### NewPet

    `func NewPet(photoUrls []string, ) *Pet`

    ### GetId

    `func (o *Pet) GetId() int64`
"""


def test_go_names_are_go_fields_whose_json_keys_start_in_lower_case() -> None:
    (pet,), problems = read(GO_PET)
    assert problems == []  # the Methods section and its headings are not declarations
    assert isinstance(pet, ir.Model)
    assert [(f.name, f.wire_name, f.required) for f in pet.fields] == [
        ("Id", "id", False),
        ("PhotoUrls", "photoUrls", True),
        ("Int32_", "int32", False),
    ]


GO_ENUM = """
    # EnumClass

    ## Enum


    * `ABC` (value: `"_abc"`)

    * `XYZ` (value: `"(xyz)"`)


    [[Back to Model list]](../README.md#documentation-for-models)
"""


def test_a_go_enum_is_a_bullet_list_of_names_and_values() -> None:
    (enum,), problems = read(GO_ENUM, "EnumClass.md")
    assert problems == []
    assert isinstance(enum, ir.Enum) and enum.dialect == "openapi-generator"
    assert [(m.name, m.value) for m in enum.members] == [("ABC", "_abc"), ("XYZ", "(xyz)")]


JAVA_ENUMS = """
    # EnumArrays

    ## Properties
    Name | Type | Description | Notes
    ------------ | ------------- | ------------- | -------------
    **justEnum** | [**JustEnumEnum**](#JustEnumEnum) |  |  [optional]
    **arrayEnum** | [**List&lt;ArrayEnumEnum&gt;**](#List&lt;ArrayEnumEnum&gt;) |  |  [optional]


    <a name="JustEnumEnum"></a>
    ## Enum: JustEnumEnum
    Name | Value
    ---- | -----
    BIRD | &quot;bird&quot;
    EAGLE | &quot;eagle&quot;


    <a name="List<ArrayEnumEnum>"></a>
    ## Enum: List&lt;ArrayEnumEnum&gt;
    Name | Value
    ---- | -----
    FISH | &quot;fish&quot;
"""


def test_a_java_enum_in_a_model_page_is_declared_under_the_models_name() -> None:
    declarations, problems = read(JAVA_ENUMS, "EnumArrays.md")
    assert problems == []
    model, just, array = declarations
    assert [d.name for d in declarations] == ["EnumArrays", "EnumArraysJustEnumEnum", "EnumArraysArrayEnumEnum"]
    assert isinstance(just, ir.Enum) and [(m.name, m.value) for m in just.members] == [
        ("BIRD", "bird"),
        ("EAGLE", "eagle"),
    ]
    assert isinstance(array, ir.Enum) and [m.value for m in array.members] == ["fish"]
    assert isinstance(model, ir.Model)
    just_field, array_field = model.fields
    assert isinstance(just_field.type, Ref) and just_field.type.name == "EnumArraysJustEnumEnum"
    assert isinstance(array_field.type, ListOf) and isinstance(array_field.type.item, Ref)
    assert array_field.type.item.name == "EnumArraysArrayEnumEnum"


PYTHON_ENUM = """
    # EnumClass

    ## Properties
    Name | Type | Description | Notes
    ------------ | ------------- | ------------- | -------------
    **value** | **str** |  | defaults to "-efg",  must be one of ["_abc", "-efg", "(xyz)", ]
"""


def test_an_older_python_enum_is_a_lone_value_row_that_lists_its_choices() -> None:
    (enum,), problems = read(PYTHON_ENUM, "EnumClass.md")
    assert problems == []
    assert isinstance(enum, ir.Enum)
    assert [m.value for m in enum.members] == ["_abc", "-efg", "(xyz)"]


def test_an_enum_of_floats_is_read_as_a_float_with_a_warning() -> None:
    text = "# EnumNumber\n\n## Enum\n\n* `NUMBER_1_DOT_1` (value: `1.1`)\n\n* `NUMBER_MINUS_1_DOT_2` (value: `-1.2`)\n"
    (alias,), problems = read(text, "EnumNumber.md")
    assert problems == ["enum-values:1"]
    assert isinstance(alias, ir.UnionType) and alias.variants == (FLOAT,)


def test_an_empty_properties_table_says_nothing_so_the_model_is_any() -> None:
    text = "# Free\n\n## Properties\nName | Type | Description | Notes\n------------ | ------------- | ------------- | -------------\n"
    (alias,), problems = read(text, "Free.md")
    assert problems == ["empty-model:1"]
    assert isinstance(alias, ir.UnionType) and alias.variants == (Primitive("any"),)


def test_typescripts_union_pipe_does_not_split_the_row_but_its_notes_are_lost() -> None:
    text = "# Shape\n\n## Properties\n\nName | Type | Description | Notes\n------------ | ------------- | ------------- | -------------\n"
    text += "**quadrilateralType** | **string** |  | [default to undefined]\n"
    text += "**value** | **object | null** |  | [default to undefined]\n"
    (shape,), problems = read(text, "Shape.md")
    assert problems == ["split-row:8"]
    assert isinstance(shape, ir.Model)
    assert [(f.name, f.required, f.nullable) for f in shape.fields] == [
        ("quadrilateralType", True, False),
        ("value", False, True),
    ]


def test_an_endpoint_page_declares_nothing() -> None:
    text = "# PetApi\n\nMethod | HTTP request | Description\n------------- | ------------- | -------------\n"
    text += "[**addPet**](PetApi.md#addPet) | **POST** /pet | Add a new pet\n\n# **addPet**\n\n### Parameters\n"
    declarations, problems = read(text, "PetApi.md")
    assert (declarations, problems) == ([], ["endpoint-page:1"])


def test_a_page_that_was_never_written_is_any_with_a_warning(tmp_path: Path, run_cli) -> None:
    """Go writes no page for an alias of a primitive (`OuterNumber`), but links to one."""
    outer = "# OuterComposite\n\n## Properties\n\nName | Type | Description | Notes\n---- | ---- | ---- | ----\n"
    outer += "**MyNumber** | Pointer to [**OuterNumber**](OuterNumber.md) |  | [optional]\n"
    outer += "**MyString** | Pointer to **string** |  | [optional]\n"
    specs = write_specs(tmp_path / "specs", {"OuterComposite.md": outer})
    done = run_cli(specs, "-o", tmp_path / "out", "--emit", "ir")
    assert done.code == 0
    assert "OuterComposite.md:7:" in done.err and "warning[dangling-link]" in done.err and "read as Any" in done.err
    (composite,) = json.loads(done.out)
    assert composite["fields"][0]["type"] == {"kind": "Primitive", "name": "any"}


def test_the_same_link_in_speakeasy_docs_is_still_an_error(tmp_path: Path, run_cli) -> None:
    spec = "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
    spec += "| `owner` | [models.Owner](owner.md) | :heavy_check_mark: | N/A |\n"
    specs = write_specs(tmp_path / "specs", {"models/pet.md": spec})
    done = run_cli(specs, "-o", tmp_path / "out")
    assert done.code == 1 and "error[dangling-link]" in done.err


def test_a_folder_of_docs_generates_models_that_decode_their_json(tmp_path: Path, run_cli) -> None:
    category = "# Category\n\n## Properties\n\nName | Type | Description | Notes\n---- | ---- | ---- | ----\n"
    category += "**id** | **int** |  | [optional]\n**name** | **str** |  |\n"
    pet = PYTHON_PET.replace("**photo_urls** | **List[str]**", "**category** | [**Category**](Category.md)")
    specs = write_specs(tmp_path / "specs", {"Pet.md": pet, "Category.md": category})
    out = tmp_path / "petstore"
    assert run_cli(specs, "-o", out).code == 0
    with importable(tmp_path):
        petstore = importlib.import_module("petstore")
        payload = {"name": "Rex", "category": {"name": "dogs"}, "kind": "dog"}
        decoded = petstore.Pet.from_dict(payload)
        assert isinstance(decoded.category, petstore.Category)
        assert decoded.to_dict() == payload
