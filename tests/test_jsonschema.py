"""--emit jsonschema: the IR as one JSON Schema document, each declaration under $defs."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PROJECT, write_specs

PET = """
    # Pet

    A pet.

    ## Fields

    | Field   | Type                                | Required           | Description | Example |
    | ------- | ----------------------------------- | ------------------ | ----------- | ------- |
    | `name`  | *str*                               | :heavy_check_mark: | Its name    | Rex     |
    | `born`  | [date](https://docs.python.org/3/library/datetime.html#datetime-objects) | :heavy_minus_sign: | Birthday | |
    | `kind`  | [models.Kind](kind.md)              | :heavy_check_mark: | Its kind    |         |
    | `tags`  | Dict[str, *int*]                    | :heavy_minus_sign: | Tags        |         |
    | `owner` | [OptionalNullable[models.Pet]](pet.md) | :heavy_minus_sign: | Recursion |       |
"""
KIND = """
    # Kind

    ## Values

    | Name  | Value |
    | ----- | ----- |
    | `CAT` | cat   |
    | `DOG` | dog   |
"""


def export(run_cli, root: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = run_cli(root, "-o", root.parent / "unused", "--emit", "jsonschema")
    assert result.code == 0, result.err
    assert not (root.parent / "unused").exists(), "--emit writes no files"
    return json.loads(result.out)


def test_models_enums_and_references(tmp_path: Path, run_cli) -> None:
    schema = export(run_cli, write_specs(tmp_path / "specs", {"models/pet.md": PET, "models/kind.md": KIND}))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    pet = schema["$defs"]["models.Pet"]
    assert pet["type"] == "object" and pet["required"] == ["name", "kind"]
    assert pet["description"] == "A pet."
    assert pet["properties"]["name"] == {"type": "string", "description": "Its name", "examples": ["Rex"]}
    assert pet["properties"]["born"]["format"] == "date"
    assert pet["properties"]["tags"]["additionalProperties"] == {"type": "integer"}
    assert pet["properties"]["kind"]["$ref"] == "#/$defs/models.Kind"
    assert pet["properties"]["owner"]["anyOf"] == [{"$ref": "#/$defs/models.Pet"}, {"type": "null"}]
    assert schema["$defs"]["models.Kind"]["enum"] == ["cat", "dog"]


def test_every_reference_names_a_definition() -> None:
    from generator.incremental import read as read_specs
    from generator.jsonschema import schema

    declarations, _ = read_specs(PROJECT / "specs")
    document = schema(declarations)
    text = json.dumps(document)
    refs = {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}
    assert refs and refs <= set(document["$defs"])
    names = ("ChatMessage", "CompletionChoice", "CompletionsStreamResponse", "Conversation", "FinishReason")
    names += ("LogProbs", "ModelOwner", "SystemMessage", "UserMessage")
    assert set(document["$defs"]) == {f"models.{name}" for name in names}
