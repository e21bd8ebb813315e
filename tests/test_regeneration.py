"""gen-models as a CI step: --check, --diff, output formats, pyproject settings, atomic writes, --watch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT, snapshot, write_specs

from generator import write

PET = """
    # Pet

    ## Fields

    | Field  | Type  | Required           | Description | Example |
    | ------ | ----- | ------------------ | ----------- | ------- |
    | `name` | *str* | :heavy_check_mark: | Its name    | Rex     |
    | `age`  | *int* | :heavy_minus_sign: | In years    | 3       |
"""
OWNER = """
    # Owner

    ## Fields

    | Field  | Type                                | Required           | Description |
    | ------ | ----------------------------------- | ------------------ | ----------- |
    | `pets` | List[[models.Pet](pet.md)]          | :heavy_check_mark: | Their pets  |
"""
BROKEN = """
    # Broken

    ## Fields

    | Field | Type   | Required           | Description |
    | ----- | ------ | ------------------ | ----------- |
    | `a`   | *strr* | :heavy_check_mark: | misspelt    |
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with specs and a pyproject.toml that names them; the current folder."""
    write_specs(tmp_path / "specs", {"models/pet.md": PET, "models/owner.md": OWNER})
    (tmp_path / "pyproject.toml").write_text('[tool.gen-models]\nspecs = "specs"\noutput = "models_out"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bare_command_uses_pyproject_settings(project: Path, run_cli) -> None:
    assert run_cli().code == 0
    assert (project / "models_out" / "models" / "pet.py").is_file()
    assert run_cli("--check").code == 0


def test_command_line_wins_over_pyproject(project: Path, run_cli) -> None:
    with (project / "pyproject.toml").open("a") as stream:
        stream.write('output-format = "json"\n')
    result = run_cli("-o", "elsewhere", "--output-format", "text")
    assert result.code == 0
    assert (project / "elsewhere").is_dir() and not (project / "models_out").exists()
    assert "warning" not in result.out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('colour = "red"\n', "unknown key `colour`"),
        ('wire-case = "kebab"\n', "must be one of spec, camel"),
        ("check = 1\n", "must be true or false"),
    ],
)
def test_bad_pyproject_settings_are_usage_errors(project: Path, run_cli, line: str, message: str) -> None:
    with (project / "pyproject.toml").open("a") as stream:
        stream.write(line)
    result = run_cli()
    assert result.code == 2
    assert message in result.err


def test_check_detects_stale_output_and_writes_nothing(project: Path, run_cli) -> None:
    assert run_cli().code == 0
    before = snapshot(project / "models_out")
    write_specs(project / "specs", {"models/pet.md": PET.replace("Its name", "What it answers to")})
    write_specs(project / "specs", {"models/toy.md": PET.replace("# Pet", "# Toy")})
    (project / "specs" / "models" / "owner.md").unlink()
    result = run_cli("--check")
    assert result.code == 1
    assert "would change models_out/models/pet.py" in result.err
    assert "would add models_out/models/toy.py" in result.err
    assert "would remove models_out/models/owner.py" in result.err
    assert snapshot(project / "models_out") == before


def test_diff_shows_the_change_as_unified_hunks(project: Path, run_cli) -> None:
    assert run_cli().code == 0
    before = snapshot(project / "models_out")
    write_specs(project / "specs", {"models/pet.md": PET.replace("Its name", "What it answers to")})
    result = run_cli("--diff")
    assert result.code == 0, "--diff alone reports; it does not fail"
    assert "--- a/models_out/models/pet.py\n+++ b/models_out/models/pet.py\n@@ " in result.out
    assert '-    """Its name"""\n+    """What it answers to"""\n' in result.out
    assert run_cli("--check", "--diff").code == 1
    assert snapshot(project / "models_out") == before


def test_github_format_is_parsed_back(project: Path, run_cli) -> None:
    write_specs(project / "specs", {"models/broken.md": BROKEN})
    result = run_cli("--output-format", "github")
    assert result.code == 1
    commands = re.findall(
        r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)$", result.out, re.MULTILINE
    )
    assert ("error", "specs/models/broken.md", "7", "11", "bad-type") in [c[:5] for c in commands]
    assert any("strr" in message and "did you mean `str`?" in message for *_, message in commands)


def test_json_format_is_one_document(project: Path, run_cli) -> None:
    write_specs(project / "specs", {"models/broken.md": BROKEN})
    result = run_cli("--output-format", "json")
    assert result.code == 1
    (problem,) = json.loads(result.out)
    assert problem == {
        "path": "specs/models/broken.md",
        "line": 7,
        "col": 11,
        "severity": "error",
        "code": "bad-type",
        "message": "unknown type `strr`",
        "hint": "did you mean `str`?",
    }


def test_a_failure_while_writing_leaves_the_old_output(project: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli().code == 0
    before = snapshot(project / "models_out")
    write_specs(project / "specs", {"models/pet.md": PET.replace("Its name", "Changed")})
    write_specs(project / "specs", {"extra/toy.md": PET.replace("# Pet", "# Toy")})
    staged: list[str] = []
    real_stage = write._stage

    def failing_stage(output: Path, path: str, text: str) -> str:
        if len(staged) == 3:
            raise OSError("disk full")
        staged.append(real_stage(output, path, text))
        return staged[-1]

    monkeypatch.setattr(write, "_stage", failing_stage)
    result = run_cli()
    assert result.code == 1
    assert "gen-models: error: cannot write models_out: disk full" in result.err
    assert snapshot(project / "models_out") == before, "no file changed, no staged file or folder left"

    def interrupted_stage(output: Path, path: str, text: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_stage", interrupted_stage)
    assert run_cli().code == 130
    assert snapshot(project / "models_out") == before


def test_a_run_killed_while_renaming_is_completed_by_the_next(
    project: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli().code == 0
    (project / "models_out" / "custom.py").write_text("# mine\n")
    write_specs(project / "specs", {"models/pet.md": PET.replace("Its name", "Changed")})
    (project / "specs" / "models" / "owner.md").unlink()
    real_replace = os.replace
    renames: list[str] = []

    def killed_replace(source: str | Path, target: str | Path) -> None:
        if len(renames) == 2 and str(source).endswith(write.STAGED):
            raise SystemExit("killed")  # as if the process died here, leaving the journal behind
        renames.append(str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", killed_replace)
    with pytest.raises(SystemExit):
        run_cli()
    monkeypatch.setattr(os, "replace", real_replace)
    assert write.pending(project / "models_out")
    check = run_cli("--check")
    assert check.code == 1
    assert "holds the work of an interrupted run" in check.err
    assert run_cli().code == 0
    fresh = project / "fresh"
    shutil.copytree(project / "specs", fresh / "specs")  # beside its output, as the docs' links to it
    assert run_cli(fresh / "specs", "-o", fresh / "models_out").code == 0
    repaired = snapshot(project / "models_out")
    assert repaired.pop("custom.py") == b"# mine\n"
    assert repaired == snapshot(fresh / "models_out")


def test_output_is_the_same_from_any_absolute_path(tmp_path: Path, run_cli) -> None:
    trees = []
    for place in ("a", "deeper/b"):
        root = write_specs(tmp_path / place / "specs", {"models/pet.md": PET, "models/owner.md": OWNER})
        assert run_cli(root, "-o", tmp_path / place / "out").code == 0
        trees.append(snapshot(tmp_path / place / "out"))
    assert trees[0] == trees[1]


def test_pre_commit_hook_runs_gen_models() -> None:
    text = (PROJECT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: gen-models\n" in text
    assert "  entry: gen-models\n" in text
    assert "  pass_filenames: false\n" in text


def test_pre_commit_hook_runs_the_diff_against_the_last_commit() -> None:
    text = (PROJECT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: gen-models-diff\n" in text
    assert "  entry: gen-models diff --against HEAD\n" in text


def test_watch_regenerates_on_change_and_survives_errors(project: Path) -> None:
    command = [str(Path(sys.executable).parent / "gen-models"), "--watch"]
    watcher = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)
    try:
        pet = project / "models_out" / "models" / "pet.py"
        wait_for(lambda: pet.is_file())
        write_specs(project / "specs", {"models/broken.md": BROKEN})
        time.sleep(1.0)
        write_specs(project / "specs", {"models/pet.md": PET.replace("Its name", "Renamed")})
        (project / "specs" / "models" / "broken.md").unlink()
        wait_for(lambda: "Renamed" in pet.read_text())
        assert watcher.poll() is None, "still watching"
    finally:
        watcher.terminate()
        _, err = watcher.communicate(timeout=10)
    assert "error[bad-type]" in err, "the broken spec was reported while watching"


def wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_ci_checks_the_committed_output_with_check() -> None:
    assert "gen-models --check" in (PROJECT / ".ci" / "run").read_text()
