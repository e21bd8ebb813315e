"""gen-models diff, against the table of issue #15: each row is a small pair of specs, and every
surface's verdict is asserted. The verdicts are derived from each change's effect (severity.py);
this table is the baseline they must match."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_specs

from generator.diff.compare import compare
from generator.diff.findings import RULES
from generator.diff.severity import SURFACES, verdicts
from generator.incremental import read


def model(name: str, *rows: tuple[str, str, bool], heading: str = "") -> str:
    """A Speakeasy-style model spec; each row is (field, type cell, required)."""
    lines = [
        f"| {_name(field)} | {cell} | {':heavy_check_mark:' if required else ':heavy_minus_sign:'} | The {field}. |"
        for field, cell, required in rows
    ]
    table = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n" + "\n".join(lines)
    return f"# {heading or name}\n\nA {name}.\n\n## Fields\n\n{table}\n"


def _name(field: str) -> str:
    """`name`, or ~~`name`~~ for a deprecated field written `~~name~~`."""
    return f"~~`{field[2:-2]}`~~" if field.startswith("~~") else f"`{field}`"


def enum(name: str, *values: str, open_: bool = False) -> str:
    rows = "\n".join(f"| `{value.upper()}` | {value} |" for value in values)
    said = " This is an open enum." if open_ else ""
    return f"# {name}\n\nA {name}.{said}\n\n## Values\n\n| Name | Value |\n| --- | --- |\n{rows}\n"


def union(name: str, *variants: str) -> str:
    headings = "\n\n".join(
        f"### `models.{variant}`\n\n```python\nvalue: models.{variant} = /* values here */\n```" for variant in variants
    )
    return f"# {name}\n\nA {name}.\n\n## Supported Types\n\n{headings}\n"


ID = ("id", "*int*", True)
NAME = ("name", "*str*", True)
NICKNAME = ("nickname", "*Optional[str]*", False)
PET = {"models/pet.md": model("Pet", ID, NAME, NICKNAME)}
OWNER = {"models/owner.md": model("Owner", ("name", "*str*", True))}
KEEPER = {"models/keeper.md": model("Keeper", ("name", "*str*", True))}
STATUS = {"models/status.md": enum("Status", "active", "gone")}
OPEN_STATUS = {"models/status.md": enum("Status", "active", "gone", open_=True)}
DOG = {"models/dog.md": model("Dog", ("kind", '*Literal["dog"]*', True), ("barks", "*bool*", True))}
CAT = {"models/cat.md": model("Cat", ("kind", '*Literal["cat"]*', True), ("meows", "*bool*", True))}
BIRD = {"models/bird.md": model("Bird", ("kind", '*Literal["bird"]*', True), ("sings", "*bool*", True))}
PETS = {"models/anypet.md": union("AnyPet", "Dog", "Cat"), **DOG, **CAT, **BIRD}


def pet(*rows: tuple[str, str, bool], heading: str = "") -> dict[str, str]:
    return {"models/pet.md": model("Pet", *rows, heading=heading)}


def with_field(cell: str, required: bool = True, name: str = "value") -> dict[str, str]:
    return pet(ID, (name, cell, required))


# (row, old specs, new specs, {(rule, where): (read-old, read-new, python)}): every finding of the pair.
ROWS = [
    (
        "declaration removed, unused",
        {**PET, **OWNER},
        PET,
        {("declaration-removed", "models.Owner"): ("ok", "ok", "error")},
    ),
    (
        "declaration removed: via its users",
        {**pet(ID, ("owner", "[models.Owner](owner.md)", True)), **OWNER},
        pet(ID, ("owner", "*str*", True)),
        {
            ("declaration-removed", "models.Owner"): ("ok", "ok", "error"),
            ("type-changed", "models.Pet.owner"): ("error", "error", "error"),
        },
    ),
    ("model added", PET, {**PET, **OWNER}, {("declaration-added", "models.Owner"): ("ok", "ok", "ok")}),
    (
        "optional field added",
        PET,
        pet(ID, NAME, NICKNAME, ("age", "*Optional[int]*", False)),
        {("field-added", "models.Pet.age"): ("ok", "ok", "ok")},
    ),
    (
        "required field added",
        PET,
        pet(ID, NAME, NICKNAME, ("age", "*int*", True)),
        {("field-added", "models.Pet.age"): ("error", "ok", "error")},
    ),
    (
        "required field removed",
        PET,
        pet(ID, NICKNAME),
        {("field-removed", "models.Pet.name"): ("ok", "error", "error")},
    ),
    ("optional field removed", PET, pet(ID, NAME), {("field-removed", "models.Pet.nickname"): ("ok", "ok", "error")}),
    (
        "became required",
        PET,
        pet(ID, NAME, ("nickname", "*str*", True)),
        {("became-required", "models.Pet.nickname"): ("error", "ok", "error")},
    ),
    (
        "became optional",
        PET,
        pet(ID, ("name", "*Optional[str]*", False), NICKNAME),
        {("became-optional", "models.Pet.name"): ("ok", "error", "warning")},
    ),
    (
        "became nullable",
        PET,
        pet(ID, ("name", "*Nullable[str]*", True), NICKNAME),
        {("became-nullable", "models.Pet.name"): ("ok", "error", "warning")},
    ),
    (
        "no longer nullable",
        pet(ID, ("name", "*Nullable[str]*", True), NICKNAME),
        PET,
        {("no-longer-nullable", "models.Pet.name"): ("error", "ok", "warning")},
    ),
    (
        "type widened: int to float",
        with_field("*int*"),
        with_field("*float*"),
        {("type-widened", "models.Pet.value"): ("ok", "error", "warning")},
    ),
    (
        "type widened: a union gains a member",
        with_field("*Union[str, int]*"),
        with_field("*Union[str, int, bool]*"),
        {("type-widened", "models.Pet.value"): ("ok", "error", "warning")},
    ),
    (
        "type widened: a Literal gains a member",
        with_field('*Literal["a", "b"]*'),
        with_field('*Literal["a", "b", "c"]*'),
        {("type-widened", "models.Pet.value"): ("ok", "error", "warning")},
    ),
    (
        "type widened: inside a list",
        with_field("List[*int*]"),
        with_field("List[*float*]"),
        {("type-widened", "models.Pet.value"): ("ok", "error", "warning")},
    ),
    (
        "type narrowed: float to int",
        with_field("*float*"),
        with_field("*int*"),
        {("type-narrowed", "models.Pet.value"): ("error", "ok", "warning")},
    ),
    (
        "type narrowed: str to a Literal",
        with_field("*str*"),
        with_field('*Literal["a"]*'),
        {("type-narrowed", "models.Pet.value"): ("error", "ok", "warning")},
    ),
    (
        "type narrowed: null no longer inside a list",
        with_field("List[*Optional[str]*]"),
        with_field("List[*str*]"),
        {("type-narrowed", "models.Pet.value"): ("error", "ok", "warning")},
    ),
    (
        "type changed: str to int",
        with_field("*str*"),
        with_field("*int*"),
        {("type-changed", "models.Pet.value"): ("error", "error", "error")},
    ),
    (
        "type changed: reference A to B",
        {**with_field("[models.Owner](owner.md)"), **OWNER, **KEEPER},
        {**with_field("[models.Keeper](keeper.md)"), **OWNER, **KEEPER},
        {("type-changed", "models.Pet.value"): ("error", "error", "error")},
    ),
    (
        "type changed: a widening and a narrowing at once",
        with_field("Dict[str, *int*]"),
        with_field("List[*int*]"),
        {("type-changed", "models.Pet.value"): ("error", "error", "error")},
    ),
    (
        "enum value added, closed enum",
        STATUS,
        {"models/status.md": enum("Status", "active", "gone", "new")},
        {("enum-value-added", "models.Status"): ("ok", "error", "ok")},
    ),
    (
        "enum value added, open enum",
        OPEN_STATUS,
        {"models/status.md": enum("Status", "active", "gone", "new", open_=True)},
        {("enum-value-added", "models.Status"): ("ok", "info", "ok")},
    ),
    (
        "enum value removed, closed enum",
        STATUS,
        {"models/status.md": enum("Status", "active")},
        {("enum-value-removed", "models.Status"): ("error", "ok", "error")},
    ),
    (
        "enum value removed, open enum",
        OPEN_STATUS,
        {"models/status.md": enum("Status", "active", open_=True)},
        {("enum-value-removed", "models.Status"): ("warning", "ok", "error")},
    ),
    (
        "union variant added",
        PETS,
        {**PETS, "models/anypet.md": union("AnyPet", "Dog", "Cat", "Bird")},
        {("union-variant-added", "models.AnyPet"): ("ok", "error", "warning")},
    ),
    (
        "union variant removed",
        {**PETS, "models/anypet.md": union("AnyPet", "Dog", "Cat", "Bird")},
        PETS,
        {("union-variant-removed", "models.AnyPet"): ("error", "ok", "warning")},
    ),
    (
        "discriminator tag changed",
        PETS,
        {**PETS, "models/dog.md": model("Dog", ("kind", '*Literal["hound"]*', True), ("barks", "*bool*", True))},
        {
            ("tag-changed", "models.AnyPet.models.Dog"): ("error", "error", "warning"),
            ("type-changed", "models.Dog.kind"): ("error", "error", "error"),
        },
    ),
    (
        "discriminator changed",
        PETS,
        {**PETS, "models/cat.md": model("Cat", ("kind", "*str*", True), ("meows", "*bool*", True))},
        {
            ("discriminator-changed", "models.AnyPet"): ("error", "error", "warning"),
            ("type-widened", "models.Cat.kind"): ("ok", "error", "warning"),
        },
    ),
    (
        "wire name changed",
        pet(ID, ("petName", "*str*", True)),
        pet(ID, ("pet_name", "*str*", True)),
        {("wire-name-changed", "models.Pet.pet_name"): ("error", "error", "ok")},
    ),
    (
        "Python name changed",
        pet(ID, ("petName", "*str*", True)),
        pet(ID, ("pet_name", "*Optional[str]*", False), ("petName", "*str*", True)),
        {
            ("python-name-changed", "models.Pet.petName"): ("ok", "ok", "error"),
            ("field-added", "models.Pet.pet_name"): ("ok", "ok", "ok"),
        },
    ),
    (
        "additional properties added",
        PET,
        pet(ID, NAME, NICKNAME, ("__pydantic_extra__", "Dict[str, *int*]", False)),
        {("additional-properties-added", "models.Pet.__pydantic_extra__"): ("error", "ok", "ok")},
    ),
    (
        "additional properties removed",
        pet(ID, NAME, NICKNAME, ("__pydantic_extra__", "Dict[str, *int*]", False)),
        PET,
        {("additional-properties-removed", "models.Pet.__pydantic_extra__"): ("ok", "error", "error")},
    ),
    (
        "additional properties' type widened",
        pet(ID, NAME, NICKNAME, ("__pydantic_extra__", "Dict[str, *int*]", False)),
        pet(ID, NAME, NICKNAME, ("__pydantic_extra__", "Dict[str, *float*]", False)),
        {("type-widened", "models.Pet.__pydantic_extra__"): ("ok", "error", "warning")},
    ),
    (
        "kind changed",
        {**PET, **OWNER},
        {**PET, "models/owner.md": enum("Owner", "alice", "bob")},
        {("kind-changed", "models.Owner"): ("error", "error", "error")},
    ),
    (
        "deprecated added: a field",
        PET,
        pet(ID, NAME, ("~~nickname~~", "*Optional[str]*", False)),
        {("deprecated", "models.Pet.nickname"): ("info", "info", "info")},
    ),
    (
        "deprecated added: a declaration",
        PET,
        pet(ID, NAME, NICKNAME, heading="~~Pet~~"),
        {("deprecated", "models.Pet"): ("info", "info", "info")},
    ),
]


def findings(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(rule, declaration[.field]) -> each surface's verdict."""
    sides = []
    for name, specs in (("old", old), ("new", new)):
        declarations, diagnostics = read(write_specs(tmp_path / name, specs))
        assert [d for d in diagnostics if d.severity.value == "error"] == []
        sides.append(declarations)
    found = {}
    for finding in compare(*sides):
        assert finding.rule in RULES
        where = ".".join(part for part in (finding.declaration, finding.field) if part)
        levels = verdicts(finding, {})
        found[(finding.rule, where)] = tuple(str(levels[surface]) for surface in SURFACES)
    return found


@pytest.mark.parametrize(("old", "new", "expected"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_each_row_of_the_table(tmp_path: Path, old: dict[str, str], new: dict[str, str], expected: dict) -> None:
    assert findings(tmp_path, old, new) == expected


def test_a_removal_of_what_was_deprecated_is_one_step_lower(tmp_path: Path) -> None:
    old = pet(ID, ("~~name~~", "*str*", True), NICKNAME)
    assert findings(tmp_path, old, pet(ID, NICKNAME)) == {
        ("field-removed", "models.Pet.name"): ("ok", "warning", "warning")
    }
    gone = {**PET, "models/owner.md": model("Owner", ("name", "*str*", True), heading="~~Owner~~")}
    assert findings(tmp_path / "2", gone, PET) == {("declaration-removed", "models.Owner"): ("ok", "ok", "warning")}


def test_a_removed_and_an_added_field_alike_but_for_a_similar_name_are_one_rename(tmp_path: Path) -> None:
    old = pet(ID, ("colour", "*Optional[str]*", False))
    assert findings(tmp_path, old, pet(ID, ("color", "*Optional[str]*", False))) == {
        ("field-renamed", "models.Pet.colour"): ("error", "error", "error")
    }
    # Another type, or a name too far: a removal and an addition.
    assert set(findings(tmp_path / "2", old, pet(ID, ("color", "*Optional[int]*", False)))) == {
        ("field-removed", "models.Pet.colour"),
        ("field-added", "models.Pet.color"),
    }
    assert set(findings(tmp_path / "3", old, pet(ID, ("shade", "*Optional[str]*", False)))) == {
        ("field-removed", "models.Pet.colour"),
        ("field-added", "models.Pet.shade"),
    }


def test_descriptions_examples_and_spelling_never_count(tmp_path: Path) -> None:
    old = {
        "models/pet.md": "# Pet\n\nA pet.\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
        "| `id` | *int* | :heavy_check_mark: | The id. | 1 |\n| `owner` | [models.Owner](owner.md) | :heavy_minus_sign: | Who. | |\n"
        "| `tags` | *Union[str, int]* | :heavy_minus_sign: | Tags. | |\n",
        **OWNER,
    }
    new = {
        "models/pet.md": "# Pet\n\nA pet, reworded.\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
        "| `id` | *int* | :heavy_check_mark: | Its identifier. | 42 |\n| `owner` | [Optional[models.Owner]](../models/owner.md) | :heavy_minus_sign: | Whose. | |\n"
        "| `tags` | *Union[int, str]* | :heavy_minus_sign: | Labels. | |\n",
        **OWNER,
    }
    assert findings(tmp_path, old, new) == {}


def test_the_same_json_values_under_another_python_type_is_a_python_warning(tmp_path: Path) -> None:
    assert findings(tmp_path, with_field("*float*"), with_field("*Decimal*")) == {
        ("python-type-changed", "models.Pet.value"): ("ok", "ok", "warning")
    }


def test_an_enum_that_opens_or_closes(tmp_path: Path) -> None:
    assert findings(tmp_path, STATUS, OPEN_STATUS) == {("enum-opened", "models.Status"): ("ok", "error", "warning")}
    assert findings(tmp_path / "2", OPEN_STATUS, STATUS) == {
        ("enum-closed", "models.Status"): ("error", "ok", "warning")
    }


def test_a_union_variant_that_another_covers_changes_no_payload(tmp_path: Path) -> None:
    old = {
        "models/value.md": "# Value\n\n## Supported Types\n\n### `int`\n\n```python\nvalue: int = /* values here */\n```\n\n### `float`\n\n```python\nvalue: float = /* values here */\n```\n"
    }
    new = {
        "models/value.md": "# Value\n\n## Supported Types\n\n### `float`\n\n```python\nvalue: float = /* values here */\n```\n"
    }
    assert findings(tmp_path, old, new) == {("union-variant-removed", "models.Value"): ("ok", "ok", "warning")}
