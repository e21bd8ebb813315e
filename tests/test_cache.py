"""The cache: a run that reuses earlier work writes exactly what a run without the cache writes,
reuses the work of everything an edit did not touch, and stays small."""

from __future__ import annotations

import contextlib
import pickle
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, snapshot, write_specs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline, render, views
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


def rendered_after(run_cli, specs: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> list[str]:
    """The names of the declarations whose module or page a cached run renders again."""
    rendered: list[str] = []
    render_job = pipeline.render_job

    def spy(job: views.Job, context: render.Context) -> dict[str, str]:
        owners = job.module.declarations if isinstance(job, views.ModuleJob) else (job.declaration,)
        kind = "module" if isinstance(job, views.ModuleJob) else "page"
        rendered.extend(f"{kind} {d.name}" for d in owners)
        return render_job(job, context)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "render_job", spy)
        assert run_cli(specs, "-o", out, *extra).code == 0
    return sorted(rendered)


def test_a_run_after_an_edit_renders_only_the_files_whose_inputs_changed(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = write_specs(tmp_path / "specs", CHAIN)
    assert run_cli(specs, "-o", tmp_path / "out").code == 0
    edit(specs, "models/d.md", "Refers to C", "Uses C")
    # D's module and page, and the pages of those D names, which list D among their users.
    pages = ["page C", "page D", "page Kind", "page Level"]
    assert rendered_after(run_cli, specs, tmp_path / "out", monkeypatch) == ["module D", *pages]
    edit(specs, "models/b.md", "The C", "Its C")
    # B's module, its page, and the page of A, which uses it: nothing else holds B.
    assert rendered_after(run_cli, specs, tmp_path / "out", monkeypatch) == [
        "module A",
        "module B",
        "page A",
        "page B",
        "page C",
    ]


NEIGHBOUR_DESCRIPTIONS = """\
# {{ declaration.name }}
{% for target in neighbours %}
- {{ target }}: {{ (target | declaration).description | markdown_cell }}
{% endfor %}
"""


def test_a_change_to_what_a_template_reads_renders_it_again(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template of one's own reads the description of each declaration a page names: an edit to
    D's description must reach the pages of C, Kind and Level, whose users D is."""
    specs = write_specs(tmp_path / "specs", CHAIN)
    overrides = tmp_path / "overrides" / "docs"
    overrides.mkdir(parents=True)
    (overrides / "declaration.md.jinja").write_text(NEIGHBOUR_DESCRIPTIONS, encoding="utf-8")
    options = ("--templates", str(overrides.parent))
    assert run_cli(specs, "-o", tmp_path / "out", *options).code == 0
    assert "- models.D: Refers to C and Kind." in (tmp_path / "out" / "docs" / "models" / "Kind.md").read_text()
    edit(specs, "models/d.md", "Refers to C and Kind.", "Holds a C and a Kind.")
    assert "page Kind" in rendered_after(run_cli, specs, tmp_path / "out", monkeypatch, *options)
    assert "- models.D: Holds a C and a Kind." in (tmp_path / "out" / "docs" / "models" / "Kind.md").read_text()
    assert run_cli(specs, "-o", tmp_path / "fresh" / "out", "--no-cache", *options).code == 0
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh" / "out")


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


# --- the differential property on a real corpus: random edit sequences ---


def _retype(text: str, draw: st.DrawFn) -> str:
    cells = re.findall(r"\| \*(str|int|bool|float)\* ", text)
    if not cells:
        return text
    old = draw(st.sampled_from(sorted(set(cells))))
    new = draw(st.sampled_from(["str", "int", "bool", "float"]))
    return text.replace(f"| *{old}* ", f"| *{new}* ", 1)


def _reword(text: str, draw: st.DrawFn) -> str:
    return text.replace("\n\n", f"\n\n{draw(st.sampled_from(['Edited.', 'A new paragraph.']))}\n\n", 1)


def _rename(text: str, draw: st.DrawFn) -> str:
    return re.sub(r"^# (\w+)", r"# \1Renamed", text, count=1)


def _drop_row(text: str, draw: st.DrawFn) -> str:
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return text.replace(draw(st.sampled_from(rows)) + "\n", "", 1) if rows else text


def _flip_required(text: str, draw: st.DrawFn) -> str:
    marks = (":heavy_check_mark:", ":heavy_minus_sign:")
    old, new = marks if draw(st.booleans()) else marks[::-1]
    return text.replace(old, new, 1)


EDIT_KINDS = [_retype, _reword, _rename, _drop_row, _flip_required]


Edit = tuple[str, Callable[[str, st.DrawFn], str]]  # a spec file, and how to change it


@st.composite
def edits(draw: st.DrawFn) -> list[Edit]:
    """A few edits, each of one spec file; an edit draws its own details when it is applied."""
    files = sorted(path.name for path in (CORPUS / "atoma-python" / "docs" / "models").glob("*.md"))
    return draw(st.lists(st.tuples(st.sampled_from(files), st.sampled_from(EDIT_KINDS)), min_size=1, max_size=3))


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "atoma-python").is_dir(), reason="../shared/corpus is absent")
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=edits(), data=st.data())
def test_random_edits_to_a_real_corpus_give_what_a_run_without_the_cache_gives(
    run_cli, sequence: list[Edit], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        specs = work / "models"  # its links climb into a folder of that name: ../models/x.md
        shutil.copytree(CORPUS / "atoma-python" / "docs" / "models", specs)
        assert run_cli(specs, "-o", work / "cached" / "out").code in (0, 1)
        for step, (name, how) in enumerate(sequence):
            spec = specs / name
            spec.write_text(how(spec.read_text(encoding="utf-8"), data.draw), encoding="utf-8")
            cached = run_cli(specs, "-o", work / "cached" / "out")
            fresh = run_cli(specs, "-o", work / f"fresh{step}" / "out", "--no-cache")
            assert (cached.code, cached.err) == (fresh.code, fresh.err)
            if fresh.code == 0:
                assert snapshot(work / "cached" / "out") == snapshot(work / f"fresh{step}" / "out")
