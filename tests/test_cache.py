"""The cache: a run that reuses earlier work writes exactly what a run without the cache writes,
reuses the work of everything an edit did not touch, and stays small."""

from __future__ import annotations

import contextlib
import pickle
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import CORPUS, snapshot, write_specs

from generator import render
from generator.cache import KEPT_RUNS, KEPT_SECONDS, Cache

# A holds a B, which holds a C: A's test payload spells out a placeholder for C's field, so an
# edit to C changes A's files although A does not name C.
CHAIN = {
    "models/a.md": """
        # A

        ## Fields

        | Field | Type          | Required           | Description |
        | ----- | ------------- | ------------------ | ----------- |
        | `b`   | [models.B](b.md) | :heavy_check_mark: | The B       |
    """,
    "models/b.md": """
        # B

        ## Fields

        | Field | Type             | Required           | Description |
        | ----- | ---------------- | ------------------ | ----------- |
        | `c`   | [models.C](c.md) | :heavy_check_mark: | The C       |
    """,
    "models/c.md": """
        # C

        ## Fields

        | Field | Type  | Required           | Description |
        | ----- | ----- | ------------------ | ----------- |
        | `x`   | *int* | :heavy_check_mark: | A number    |
    """,
    "models/kind.md": """
        # Kind

        ## Values

        | Name   | Value |
        | ------ | ----- |
        | `TEXT` | text  |
    """,
    "models/level.md": """
        # Level

        This is an open enum.

        ## Values

        | Name  | Value |
        | ----- | ----- |
        | `LOW` | low   |
    """,
    "models/either.md": """
        # Either

        ## Supported Types

        ### [models.C](c.md)

        ### [models.Kind](kind.md)
    """,
    "models/d.md": """
        # D

        Refers to C and Kind.

        ## Fields

        | Field  | Type                   | Required           | Description |
        | ------ | ---------------------- | ------------------ | ----------- |
        | `c`    | [models.C](c.md)       | :heavy_minus_sign: | A C         |
        | `kind` | [models.Kind](kind.md) | :heavy_check_mark: | Its kind    |
        | `level` | [models.Level](level.md) | :heavy_minus_sign: | Its level |
    """,
}
EDITS = {
    "a leaf's field type, which its users' test payloads spell out": ("models/c.md", "*int* ", "*str* "),
    "a leaf's description, which its own page shows": ("models/c.md", "A number", "A count"),
    "a name, which its users import": ("models/c.md", "# C", "# Cee"),
    "an enum that becomes open, which changes its users' annotations": (
        "models/kind.md",
        "# Kind\n",
        "# Kind\n\nThis is an open enum.\n",
    ),
    "a user's name, which the pages it uses list": ("models/d.md", "# D\n", "# Dee\n"),
    "a model that becomes a union, which its unions' tests leave out": (
        "models/c.md",
        "## Fields\n\n| Field | Type  | Required           | Description |\n"
        "| ----- | ----- | ------------------ | ----------- |\n"
        "| `x`   | *int* | :heavy_check_mark: | A number    |\n",
        "## Supported Types\n\n### `str`\n\n### `int`\n",
    ),
    "an open enum's values, which become ints as its users' annotations say": (
        "models/level.md",
        "| `LOW` | low   |",
        "| `LOW` | 1     |",
    ),
}


def edit(root: Path, path: str, old: str, new: str) -> None:
    spec = root / path
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")


def assert_edit_matches_a_run_without_the_cache(
    tmp_path: Path, run_cli, specs: Path, change: tuple[str, str, str]
) -> None:
    """A cached run, the edit, a cached run again: it writes what a run without the cache writes."""
    assert run_cli(specs, "-o", tmp_path / "cached" / "out").code == 0
    edit(specs, *change)
    assert run_cli(specs, "-o", tmp_path / "cached" / "out").code == 0
    assert run_cli(specs, "-o", tmp_path / "fresh" / "out", "--no-cache").code == 0
    assert snapshot(tmp_path / "cached" / "out") == snapshot(tmp_path / "fresh" / "out")


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_a_run_after_an_edit_writes_what_a_run_without_the_cache_writes(
    tmp_path: Path, run_cli, change: tuple[str, str, str]
) -> None:
    assert_edit_matches_a_run_without_the_cache(tmp_path, run_cli, write_specs(tmp_path / "specs", CHAIN), change)


def test_a_run_after_an_edit_renders_only_the_files_it_touches(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = write_specs(tmp_path / "specs", CHAIN)
    assert run_cli(specs, "-o", tmp_path / "out").code == 0
    rendered: list[tuple[str, str]] = []
    render_job = render.Renderer.render_job

    def spy(self: render.Renderer, job: tuple[str, int]) -> dict[str, str]:
        kind, index = job
        owner = self.views[index].declarations if kind == "module" else [self.declarations[index]]
        rendered.extend((kind, d.name) for d in owner)
        return render_job(self, job)

    monkeypatch.setattr(render.Renderer, "render_job", spy)
    edit(specs, "models/d.md", "Refers to C", "Uses C")
    assert run_cli(specs, "-o", tmp_path / "out").code == 0
    # D's module and page only: what the pages D uses show of it, its name and page, is as it was.
    assert sorted(rendered) == [("declaration", "D"), ("module", "D")]
    rendered.clear()
    edit(specs, "models/d.md", "# D\n", "# Dee\n")
    assert run_cli(specs, "-o", tmp_path / "out").code == 0
    # Now the pages of C, Kind and Level list a new name.
    pages = [("declaration", name) for name in ("C", "Dee", "Kind", "Level")]
    assert sorted(rendered) == [*pages, ("module", "Dee")]


def test_templates_of_ones_own_render_every_file(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """They may read any declaration, so the cache cannot know what an edit touches."""
    specs = write_specs(tmp_path / "specs", CHAIN)
    overrides = tmp_path / "overrides" / "docs"
    overrides.mkdir(parents=True)
    (overrides / "declaration.md.jinja").write_text("# {{ declaration.name }} of {{ declarations | length }}\n")
    assert run_cli(specs, "-o", tmp_path / "out", "--templates", overrides.parent).code == 0
    write_specs(specs, {"models/e.md": CHAIN["models/c.md"].replace("# C", "# E")})
    assert run_cli(specs, "-o", tmp_path / "out", "--templates", overrides.parent).code == 0
    assert (tmp_path / "out" / "docs" / "models" / "A.md").read_text() == "# A of 8\n"


REAL_EDITS = {
    "a type, which changes an interface": ("chatcompletionlogprob.md", "| *str* ", "| *int* "),
    "prose, which moves every line below it": (
        "chatcompletionmessage.md",
        "## Supported Types",
        "A paragraph\nover two lines.\n\n## Supported Types",
    ),
    "a field's description": ("usage.md", "completion tokens used", "tokens the completion used"),
    "examples, which the users' test payloads show": ("usage.md", "| 10  ", "| 11  "),
}


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "atoma-python").is_dir(), reason="../shared/corpus is absent")
@pytest.mark.parametrize("change", REAL_EDITS.values(), ids=REAL_EDITS.keys())
def test_a_real_corpus_after_an_edit_matches_a_run_without_the_cache(
    tmp_path: Path, run_cli, change: tuple[str, str, str]
) -> None:
    specs = tmp_path / "models"  # its links climb into a folder of that name: ../models/x.md
    shutil.copytree(CORPUS / "atoma-python" / "docs" / "models", specs)
    assert_edit_matches_a_run_without_the_cache(tmp_path, run_cli, specs, change)


def test_the_cache_keeps_the_last_few_runs_and_a_week_of_other_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Cache(tmp_path)
    clock = [1_000_000]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    store.put_many("spec", {"old": 1})
    clock[0] += KEPT_SECONDS + 1
    store.put_many("spec", {"new": 2})
    for run in range(KEPT_RUNS + 2):
        clock[0] += 1
        store.put_many("run", {f"run-{run}": run})
    assert store.get_many("spec", ["old", "new"]) == {"new": 2}
    runs = [f"run-{run}" for run in range(KEPT_RUNS + 2)]
    assert sorted(store.get_many("run", runs)) == runs[-KEPT_RUNS:]


def test_a_cache_file_of_another_version_is_emptied_not_trusted(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / "cache.sqlite")) as old:
        old.execute("CREATE TABLE entries (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
        old.execute("INSERT INTO entries VALUES ('spec', 'k', ?)", (pickle.dumps("stale"),))
        old.commit()
    store = Cache(tmp_path)
    assert store.get("spec", "k") is None
    store.put_many("spec", {"k": "fresh"})
    assert store.get("spec", "k") == "fresh"
