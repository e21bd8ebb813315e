"""The command end to end: exit codes, diagnostics, and what it does to the output folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, snapshot, write_specs

CHOICE = """
    # Choice

    A choice.

    ## Fields

    | Field   | Type                                   | Required           | Description | Example |
    | ------- | -------------------------------------- | ------------------ | ----------- | ------- |
    | `index` | *int*                                  | :heavy_check_mark: | Position    | 0       |
    | `usage` | [Optional[models.Usage]](usage.md)     | :heavy_minus_sign: | N/A         |         |
"""
USAGE = """
    # Usage

    ## Fields

    | Field    | Type  | Required           | Description |
    | -------- | ----- | ------------------ | ----------- |
    | `tokens` | *int* | :heavy_check_mark: | Token count |
"""
BROKEN = """
    # Broken

    ## Fields

    | Field | Type       | Required           | Description |
    | ----- | ---------- | ------------------ | ----------- |
    | `a`   | List[*int* | :heavy_check_mark: | unbalanced  |
    | `b`   | *strr*     | maybe              | misspelt    |
"""


def specs(tmp_path: Path, **extra: str) -> Path:
    files = {"models/choice.md": CHOICE, "models/usage.md": USAGE}
    files.update({f"models/{name}.md": text for name, text in extra.items()})
    return write_specs(tmp_path / "specs", files)


def test_generates_package_docs_and_tests(tmp_path: Path, run_cli) -> None:
    result = run_cli(specs(tmp_path), "-o", tmp_path / "out")
    assert result.code == 0, result.err
    files = snapshot(tmp_path / "out")
    for path in (
        "__init__.py",
        "_runtime.py",
        "models/__init__.py",
        "models/choice.py",
        "models/usage.py",
        "docs/index.md",
        "docs/models/Choice.md",
        "tests/test_models_choice.py",
    ):
        assert path in files
    assert b"class Choice(rt.Model):" in files["models/choice.py"]
    assert b"[Usage](Usage.md)" in files["docs/models/Choice.md"]
    assert b"- [Choice](Choice.md)" in files["docs/models/Usage.md"], "Usage's page links back to its user"


def test_reports_every_error_in_one_run_and_leaves_output_alone(tmp_path: Path, run_cli) -> None:
    root = specs(tmp_path)
    out = tmp_path / "out"
    assert run_cli(root, "-o", out).code == 0
    before = snapshot(out)
    write_specs(root, {"models/broken.md": BROKEN, "models/dangling.md": USAGE.replace("*int*", "[X](nowhere.md)")})
    result = run_cli(root, "-o", out)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if "error[" in line]
    assert "specs/models/broken.md:7:11: error[bad-type]: expected ']' but found 'the end of the cell'" in lines[0]
    assert any("specs/models/broken.md:8:" in line and "error[" in line and "strr" in line for line in lines)
    assert any("specs/models/dangling.md:7:" in line and "dangling-link" in line for line in lines)
    assert snapshot(out) == before


def test_warns_about_examples_that_do_not_fit_and_still_succeeds(tmp_path: Path, run_cli) -> None:
    result = run_cli(PROJECT / "specs", "-o", tmp_path / "generated")
    assert result.code == 0
    assert "specs/models/completionsstreamresponse.md:9:3: warning[example-type]" in result.err
    assert "2021-01-01 00:00:00 +0000 UTC" in result.err


def test_usage_errors_exit_2(tmp_path: Path, run_cli) -> None:
    root = specs(tmp_path)
    (tmp_path / "afile").write_text("x")
    assert run_cli(tmp_path / "missing", "-o", tmp_path / "out").code == 2
    assert run_cli(root, "-o", tmp_path / "afile").code == 2
    assert run_cli(root, "-o", root / "out").code == 2, "output inside the spec folder"
    assert run_cli(root, "-o", tmp_path / "not-a-name").code == 2
    assert not (root / "out").exists()


def test_never_overwrites_or_deletes_files_it_did_not_generate(tmp_path: Path, run_cli) -> None:
    root, out = specs(tmp_path), tmp_path / "out"
    (out / "models").mkdir(parents=True)
    (out / "models" / "usage.py").write_text("# mine\n")
    result = run_cli(root, "-o", out)
    assert result.code == 1
    assert "foreign-file" in result.err
    assert (out / "models" / "usage.py").read_text() == "# mine\n"

    (out / "models" / "usage.py").unlink()
    (out / "custom.py").write_text("# mine too\n")
    assert run_cli(root, "-o", out).code == 0
    (root / "models" / "usage.md").unlink()
    (root / "models" / "choice.md").write_text(
        (root / "models" / "choice.md").read_text().replace("[Optional[models.Usage]](usage.md)", "*Optional[int]*")
    )
    assert run_cli(root, "-o", out).code == 0
    assert not (out / "models" / "usage.py").exists(), "a spec that disappears takes its output with it"
    assert not (out / "docs" / "models" / "Usage.md").exists()
    assert (out / "custom.py").read_text() == "# mine too\n"


def test_keeps_the_users_test_code_across_regeneration(tmp_path: Path, run_cli) -> None:
    root, out = specs(tmp_path), tmp_path / "out"
    assert run_cli(root, "-o", out).code == 0
    test_file = out / "tests" / "test_models_choice.py"
    mine = "def test_mine() -> None:\n    assert 1 + 1 == 2\n"
    test_file.write_text(test_file.read_text().replace("# USER CODE END", mine + "# USER CODE END"))
    (root / "models" / "choice.md").write_text((root / "models" / "choice.md").read_text().replace("Position", "Where"))
    assert run_cli(root, "-o", out).code == 0
    text = test_file.read_text()
    assert mine in text
    assert "Where" in (out / "models" / "choice.py").read_text()


def test_emit_ir_prints_the_model_as_json(tmp_path: Path, run_cli) -> None:
    result = run_cli(specs(tmp_path), "-o", tmp_path / "out", "--emit", "ir")
    assert result.code == 0
    declarations = json.loads(result.out)
    choice = next(d for d in declarations if d["name"] == "Choice")
    assert choice["kind"] == "Model"
    usage = choice["fields"][1]
    assert usage["type"] == {
        "kind": "Ref",
        "name": "models.Usage",
        "link": "usage.md",
        "target": "models.Usage",
        "undeclared_is_any": False,
    }
    assert usage["span"] == {"kind": "Span", "path": "models/choice.md", "line": 10, "col": 3}
    assert not (tmp_path / "out").exists(), "--emit ir writes nothing"


def test_runs_as_a_module_and_as_a_script(tmp_path: Path) -> None:
    many = specs(tmp_path / "many", **{f"usage{i}": USAGE.replace("# Usage", f"# Usage{i}") for i in range(200)})
    broken = specs(tmp_path / "broken", broken=BROKEN)
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    for command in ([sys.executable, "-m", "generator"], [str(Path(sys.executable).parent / "gen-models")]):
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
        assert done.returncode == 0
        assert done.stdout.startswith("gen-models ")
        # The command ends with os._exit: what it printed must still arrive whole, with its exit code.
        emit = [str(many), "-o", str(tmp_path / "unused"), "--emit", "ir", "--no-cache"]
        done = subprocess.run([*command, *emit], capture_output=True, text=True, check=False, env=buffered)
        assert done.returncode == 0
        assert len(done.stdout) > 65536, "more than a pipe holds at once"
        assert done.stdout.endswith("}\n]\n") and len(json.loads(done.stdout)) == 202
        done = subprocess.run([*command, str(broken), "-o", str(tmp_path / "out")], capture_output=True, env=buffered)
        assert done.returncode == 1
        assert done.stderr.count(b"broken.md:") >= 2, done.stderr


def test_output_is_byte_identical_across_file_order_and_hash_seed(tmp_path: Path) -> None:
    trees = []
    for seed, names in (("0", ["choice", "usage", "zeta"]), ("12345", ["zeta", "usage", "choice"])):
        root = tmp_path / f"run{seed}" / "specs"
        texts = {"choice": CHOICE, "usage": USAGE, "zeta": USAGE.replace("# Usage", "# Zeta")}
        for name in names:  # files created in a different order
            write_specs(root, {f"models/{name}.md": texts[name]})
        out = tmp_path / f"run{seed}" / "generated"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "generator", str(root), "-o", str(out)], env=env, check=True, capture_output=True
        )
        trees.append(snapshot(out))
    assert trees[0] == trees[1]


def test_committed_generated_folder_matches_the_specs(tmp_path: Path, run_cli) -> None:
    shutil.copytree(PROJECT / "specs", tmp_path / "specs")  # beside the output, as in the project
    assert run_cli(tmp_path / "specs", "-o", tmp_path / "generated").code == 0
    assert snapshot(tmp_path / "generated") == snapshot(PROJECT / "generated")
