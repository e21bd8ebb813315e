"""Bad input and hostile specs: every kind of broken or malicious input meets a clear diagnostic
naming file and line, never a traceback; a failed run leaves the output folder byte-identical; and
nothing written in a spec is ever executed or read from outside the spec folder.

Each category has one or more parametrized tests. Cases that gen-models gets wrong today are kept
as strict xfails whose reason starts with BUG, so that a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dataclasses
import importlib
import inspect
import io
import os
import pathlib
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import typing
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import PROJECT, importable, snapshot, write_specs

from generator.cli import main
from generator.incremental import read as read_specs

# ---------------------------------------------------------------------------------------------
# Helpers: a valid output folder made first, then broken specs added, then the run checked.
# ---------------------------------------------------------------------------------------------

DIAGNOSTIC = re.compile(
    r"^(?P<path>.*):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)\[(?P<code>[A-Za-z0-9_-]+)\]: (?P<message>.*)$"
)

USAGE = """
    # Usage

    ## Fields

    | Field    | Type  | Required           | Description | Example |
    | -------- | ----- | ------------------ | ----------- | ------- |
    | `tokens` | *int* | :heavy_check_mark: | Token count | 3       |
"""
CHOICE = """
    # Choice

    A choice.

    ## Fields

    | Field   | Type                               | Required           | Description | Example |
    | ------- | ---------------------------------- | ------------------ | ----------- | ------- |
    | `index` | *int*                              | :heavy_check_mark: | Position    | 0       |
    | `usage` | [Optional[models.Usage]](usage.md) | :heavy_minus_sign: | Its usage   |         |
"""
GOOD = {"models/usage.md": USAGE, "models/choice.md": CHOICE}


@dataclasses.dataclass(frozen=True)
class Found:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str


@dataclasses.dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def diagnostics(self) -> list[Found]:
        found = []
        for line in self.err.splitlines():
            match = DIAGNOSTIC.match(line)
            if match:
                fields = match.groupdict()
                found.append(
                    Found(
                        fields["path"],
                        int(fields["line"]),
                        int(fields["col"]),
                        fields["severity"],
                        fields["code"],
                        fields["message"],
                    )
                )
        return found

    def expect(
        self,
        code: str,
        line: int | tuple[int, ...],
        col: int | tuple[int, ...] | None = None,
        path: str = "models/broken.md",
        exit_code: int = 1,
        severity: str = "error",
    ) -> Found:
        """The run exited with exit_code and reported `code` at path:line(:col)."""
        assert self.code == exit_code, self.err
        lines = line if isinstance(line, tuple) else (line,)
        cols = col if isinstance(col, tuple) else (col,)
        hits = [d for d in self.diagnostics if d.code == code and d.path.endswith(f"specs/{path}")]
        assert hits, f"no {code} diagnostic for {path} in:\n{self.err}"
        for hit in hits:
            if hit.line in lines and (col is None or hit.col in cols) and hit.severity == severity:
                return hit
        raise AssertionError(f"{code} is not reported at {path}:{lines}:{cols}:\n{self.err}")


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write spec files exactly: text is dedented like write_specs, bytes are written as they are."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")


class Checked:
    """A spec folder whose valid specs were generated into `out`; `run` adds specs, runs the CLI and
    checks that no traceback is printed and that a failed run leaves `out` byte-identical."""

    def __init__(self, root: Path, out: Path, run_cli: Callable[..., Any]) -> None:
        self.root, self.out, self.run_cli = root, out, run_cli
        self.before = snapshot(out)

    def run(self, files: dict[str, str | bytes] | None = None, *extra: str) -> Outcome:
        write_files(self.root, files or {})
        result = self.run_cli(self.root, "-o", self.out, *extra)
        outcome = Outcome(result.code, result.out, result.err)
        assert "Traceback" not in outcome.err
        assert outcome.code in (0, 1), outcome.err
        if outcome.code != 0:
            assert snapshot(self.out) == self.before, "a failed run changed the output folder"
            assert "gen-models: errors found; the output folder was not changed" in outcome.err
        return outcome


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GOOD generated once; each test gets a copy of the specs and the output."""
    folder = tmp_path_factory.mktemp("baseline")
    outcome = generate(GOOD, folder / "out")
    assert outcome.code == 0, outcome.err
    return folder


@pytest.fixture
def checked(tmp_path: Path, baseline: Path, run_cli) -> Checked:  # type: ignore[no-untyped-def]
    shutil.copytree(baseline / "specs_out", tmp_path / "specs")
    shutil.copytree(baseline / "out", tmp_path / "out")
    assert run_cli(tmp_path / "specs", "-o", tmp_path / "out").code == 0  # its docs link to specs/ now
    return Checked(tmp_path / "specs", tmp_path / "out", run_cli)


def sep(columns: int) -> str:
    return "|" + " --- |" * columns


def model(*rows: str, header: str = "| Field | Type | Required | Description |") -> str:
    """A model spec: line 1 `# Broken`, line 3 `## Fields`, line 5 the header, line 6 the separator,
    and the rows from line 7 on."""
    columns = header.count("|") - 1
    return "\n".join(["# Broken", "", "## Fields", "", header, sep(columns), *rows]) + "\n"


def generate(specs: dict[str, str | bytes], out: Path, *extra: str) -> Outcome:
    """Run the CLI in-process outside a test's capsys (for module-scoped fixtures)."""
    root = out.parent / f"specs_{out.name}"
    write_files(root, specs)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(out.parent / ".cache"))  # never the user's cache
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main([str(root), "-o", str(out), *extra])
    return Outcome(code, stdout.getvalue(), stderr.getvalue())


def compiles(package: Path) -> bool:
    try:
        for path, source in python_files(package).items():
            compile(source, path, "exec")
    except SyntaxError:
        return False
    return True


def run_mypy(folder: Path, *packages: str) -> str:
    """mypy --strict over packages at once; those that do not even compile are left out (so that one
    cannot stop the checking of the others) and reported as `<package>/: does not compile`."""
    broken = [package for package in packages if not compiles(folder / package)]
    packages = tuple(package for package in packages if package not in broken)
    if not packages:
        return "".join(f"{package}/: does not compile\n" for package in broken)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(folder / ".mypy"), *packages],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr + "".join(f"{package}/: does not compile\n" for package in broken)


def run_generated_tests(folder: Path, *packages: str) -> dict[str, list[str]]:
    """Run the generated tests of packages in one pytest process: {package: [problems]}, where a
    package with no passing test, or any failure or error, has problems."""
    report = folder / "junit.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--continue-on-collection-errors",
            "-W",
            "error::pytest.PytestCollectionWarning",
            f"--junitxml={report}",
            *packages,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    results: dict[str, list[str]] = {package: [] for package in packages}
    passed: dict[str, int] = dict.fromkeys(packages, 0)
    if not report.exists():
        return {package: [done.stdout[-2000:] + done.stderr[-2000:]] for package in packages}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        names = (case.get("classname") or "", case.get("name") or "")
        where = ".".join(name for name in names if name)
        package = next((p for p in packages if any(n.startswith((f"{p}.", f"{p}/")) for n in names)), None)
        if package is None:
            for p in packages:
                results[p].append(f"unattributed result {where}")
            continue
        problems = [child for child in case if child.tag in ("failure", "error")]
        if problems:
            results[package].append(f"{where}: {(problems[0].get('message') or '')[:300]}")
        elif not [child for child in case if child.tag == "skipped"]:
            passed[package] += 1
    for package in packages:
        if not passed[package]:
            results[package].append("no generated test passed")
    return results


def python_files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}


# ---------------------------------------------------------------------------------------------
# Malformed tables
# ---------------------------------------------------------------------------------------------

ROW = "| `ok` | *int* | :heavy_check_mark: | fine |"


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        pytest.param(model(ROW, "| `y` | *int* |"), "row-width", 8, 1, id="too-few-cells"),
        pytest.param(model("| `y` |", ROW), "row-width", 7, 1, id="one-cell"),
        pytest.param(
            model(ROW, "| `y` | *int* | :heavy_check_mark: | a | b |"), "row-width", 8, 1, id="too-many-cells"
        ),
        pytest.param(
            model("| `y` | *str* | :heavy_check_mark: | either a | b |"), "row-width", 7, 1, id="unescaped-pipe"
        ),
        pytest.param(
            "# Broken\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | a |\n| `B` |\n",
            "row-width",
            8,
            1,
            id="enum-row-too-few-cells",
        ),
        pytest.param(model(ROW, "| `y` | *int* | perhaps | d |"), "bad-required", 8, 17, id="required-perhaps"),
        pytest.param(model("| `y` | *int* | :white_check_mark: | d |"), "bad-required", 7, 17, id="required-emoji"),
        pytest.param(model("| `y` | *int* |  | d |"), "bad-required", 7, (17, 18), id="required-empty"),
        pytest.param(model("| `y` | *int* | required? | d |"), "bad-required", 7, 17, id="required-question"),
        pytest.param(
            model(ROW, "| `ok` | *str* | :heavy_minus_sign: | again |"), "duplicate-field", 8, 3, id="duplicate"
        ),
        pytest.param(
            model(ROW, "| ~~`ok`~~ | *str* | :heavy_minus_sign: | struck |"),
            "duplicate-field",
            8,
            3,
            id="duplicate-struck",
        ),
        pytest.param(
            model("| `class` | *str* | yes | d |", "| `class_` | *str* | yes | d |"),
            "name-collision",
            8,
            3,
            id="duplicate-after-escaping",
        ),
        pytest.param(
            model("| `from_` | *str* | yes | d |", "| `from` | *str* | yes | d |"),
            "name-collision",
            8,
            3,
            id="duplicate-json-key",
        ),
        pytest.param(model("| | *int* | yes | d |"), "empty-name", 7, (2, 3), id="empty-field-name"),
        pytest.param(
            model("| `x` | *int* | yes |", header="| Field | Required | Description |"),
            "missing-column",
            5,
            1,
            id="no-type-column",
        ),
        pytest.param(
            model("| *int* | yes | d |", header="| Type | Required | Description |"),
            "missing-column",
            5,
            1,
            id="no-name-column",
        ),
        pytest.param(
            "# Broken\n\n## Fields\n\n```\n| Field | Type |\n| --- | --- |\n| `x` | *int* |\n```\n",
            "no-table",
            (1, 3),
            None,
            id="table-in-code-fence",
        ),
        pytest.param(
            "# Broken\n\n## Fields\n\n~~~markdown\n| Field | Type |\n| --- | --- |\n| `x` | *int* |\n~~~\n",
            "no-table",
            (1, 3),
            None,
            id="table-in-tilde-fence",
        ),
        pytest.param(
            "# Broken\n\n## Fields\n\n    | Field | Type |\n    | --- | --- |\n    | `x` | *int* |\n",
            "no-table",
            (1, 3),
            None,
            id="table-in-indented-code",
        ),
        pytest.param(
            "# Broken\n\n## Values\n\n```\n| Name | Value |\n| --- | --- |\n| `A` | a |\n```\n",
            "no-values",
            (1, 3),
            None,
            id="enum-table-in-code-fence",
        ),
        pytest.param(
            "# Broken\n\n## Fields\n\n| Field | Type | Required |\n| `x` | *int* | yes |\n",
            "no-table",
            5,
            None,
            id="missing-separator",
        ),
    ],
)
def test_malformed_tables_are_reported_where_they_are(
    checked: Checked, text: str, code: str, line: int | tuple[int, ...], col: int | tuple[int, ...] | None
) -> None:
    checked.run({"models/broken.md": text}).expect(code, line, col)


def test_a_table_without_separator_row_is_never_taken_for_fields(checked: Checked) -> None:
    text = "# Broken\n\n## Fields\n\n| Field | Type | Required |\n| `x` | *int* | yes |\n"
    outcome = checked.run({"models/broken.md": text})
    assert "separator" in outcome.expect("no-table", 5).message


def test_every_bad_row_of_a_table_is_reported_in_one_run(checked: Checked) -> None:
    text = model(
        "| `a` | *int* |",
        "| `b` | *strr* | :heavy_check_mark: | d |",
        "| `c` | *int* | maybe | d |",
        ROW,
        ROW,
        "| `d` | *int* | yes | d | e |",
    )
    outcome = checked.run({"models/broken.md": text})
    outcome.expect("row-width", 7, 1)
    outcome.expect("bad-type", 8, 9)
    outcome.expect("bad-required", 9, 17)
    outcome.expect("duplicate-field", 11, 3)
    outcome.expect("row-width", 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("# Broken\n\n## Supported Types\n\n```python\nvalue: str\n```\n", id="only-code"),
        pytest.param(
            "# Broken\n\n## Supported Types\n\n```python\nvalue: str\n```\n```\n\n### `str`\n",
            id="fence-swallows-variants",
        ),
    ],
)
def test_a_union_with_no_variants_is_an_error(checked: Checked, text: str) -> None:
    checked.run({"models/broken.md": text}).expect("no-variants", (1, 3))


@pytest.mark.parametrize(
    "header",
    [
        "| Type | Field | Required | Description |",
        "| Description | Required | Type | Name |",
        "| Example | Type | Field | Notes | Required |",
        "| REQUIRED | description | type | FIELD |",
    ],
)
def test_reordered_columns_still_work_and_unknown_ones_are_warned_about(
    checked: Checked, tmp_path: Path, header: str
) -> None:
    values = {"field": "`count`", "name": "`count`", "type": "*int*", "required": ":heavy_minus_sign:"}
    values.update({"description": "How many", "example": "7", "notes": "ignored"})
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    row = "| " + " | ".join(values[cell.lower()] for cell in cells) + " |"
    second = row.replace("`count`", "`label`").replace("*int*", "*str*").replace(":heavy_minus_sign:", "yes")
    outcome = checked.run({"models/broken.md": model(row, second.replace("| 7 |", "| x |"), header=header)})
    assert outcome.code == 0, outcome.err
    unknown = [d for d in outcome.diagnostics if d.code == "unknown-column"]
    if "Notes" in header:
        assert [(d.line, d.col, d.severity) for d in unknown] == [(5, header.index("Notes") + 1, "warning")]
        assert "`Notes`" in unknown[0].message
    else:
        assert unknown == []
    with importable(tmp_path):
        broken = importlib.import_module("out.models").Broken
        value = broken.from_dict({"label": "x", "count": 7})
        assert value.count == 7 and value.label == "x"
        assert broken.from_dict({"label": "y"}).to_dict() == {"label": "y"}, "count is optional"
        with pytest.raises(ValueError, match="label: required field is missing"):
            broken.from_dict({"count": 1})
        with pytest.raises(ValueError, match="count: expected int"):
            broken.from_dict({"label": "x", "count": "7"})


# ---------------------------------------------------------------------------------------------
# Type cells
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "message", "hint"),
    [
        pytest.param("*strr*", "unknown type `strr`", "did you mean `str`?", id="strr"),
        pytest.param("*strng*", "unknown type `strng`", "did you mean `str`?", id="strng"),
        pytest.param("*flaot*", "unknown type `flaot`", "did you mean `float`?", id="flaot"),
        pytest.param("Lst[*int*]", "unknown type `Lst[...]`", "did you mean `List`?", id="Lst"),
        pytest.param("*Dcit[str, int]*", "unknown type `Dcit[...]`", "did you mean `Dict`?", id="Dcit"),
        pytest.param("Optinal[*str*]", "unknown type `Optinal[...]`", "did you mean `Optional`?", id="Optinal"),
        pytest.param("Dictt[str, *int*]", "unknown type `Dictt[...]`", "did you mean `Dict`?", id="Dictt"),
        pytest.param("List[*strr*]", "unknown type `strr`", "did you mean `str`?", id="nested-strr"),
    ],
)
def test_unknown_type_names_say_what_was_meant(checked: Checked, cell: str, message: str, hint: str) -> None:
    outcome = checked.run({"models/broken.md": model(ROW, f"| `x` | {cell} | :heavy_check_mark: | d |")})
    found = outcome.expect("bad-type", 8, 9)
    assert message in found.message
    if hint:
        assert found.message.endswith(f"(hint: {hint})")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        pytest.param("List[*int*", "expected ']'", id="missing-close"),
        pytest.param("List[*int*]]", "unexpected ']'", id="extra-close"),
        pytest.param("Dict[str, List[*int*]", "expected ']'", id="nested-missing-close"),
        pytest.param("List[", "expected a type", id="open-only"),
        pytest.param("]", "expected a type", id="close-only"),
        pytest.param("Optional[[*int*]", "expected", id="double-open"),
        pytest.param("List[*int*, *str*]", "takes 1 type argument", id="too-many-arguments"),
        pytest.param("Dict[*int*, *str*]", "keys must be `str`", id="dict-int-keys"),
        pytest.param("List", "needs its type arguments", id="bare-wrapper"),
        pytest.param("None", "`None` can only be a member", id="bare-none"),
        pytest.param("Literal[]", "expected a literal value", id="empty-literal"),
        pytest.param("*int* *str*", "unexpected", id="two-types"),
        pytest.param("int; import os", "unexpected character ';'", id="code"),
    ],
)
def test_unbalanced_and_malformed_type_cells(checked: Checked, cell: str, message: str) -> None:
    outcome = checked.run({"models/broken.md": model(ROW, f"| `x` | {cell} | :heavy_check_mark: | d |")})
    assert message in outcome.expect("bad-type", 8, 9).message


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("", id="empty"),
        pytest.param("    ", id="blank"),
        pytest.param("**", id="empty-emphasis"),
        pytest.param("` `", id="blank-code-span"),
        pytest.param("~~ ~~", id="strike-only"),
        pytest.param("<br/>", id="line-break-only"),
    ],
)
def test_empty_type_cells(checked: Checked, cell: str) -> None:
    row = f"| `x` |{cell}| yes | d |"
    closing_pipe = row.index("|", 7) + 1
    outcome = checked.run({"models/broken.md": model(ROW, row)})
    found = outcome.expect("bad-type", 8, tuple(range(8, closing_pipe + 1)))
    assert "empty" in found.message


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("[models.Usage]()", id="model"),
        pytest.param("[Optional[models.Usage]]()", id="around-wrapper"),
        pytest.param("List[[models.Usage]()]", id="inside-wrapper"),
        pytest.param("[models.Usage](<>)", id="angle-brackets"),
    ],
)
def test_links_with_no_target(checked: Checked, cell: str) -> None:
    outcome = checked.run({"models/broken.md": model(ROW, f"| `x` | {cell} | yes | d |")})
    assert "no target" in outcome.expect("bad-type", 8, 9).message


def test_nesting_a_hundred_deep_works(tmp_path: Path, run_cli) -> None:
    cell = "List[" * 100 + "*int*" + "]" * 100
    root = write_specs(
        tmp_path / "specs", {"models/deep.md": model(f"| `x` | {cell} | yes | d |").replace("Broken", "Deep")}
    )
    assert run_cli(root, "-o", tmp_path / "out").code == 0
    with importable(tmp_path):
        deep = importlib.import_module("out.models").Deep
        payload = {"x": [[[[]]]]}
        assert deep.from_dict(payload).to_dict() == payload
        with pytest.raises(ValueError, match="expected"):
            deep.from_dict({"x": [[["no"]]]})


@pytest.mark.parametrize("depth", [300, 3000, 30000])
def test_absurdly_deep_nesting_is_a_diagnostic(checked: Checked, depth: int) -> None:
    cell = "List[" * depth + "*int*" + "]" * depth
    outcome = checked.run({"models/broken.md": model(f"| `x` | {cell} | yes | d |")})
    assert "deep" in outcome.expect("bad-type", 7, 9).message


# ---------------------------------------------------------------------------------------------
# References: dangling, outside the spec folder, cycles, duplicates and case collisions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        pytest.param(
            "[models.Nowhere](nowhere.md)", "dangling-link", "`nowhere.md` names no declaration", id="no-file"
        ),
        pytest.param("[models.Usage](usage.md#nothing)", "dangling-link", "usage.md#nothing", id="no-anchor"),
        pytest.param("[models.Usage](../models/)", "dangling-link", "../models/", id="folder"),
        pytest.param("[models.Usage](.)", "dangling-link", "names no declaration", id="dot"),
        pytest.param("[models.Usage](usage.MD)", "dangling-link", "usage.MD", id="wrong-case-extension"),
        pytest.param("List[[models.Usage](usge.md)]", "dangling-link", "usge.md", id="inside-list"),
        pytest.param("models.Usag", "unknown-reference", "did you mean `Usage`?", id="unknown-name"),
        pytest.param("shared.Nothing", "unknown-reference", "no spec declares `shared.Nothing`", id="unknown-prefixed"),
    ],
)
def test_dangling_references(checked: Checked, cell: str, code: str, message: str) -> None:
    outcome = checked.run({"models/broken.md": model(ROW, f"| `x` | {cell} | yes | d |")})
    found = outcome.expect(code, 8, (3, 9))  # the row's field or its type cell
    assert message in found.message  # the message, with its hint


def test_a_link_to_a_prose_only_spec_dangles(checked: Checked) -> None:
    outcome = checked.run(
        {"models/prose.md": "Just words.\n", "models/broken.md": model("| `x` | [models.Prose](prose.md) | yes | d |")}
    )
    outcome.expect("dangling-link", 7, (3, 9))
    outcome.expect("no-declaration", 1, path="models/prose.md", severity="warning")


def test_a_dangling_union_variant_is_reported_at_its_heading(checked: Checked) -> None:
    text = "# Broken\n\nA union.\n\n## Supported Types\n\n### `str`\n\n### [models.Nowhere](nowhere.md)\n"
    checked.run({"models/broken.md": text}).expect("dangling-link", 9)


SECRET = """
    # Secret

    ## Fields

    | Field  | Type  | Required           | Description |
    | ------ | ----- | ------------------ | ----------- |
    | `leak` | *str* | :heavy_check_mark: | outside     |
"""


@pytest.fixture
def read_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path gen-models opens for reading, however it opens it."""
    opened: list[str] = []
    for name in ("read_bytes", "read_text", "open"):
        original = getattr(pathlib.Path, name)

        def spy(self: Path, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            opened.append(os.path.abspath(self))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, name, spy)
    original_open = builtins.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | bytes | os.PathLike):
            opened.append(os.path.abspath(os.fsdecode(file)))
        return original_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    return opened


@pytest.mark.parametrize(
    ("link", "codes"),
    [
        pytest.param("../../outside.md", ("link-outside-root",), id="parent-of-root"),
        pytest.param("../../../../../../../../etc/passwd.md", ("link-outside-root",), id="etc-passwd"),
        pytest.param("../../specs_evil/secret.md", ("link-outside-root",), id="sibling-with-prefix"),
        pytest.param("{outside}", ("link-outside-root",), id="absolute"),
        pytest.param("//{outside}", ("link-outside-root",), id="double-slash"),
        pytest.param("http://example.com/outside.md", ("link-outside-root",), id="http"),
        pytest.param("https://example.com/../outside.md", ("link-outside-root",), id="https"),
        pytest.param("file://{outside}", ("link-outside-root", "bad-type"), id="file-url"),
        pytest.param("mailto:secret@outside.md", ("link-outside-root",), id="mailto"),
        pytest.param("../models/../../outside.md", ("link-outside-root",), id="in-and-out"),
    ],
)
def test_links_outside_the_spec_folder_are_never_read(
    checked: Checked, tmp_path: Path, read_paths: list[str], link: str, codes: tuple[str, ...]
) -> None:
    write_files(tmp_path, {"outside.md": SECRET, "specs_evil/secret.md": SECRET})
    outside = tmp_path / "outside.md"
    link = link.format(outside=outside.as_posix().lstrip("/") if link.startswith("//") else outside.as_posix())
    read_paths.clear()
    outcome = checked.run({"models/broken.md": model(f"| `x` | [models.Secret]({link}) | yes | d |")})
    assert outcome.code == 1
    found = [d for d in outcome.diagnostics if d.code in codes and d.path.endswith("specs/models/broken.md")]
    assert [(d.line, d.col in (3, 9)) for d in found] == [(7, True)], outcome.err
    assert str(checked.root / "models" / "broken.md") in read_paths, "the spy sees what gen-models reads"
    assert str(outside) not in read_paths and str(tmp_path / "specs_evil" / "secret.md") not in read_paths
    assert "leak" not in outcome.err
    declarations, _ = read_specs(checked.root)
    assert "Secret" not in {d.name for d in declarations}


def test_a_link_that_leaves_and_reenters_the_spec_folder_works(checked: Checked, tmp_path: Path) -> None:
    write_files(tmp_path, {"outside.md": SECRET})
    outcome = checked.run(
        {"models/broken.md": model("| `x` | [models.Usage](../../specs/models/usage.md) | yes | d |")}
    )
    assert outcome.code == 0, outcome.err


NODE = """
    # Node

    A tree node that knows its children and its parent.

    ## Fields

    | Field      | Type                                 | Required           | Description | Example |
    | ---------- | ------------------------------------ | ------------------ | ----------- | ------- |
    | `value`    | *int*                                | :heavy_check_mark: | Its value   | 1       |
    | `children` | List[[models.Node](node.md)]         | :heavy_check_mark: | Below it    | []      |
    | `parent`   | [Optional[models.Node]](node.md)     | :heavy_minus_sign: | Above it    |         |
    | `sibling`  | [Nullable[models.Node]](#node)       | :heavy_minus_sign: | Beside it   |         |
    | `index`    | Dict[str, [models.Node](node.md)]    | :heavy_minus_sign: | By name     |         |
"""
PERSON = """
    # Person

    ## Fields

    | Field   | Type                                     | Required           | Description |
    | ------- | ---------------------------------------- | ------------------ | ----------- |
    | `name`  | *str*                                    | :heavy_check_mark: | Name        |
    | `pet`   | [Optional[models.Pet]](pet.md)           | :heavy_minus_sign: | Their pet   |
"""
PET = """
    # Pet

    ## Fields

    | Field    | Type                                    | Required           | Description |
    | -------- | --------------------------------------- | ------------------ | ----------- |
    | `owner`  | [Nullable[models.Person]](person.md)    | :heavy_check_mark: | Its owner   |
    | `friends`| List[[models.Person](person.md)]        | :heavy_minus_sign: | Its friends |
    | `vet`    | [Optional[models.Vet]](../other/vet.md)  | :heavy_minus_sign: | Its vet     |
"""
VET = """
    # Vet

    ## Fields

    | Field      | Type                                 | Required           | Description |
    | ---------- | ------------------------------------ | ------------------ | ----------- |
    | `patients` | List[[models.Pet](../models/pet.md)] | :heavy_check_mark: | Their pets  |
"""
TREE = """
    # Tree

    A leaf or a branch; a branch holds more trees.

    ## Supported Types

    ### [models.Leaf](leaf.md)

    ### [models.Branch](branch.md)
"""
LEAF = """
    # Leaf

    ## Fields

    | Field   | Type             | Required           | Description |
    | ------- | ---------------- | ------------------ | ----------- |
    | `kind`  | Literal["leaf"]  | :heavy_check_mark: | Tag         |
    | `value` | *int*            | :heavy_check_mark: | Its value   |
"""
BRANCH = """
    # Branch

    ## Fields

    | Field      | Type                          | Required           | Description |
    | ---------- | ----------------------------- | ------------------ | ----------- |
    | `kind`     | Literal["branch"]             | :heavy_check_mark: | Tag         |
    | `children` | List[[models.Tree](tree.md)]  | :heavy_check_mark: | Subtrees    |
"""
CYCLES = {
    "models/node.md": NODE,
    "models/person.md": PERSON,
    "models/pet.md": PET,
    "other/vet.md": VET,
    "models/tree.md": TREE,
    "models/leaf.md": LEAF,
    "models/branch.md": BRANCH,
}
CYCLE_PAYLOADS = [
    pytest.param(
        "models",
        "Node",
        {
            "value": 1,
            "children": [{"value": 2, "children": [], "parent": {"value": 1, "children": []}}],
            "sibling": None,
            "index": {"a": {"value": 3, "children": [{"value": 4, "children": []}]}},
        },
        id="self-reference",
    ),
    pytest.param(
        "models",
        "Person",
        {"name": "Ann", "pet": {"owner": {"name": "Bob", "pet": {"owner": None}}, "friends": [{"name": "Cy"}]}},
        id="mutual-reference",
    ),
    pytest.param(
        "other",
        "Vet",
        {"patients": [{"owner": None, "vet": {"patients": [{"owner": {"name": "Dee"}}]}}]},
        id="across-folders",
    ),
    pytest.param(
        "models",
        "Branch",
        {
            "kind": "branch",
            "children": [{"kind": "leaf", "value": 1}, {"kind": "branch", "children": [{"kind": "leaf", "value": 2}]}],
        },
        id="through-a-union",
    ),
]


@pytest.fixture(scope="module")
def cycles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cycles")
    outcome = generate(CYCLES, folder / "cyclic")
    assert outcome.code == 0, outcome.err
    with importable(folder):
        yield folder


@pytest.mark.parametrize(("namespace", "name", "payload"), CYCLE_PAYLOADS)
def test_cycles_round_trip(cycles: Path, namespace: str, name: str, payload: dict[str, Any]) -> None:
    cls = getattr(importlib.import_module(f"cyclic.{namespace}"), name)
    value = cls.from_dict(payload)
    assert value.to_dict() == payload
    assert cls.from_dict(value.to_dict()) == value
    assert cls.from_json(value.to_json()) == value


def test_cycles_nest_the_right_classes(cycles: Path) -> None:
    models = importlib.import_module("cyclic.models")
    node = models.Node.from_dict(
        {"value": 1, "children": [{"value": 2, "children": []}], "parent": {"value": 0, "children": []}}
    )
    assert type(node.children[0]) is models.Node and type(node.parent) is models.Node
    branch = models.Branch.from_dict({"kind": "branch", "children": [{"kind": "leaf", "value": 5}]})
    assert type(branch.children[0]) is models.Leaf
    with pytest.raises(ValueError, match=r"children\[0\]"):
        models.Node.from_dict({"value": 1, "children": [{"value": "x", "children": []}]})


def test_cycles_pass_their_generated_tests_and_mypy_strict(cycles: Path) -> None:
    assert run_generated_tests(cycles, "cyclic") == {"cyclic": []}
    report = run_mypy(cycles, "cyclic")
    assert "Success: no issues found" in report, report


U1 = "# U1\n\n## Supported Types\n\n### `str`\n\n### [models.U2](u2.md)\n"
U2 = "# U2\n\n## Supported Types\n\n### `int`\n\n### [models.U1](u1.md)\n"
SELF_UNION = "# Loop\n\n## Supported Types\n\n### `str`\n\n### [models.Loop](loop.md)\n"


@pytest.mark.parametrize(
    ("specs", "where"),
    [
        pytest.param({"models/u1.md": U1, "models/u2.md": U2}, ["models/u1.md", "models/u2.md"], id="two-unions"),
        pytest.param({"models/loop.md": SELF_UNION}, ["models/loop.md"], id="union-of-itself"),
    ],
)
def test_unions_that_contain_themselves_directly_are_errors(
    checked: Checked, specs: dict[str, str | bytes], where: list[str]
) -> None:
    outcome = checked.run(specs)
    for path in where:
        outcome.expect("recursive-union", 1, 1, path=path)


JSON_VALUE = """
    # JsonValue

    ## Supported Types

    ### `str`

    ### `int`

    ### List[[models.JsonValue](jsonvalue.md)]

    ### Dict[str, [models.JsonValue](jsonvalue.md)]
"""


OUTER = """
    # Outer

    ## Supported Types

    ### `bool`

    ### [models.JsonValue](../models/jsonvalue.md)
"""
DOCUMENT = """
    # Document

    ## Fields

    | Field   | Type                            | Required           | Description |
    | ------- | ------------------------------- | ------------------ | ----------- |
    | `value` | [models.JsonValue](jsonvalue.md) | :heavy_check_mark: | Directly    |
    | `outer` | [Optional[models.Outer]](../other/outer.md) | :heavy_minus_sign: | Through another alias |
"""


def test_a_union_that_contains_itself_through_containers_works(tmp_path: Path, run_cli) -> None:
    """A JSON value type: the alias names itself in quotes inside list[...] and dict[...], and a
    model that reaches it only through another alias still has type hints that resolve."""
    specs = {"models/jsonvalue.md": JSON_VALUE, "other/outer.md": OUTER, "models/document.md": DOCUMENT}
    root = write_specs(tmp_path / "specs", specs)
    result = run_cli(root, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert 'list["JsonValue"]' in (tmp_path / "out" / "models" / "jsonvalue.py").read_text()
    with importable(tmp_path):
        document_type = importlib.import_module("out.models").Document
        assert {"value", "outer"} <= set(typing.get_type_hints(document_type))
        payload = {"value": {"a": [1, "x", {"b": []}]}, "outer": [{"c": 2}]}
        document = document_type.from_dict(payload)
        assert document.to_dict() == payload
        assert document_type.from_dict(document.to_dict()) == document
        with pytest.raises(ValueError, match=r"Document\.value: expected"):
            document_type.from_dict({"value": [1.5]})
    assert "Success" in run_mypy(tmp_path, "out")


@pytest.mark.parametrize(
    ("specs", "code", "path", "line"),
    [
        pytest.param(
            {"models/a.md": USAGE.replace("Usage", "Pet"), "models/b.md": USAGE.replace("Usage", "Pet")},
            "duplicate-declaration",
            "models/b.md",
            1,
            id="same-name-two-files",
        ),
        pytest.param(
            {"models/a.md": USAGE.replace("Usage", "Pet") + USAGE.replace("Usage", "Pet")},
            "duplicate-declaration",
            "models/a.md",
            9,
            id="same-name-one-file",
        ),
        pytest.param(
            {"models/a.md": USAGE.replace("Usage", "Pet"), "models/b.md": USAGE.replace("Usage", "PET")},
            "duplicate-declaration",
            "models/b.md",
            1,
            id="heading-case",
        ),
        pytest.param(
            {"models/Pet.md": USAGE.replace("Usage", "Pet"), "models/pet.md": USAGE.replace("Usage", "Dog")},
            "module-collision",
            "models/pet.md",
            1,
            id="file-name-case",
        ),
        pytest.param(
            {"models/foo-bar.md": USAGE.replace("Usage", "X"), "models/foo_bar.md": USAGE.replace("Usage", "Y")},
            "module-collision",
            "models/foo_bar.md",
            1,
            id="file-names-same-module",
        ),
        pytest.param(
            {"Models/a.md": USAGE.replace("Usage", "X"), "models/a.md": USAGE.replace("Usage", "Y")},
            "module-collision",
            "models/a.md",
            1,
            id="folder-case",
        ),
        *[
            pytest.param(
                {"models/a.md": USAGE.replace("Usage", first), "models/b.md": USAGE.replace("Usage", second)},
                "name-collision",
                "models/b.md",
                1,
                id=f"python-names-{first}-{second}",
            )
            for first, second in [
                ("`foo-bar`", "`foo_bar`"),
                ("`class`", "`class_`"),
                ("Any", "Any_"),
                ("`Foo-Bar`", "foo_bar"),
            ]
        ],
    ],
)
def test_names_that_collide(checked: Checked, specs: dict[str, str | bytes], code: str, path: str, line: int) -> None:
    outcome = checked.run(specs)
    assert outcome.code == 1, outcome.err
    found = [d for d in outcome.diagnostics if d.severity == "error"]
    assert found and all(d.code in ("duplicate-declaration", "module-collision", "name-collision") for d in found)
    assert any(d.path.endswith(f"specs/{path}") and d.line == line for d in found), outcome.err


OWNER = """
    # Owner

    ## Fields

    | Field    | Type                            | Required           | Description |
    | -------- | ------------------------------- | ------------------ | ----------- |
    | `mine`   | models.Pet                      | :heavy_check_mark: | By prefix   |
"""
OTHER_PET = USAGE.replace("Usage", "Pet").replace("`tokens` | *int*", "`tokens` | *str*")


def test_the_same_name_in_two_folders_is_two_declarations(tmp_path: Path, run_cli) -> None:
    keeper = OWNER.replace("Owner", "Keeper").replace("models.Pet", "[models.Pet](pet.md)")
    specs = {"models/pet.md": USAGE.replace("Usage", "Pet"), "other/pet.md": OTHER_PET, "models/owner.md": OWNER}
    root = write_specs(tmp_path / "specs", {**specs, "other/keeper.md": keeper})
    assert run_cli(root, "-o", tmp_path / "out").code == 0
    with importable(tmp_path):
        models, other = importlib.import_module("out.models"), importlib.import_module("out.other")
        assert models.Pet is not other.Pet
        owner = models.Owner.from_dict({"mine": {"tokens": 1}})
        keeper = other.Keeper.from_dict({"mine": {"tokens": "one"}})
        assert type(owner.mine) is models.Pet and type(keeper.mine) is other.Pet
    assert "Success" in run_mypy(tmp_path, "out")


def test_one_model_referring_to_two_declarations_of_the_same_name_imports_one_under_an_alias(
    tmp_path: Path, run_cli
) -> None:
    """Two classes named Pet in one module of Owner: the one of another folder takes an alias, so
    that neither import shadows the other (which once gave a field the wrong class, silently)."""
    owner = OWNER + "    | `theirs` | [models.Pet](../other/pet.md)   | :heavy_check_mark: | By link     |\n"
    specs = {"models/pet.md": USAGE.replace("Usage", "Pet"), "other/pet.md": OTHER_PET, "models/owner.md": owner}
    root = write_specs(tmp_path / "specs", specs)
    assert run_cli(root, "-o", tmp_path / "out").code == 0
    assert "from ..other.pet import Pet as OtherPet" in (tmp_path / "out" / "models" / "owner.py").read_text()
    with importable(tmp_path):
        models, other = importlib.import_module("out.models"), importlib.import_module("out.other")
        owner_value = models.Owner.from_dict({"mine": {"tokens": 1}, "theirs": {"tokens": "one"}})
        assert type(owner_value.mine) is models.Pet and type(owner_value.theirs) is other.Pet
        with pytest.raises(ValueError, match=r"Owner\.theirs\.tokens: expected str"):
            models.Owner.from_dict({"mine": {"tokens": 1}, "theirs": {"tokens": 1}})
    assert "Success" in run_mypy(tmp_path, "out")


# ---------------------------------------------------------------------------------------------
# Names: keywords, non-identifiers, names the generated code uses, fields named like types
# ---------------------------------------------------------------------------------------------

DECLARATION = {
    "model": "# `{name}`\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    "| `id` | *int* | :heavy_check_mark: | Its id | 1 |\n",
    "enum": '# `{name}`\n\n## Values\n\n- `"a"`\n- `"b"`\n',
    "union": "# `{name}`\n\nA string or an integer.\n\n## Supported Types\n\n### `str`\n\n### `int`\n",
}
USER = (
    "# User\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    "| `thing` | [models.Thing]({file}) | :heavy_check_mark: | The declaration | |\n"
    "| `other` | [Optional[models.Thing]]({file}) | :heavy_minus_sign: | Again | |\n"
)
USER_PAYLOADS = {
    "model": {"thing": {"id": 1}, "other": {"id": 2}},
    "enum": {"thing": "a", "other": "b"},
    "union": {"thing": "text", "other": 3},
}
HOST = (
    "# Host\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    "| `{name}` | *str* | :heavy_check_mark: | The hostile one | hello |\n"
    "| `plain` | *Optional[int]* | :heavy_minus_sign: | After it | 5 |\n"
    "| `other` | [Optional[models.Other]](other.md) | :heavy_minus_sign: | A model after it | |\n"
    "| `when` | [Optional[datetime]](https://docs.python.org/3/library/datetime.html#datetime-objects)"
    " | :heavy_minus_sign: | A date after it | |\n"
    "| `anything` | *Optional[Any]* | :heavy_minus_sign: | Anything | |\n"
    '| `tag` | Optional[Literal["x"]] | :heavy_minus_sign: | A literal | |\n'
)
OTHER = (
    "# Other\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    "| `id` | *int* | :heavy_check_mark: | Its id | 1 |\n"
)


@dataclasses.dataclass(frozen=True)
class NameCase:
    kind: str  # model, enum, union, or field
    name: str
    top: bool = False  # the spec sits at the top of the spec folder, so it is exported from the package root
    key: str = ""  # the JSON key of a field, when it is not the name

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.name}" + ("-top" if self.top else "")

    @property
    def package(self) -> str:
        return f"names_{NAME_CASES.index(self)}"

    @property
    def namespace(self) -> str:
        return self.package if self.top else f"{self.package}.models"

    def specs(self) -> dict[str, str | bytes]:
        folder = "" if self.top else "models/"
        if self.kind == "field":
            return {f"{folder}host.md": HOST.format(name=self.name), f"{folder}other.md": OTHER}
        return {
            f"{folder}thing.md": DECLARATION[self.kind].format(name=self.name),
            f"{folder}user.md": USER.format(file="thing.md"),
        }


NAME_CASES = [
    *[NameCase("model", name) for name in ("class", "from", "match", "type", "_", "None", "True")],
    *[NameCase("model", name) for name in ("foo-bar", "2fa", "$ref", "@type", "a b", "ünïcode", "__init__")],
    *[NameCase(kind, name) for kind in ("model", "field") for name in ("__2fa", "--2", "$$1", "__9")],
    *[
        NameCase("model", name)
        for name in (
            "Any",
            "List",
            "Optional",
            "datetime",
            "Enum",
            "field",
            "dataclass",
            "dataclasses",
            "Literal",
            "TypeAlias",
            "rt",
            "Model",
            "UNSET",
            "Unset",
            "pytest",
            "typing",
            "annotations",
            "str",
            "int",
            "len",
            "set",
            "ValueError",
        )
    ],
    *[NameCase("model", "ValidationError", top=top) for top in (False, True)],
    NameCase("model", "UNSET", top=True),
    NameCase("model", "EXAMPLE"),
    *[NameCase("model", name) for name in ("EXAMPLE", "REQUIRED", "NAMESPACE", "refusals", "decode", "without")],
    *[NameCase("model", name, top=top) for name in ("importlib", "TYPE_CHECKING", "_MODULES") for top in (False, True)],
    *[NameCase("model", name) for name in ("getattr", "globals")],
    NameCase("model", "sorted"),
    # pytest takes a class named Test* in a test module for a test class, and warns that it cannot collect it.
    *[NameCase(kind, "TestThing") for kind in ("model", "enum", "union")],
    *[NameCase("enum", name) for name in ("class", "match", "_", "Enum", "Literal", "str", "pytest", "rt", "set")],
    *[NameCase("enum", name) for name in ("len", "ValueError")],
    *[NameCase("union", name) for name in ("type", "TypeAlias", "Any", "typing", "str", "rt", "Model")],
    *[NameCase("union", name) for name in ("len", "set")],
    *[NameCase("field", name) for name in ("class", "match", "type", "_", "None", "foo-bar", "2fa", "$ref", "@type")],
    *[NameCase("field", name) for name in ("str", "int", "list", "dict", "bytes", "datetime", "Any", "Literal")],
    *[NameCase("field", name) for name in ("dataclass", "UNSET", "Unset", "field", "Other", "Host", "self", "cls")],
    *[NameCase("field", name) for name in ("from_dict", "to_dict", "unknown_fields", "__init__", "__slots__")],
    NameCase("field", "from_", key="from"),
    NameCase("field", "int_", key="int"),
    NameCase("field", "rt"),
    NameCase("field", "_unknown"),
    *[NameCase("field", name) for name in ("_known", "_decoders", "_encoders")],
]


class NamePackages:
    """Every name case generated into its own package in one folder; mypy and the generated tests
    run once over all of them, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.outcomes = {case: generate(case.specs(), folder / case.package) for case in NAME_CASES}

    @cached_property
    def generated(self) -> list[str]:
        return [case.package for case, outcome in self.outcomes.items() if outcome.code == 0]

    @cached_property
    def mypy(self) -> str:
        return run_mypy(self.folder, *self.generated)

    @cached_property
    def tests(self) -> dict[str, list[str]]:
        return run_generated_tests(self.folder, *self.generated)


@pytest.fixture(scope="module")
def name_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NamePackages]:
    packages = NamePackages(tmp_path_factory.mktemp("names"))
    with importable(packages.folder):
        yield packages


def name_params() -> list[Any]:
    return [pytest.param(case, id=case.id) for case in NAME_CASES]


def check_declaration(case: NameCase, namespace: ModuleType) -> None:
    """The declaration is exported under its spec name, unless the package itself needs that name,
    is the class its module defines under a Python name, and works through the model that refers to it."""
    declared = [n for n in namespace.__all__ if n != "User" and namespace._MODULES.get(n) != "._runtime"]
    assert len(declared) == 1, namespace.__all__
    exported = declared[0]
    assert exported.isidentifier() and not __import__("keyword").iskeyword(exported)
    python_name = getattr(namespace, "_CLASS_NAMES", {}).get(exported, exported)
    thing = getattr(namespace, exported)
    module = importlib.import_module(f"{case.namespace}.thing")
    assert thing is getattr(module, python_name)
    assert getattr(importlib.import_module(case.namespace), exported) is thing, "exported as itself"
    user = importlib.import_module(f"{case.namespace}.user").User
    assert namespace.User is user
    payload = USER_PAYLOADS[case.kind]
    value = user.from_dict(payload)
    assert value.to_dict() == payload
    assert user.from_dict(value.to_dict()) == value
    if case.kind == "model":
        assert isinstance(thing, type) and type(value.thing) is thing
        assert thing.from_dict({"id": 7}).to_dict() == {"id": 7}
        with pytest.raises(ValueError, match="id: expected int"):
            thing.from_dict({"id": "7"})
    elif case.kind == "enum":
        assert [member.value for member in thing] == ["a", "b"]
        assert value.thing is thing("a")
        with pytest.raises(ValueError, match="thing"):
            user.from_dict({"thing": "c"})
    else:
        assert set(typing.get_args(thing)) == {str, int}
        with pytest.raises(ValueError, match="thing"):
            user.from_dict({"thing": 1.5})
    assert set(namespace.__all__) <= set(dir(namespace)), "dir() still works once everything is loaded"


def check_field(case: NameCase, namespace: ModuleType) -> None:
    """The field reads and writes its original JSON key and leaves the fields after it intact."""
    host = namespace.Host
    key = case.key or case.name
    payload = {
        key: "hello",
        "plain": 5,
        "other": {"id": 1},
        "when": "2024-01-02T03:04:05Z",
        "anything": [1],
        "tag": "x",
    }
    value = host.from_dict(payload)
    assert value.to_dict() == payload
    assert value.unknown_fields == {}
    assert host.from_dict(value.to_dict()) == value
    attributes = [f.name for f in dataclasses.fields(host)]
    assert len(attributes) == 6 and all(a.isidentifier() for a in attributes)
    assert getattr(value, attributes[0]) == "hello"
    assert value.plain == 5 and type(getattr(value, attributes[2])) is namespace.Other  # `other_2` after `Other`
    assert value.when.year == 2024 and value.anything == [1] and value.tag == "x"
    with pytest.raises(ValueError, match="required field is missing"):
        host.from_dict({k: v for k, v in payload.items() if k != key})
    with pytest.raises(ValueError, match="expected str"):
        host.from_dict({**payload, key: 1})


@pytest.mark.parametrize("case", name_params())
def test_hostile_names_import_and_round_trip(name_packages: NamePackages, case: NameCase) -> None:
    outcome = name_packages.outcomes[case]
    assert outcome.code == 0, outcome.err
    assert "error" not in outcome.err
    namespace = importlib.import_module(case.namespace)
    if case.kind == "field":
        check_field(case, namespace)
    else:
        check_declaration(case, namespace)


@pytest.mark.parametrize("case", name_params())
def test_hostile_names_pass_their_generated_tests(name_packages: NamePackages, case: NameCase) -> None:
    assert name_packages.outcomes[case].code == 0
    assert name_packages.tests[case.package] == []


@pytest.mark.parametrize("case", name_params())
def test_hostile_names_pass_mypy_strict(name_packages: NamePackages, case: NameCase) -> None:
    assert name_packages.outcomes[case].code == 0
    report = name_packages.mypy
    assert "errors prevented further checking" not in report, report
    problems = [line for line in report.splitlines() if line.startswith(f"{case.package}/")]
    assert problems == [], "\n".join(problems)


def test_a_union_test_class_does_not_clash_with_a_variant_of_that_name(tmp_path: Path) -> None:
    """Pet's test class is TestPet, which a variant of Pet already is: the test imports it by another name."""
    specs: dict[str, str | bytes] = {
        "models/pet.md": "# Pet\n\n## Supported Types\n\n### [models.TestPet](testpet.md)\n\n### `str`\n",
        "models/testpet.md": DECLARATION["model"].format(name="TestPet"),
    }
    outcome = generate(specs, tmp_path / "pets")
    assert outcome.code == 0, outcome.err
    test = (tmp_path / "pets" / "tests" / "test_models_pet.py").read_text()
    assert "from pets.models import Pet, TestPet as _TestPet\n" in test
    assert '    (test_models_testpet.EXAMPLE, _TestPet),\n    ("", str),\n' in test
    assert run_mypy(tmp_path, "pets") == "Success: no issues found in 8 source files\n"
    assert run_generated_tests(tmp_path, "pets") == {"pets": []}


# ---------------------------------------------------------------------------------------------
# Encodings and files
# ---------------------------------------------------------------------------------------------

MIXED = """
    # Mixed

    A description over
    two lines, with `code` and a [link](https://example.com).

    ## Fields

    | Field   | Type                                 | Required           | Description          | Example            |
    | ------- | ------------------------------------ | ------------------ | -------------------- | ------------------ |
    | `text`  | *str*                                | :heavy_check_mark: | first<br/>second     | hello world        |
    | `count` | *int*                                | :heavy_minus_sign: | a \\| pipe            | 3                  |
    | `items` | List[*int*]                          | :heavy_minus_sign: | many                 | [<br/>1,<br/>2<br/>] |
    | `kind`  | [Optional[models.Kind]](kind.md)     | :heavy_minus_sign: | its kind             | a                  |
    | `either`| [Optional[models.Either]](either.md) | :heavy_minus_sign: | a union              |                    |
"""
KIND = """
    # Kind

    ## Values

    - `"a"`
    - `"b"`
"""
EITHER = """
    # Either

    ## Supported Types

    ### `str`

    ```python
    value: str = /* values here */
    ```

    ### `int`

    ```python
    value: int = /* values here */
    ```
"""
ENCODED = {"models/mixed.md": MIXED, "models/kind.md": KIND, "models/either.md": EITHER}


def spec_bytes(text: str) -> bytes:
    return textwrap.dedent(text).lstrip().encode("utf-8")


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="bom"),
        pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), id="bom-crlf"),
        pytest.param(lambda data: data.replace(b"\n", b"\r"), id="cr"),
        pytest.param(
            lambda data: b"".join(
                line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(data.split(b"\n")[:-1])
            ),
            id="mixed",
        ),
    ],
)
def test_bom_and_line_endings_give_byte_identical_output(
    tmp_path: Path, run_cli, transform: Callable[[bytes], bytes]
) -> None:
    plain = {name: spec_bytes(text) for name, text in ENCODED.items()}
    write_files(tmp_path / "lf" / "specs", dict(plain))
    write_files(tmp_path / "other" / "specs", {name: transform(data) for name, data in plain.items()})
    first = run_cli(tmp_path / "lf" / "specs", "-o", tmp_path / "lf" / "out")
    second = run_cli(tmp_path / "other" / "specs", "-o", tmp_path / "other" / "out")
    assert (first.code, second.code) == (0, 0), second.err
    assert second.err.replace("other", "lf") == first.err
    assert snapshot(tmp_path / "other" / "out") == snapshot(tmp_path / "lf" / "out")


BAD_ROW = b"| `x` | *str* | :heavy_check_mark: | caf"  # 40 bytes: a bad byte after it is at column 41


@pytest.mark.parametrize(
    ("data", "line", "col"),
    [
        pytest.param(model(ROW).encode() + BAD_ROW + b"\xff |\n", 8, 41, id="lone-ff"),
        pytest.param(model(ROW).encode() + BAD_ROW + b"\xe9 |\n", 8, 41, id="latin-1"),
        pytest.param(model(ROW).encode() + BAD_ROW + b"\xc3\n", 8, 41, id="truncated-sequence"),
        pytest.param(model(ROW).encode() + BAD_ROW + b"\xc0\xaf |\n", 8, 41, id="overlong"),
        pytest.param(model(ROW).encode() + BAD_ROW + b"\xed\xa0\x80 |\n", 8, 41, id="surrogate"),
        pytest.param(b"# Caf\xe9\n\n## Fields\n", 1, 6, id="in-the-heading"),
        pytest.param(b"\xff# Broken\n", 1, 1, id="first-byte"),
        pytest.param((model(ROW).encode() + BAD_ROW + b"\xff |\n").replace(b"\n", b"\r\n"), 8, 41, id="crlf"),
        pytest.param(
            b"\xef\xbb\xbf" + model(ROW).encode() + BAD_ROW + b"\xff |\n",
            8,
            41,
            id="after-a-bom",
        ),
        pytest.param(
            (model(ROW).encode() + BAD_ROW + b"\xff |\n").replace(b"\n", b"\r"),
            8,
            41,
            id="cr-line-endings",
        ),
        pytest.param(
            model(ROW).encode() + "| `x` | *str* | :heavy_check_mark: | café".encode() + b"\xff |\n",
            8,
            42,  # 41 characters before the bad byte, though 42 bytes
            id="after-a-multibyte-character",
        ),
    ],
)
def test_bytes_that_are_not_utf8(checked: Checked, data: bytes, line: int, col: int) -> None:
    outcome = checked.run({"models/broken.md": data})
    outcome.expect("not-utf8", line, col)


@pytest.mark.parametrize(
    ("data", "nul_line"),
    [
        pytest.param(b"\x00# Broken\n", 1, id="nul-first"),
        pytest.param(model(ROW).encode() + b"| `x` | *str* | yes | a\x00b |\n", 8, id="nul-in-a-row"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", 2, id="png"),
        pytest.param("# Broken\n\n## Fields\n".encode("utf-16"), 1, id="utf-16"),
        pytest.param(bytes(range(256)) * 4, 1, id="all-bytes"),
    ],
)
def test_binary_files(checked: Checked, data: bytes, nul_line: int) -> None:
    outcome = checked.run({"models/broken.md": data})
    outcome.expect("binary-file", (1, nul_line))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("", "no-declaration", id="empty"),
        pytest.param("   \n\n\t\n", "no-declaration", id="whitespace"),
        pytest.param("\ufeff", "no-declaration", id="bom-only"),
        pytest.param("Just prose.\n\nMore prose, and a list:\n\n- one\n- two\n", "no-declaration", id="prose"),
        pytest.param("<!-- a comment -->\n", "no-declaration", id="html-comment"),
        pytest.param("```\n# Not a heading\n```\n", "no-declaration", id="heading-in-code"),
        pytest.param(
            "| Field | Type |\n| --- | --- |\n| `x` | *int* |\n", "no-declaration", id="table-without-heading"
        ),
        pytest.param("# Title only\n\nSome prose.\n", "no-section", id="heading-only"),
        pytest.param("# Thing\n\n## Notes\n\n| Field | Type |\n| --- | --- |\n", "no-section", id="unknown-section"),
    ],
)
def test_empty_and_prose_only_files_are_warnings(checked: Checked, text: str, code: str) -> None:
    outcome = checked.run({"models/broken.md": text.encode("utf-8")})
    outcome.expect(code, 1, 1, exit_code=0, severity="warning")
    assert [d for d in outcome.diagnostics if d.severity == "error"] == []
    files = snapshot(checked.out)
    assert "models/usage.py" in files and "models/choice.py" in files
    assert not [path for path in files if "broken" in path.lower()]


MEGABYTE = 1_000_000


def test_a_megabyte_line_completes_and_stays_correct(tmp_path: Path) -> None:
    words = " ".join(f"w{i}" for i in range(MEGABYTE // 8))
    long_example = "e" * MEGABYTE
    text = (
        f"# Big\n\n{words}\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n"
        f"| --- | --- | --- | --- | --- |\n| `text` | *str* | :heavy_check_mark: | {words} | {long_example} |\n"
        f"| `n` | *int* | :heavy_check_mark: | small | 1 |\n"
    )
    assert len(text) > 2 * MEGABYTE
    started = time.monotonic()
    outcome = generate({"models/big.md": text}, tmp_path / "big")
    assert outcome.code == 0, outcome.err[-2000:]
    assert time.monotonic() - started < 120
    with importable(tmp_path):
        big = importlib.import_module("big.models").Big
        assert words in " ".join((big.__doc__ or "").split())
        payload = {"text": long_example, "n": 1}
        assert big.from_dict(payload).to_dict() == payload
    assert run_generated_tests(tmp_path, "big") == {"big": []}


def test_a_megabyte_of_pipes_is_a_row_width_error(checked: Checked) -> None:
    row = "| `x` | *int* | yes | " + "|" * MEGABYTE
    started = time.monotonic()
    checked.run({"models/broken.md": model(ROW, row)}).expect("row-width", 8, 1)
    assert time.monotonic() - started < 60


def test_thousands_of_fields(tmp_path: Path) -> None:
    count = 3000
    rows = "".join(f"| `f{i}` | *int* | :heavy_check_mark: | field {i} | {i} |\n" for i in range(count))
    text = (
        "# Wide\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    )
    started = time.monotonic()
    outcome = generate({"models/wide.md": text + rows}, tmp_path / "wide")
    assert outcome.code == 0, outcome.err[-2000:]
    assert time.monotonic() - started < 120
    with importable(tmp_path):
        wide = importlib.import_module("wide.models").Wide
        payload = {f"f{i}": i for i in range(count)}
        value = wide.from_dict(payload)
        assert value.to_dict() == payload and value.f2999 == 2999
        with pytest.raises(ValueError, match="f1234: required field is missing"):
            wide.from_dict({k: v for k, v in payload.items() if k != "f1234"})
    for path, source in python_files(tmp_path / "wide").items():
        compile(source, path, "exec")


@pytest.mark.parametrize(
    "links",
    [
        pytest.param([("models/loop", "..")], id="to-parent"),
        pytest.param([("self", ".")], id="to-itself"),
        pytest.param([("models/a/b/c/root", "../../../..")], id="deep-to-root"),
        pytest.param([("x/to_y", "../y"), ("y/to_x", "../x")], id="two-folders"),
        pytest.param([("models/again", "../models")], id="to-own-folder-by-name"),
    ],
)
def test_symlink_loops_terminate_with_at_most_a_warning(tmp_path: Path, run_cli, links: list[tuple[str, str]]) -> None:
    root = write_specs(tmp_path / "specs", GOOD)
    for name, target in links:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / name)
    started = time.monotonic()
    result = run_cli(root, "-o", tmp_path / "out")
    assert time.monotonic() - started < 60
    assert result.code == 0, result.err
    found = Outcome(result.code, result.out, result.err).diagnostics
    assert all(d.severity == "warning" and "already read" in d.message for d in found), result.err
    assert len(found) <= len(links)
    files = snapshot(tmp_path / "out")
    assert len([path for path in files if path.endswith("usage.py") and not path.startswith("tests/")]) == 1


def test_a_dangling_symlink_is_unreadable(checked: Checked) -> None:
    os.symlink(checked.root / "nowhere.md", checked.root / "models" / "broken.md")
    checked.run({}, "--no-cache").expect("unreadable", 1)


def test_a_dangling_symlink_is_unreadable_with_the_cache_on(checked: Checked) -> None:
    assert checked.run().code == 0  # the run is now cached
    os.symlink(checked.root / "nowhere.md", checked.root / "models" / "broken.md")
    checked.run().expect("unreadable", 1)


def test_a_symlink_out_of_the_spec_folder_does_not_read_the_output(checked: Checked) -> None:
    os.symlink("..", checked.root / "up")
    outcome = checked.run({}, "--no-cache")
    assert outcome.code == 0, outcome.err
    assert not [d for d in outcome.diagnostics if "/up/out/" in d.path or "/up/specs" in d.path], outcome.err


def run_isolated(args: list[str], cwd: Path, timeout: float, memory: int = 2 << 30) -> tuple[int | None, str]:
    """gen-models in a child process with a time and memory limit: (exit code or None on timeout, stderr)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            env={**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, ""
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path: os.mkfifo(path), id="fifo"),
        pytest.param(lambda path: os.symlink("/dev/zero", path), id="dev-zero"),
        pytest.param(lambda path: os.symlink("/dev/urandom", path), id="dev-urandom"),
    ],
)
def test_special_files_are_skipped_not_read(tmp_path: Path, make: Callable[[Path], None]) -> None:
    """Reading a FIFO would hang, and /dev/zero would eat all memory: such paths are skipped, with a warning.
    (Both happened: a FIFO hung gen-models forever, /dev/zero ended in an internal error or the OOM killer.)"""
    root = write_specs(tmp_path / "specs", GOOD)
    make(root / "models" / "special.md")
    code, err = run_isolated(["specs", "-o", "out"], tmp_path, timeout=10)
    assert code == 0, err
    found = Outcome(0, "", err).diagnostics
    assert [(d.path, d.severity, d.line) for d in found] == [("specs/models/special.md", "warning", 1)], err
    assert (tmp_path / "out" / "models" / "usage.py").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_an_unreadable_file_is_reported(checked: Checked) -> None:
    path = checked.root / "models" / "secret.md"
    path.write_text(USAGE)
    path.chmod(0)
    try:
        checked.run().expect("unreadable", 1, path="models/secret.md")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


# ---------------------------------------------------------------------------------------------
# Injection: spec text is data, wherever it appears
# ---------------------------------------------------------------------------------------------

CODE = '__import__("os").system("touch PWNED")'
PAYLOADS = [
    f"p{index} {payload}"  # a distinct start, so that the Python names made from them differ
    for index, payload in enumerate(
        [
            f'"""; {CODE}; """',
            f"'''; {CODE}; '''",
            f'\\"; {CODE} #',
            f"ends in a backslash; {CODE} \\",
            f"# {CODE}",
            "{{ 7 * 7 }} {% if true %}jinja{% endif %} {# comment #}",
            f'"""\\\\"""\'\\\'{CODE}\\x00\\N{{BULLET}}',
            f'line one\n{CODE}\n"""',
        ]
    )
]
ONE_LINE = [payload for payload in PAYLOADS if "\n" not in payload]


def code_cell(text: str) -> str:
    """Markdown for a table cell whose plain text is exactly `text`: code spans, joined by <br/>."""
    return "<br/>".join(f"`` {line} ``" for line in text.split("\n"))


def fields_spec(name: str, rows: list[str], description: str = "") -> str:
    head = f"# {name}\n\n{description}\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n"
    return head + "| --- | --- | --- | --- | --- |\n" + "".join(row + "\n" for row in rows)


def injection_specs(where: str) -> dict[str, str | bytes]:
    if where == "description":
        description = "\n\n".join(PAYLOADS).replace("|", "\\|")
        rows = [
            f"| `f{i}` | *str* | :heavy_minus_sign: | {p.replace(chr(10), '<br/>')} | |" for i, p in enumerate(PAYLOADS)
        ]
        return {"models/host.md": fields_spec("Host", rows, description)}
    if where == "example":
        rows = [f"| `f{i}` | *str* | :heavy_check_mark: | d | {code_cell(p)} |" for i, p in enumerate(PAYLOADS)]
        return {"models/host.md": fields_spec("Host", rows)}
    if where == "enum-value":
        rows = "".join(f"| `V{i}` | {code_cell(p)} |\n" for i, p in enumerate(PAYLOADS))
        return {"models/kind.md": f"# Kind\n\n## Values\n\n| Name | Value |\n| --- | --- |\n{rows}"}
    if where == "field-name":  # a line break in a field name is an error of its own (see below)
        rows = [f"| {code_cell(p)} | *str* | :heavy_check_mark: | d | |" for p in ONE_LINE]
        return {"models/host.md": fields_spec("Host", rows)}
    if where == "literal":
        literal = "Literal[" + ", ".join(repr(p).replace("|", "\\|") for p in ONE_LINE) + "]"
        rows = [f"| `lit` | `{literal}` | :heavy_check_mark: | d | |"]
        return {"models/host.md": fields_spec("Host", rows)}
    if where == "declaration-name":
        rows = ["| `id` | *int* | :heavy_check_mark: | d | 1 |"]
        return {f"models/d{i}.md": fields_spec(f"`` {p} ``", rows) for i, p in enumerate(ONE_LINE)}
    if where == "file-name":
        rows = ["| `id` | *int* | :heavy_check_mark: | d | 1 |"]
        safe = [p.replace("/", "_") for p in PAYLOADS]
        return {f"models/{p}.md": fields_spec(f"D{i}", rows) for i, p in enumerate(safe)}
    if where == "folder-name":
        rows = ["| `id` | *int* | :heavy_check_mark: | d | 1 |"]
        safe = [p.replace("/", "_") for p in PAYLOADS]
        return {f"{p}/d.md": fields_spec(f"D{i}", rows) for i, p in enumerate(safe)}
    raise AssertionError(where)


INJECTION_PLACES = [
    "description",
    "example",
    "enum-value",
    "field-name",
    "literal",
    "declaration-name",
    "file-name",
    "folder-name",
]


class InjectionPackages:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.outcomes = {
            where: generate(injection_specs(where), folder / f"inj_{where.replace('-', '_')}")
            for where in INJECTION_PLACES
        }

    @staticmethod
    def package(where: str) -> str:
        return f"inj_{where.replace('-', '_')}"

    @cached_property
    def generated(self) -> list[str]:
        return [self.package(where) for where, outcome in self.outcomes.items() if outcome.code == 0]

    @cached_property
    def tests(self) -> dict[str, list[str]]:
        return run_generated_tests(self.folder, *self.generated)

    @cached_property
    def mypy(self) -> str:
        return run_mypy(self.folder, *self.generated)


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InjectionPackages]:
    packages = InjectionPackages(tmp_path_factory.mktemp("injection"))
    with importable(packages.folder):
        yield packages


def pwned(folder: Path) -> list[Path]:
    """PWNED files that a payload run anywhere near would have made: in the generated packages' folder
    (the generated tests run there), in the current folder, and in the temporary folder."""
    places = [Path.cwd() / "PWNED", Path(tempfile.gettempdir()) / "PWNED", PROJECT / "PWNED"]
    return [*folder.rglob("PWNED"), *(place for place in places if place.exists())]


def test_the_payload_would_be_caught_if_it_ran(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", CODE], cwd=tmp_path, check=True)
    assert pwned(tmp_path) == [tmp_path / "PWNED"]


def assert_nothing_runs_code(source: str, path: str) -> None:
    """No call in the module can run a payload: only the calls generated code makes."""
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Name):
            assert node.id not in ("__import__", "eval", "exec", "os", "compile"), (path, node.id)
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("system", "popen"), (path, node.attr)
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            assert all(m.split(".")[0] not in ("os", "subprocess", "shutil") for m in modules), (path, modules)


@pytest.mark.parametrize("where", INJECTION_PLACES)
def test_injected_text_never_becomes_code(
    injected: InjectionPackages, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = injected.outcomes[where]
    assert outcome.code == 0, outcome.err
    package = injected.package(where)
    files = python_files(injected.folder / package)
    for path, source in files.items():
        assert_nothing_runs_code(source, path)
    monkeypatch.chdir(injected.folder)
    importlib.import_module(package)
    for path in files:
        if not path.startswith("tests/") and path.endswith(".py"):
            importlib.import_module(f"{package}." + path[:-3].replace("/", ".").removesuffix(".__init__"))
    assert pwned(injected.folder) == []


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("where", INJECTION_PLACES)
def test_injected_text_keeps_its_exact_value(injected: InjectionPackages, where: str) -> None:
    package = injected.package(where)
    assert injected.outcomes[where].code == 0, injected.outcomes[where].err
    if where == "description":
        host = importlib.import_module(f"{package}.models").Host
        for payload in PAYLOADS:
            assert normalized(payload) in normalized(host.__doc__ or ""), payload
    elif where == "example":
        tests = importlib.import_module(f"{package}.tests.test_models_host")
        assert {f"f{i}": p for i, p in enumerate(PAYLOADS)} == tests.EXAMPLE
        host = importlib.import_module(f"{package}.models").Host
        assert host.from_dict(tests.EXAMPLE).to_dict() == tests.EXAMPLE
    elif where == "enum-value":
        kind = importlib.import_module(f"{package}.models").Kind
        assert [member.value for member in kind] == PAYLOADS
        assert all(member.name.isidentifier() for member in kind)
    elif where == "field-name":
        host = importlib.import_module(f"{package}.models").Host
        payload = {p: f"value {i}" for i, p in enumerate(ONE_LINE)}
        value = host.from_dict(payload)
        assert value.to_dict() == payload and value.unknown_fields == {}
        assert [f.name.isidentifier() for f in dataclasses.fields(host)] == [True] * len(ONE_LINE)
    elif where == "literal":
        host = importlib.import_module(f"{package}.models").Host
        for payload in ONE_LINE:
            assert host.from_dict({"lit": payload}).to_dict() == {"lit": payload}
        with pytest.raises(ValueError, match="lit"):
            host.from_dict({"lit": CODE})
    elif where == "declaration-name":
        models = importlib.import_module(f"{package}.models")
        assert len(models.__all__) == len(ONE_LINE)
        for name in models.__all__:
            assert name.isidentifier() and getattr(models, name).from_dict({"id": 1}).to_dict() == {"id": 1}
    else:
        folders = [p for p in (injected.folder / package).iterdir() if (p / "__init__.py").is_file()]
        names = sorted(p.name for p in folders if p.name != "tests")
        assert all(name.isidentifier() for name in names)
        namespaces = [importlib.import_module(f"{package}.{name}") for name in names]
        classes = [getattr(ns, name) for ns in namespaces for name in ns.__all__]
        assert sorted(c.__name__ for c in classes) == [f"D{i}" for i in range(len(PAYLOADS))]
        docs = " ".join(inspect.getmodule(c).__doc__ or "" for c in classes)
        for payload in PAYLOADS:
            assert normalized(payload.replace("/", "_")) in normalized(docs), payload


@pytest.mark.parametrize("where", INJECTION_PLACES)
def test_injected_specs_pass_their_generated_tests_without_running_anything(
    injected: InjectionPackages, where: str
) -> None:
    assert injected.outcomes[where].code == 0
    assert injected.tests[injected.package(where)] == []
    assert pwned(injected.folder) == []


@pytest.mark.parametrize("where", INJECTION_PLACES)
def test_injected_specs_pass_mypy_strict(injected: InjectionPackages, where: str) -> None:
    assert injected.outcomes[where].code == 0
    report = injected.mypy
    assert "errors prevented further checking" not in report, report
    package = injected.package(where)
    assert [line for line in report.splitlines() if line.startswith(f"{package}/")] == []


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("a<br/>b", id="line-break"),
        pytest.param("a<br/># USER CODE BEGIN", id="user-code-marker"),
        pytest.param("`a\x1bb`", id="escape-character"),
        pytest.param("`a\x7fb`", id="delete-character"),
    ],
)
def test_a_field_name_with_a_line_break_or_control_character_is_an_error(checked: Checked, cell: str) -> None:
    outcome = checked.run({"models/broken.md": model(ROW, f"| {cell} | *int* | yes | d |")})
    assert "line break or control character" in outcome.expect("bad-name", 8, (2, 3)).message
    assert all(DIAGNOSTIC.match(line) or line.startswith("gen-models: ") for line in outcome.err.splitlines())
    assert "\x1b" not in outcome.err and "\x7f" not in outcome.err, "no raw control characters reach the terminal"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("| Field | Type | Notes<br/>{forged} |", id="unknown-column"),
        pytest.param("| Field | Type | Required |", id="duplicate-field"),
    ],
)
def test_spec_text_cannot_forge_diagnostic_lines(checked: Checked, header: str) -> None:
    forged = "specs/models/usage.md:1:1: error[forged]: this line comes from a spec"
    row = "| a<br/>" + forged + " | *int* | yes |"
    text = model(row, row, header=header.format(forged=forged))
    outcome = checked.run({"models/broken.md": text})
    assert not [line for line in outcome.err.splitlines() if line.startswith("specs/models/usage.md")]
    for line in outcome.err.splitlines():
        assert DIAGNOSTIC.match(line) or line.startswith("gen-models: "), line


@pytest.mark.parametrize(
    "specs",
    [
        pytest.param(
            {"x\n# USER CODE BEGIN.md": fields_spec("A", ["| y | *int* | yes | d | 1 |"])},
            id="file-name",
        ),
    ],
)
def test_spec_text_cannot_fake_the_user_code_markers(tmp_path: Path, run_cli, specs: dict[str, str]) -> None:
    root = tmp_path / "specs"
    write_files(root, dict(specs))
    assert run_cli(root, "-o", tmp_path / "out").code == 0
    for path in root.iterdir():  # a new required field: the generated tests must list it
        path.write_text(path.read_text() + "| z | *int* | yes | d | 3 |\n")
    assert run_cli(root, "-o", tmp_path / "out").code == 0
    shutil.copytree(root, tmp_path / "fresh" / "specs")  # beside its output, as the docs' links to it
    assert run_cli(tmp_path / "fresh" / "specs", "-o", tmp_path / "fresh" / "out").code == 0
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh" / "out")


# ---------------------------------------------------------------------------------------------
# Usage errors
# ---------------------------------------------------------------------------------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Outcome:
    """The CLI in-process; argparse's own errors exit through SystemExit, which counts as a return."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (content) and folder (None) under folder."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["missing", "-o", "out"], "does not exist", id="missing-spec-folder"),
        pytest.param(["afile", "-o", "out"], "not a folder", id="spec-folder-is-a-file"),
        pytest.param(["specs", "-o", "afile"], "is a file", id="output-is-a-file"),
        pytest.param(["specs", "-o", "specs/out"], "inside the spec folder", id="output-inside-specs"),
        pytest.param(["specs", "-o", "specs/models/deeper"], "inside the spec folder", id="output-deep-inside-specs"),
        pytest.param(["specs", "-o", "specs"], "inside the spec folder", id="output-is-the-spec-folder"),
        pytest.param(["specs", "-o", "afile/out"], "cannot be", id="output-parent-is-a-file"),
        pytest.param(["specs", "-o", "afile/sub/out"], "cannot be", id="output-grandparent-is-a-file"),
        pytest.param(["specs", "-o", "not-a-name"], "identifier", id="output-name-with-dash"),
        pytest.param(["specs", "-o", "2fa"], "identifier", id="output-name-starts-with-digit"),
        pytest.param(["specs", "-o", "a.b"], "identifier", id="output-name-with-dot"),
        pytest.param(["specs", "-o", "with space"], "identifier", id="output-name-with-space"),
        pytest.param(["specs", "--templates", "nowhere", "-o", "out"], "templates", id="missing-templates"),
        *[
            pytest.param(
                ["specs", "-o", name],
                "identifier",
                id=f"output-name-{name}",
            )
            for name in ("class", "import", "None", "True")
        ],
    ],
)
def test_usage_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    write_specs(tmp_path / "specs", GOOD)
    (tmp_path / "afile").write_text("not a folder\n")
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    outcome = run_main(capsys, *args)
    assert outcome.code == 2, outcome.err
    lines = outcome.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gen-models: error: "), outcome.err
    assert message in lines[0]
    assert "Traceback" not in outcome.err + outcome.out
    assert tree(tmp_path) == before, "a usage error changes nothing"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["specs", "--bogus"], id="unknown-option"),
        pytest.param(["specs", "--emit", "nonsense"], id="bad-choice"),
        pytest.param(["specs", "-o"], id="missing-value"),
        pytest.param(["specs", "other", "-o", "out"], id="two-spec-folders"),
    ],
)
def test_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    write_specs(tmp_path / "specs", GOOD)
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    outcome = run_main(capsys, *args)
    assert outcome.code == 2
    assert outcome.err.splitlines()[-1].startswith("gen-models: error: ")
    assert "Traceback" not in outcome.err
    assert tree(tmp_path) == before


# ---------------------------------------------------------------------------------------------
# Internal errors
# ---------------------------------------------------------------------------------------------

STAGES = [
    "generator.sources.discover",
    "generator.dialects.read_document",
    "generator.markdown.parse_document",
    "generator.pipeline.resolve",
    "generator.pipeline.check_examples",
    "generator.pipeline.render_package",
    "generator.pipeline.render_job",
    "generator.fmt.format_python",
    "generator.write._stage",
]


class Boom(Exception):
    pass


def explode(*args: Any, **kwargs: Any) -> Any:
    raise Boom("boom: a bug in gen-models")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_internal_errors_exit_3_with_one_line(
    checked: Checked, monkeypatch: pytest.MonkeyPatch, stage: str, debug: bool
) -> None:
    write_files(checked.root, {"models/new.md": USAGE.replace("Usage", "New")})
    monkeypatch.setattr(stage, explode)
    result = checked.run_cli(checked.root, "-o", checked.out, "--no-cache", *(["--debug"] if debug else []))
    assert result.code == 3, result.err
    if debug:
        assert "Traceback" in result.err and "Boom: boom: a bug in gen-models" in result.err
    else:
        lines = result.err.splitlines()
        assert len(lines) == 1, result.err
        assert "internal error" in lines[0] and "report" in lines[0] and "--debug" in lines[0]
        assert "Traceback" not in result.err and "boom" not in result.err
    assert snapshot(checked.out) == checked.before, "an internal error leaves the output folder as it was"
    assert not [p for p in checked.out.rglob("*") if "gen-models-new" in p.name or "journal" in p.name]


@pytest.mark.parametrize(
    ("stage", "trigger"),
    [
        pytest.param(
            "generator.dialects.read_document",
            lambda document, *rest: document.path == "models/new.md",
            id="parse",
        ),
        pytest.param(
            "generator.render._render_page",
            lambda job, context: job.declaration.name == "New",
            id="render",
        ),
    ],
)
def test_internal_errors_name_the_spec(
    checked: Checked, monkeypatch: pytest.MonkeyPatch, stage: str, trigger: Callable[..., bool]
) -> None:
    write_files(checked.root, {"models/new.md": USAGE.replace("Usage", "New")})
    module_name, _, attribute = stage.rpartition(".")
    owner = importlib.import_module(module_name)
    original = getattr(owner, attribute)

    def sometimes(*args: Any, **kwargs: Any) -> Any:
        if trigger(*args, **kwargs):
            explode()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, attribute, sometimes)
    result = checked.run_cli(checked.root, "-o", checked.out, "--no-cache")
    assert result.code == 3, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and "internal error" in lines[0], result.err
    assert "models/new.md" in lines[0]
    assert "models/usage.md" not in lines[0] and "models/choice.md" not in lines[0]
    assert snapshot(checked.out) == checked.before
