"""The generated models at run time: three states, strict validation, enums, unions, dates, wire names.

A small package is generated once per module from the specs below (plus one with `--null-as-absent`
and one with `--wire-case camel`), imported, and exercised.
"""

from __future__ import annotations

import datetime
import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import write_specs

from generator.cli import main

SPECS = {
    "models/choice.md": """
        # Choice

        One choice.

        ## Fields

        | Field           | Type              | Required           | Description | Example |
        | --------------- | ----------------- | ------------------ | ----------- | ------- |
        | `finish_reason` | *str*             | :heavy_check_mark: | why         | stop    |
        | `index`         | *int*             | :heavy_check_mark: | where       | 0       |
        | `score`         | Optional[*float*] | :heavy_minus_sign: | how good    | 0.5     |
        | `text`          | *str*             | :heavy_check_mark: | what        | hi      |
    """,
    "models/response.md": """
        # Response

        ## Fields

        | Field     | Type                             | Required           | Description | Example |
        | --------- | -------------------------------- | ------------------ | ----------- | ------- |
        | `id`      | *str*                            | :heavy_check_mark: | id          |         |
        | `choices` | List[[models.Choice](choice.md)] | :heavy_check_mark: | choices     |         |
        | `note`    | Nullable[*str*]                  | :heavy_check_mark: | note        |         |
        | `tag`     | Optional[*str*]                  | :heavy_minus_sign: | tag         |         |
        | `hint`    | OptionalNullable[*str*]          | :heavy_minus_sign: | hint        |         |
        | `counts`  | Dict[str, *int*]                 | :heavy_minus_sign: | counts      |         |
        | `extra`   | Any                              | :heavy_minus_sign: | anything    |         |
        | `data`    | Optional[bytes]                  | :heavy_minus_sign: | bytes       |         |
        | `from_`   | Optional[*str*]                  | :heavy_minus_sign: | sender      |         |
        | `flag`    | Optional[*bool*]                 | :heavy_minus_sign: | flag        |         |
    """,
    "models/event.md": """
        # Event

        ## Fields

        | Field | Type           | Required           | Description | Example |
        | ----- | -------------- | ------------------ | ----------- | ------- |
        | `at`  | datetime       | :heavy_check_mark: | when        |         |
        | `day` | Optional[date] | :heavy_minus_sign: | which day   |         |
    """,
    "models/status.md": """
        # Status

        ## Values

        | Name       | Value    |
        | ---------- | -------- |
        | `ACTIVE`   | active   |
        | `ARCHIVED` | archived |
    """,
    "models/color.md": """
        # Color

        This is an open enum.

        ## Values

        | Name    | Value |
        | ------- | ----- |
        | `RED`   | red   |
        | `GREEN` | green |
    """,
    "models/level.md": """
        # Level

        This is an open enum.

        ## Values

        | Name   | Value |
        | ------ | ----- |
        | `LOW`  | 1     |
        | `HIGH` | 2     |
    """,
    "models/settings.md": """
        # Settings

        ## Fields

        | Field    | Type                               | Required           | Description | Example |
        | -------- | ---------------------------------- | ------------------ | ----------- | ------- |
        | `status` | [models.Status](status.md)         | :heavy_check_mark: | status      |         |
        | `color`  | [Optional[models.Color]](color.md) | :heavy_minus_sign: | color       |         |
        | `level`  | [Optional[models.Level]](level.md) | :heavy_minus_sign: | level       |         |
    """,
    "models/cat.md": """
        # Cat

        ## Fields

        | Field   | Type           | Required           | Description | Example |
        | ------- | -------------- | ------------------ | ----------- | ------- |
        | `kind`  | Literal["cat"] | :heavy_check_mark: | tag         |         |
        | `lives` | *int*          | :heavy_check_mark: | lives       |         |
    """,
    "models/dog.md": """
        # Dog

        ## Fields

        | Field  | Type           | Required           | Description | Example |
        | ------ | -------------- | ------------------ | ----------- | ------- |
        | `kind` | Literal["dog"] | :heavy_check_mark: | tag         |         |
        | `good` | *bool*         | :heavy_check_mark: | good        |         |
    """,
    "models/fishkind.md": """
        # FishKind

        ## Values

        | Name   | Value |
        | ------ | ----- |
        | `FISH` | fish  |
    """,
    "models/fish.md": """
        # Fish

        ## Fields

        | Field  | Type                           | Required           | Description | Example |
        | ------ | ------------------------------ | ------------------ | ----------- | ------- |
        | `kind` | [models.FishKind](fishkind.md) | :heavy_check_mark: | tag         |         |
        | `fins` | *int*                          | :heavy_check_mark: | fins        |         |
    """,
    "models/pet.md": """
        # Pet

        ## Supported Types

        ### `models.Cat`

        ### `models.Dog`

        ### `models.Fish`
    """,
    "models/circle.md": """
        # Circle

        ## Fields

        | Field    | Type    | Required           | Description | Example |
        | -------- | ------- | ------------------ | ----------- | ------- |
        | `radius` | *float* | :heavy_check_mark: | radius      |         |
    """,
    "models/ball.md": """
        # Ball

        ## Fields

        | Field    | Type    | Required           | Description | Example |
        | -------- | ------- | ------------------ | ----------- | ------- |
        | `radius` | *float* | :heavy_check_mark: | radius      |         |
    """,
    "models/value.md": """
        # Value

        ## Supported Types

        ### `models.Circle`

        ### `models.Ball`

        ### `str`

        ### `int`

        ### `List[int]`
    """,
    "models/holder.md": """
        # Holder

        ## Fields

        | Field   | Type                     | Required           | Description | Example |
        | ------- | ------------------------ | ------------------ | ----------- | ------- |
        | `pet`   | [models.Pet](pet.md)     | :heavy_check_mark: | pet         |         |
        | `value` | [models.Value](value.md) | :heavy_minus_sign: | value       |         |
        | `mixed` | Union[*str*, *int*]      | :heavy_minus_sign: | mixed       |         |
    """,
    "models/node.md": """
        # Node

        ## Fields

        | Field      | Type                         | Required           | Description | Example |
        | ---------- | ---------------------------- | ------------------ | ----------- | ------- |
        | `name`     | *str*                        | :heavy_check_mark: | name        |         |
        | `children` | List[[models.Node](node.md)] | :heavy_minus_sign: | children    |         |
    """,
    "models/controls.md": """
        # Controls

        A model with additional properties: Speakeasy's `__pydantic_extra__` row.

        ## Fields

        | Field                | Type             | Required           | Description |
        | -------------------- | ---------------- | ------------------ | ----------- |
        | `name`               | *str*            | :heavy_check_mark: | name        |
        | `__pydantic_extra__` | Dict[str, *int*] | :heavy_minus_sign: | N/A         |
    """,
    "models/ledger.md": """
        # Ledger

        ## Fields

        | Field     | Type                             | Required           | Description |
        | --------- | -------------------------------- | ------------------ | ----------- |
        | `amount`  | *Decimal*                        | :heavy_check_mark: | exact       |
        | `rates`   | List[*Decimal*]                  | :heavy_minus_sign: | rates       |
        | `cleared` | *Literal[None]*                  | :heavy_check_mark: | always null |
        | `voided`  | *OptionalNullable[Literal[None]]* | :heavy_minus_sign: | null or absent |
    """,
}
PACKAGES = {"rtpkg": [], "rtpkg_null": ["--null-as-absent"], "rtpkg_camel": ["--wire-case", "camel"]}
# The smallest valid Response, to which tests add what they exercise.
RESPONSE = {"id": "r1", "choices": [], "note": None}
CHOICE = {"finish_reason": "stop", "index": 0, "text": "hi"}
CAT = {"kind": "cat", "lives": 9}


@pytest.fixture(scope="module", autouse=True)
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("runtime")
    specs = write_specs(root / "specs", SPECS)
    for name, flags in PACKAGES.items():
        assert main([str(specs), "-o", str(root / name), *flags]) == 0
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.partition(".")[0] in PACKAGES]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def models(packages: Path) -> ModuleType:
    return importlib.import_module("rtpkg.models")


@pytest.fixture(scope="module")
def rt(packages: Path) -> ModuleType:
    return importlib.import_module("rtpkg._runtime")


def errors_of(model: Any, data: object, *, json: bool = False) -> list[str]:
    """The errors of the one ValidationError (of the model's own package) that loading raises."""
    package = importlib.import_module(model.__module__.partition(".")[0])
    with pytest.raises(package.ValidationError) as info:
        model.from_json(data) if json else model.from_dict(data)
    return info.value.errors


def null_errors_at(model: Any, data: object) -> list[str]:
    """The paths of the errors that loading raises, each of which reports a null.
    (How the message names the expected type for a null is not pinned down.)"""
    errors = errors_of(model, data)
    assert all(re.fullmatch(r"\S+: expected .+, got null", error) for error in errors), errors
    return [error.partition(":")[0] for error in errors]


# Three states: absent, null, a value


def test_optional_fields_default_to_unset(models: ModuleType, rt: ModuleType) -> None:
    response = models.Response(id="r1", choices=[], note=None)
    assert response.tag is rt.UNSET
    assert response.hint is rt.UNSET
    assert importlib.import_module("rtpkg").UNSET is rt.UNSET


def test_absent_null_and_value_decode_to_three_states(models: ModuleType, rt: ModuleType) -> None:
    assert models.Response.from_dict(RESPONSE).hint is rt.UNSET
    assert models.Response.from_dict({**RESPONSE, "hint": None}).hint is None
    assert models.Response.from_dict({**RESPONSE, "hint": "h"}).hint == "h"


def test_to_dict_leaves_out_absent_and_writes_null(models: ModuleType) -> None:
    response = models.Response(id="r1", choices=[], note=None, hint=None, tag="t")
    assert response.to_dict() == {"id": "r1", "choices": [], "note": None, "hint": None, "tag": "t"}
    assert response.to_json() == '{"id": "r1", "choices": [], "note": null, "tag": "t", "hint": null}'


def test_required_nullable_field_must_be_present(models: ModuleType) -> None:
    assert errors_of(models.Response, {"id": "r1", "choices": []}) == ["Response.note: required field is missing"]


def test_required_nullable_field_may_be_null(models: ModuleType) -> None:
    assert models.Response.from_dict({**RESPONSE, "note": None}).note is None
    assert models.Response.from_dict({**RESPONSE, "note": "n"}).note == "n"


def test_required_fields_are_required_by_the_constructor(models: ModuleType) -> None:
    with pytest.raises(TypeError, match="note"):
        models.Response(id="r1", choices=[])


def test_repr_is_readable(models: ModuleType) -> None:
    choice = models.Choice(finish_reason="stop", index=0, text="hi")
    assert repr(choice) == "Choice(finish_reason='stop', index=0, score=UNSET, text='hi')"


def test_equality_compares_fields(models: ModuleType) -> None:
    assert models.Choice(finish_reason="stop", index=0, text="hi") == models.Choice.from_dict(CHOICE)
    assert models.Choice(finish_reason="stop", index=1, text="hi") != models.Choice.from_dict(CHOICE)


def test_equality_tells_null_from_absent(models: ModuleType) -> None:
    assert models.Response.from_dict({**RESPONSE, "hint": None}) != models.Response.from_dict(RESPONSE)


# Validation


def test_missing_required_fields_are_each_reported(models: ModuleType) -> None:
    assert errors_of(models.Choice, {"index": 0}) == [
        "Choice.finish_reason: required field is missing",
        "Choice.text: required field is missing",
    ]


@pytest.mark.parametrize(("index", "got"), [("1", "str"), (True, "bool"), (1.5, "float"), (1.0, "float")])
def test_int_is_not_coerced(models: ModuleType, index: object, got: str) -> None:
    assert errors_of(models.Choice, {**CHOICE, "index": index}) == [f"Choice.index: expected int, got {got}"]


def test_int_is_accepted_for_float(models: ModuleType) -> None:
    choice = models.Choice.from_dict({**CHOICE, "score": 1})
    assert choice.score == 1
    assert choice.to_dict()["score"] == 1


@pytest.mark.parametrize(("score", "got"), [("1.5", "str"), (True, "bool")])
def test_float_is_not_coerced(models: ModuleType, score: object, got: str) -> None:
    assert errors_of(models.Choice, {**CHOICE, "score": score}) == [f"Choice.score: expected float, got {got}"]


def test_str_and_bool_are_not_coerced(models: ModuleType) -> None:
    assert errors_of(models.Response, {**RESPONSE, "id": 1, "flag": 1}) == [
        "Response.id: expected str, got int",
        "Response.flag: expected bool, got int",
    ]


def test_closed_enum_rejects_unknown_values(models: ModuleType) -> None:
    assert errors_of(models.Settings, {"status": "deleted"}) == [
        "Settings.status: expected one of 'active', 'archived', got 'deleted'"
    ]


def test_null_is_rejected_where_not_nullable(models: ModuleType) -> None:
    data = {**RESPONSE, "id": None, "tag": None, "choices": [{**CHOICE, "index": None}]}
    assert null_errors_at(models.Response, data) == ["Response.id", "Response.choices[0].index", "Response.tag"]


def test_validation_error_is_a_value_error_exported_by_the_package(rt: ModuleType) -> None:
    package = importlib.import_module("rtpkg")
    assert package.ValidationError is rt.ValidationError
    assert issubclass(rt.ValidationError, ValueError)


def test_nested_list_of_models_error_has_its_path(models: ModuleType) -> None:
    data = {**RESPONSE, "choices": [CHOICE, {**CHOICE, "index": "0"}]}
    assert errors_of(models.Response, data) == ["Response.choices[1].index: expected int, got str"]


def test_dict_value_errors_have_their_key_in_the_path(models: ModuleType) -> None:
    data = {**RESPONSE, "counts": {"a": 1, "b": "x", "c-d": None}}
    assert errors_of(models.Response, data) == [
        "Response.counts.b: expected int, got str",
        "Response.counts['c-d']: expected int, got null",
    ]


def test_error_lists_every_problem(models: ModuleType, rt: ModuleType) -> None:
    data = {"choices": [{**CHOICE, "index": "0"}], "counts": {"a": "x"}, "tag": 5}
    with pytest.raises(rt.ValidationError) as info:
        models.Response.from_dict(data)
    assert str(info.value) == (
        "5 validation error(s):\n"
        "  Response.id: required field is missing\n"
        "  Response.choices[0].index: expected int, got str\n"
        "  Response.note: required field is missing\n"
        "  Response.tag: expected str, got int\n"
        "  Response.counts.a: expected int, got str"
    )


@pytest.mark.parametrize(("data", "got"), [([], "list"), ("{}", "str"), (None, "null"), (1, "int")])
def test_top_level_must_be_an_object(models: ModuleType, data: object, got: str) -> None:
    assert errors_of(models.Response, data) == [f"Response: expected object, got {got}"]


def test_list_of_garbage_is_rejected_item_by_item(models: ModuleType) -> None:
    assert errors_of(models.Response, {**RESPONSE, "choices": [1, "a", None, {}]}) == [
        "Response.choices[0]: expected object, got int",
        "Response.choices[1]: expected object, got str",
        "Response.choices[2]: expected object, got null",
        "Response.choices[3].finish_reason: required field is missing",
        "Response.choices[3].index: required field is missing",
        "Response.choices[3].text: required field is missing",
    ]


def test_list_field_must_be_a_list(models: ModuleType) -> None:
    assert errors_of(models.Response, {**RESPONSE, "choices": {"0": CHOICE}}) == [
        "Response.choices: expected list, got dict"
    ]


def test_dict_field_rejects_non_string_keys(models: ModuleType) -> None:
    assert errors_of(models.Response, {**RESPONSE, "counts": {1: 2}}) == [
        "Response.counts['1']: expected a string key, got int"
    ]


def test_model_rejects_non_string_keys(models: ModuleType) -> None:
    assert errors_of(models.Response, {**RESPONSE, (1, 2): "x"}) == [
        "Response['(1, 2)']: expected a string key, got tuple"
    ]


def nested_nodes(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"name": "leaf"}
    for _ in range(depth):
        node = {"name": "n", "children": [node]}
    return node


def test_self_referencing_model_nests(models: ModuleType) -> None:
    payload = nested_nodes(20)
    assert models.Node.from_dict(payload).to_dict() == payload


def test_deeply_nested_payload_is_a_validation_error(models: ModuleType) -> None:
    assert errors_of(models.Node, nested_nodes(100_000)) == ["Node: the payload is nested too deeply"]


def test_deeply_nested_json_is_a_validation_error(models: ModuleType) -> None:
    text = '{"name": "n", "children": [' * 100_000 + '{"name": "leaf"}' + "]}" * 100_000
    (error,) = errors_of(models.Node, text, json=True)
    assert error.startswith("Node: ")


@pytest.mark.parametrize("text", ["", "{", "{'id': 1}", "nul", b"\xff\xfe", b"{"])
def test_invalid_json_is_a_validation_error(models: ModuleType, text: str | bytes) -> None:
    (error,) = errors_of(models.Response, text, json=True)
    assert error.startswith("Response: invalid JSON: ")


def test_from_json_reads_text_and_bytes(models: ModuleType) -> None:
    assert models.Choice.from_json('{"finish_reason": "stop", "index": 0, "text": "hi"}') == models.Choice.from_dict(
        CHOICE
    )
    assert models.Choice.from_json(b'{"finish_reason": "stop", "index": 0, "text": "hi"}') == models.Choice.from_dict(
        CHOICE
    )


def test_from_json_validates(models: ModuleType) -> None:
    assert errors_of(models.Choice, '{"finish_reason": "stop", "text": "hi"}', json=True) == [
        "Choice.index: required field is missing"
    ]


# --null-as-absent


def test_null_as_absent_treats_null_as_absent_for_optional_fields() -> None:
    models = importlib.import_module("rtpkg_null.models")
    rt = importlib.import_module("rtpkg_null._runtime")
    response = models.Response.from_dict({**RESPONSE, "tag": None, "counts": None})
    assert response.tag is rt.UNSET
    assert response.counts is rt.UNSET
    assert response.to_dict() == RESPONSE


def test_null_as_absent_keeps_null_for_nullable_fields() -> None:
    models = importlib.import_module("rtpkg_null.models")
    assert models.Response.from_dict({**RESPONSE, "hint": None}).hint is None


def test_null_as_absent_still_rejects_null_for_required_fields() -> None:
    models = importlib.import_module("rtpkg_null.models")
    assert null_errors_at(models.Response, {**RESPONSE, "id": None}) == ["Response.id"]


def test_without_null_as_absent_null_is_rejected_for_optional_fields(models: ModuleType) -> None:
    assert null_errors_at(models.Response, {**RESPONSE, "counts": None}) == ["Response.counts"]


# Open enums


def test_open_enum_decodes_known_values_to_members(models: ModuleType) -> None:
    settings = models.Settings.from_dict({"status": "active", "color": "red", "level": 2})
    assert settings.status is models.Status.ACTIVE
    assert settings.color is models.Color.RED
    assert settings.level is models.Level.HIGH


def test_open_enum_keeps_unknown_values(models: ModuleType, rt: ModuleType) -> None:
    settings = models.Settings.from_dict({"status": "active", "color": "blue", "level": 3})
    assert type(settings.color) is rt.UnrecognizedStr
    assert settings.color == "blue"
    assert type(settings.level) is rt.UnrecognizedInt
    assert settings.level == 3


def test_open_enum_unknown_values_round_trip(models: ModuleType) -> None:
    data = {"status": "archived", "color": "blue", "level": 3}
    assert models.Settings.from_dict(data).to_dict() == data
    assert models.Settings.from_dict(data).to_json() == '{"status": "archived", "color": "blue", "level": 3}'


def test_optional_open_enum_is_not_nullable(models: ModuleType) -> None:
    # The open enum's Unrecognized* member once counted as a missing null.
    assert errors_of(models.Settings, {"status": "active", "color": None, "level": None}) == [
        "Settings.color: expected Color, got null",
        "Settings.level: expected Level, got null",
    ]


def test_open_enum_still_checks_the_type(models: ModuleType) -> None:
    assert errors_of(models.Settings, {"status": "active", "color": 1, "level": True}) == [
        "Settings.color: expected str, got int",
        "Settings.level: expected int, got bool",
    ]


# Unions


@pytest.mark.parametrize(
    ("pet", "kind"),
    [(CAT, "Cat"), ({"kind": "dog", "good": True}, "Dog"), ({"kind": "fish", "fins": 2}, "Fish")],
)
def test_tagged_union_dispatches_on_its_tag(models: ModuleType, pet: dict[str, Any], kind: str) -> None:
    holder = models.Holder.from_dict({"pet": pet})
    assert type(holder.pet) is getattr(models, kind)
    assert holder.to_dict() == {"pet": pet}


def test_tag_of_a_one_member_enum_decodes_to_the_member(models: ModuleType) -> None:
    assert models.Holder.from_dict({"pet": {"kind": "fish", "fins": 2}}).pet.kind is models.FishKind.FISH


def test_tagged_union_reports_only_the_tagged_variants_errors(models: ModuleType) -> None:
    assert errors_of(models.Holder, {"pet": {"kind": "dog", "lives": 9}}) == [
        "Holder.pet.good: required field is missing"
    ]


def test_tagged_union_rejects_an_unknown_tag_at_the_tag_path(models: ModuleType) -> None:
    assert errors_of(models.Holder, {"pet": {"kind": "bird"}}) == [
        "Holder.pet.kind: expected one of 'cat', 'dog', 'fish', got 'bird'"
    ]


def test_tagged_union_requires_the_tag(models: ModuleType) -> None:
    assert errors_of(models.Holder, {"pet": {"lives": 9}}) == [
        "Holder.pet: expected an object with a 'kind' field, got dict"
    ]


def test_untagged_union_takes_the_first_variant_in_spec_order(models: ModuleType) -> None:
    # Circle and Ball both accept {"radius": ...}; Circle is listed first in the spec.
    value = models.Holder.from_dict({"pet": CAT, "value": {"radius": 2.5}}).value
    assert type(value) is models.Circle
    assert value.radius == 2.5


def test_untagged_union_encodes_the_variant_it_holds(models: ModuleType) -> None:
    holder = models.Holder(pet=models.Cat(lives=1), value=models.Ball(radius=2.0))
    assert holder.to_dict() == {"pet": {"kind": "cat", "lives": 1}, "value": {"radius": 2.0}}


@pytest.mark.parametrize("value", ["hi", 3, [1, 2], [], {"radius": 1.5}], ids=repr)
def test_union_members_round_trip(models: ModuleType, value: object) -> None:
    data = {"pet": CAT, "value": value}
    assert models.Holder.from_dict(data).to_dict() == data


@pytest.mark.parametrize(("value", "got"), [(True, "bool"), (1.5, "float"), ([1, "a"], "list")])
def test_union_rejects_what_no_variant_accepts(models: ModuleType, value: object, got: str) -> None:
    assert errors_of(models.Holder, {"pet": CAT, "value": value}) == [
        f"Holder.value: expected Circle or Ball or str or int or list[int], got {got}"
    ]


def test_union_field_is_not_nullable(models: ModuleType) -> None:
    assert null_errors_at(models.Holder, {"pet": CAT, "value": None}) == ["Holder.value"]


def test_inline_union(models: ModuleType) -> None:
    assert models.Holder.from_dict({"pet": CAT, "mixed": 7}).mixed == 7
    assert errors_of(models.Holder, {"pet": CAT, "mixed": 1.5}) == ["Holder.mixed: expected str or int, got float"]


# Dates


UTC = datetime.timezone.utc


def test_datetime_with_z_decodes_to_utc_and_encodes_back_with_z(models: ModuleType) -> None:
    event = models.Event.from_dict({"at": "2024-05-01T12:30:00Z"})
    assert event.at == datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert event.to_dict() == {"at": "2024-05-01T12:30:00Z"}


def test_datetime_keeps_its_offset(models: ModuleType) -> None:
    event = models.Event.from_dict({"at": "2024-05-01T12:30:00+02:00"})
    assert event.at.utcoffset() == datetime.timedelta(hours=2)
    assert event.to_dict() == {"at": "2024-05-01T12:30:00+02:00"}


def test_utc_datetime_is_written_with_z(models: ModuleType) -> None:
    event = models.Event(at=datetime.datetime(2024, 5, 1, tzinfo=UTC), day=datetime.date(2024, 2, 29))
    assert event.to_dict() == {"at": "2024-05-01T00:00:00Z", "day": "2024-02-29"}


@pytest.mark.parametrize(
    ("at", "made"),
    [
        ("2024-05-01T12:30:00.000Z", "2024-05-01T12:30:00Z"),
        ("2024-05-01T12:30:00+00:00", "2024-05-01T12:30:00Z"),
        ("2024-05-01t12:30:00z", "2024-05-01T12:30:00Z"),
        ("2024-05-01T12:30", "2024-05-01T12:30:00"),
    ],
)
def test_a_datetime_read_from_json_is_written_back_as_it_came(models: ModuleType, at: str, made: str) -> None:
    """`to_dict(from_dict(d)) == d` for every form RFC 3339 allows; a date-time made in Python
    (here by arithmetic) has no text to keep, and is written in one form."""
    event = models.Event.from_dict({"at": at})
    assert event.to_dict() == {"at": at}
    assert event.at == datetime.datetime.fromisoformat(at.upper().replace("Z", "+00:00"))
    assert models.Event(at=event.at + datetime.timedelta(0)).to_dict() == {"at": made}


def test_date_is_iso_both_ways(models: ModuleType) -> None:
    event = models.Event.from_dict({"at": "2024-05-01T12:30:00Z", "day": "2024-02-29"})
    assert event.day == datetime.date(2024, 2, 29)
    assert event.to_dict()["day"] == "2024-02-29"


@pytest.mark.parametrize(
    ("at", "got"),
    [("2024-13-01T00:00:00Z", "str"), ("2024-05-01", "str"), ("yesterday", "str"), (1714566600, "int")],
)
def test_bad_datetimes_are_rejected(models: ModuleType, at: object, got: str) -> None:
    assert errors_of(models.Event, {"at": at}) == [f"Event.at: expected an ISO 8601 date-time, got {got}"]


@pytest.mark.parametrize("day", ["2023-02-29", "2024-5-1", "2024-05-01T00:00:00Z", "01/05/2024"])
def test_bad_dates_are_rejected(models: ModuleType, day: str) -> None:
    data = {"at": "2024-05-01T12:30:00Z", "day": day}
    assert errors_of(models.Event, data) == ["Event.day: expected an ISO 8601 date, got str"]


# Other types


def test_dict_of_values(models: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "counts": {"a": 1, "b-c": 2}})
    assert response.counts == {"a": 1, "b-c": 2}


def test_list_of_models_nests(models: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "choices": [CHOICE, {**CHOICE, "index": 1}]})
    assert response.choices == [
        models.Choice(finish_reason="stop", index=0, text="hi"),
        models.Choice(finish_reason="stop", index=1, text="hi"),
    ]


@pytest.mark.parametrize("extra", [{"a": [1, None, {"b": True}]}, [1, "x"], "s", 1.5, 0, False], ids=repr)
def test_any_passes_json_through(models: ModuleType, extra: object) -> None:
    response = models.Response.from_dict({**RESPONSE, "extra": extra})
    assert response.extra == extra
    assert response.to_dict()["extra"] == extra


def test_any_passes_null_through(models: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "extra": None})
    assert response.extra is None
    assert response.to_dict()["extra"] is None


def test_bytes_are_base64_both_ways(models: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "data": "aGk="})
    assert response.data == b"hi"
    assert response.to_dict()["data"] == "aGk="
    assert models.Response(id="r1", choices=[], note=None, data=b"\xff\x00").to_dict()["data"] == "/wA="


@pytest.mark.parametrize("data", ["aGk", "!!!", "aGk=\n", "é"])
def test_bad_base64_is_rejected(models: ModuleType, data: str) -> None:
    assert errors_of(models.Response, {**RESPONSE, "data": data}) == ["Response.data: expected base64 text, got str"]


# Unknown keys


def test_unknown_keys_are_kept_and_written_back(models: ModuleType) -> None:
    data = {**RESPONSE, "choices": [{**CHOICE, "new": 1}], "future": {"a": [1]}}
    response = models.Response.from_dict(data)
    assert response.unknown_fields == {"future": {"a": [1]}}
    assert response.choices[0].unknown_fields == {"new": 1}
    assert response.to_dict() == data


def test_models_without_unknown_keys_have_none(models: ModuleType) -> None:
    assert models.Choice.from_dict(CHOICE).unknown_fields == {}


# Wire names


def test_keyword_field_travels_without_its_underscore(models: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "from": "alice"})
    assert response.from_ == "alice"
    assert response.to_dict() == {**RESPONSE, "from": "alice"}


def test_keyword_field_escape_is_not_a_wire_name(models: ModuleType, rt: ModuleType) -> None:
    response = models.Response.from_dict({**RESPONSE, "from_": "alice"})
    assert response.from_ is rt.UNSET
    assert response.unknown_fields == {"from_": "alice"}


def test_camel_wire_case_renames_keys_not_attributes() -> None:
    models = importlib.import_module("rtpkg_camel.models")
    choice = models.Choice.from_dict({"finishReason": "stop", "index": 0, "text": "hi"})
    assert choice.finish_reason == "stop"
    assert choice.to_dict() == {"finishReason": "stop", "index": 0, "text": "hi"}


def test_camel_wire_case_requires_the_camel_key() -> None:
    models = importlib.import_module("rtpkg_camel.models")
    assert errors_of(models.Choice, CHOICE) == ["Choice.finishReason: required field is missing"]


# Round trips

PAYLOADS = [
    ("Choice", CHOICE),
    ("Choice", {**CHOICE, "score": 1}),
    (
        "Response",
        {
            "id": "r1",
            "choices": [{**CHOICE, "score": 0.5, "later": [None]}, {**CHOICE, "index": 1}],
            "note": "n",
            "tag": "t",
            "hint": None,
            "counts": {"a": 1, "b-c": 2},
            "extra": {"any": [1, None, "x", {"y": True}]},
            "data": "aGk=",
            "from": "alice",
            "flag": False,
            "future": {"a": 1},
        },
    ),
    ("Event", {"at": "2024-05-01T12:30:00Z", "day": "2024-02-29"}),
    ("Event", {"at": "2024-05-01T12:30:00.250000-05:30"}),
    ("Settings", {"status": "active", "color": "green", "level": 1}),
    ("Settings", {"status": "archived", "color": "blue", "level": 7}),
    ("Holder", {"pet": CAT, "value": [1, 2], "mixed": 3}),
    ("Holder", {"pet": {"kind": "fish", "fins": 2}, "value": "hi", "mixed": "m"}),
    ("Holder", {"pet": {"kind": "dog", "good": False}, "value": {"radius": 2.5}}),
    ("Node", {"name": "root", "children": [{"name": "a", "children": []}, {"name": "b"}]}),
]


@pytest.mark.parametrize(("name", "data"), PAYLOADS)
def test_to_dict_of_from_dict_is_the_payload(models: ModuleType, name: str, data: dict[str, Any]) -> None:
    assert getattr(models, name).from_dict(data).to_dict() == data


@pytest.mark.parametrize(("name", "data"), PAYLOADS)
def test_from_dict_of_to_dict_is_the_model(models: ModuleType, name: str, data: dict[str, Any]) -> None:
    model = getattr(models, name).from_dict(data)
    assert getattr(models, name).from_dict(model.to_dict()) == model


@pytest.mark.parametrize(("name", "data"), PAYLOADS)
def test_json_round_trip(models: ModuleType, name: str, data: dict[str, Any]) -> None:
    model = getattr(models, name).from_dict(data)
    assert getattr(models, name).from_json(model.to_json()) == model


# Dataclass shape


def test_required_field_may_follow_an_optional_one(models: ModuleType) -> None:
    # `score` is optional and comes before the required `text` in the spec.
    choice = models.Choice(finish_reason="stop", index=0, score=0.5, text="hi")
    assert (choice.score, choice.text) == (0.5, "hi")


def test_constructor_takes_keywords_only(models: ModuleType) -> None:
    with pytest.raises(TypeError):
        models.Choice("stop", 0, "hi")


def test_instances_have_slots_not_a_dict(models: ModuleType) -> None:
    choice = models.Choice(finish_reason="stop", index=0, text="hi")
    assert not hasattr(choice, "__dict__")
    with pytest.raises(AttributeError):
        choice.typo = 1


# Additional properties, decimals and constant nulls


def test_additional_properties_hold_the_undeclared_keys(models: ModuleType) -> None:
    payload = {"name": "n", "retries": 3, "timeout": 30}
    controls = models.Controls.from_dict(payload)
    assert controls.additional_properties == {"retries": 3, "timeout": 30}
    assert controls.unknown_fields == {}
    assert controls.to_dict() == payload
    assert models.Controls.from_dict(controls.to_dict()) == controls
    assert controls != models.Controls.from_dict({"name": "n", "retries": 4, "timeout": 30})
    assert models.Controls(name="n").to_dict() == {"name": "n"}


def test_an_additional_property_of_the_wrong_type_is_rejected_with_its_path(models: ModuleType) -> None:
    assert errors_of(models.Controls, {"name": "n", "retries": "3", "my key": None}) == [
        "Controls.retries: expected int, got str",
        "Controls['my key']: expected int, got null",
    ]


def test_decimal_is_exact_and_written_back_as_a_json_number(models: ModuleType) -> None:
    import decimal

    payload = {"amount": 0.1, "rates": [1, 2.5, 100000000000000000000], "cleared": None}
    ledger = models.Ledger.from_dict(payload)
    assert ledger.amount == decimal.Decimal("0.1")
    assert ledger.rates == [decimal.Decimal(1), decimal.Decimal("2.5"), decimal.Decimal(10**20)]
    assert ledger.to_dict() == payload
    assert [type(rate) for rate in ledger.to_dict()["rates"]] == [int, float, int]
    assert errors_of(models.Ledger, {"amount": "0.1", "cleared": None}) == ["Ledger.amount: expected number, got str"]
    assert errors_of(models.Ledger, {"amount": True, "cleared": None}) == ["Ledger.amount: expected number, got bool"]


def test_literal_none_takes_only_null(models: ModuleType) -> None:
    ledger = models.Ledger.from_dict({"amount": 1, "cleared": None, "voided": None})
    assert (ledger.cleared, ledger.voided) == (None, None)
    assert ledger.to_dict() == {"amount": 1, "cleared": None, "voided": None}
    assert errors_of(models.Ledger, {"amount": 1}) == ["Ledger.cleared: required field is missing"]
    assert errors_of(models.Ledger, {"amount": 1, "cleared": 0}) == ["Ledger.cleared: expected None, got 0"]
