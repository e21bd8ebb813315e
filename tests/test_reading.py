"""Reading a spec folder again after an edit: when no interface changed, only the edited files'
declarations are resolved anew, and the result is exactly that of reading the folder afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_specs

from generator import ir, pipeline, reading, sources
from generator.cache import NO_CACHE, Cache
from generator.config import DEFAULT_OPTIONS
from generator.reading import Reading

# Own problems (an unknown reference, an example that does not fit), a dropped duplicate, an
# enum, a union, and links between files: each kind of thing a reading keeps.
SPECS = {
    "models/a.md": """
        # A

        An A.

        ## Fields

        | Field | Type             | Required           | Description | Example |
        | ----- | ---------------- | ------------------ | ----------- | ------- |
        | `b`   | [models.B](b.md) | :heavy_check_mark: | The B       |         |
        | `bad` | models.Nope      | :heavy_minus_sign: | Unknown     |         |
        | `n`   | *int*            | :heavy_check_mark: | A number    | "x"     |
        | `m`   | *int*            | maybe              | Unsure      |         |
    """,
    "models/b.md": """
        # B

        ## Fields

        | Field  | Type                   | Required           | Description |
        | ------ | ---------------------- | ------------------ | ----------- |
        | `c`    | [models.C](c.md)       | :heavy_check_mark: | The C       |
        | `kind` | [models.Kind](kind.md) | :heavy_minus_sign: | Its kind    |
    """,
    "models/c.md": """
        # C

        ## Fields

        | Field   | Type  | Required           | Description | Example |
        | ------- | ----- | ------------------ | ----------- | ------- |
        | `the_x` | *int* | :heavy_check_mark: | A number    | 5       |
        | `the-x` | *str* | :heavy_minus_sign: | Again       |         |
    """,
    "models/copy.md": """
        # C

        A second C, which the first one wins over.

        ## Fields

        | Field | Type  | Required           | Description |
        | ----- | ----- | ------------------ | ----------- |
        | `y`   | *int* | :heavy_check_mark: | A number    |
    """,
    "models/kind.md": """
        # Kind

        ## Values

        | Name   | Value |
        | ------ | ----- |
        | `TEXT` | text  |
        | `CODE` | code  |
    """,
    "models/either.md": """
        # Either

        ## Supported Types

        ### [models.C](c.md)

        ### [models.Nothing](nothing.md)
    """,
    "models/cat.md": """
        # Cat

        ## Fields

        | Field  | Type                 | Required           | Description |
        | ------ | -------------------- | ------------------ | ----------- |
        | `kind` | *Literal["cat"]*     | :heavy_check_mark: | Always cat  |
    """,
    "models/dog.md": """
        # Dog

        ## Fields

        | Field  | Type                 | Required           | Description |
        | ------ | -------------------- | ------------------ | ----------- |
        | `kind` | *Literal["dog"]*     | :heavy_check_mark: | Always dog  |
    """,
    "models/pet.md": """
        # Pet

        ## Supported Types

        ### [models.Cat](cat.md)

        ### [models.Dog](dog.md)
    """,
}
LINES_MOVED = "\n\nA paragraph that moves\nevery line below it.\n"
KEEP_INTERFACES = {
    "the lines of a model with problems of its own": ("models/a.md", "\n\nAn A.\n", LINES_MOVED),
    "an example that stops fitting": ("models/c.md", "| 5       |", '| "five"  |'),
    "a field's description": ("models/b.md", "The C ", "A C   "),
    "the lines of a union's variants": ("models/either.md", "# Either\n", "# Either" + LINES_MOVED),
    "the lines of an enum's members": ("models/kind.md", "# Kind\n", "# Kind" + LINES_MOVED),
    "a duplicate that is dropped": ("models/copy.md", "A second C", "Another C"),
    "a discriminated union's prose": ("models/pet.md", "# Pet\n", "# Pet\n\nA cat or a dog.\n"),
    "the prose of a union's variant": ("models/dog.md", "Always dog", "A dog    "),
}
CHANGE_INTERFACES = {
    "a field's type": ("models/c.md", "| *int* |", "| *str* |"),
    "a name": ("models/b.md", "# B", "# Bee"),
    "a required field": ("models/b.md", "| :heavy_minus_sign: | Its kind", "| :heavy_check_mark: | Its kind"),
    "an enum's values": ("models/kind.md", "| code  |", "| CODE  |"),
    "the line of a declaration": ("models/kind.md", "# Kind\n", "\n# Kind\n"),
}


def read(specs: Path, store: Cache = NO_CACHE) -> Reading:
    paths, _ = sources.discover(specs, None)
    loaded, _ = sources.read_bytes(specs, paths)
    return reading.read(specs, loaded, DEFAULT_OPTIONS, store)


def read_after_edit(tmp_path: Path, path: str, old: str, new: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Read the specs with a cache, edit one, read again; compare all that was read, digests
    included, with a fresh reading. Returns how many times the second reading resolved the whole."""
    specs = write_specs(tmp_path / "specs", SPECS)
    store = Cache(tmp_path / "cache")
    read(specs, store)
    spec = specs / path
    assert old in spec.read_text(encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    calls = []
    whole = reading.resolve
    monkeypatch.setattr(reading, "resolve", lambda *args: calls.append(args) or whole(*args))
    again = read(specs, store)
    wholes = len(calls)
    assert repr(again) == repr(read(specs))
    return wholes


@pytest.mark.parametrize("change", KEEP_INTERFACES.values(), ids=KEEP_INTERFACES.keys())
def test_an_edit_that_keeps_every_interface_resolves_only_the_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str, str]
) -> None:
    assert read_after_edit(tmp_path, *change, monkeypatch) == 0


@pytest.mark.parametrize("change", CHANGE_INTERFACES.values(), ids=CHANGE_INTERFACES.keys())
def test_an_edit_to_an_interface_resolves_the_whole_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str, str]
) -> None:
    assert read_after_edit(tmp_path, *change, monkeypatch) == 1


def test_an_edit_that_keeps_every_interface_stores_only_the_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = write_specs(tmp_path / "specs", SPECS)
    store = Cache(tmp_path / "cache")
    stored: list[tuple[str, int]] = []
    put_many = store.put_many
    monkeypatch.setattr(
        store, "put_many", lambda kind, entries: stored.append((kind, len(entries))) or put_many(kind, entries)
    )
    read(specs, store)
    assert ("resolved", len(SPECS)) in stored
    stored.clear()
    spec = specs / "models" / "b.md"
    spec.write_text(spec.read_text(encoding="utf-8").replace("The C ", "A C   "), encoding="utf-8")
    read(specs, store)
    assert sorted(stored) == [("reading", 1), ("resolved", 1), ("spec", 1)]
    # A cache that lost a file's row reads the whole folder again, and stores every row.
    store.connection.execute(
        "DELETE FROM entries WHERE rowid = (SELECT MIN(rowid) FROM entries WHERE kind = 'resolved')"
    )
    stored.clear()
    assert repr(read(specs, store)) == repr(read(specs))
    assert ("resolved", len(SPECS)) in stored


def test_the_first_reading_has_every_kind_of_problem_it_must_keep(tmp_path: Path) -> None:
    declarations, diagnostics = pipeline.read_specs(write_specs(tmp_path / "specs", SPECS))
    (pet,) = [d for d in declarations if d.name == "Pet"]
    assert isinstance(pet, ir.UnionType) and pet.discriminator == "kind"
    codes = {(d.span.path, d.code) for d in diagnostics}
    assert {
        ("models/a.md", "unknown-reference"),
        ("models/a.md", "example-type"),
        ("models/a.md", "bad-required"),
        ("models/c.md", "name-collision"),
        ("models/copy.md", "duplicate-declaration"),
        ("models/either.md", "dangling-link"),
    } <= codes


def test_a_file_added_or_removed_resolves_the_whole_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = write_specs(tmp_path / "specs", SPECS)
    store = Cache(tmp_path / "cache")
    read(specs, store)
    (specs / "models" / "copy.md").unlink()
    assert repr(read(specs, store)) == repr(read(specs))
    write_specs(specs, {"models/nothing.md": SPECS["models/c.md"].replace("# C", "# Nothing")})
    assert repr(read(specs, store)) == repr(read(specs))
