"""`gen-models diff` end to end: the sides (folders, git refs, each with its own settings), exit
codes, output formats, suppressions and a report that does not depend on the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_specs
from test_diff_table import ID, NICKNAME, OWNER, PET, pet

from generator.cli import EXIT_BREAKING, EXIT_ERRORS, EXIT_OK, EXIT_USAGE

# The old side, and a new one that removes a required field (ok / error / error) and adds a model.
NEW = {**pet(ID, NICKNAME), **OWNER}


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in reports are relative to the current folder where that is shorter."""
    monkeypatch.chdir(tmp_path)


def sides(old: dict[str, str] = PET, new: dict[str, str] = NEW) -> tuple[Path, Path]:
    """The two spec folders, relative to the current folder (tmp_path)."""
    return write_specs(Path("old"), old), write_specs(Path("new"), new)


def pyproject(folder: Path, text: str) -> None:
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")


def test_no_change_exits_0_and_a_breaking_one_4(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    same = run_cli("diff", old, old)
    assert (same.code, same.out) == (EXIT_OK, f"gen-models diff {old} {old}: no changes\n")
    result = run_cli("diff", old, new)
    assert result.code == EXIT_BREAKING, result.err
    assert result.out.splitlines() == [
        f"{old}/models/pet.md:10:3: error[field-removed]: models.Pet.name: field removed, was `str` (read-old ok, read-new error, python error)",
        f"{new}/models/owner.md:1:1: ok[declaration-added]: models.Owner: declaration added: `model` (read-old ok, read-new ok, python ok)",
        f"gen-models diff {old} {new}: 1 error, 1 ok",
    ]


def test_surface_and_fail_on_choose_what_fails(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    assert run_cli("diff", old, new, "--surface", "read-old").code == EXIT_OK
    assert run_cli("diff", old, new, "--surface", "read-old,python").code == EXIT_BREAKING
    assert run_cli("diff", old, new, "--fail-on", "none").code == EXIT_OK
    nullable = write_specs(tmp_path / "nullable", pet(ID, ("name", "*Nullable[str]*", True), NICKNAME))
    assert run_cli("diff", old, nullable, "--surface", "python").code == EXIT_OK  # a warning
    assert run_cli("diff", old, nullable, "--surface", "python", "--fail-on", "warning").code == EXIT_BREAKING


def test_bad_usage_exits_2_with_a_message(tmp_path: Path, run_cli) -> None:
    old, _ = sides()
    for arguments, said in [
        ((old,), "give two spec folders"),
        ((old, tmp_path / "nowhere"), "does not exist"),
        ((old, old, "--surface", "wire"), "surface: choose among read-old, read-new, python"),
    ]:
        result = run_cli("diff", *arguments)
        assert result.code == EXIT_USAGE and said in result.err, result.err
    pyproject(tmp_path, '[tool.gen-models.diff]\nrules = { field-remove = "warning" }\n')
    result = run_cli("diff", old, old)
    assert result.code == EXIT_USAGE and "no rule is named `field-remove`" in result.err


def test_a_side_that_does_not_load_exits_1_with_its_diagnostics(tmp_path: Path, run_cli) -> None:
    broken = {
        **PET,
        "models/broken.md": "# Broken\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `x` | [models.Nope](nope.md) |\n",
    }
    old, new = sides(PET, broken)
    result = run_cli("diff", old, new)
    assert result.code == EXIT_ERRORS and result.out == ""
    assert f"{new}/models/broken.md:7:" in result.err and "error[" in result.err
    assert "nothing was compared" in result.err


def test_github_annotates_the_new_line_or_the_old_one_for_a_removal(tmp_path: Path, run_cli) -> None:
    old, new = sides(new={**pet(ID, ("name", "*Nullable[str]*", True)), **OWNER})
    result = run_cli("diff", old, new, "--output-format", "github")
    assert result.out.splitlines() == [
        f"::error file={new}/models/pet.md,line=10,col=3,title=became-nullable::models.Pet.name: field became nullable: `str` -> `str | None` (read-old ok, read-new error, python warning)",
        f"::error file={old}/models/pet.md,line=11,col=3,title=field-removed::models.Pet.nickname: field removed, was `str` (read-old ok, read-new ok, python error)",
    ]


def test_json_records(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    document = json.loads(run_cli("diff", old, new, "--output-format", "json").out)
    assert (document["old"], document["new"], document["diagnostics"]) == (str(old), str(new), [])
    removed, added = document["findings"]
    assert removed == {
        "id": "field-removed",
        "severity": {"read-old": "ok", "read-new": "error", "python": "error"},
        "declaration": "models.Pet",
        "field": "name",
        "old": "str",
        "new": "",
        "span": {"path": f"{old}/models/pet.md", "line": 10, "col": 3},
        "heuristic": False,
        "fingerprint": removed["fingerprint"],
        "allowed": None,
        "message": "models.Pet.name: field removed, was `str`",
    }
    assert added["id"] == "declaration-added" and len(removed["fingerprint"]) == 16


def test_the_fingerprint_does_not_depend_on_the_place_or_the_prose(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    moved = {"models/pet.md": "# Pet\n\nReworded.\n\nAt more length.\n\n" + PET["models/pet.md"].split("\n\n", 2)[2]}
    first = json.loads(run_cli("diff", old, new, "--output-format", "json").out)["findings"]
    again = json.loads(run_cli("diff", write_specs(tmp_path / "moved", moved), new, "--output-format", "json").out)[
        "findings"
    ]
    assert [f["fingerprint"] for f in first] == [f["fingerprint"] for f in again]
    assert first[0]["span"]["line"] != again[0]["span"]["line"]


def test_markdown_is_a_pull_request_comment(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    text = run_cli("diff", old, new, "--output-format", "markdown").out
    assert text.startswith("<!-- gen-models diff -->\n## gen-models diff\n")
    assert "**1 breaking change** at or above `error`." in text
    assert "| :x: | models.Pet.name: field removed, was `str` | " in text
    assert "<details><summary>1 compatible change</summary>" in text


def test_an_allowance_by_fingerprint_and_a_rule_override(tmp_path: Path, run_cli) -> None:
    old, new = sides()
    printed = json.loads(run_cli("diff", old, new, "--output-format", "json").out)["findings"][0]["fingerprint"]
    pyproject(
        tmp_path,
        f'[tool.gen-models.diff]\nallow = [\n  {{ fingerprint = "{printed}", reason = "v2 never read it" }},\n  {{ fingerprint = "0123456789abcdef", reason = "gone" }},\n]\n',
    )
    result = run_cli("diff", old, new)
    assert result.code == EXIT_OK
    assert (
        "allowed[field-removed]: models.Pet.name: field removed, was `str` (read-old ok, read-new error, python error); v2 never read it"
        in result.out
    )
    assert (
        result.err
        == "pyproject.toml:4:1: warning[unused-allow]: the allowance of fingerprint 0123456789abcdef matches no change; remove it\n"
    )
    pyproject(tmp_path, '[tool.gen-models.diff]\nrules = { field-removed = "warning" }\nfail-on = "warning"\n')
    result = run_cli("diff", old, new)
    assert (
        result.code == EXIT_BREAKING
        and "warning[field-removed]" in result.out
        and "read-new warning, python warning" in result.out
    )
    assert run_cli("diff", old, new, "--fail-on", "error").code == EXIT_OK


def test_inline_allow_comments(tmp_path: Path, run_cli) -> None:
    allow = "<!-- gen-models: allow {} -->"
    new = pet(ID, NICKNAME)
    new["models/pet.md"] = new["models/pet.md"].replace("# Pet\n", "# Pet " + allow.format("field-removed") + "\n")
    new["models/pet.md"] = new["models/pet.md"].replace("The id. |", "The id. " + allow.format("type-changed") + " |")
    new["models/pet.md"] += "\n" + allow.format("field-remove") + "\n"
    old, new_folder = sides(PET, new)
    result = run_cli("diff", old, new_folder)
    assert result.code == EXIT_OK, result.out
    assert "allowed[field-removed]" in result.out and "an allow comment in the spec, line 1" in result.out
    assert result.err.splitlines() == [
        f"{new_folder}/models/pet.md:9:47: warning[unused-allow]: this allow comment matches no change; remove it",
        f"{new_folder}/models/pet.md:12:1: warning[unknown-rule]: no rule is named `field-remove`",
    ]
    # The comment does not reach the generated docstrings or the comparison.
    assert run_cli("diff", new_folder, write_specs(tmp_path / "plain", pet(ID, NICKNAME))).out.endswith(
        ": no changes\n"
    )


def test_a_removed_declaration_may_be_allowed_where_it_was(tmp_path: Path, run_cli) -> None:
    owner = {
        "models/owner.md": OWNER["models/owner.md"].replace(
            "# Owner", "<!-- gen-models: allow declaration-removed -->\n# Owner"
        )
    }
    old, new = sides({**PET, **owner}, PET)
    result = run_cli("diff", old, new)
    assert result.code == EXIT_OK and "allowed[declaration-removed]" in result.out


def test_the_report_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    many = {
        f"models/m{i}.md": f"# M{i}\n\n## Fields\n\n| Field | Type | Required |\n| --- | --- | --- |\n| `a` | *int* | :heavy_check_mark: |\n| `b` | *str* | :heavy_check_mark: |\n"
        for i in range(12)
    }
    changed = {
        path: text.replace("*int*", "*float*").replace("| `b` | *str* | :heavy_check_mark: |\n", "")
        for path, text in many.items()
    }
    old, new = sides(many, changed)
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "diff",
                str(old),
                str(new),
                "--output-format",
                "markdown",
                "--no-cache",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == EXIT_BREAKING, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments], cwd=repo, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds specs/ (PET) and a pyproject.toml, now edited."""
    root = tmp_path / "repo"
    write_specs(root / "specs", PET)
    pyproject(root, '[tool.gen-models]\nspecs = "specs"\n')
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "specs")
    write_specs(root / "specs", NEW)
    monkeypatch.chdir(root)
    return root


def test_against_a_git_ref(repo: Path, run_cli) -> None:
    result = run_cli("diff", "--against", "HEAD")
    assert result.code == EXIT_BREAKING, result.err
    assert result.out.splitlines()[0].startswith("specs/models/pet.md:10:3: error[field-removed]: models.Pet.name")
    assert result.out.splitlines()[-1] == "gen-models diff HEAD:specs specs: 1 error, 1 ok"
    assert run_cli("diff", "HEAD:specs", "specs").out == result.out
    (repo / "sub").mkdir()
    os.chdir(repo / "sub")
    assert (
        run_cli("diff", "HEAD:../specs", "../specs").out.splitlines()[-1]
        == "gen-models diff HEAD:specs ../specs: 1 error, 1 ok"
    )


def test_each_side_reads_its_own_settings(repo: Path, run_cli) -> None:
    write_specs(repo / "specs", pet(ID, ("pet_name", "*str*", True), NICKNAME))
    git(repo, "commit", "-q", "-am", "pet_name")
    pyproject(repo, '[tool.gen-models]\nspecs = "specs"\nwire-case = "camel"\n')
    result = run_cli("diff", "--against", "HEAD", "--fail-on", "none")
    assert "error[wire-name-changed]: models.Pet.pet_name: JSON key changed: `pet_name` -> `petName`" in result.out


def test_a_ref_that_is_not_there_is_bad_usage(repo: Path, run_cli) -> None:
    result = run_cli("diff", "--against", "no-such-ref")
    assert result.code == EXIT_USAGE and "no commit is named 'no-such-ref'" in result.err
    result = run_cli("diff", "HEAD:nowhere", "specs")
    assert result.code == EXIT_USAGE and "HEAD has no folder nowhere" in result.err


def test_a_spec_folder_named_diff_is_given_as_dot_slash_diff(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_specs(tmp_path / "diff", PET)
    monkeypatch.chdir(tmp_path)
    assert run_cli("./diff", "-o", "out").code == EXIT_OK
    assert (tmp_path / "out" / "models" / "pet.py").is_file()
    assert run_cli("diff", "diff", "diff").out.endswith(": no changes\n")


def test_a_side_that_does_not_load_says_so_in_every_format(tmp_path: Path, run_cli) -> None:
    broken = {
        **PET,
        "models/broken.md": "# Broken\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `x` | [models.Nope](nope.md) |\n",
    }
    old, new = sides(PET, broken)
    document = json.loads(run_cli("diff", old, new, "--output-format", "json").out)
    assert document["findings"] is None and document["diagnostics"][0]["severity"] == "error"
    markdown = run_cli("diff", old, new, "--output-format", "markdown")
    assert markdown.code == EXIT_ERRORS
    assert (
        f"The specs of a side do not load, so nothing was compared:\n\n```text\n{new}/models/broken.md:7:"
        in markdown.out
    )
    github = run_cli("diff", old, new, "--output-format", "github").out
    assert github.startswith(f"::error file={new}/models/broken.md,line=7,")


def test_the_diff_loads_no_black(tmp_path: Path) -> None:
    old, new = sides()
    probe = (
        "import sys; from generator.cli import main; "
        f"code = main(['diff', {str(old)!r}, {str(new)!r}, '--no-cache']); "
        "print(code, sorted(m for m in sys.modules if m == 'black' or m.startswith('black.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == f"{EXIT_BREAKING} []"
