"""Fuzzing with real specs: small groups of corpus files, mutated the ways files really break
(pipes deleted, truncation, lines dropped or doubled, brackets unbalanced, stray bytes including
invalid UTF-8 and NUL, cells swapped), must only ever give diagnostics: never an exception, never an
internal error, and output that compiles whenever a run succeeds.

The corpora are read at test time; the tests skip when ../shared/corpus is absent.
"""

from __future__ import annotations

import contextlib
import io
import keyword
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, snapshot
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator import ir
from generator.cli import main
from generator.diagnostics import Severity
from generator.incremental import read as read_specs

# Small groups of specs that refer only to each other, so each group generates on its own.
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "atoma-logprobs": (
        "atoma-python",
        ("chatcompletionlogprobs.md", "chatcompletionlogprobscontent.md", "chatcompletionlogprob.md"),
    ),
    "atoma-model": ("atoma-python", ("logprobs.md",)),
    "atoma-enum": ("atoma-python", ("responseformattype.md",)),
    "atoma-union": ("atoma-python", ("stopreasonunion.md", "stopreason1.md", "stopreason2.md")),
    "atoma-content": (
        "atoma-python",
        (
            "messagecontent.md",
            "messagecontentpartunion.md",
            "messagecontentpart1.md",
            "messagecontentpart2.md",
            "messagecontentpartimageurl.md",
        ),
    ),
    "atoma-usage": ("atoma-python", ("usage.md", "completiontokensdetails.md", "prompttokensdetails.md")),
    "unstructured-errors": (
        "unstructured-python",
        ("errors/httpvalidationerror.md", "errors/detail.md", "shared/validationerror.md", "shared/loc.md"),
    ),
    # A TypeScript group: the mutations must hold for every dialect, not only Python.
    "typescript-union": (
        "atoma-typescript",
        ("components/stopreasonunion.md", "components/stopreason1.md", "components/stopreason2.md"),
    ),
}
AVAILABLE = all(
    (CORPUS / corpus / "docs" / "models" / file).is_file() for corpus, files in GROUPS.values() for file in files
)
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not AVAILABLE, reason="../shared/corpus is absent")]


def load_group(name: str) -> dict[str, bytes]:
    """{path under the spec root: content}, read from the corpus now."""
    corpus, files = GROUPS[name]
    folder = CORPUS / corpus / "docs" / "models"
    return {f"models/{file}": (folder / file).read_bytes() for file in files}


def write_group(root: Path, files: dict[str, bytes]) -> None:
    if root.exists():
        shutil.rmtree(root)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Mutations: each is data (a tuple), applied with its positions taken modulo the file's size, so
# that Hypothesis can shrink them and a failure prints the exact edit.
# ---------------------------------------------------------------------------------------------

STRAY = st.sampled_from(
    [
        b"\x00",
        b"\xff",
        b"\xfe\xff",
        b"\xc3",
        b"\xe2\x82",
        b"\xed\xa0\x80",
        b"\xef\xbb\xbf",
        b"\r",
        b"\r\n",
        b"\n",
        b"\n\n",
        b"|",
        b"\\|",
        b"[",
        b"]",
        b"(",
        b")",
        b"`",
        b"``",
        b"*",
        b"~~",
        b"<br/>",
        b"# ",
        b"## Fields\n",
        b"## Values\n",
        b"## Supported Types\n",
        b"### ",
        b"```\n",
        b"- ",
        b"> ",
        b"    ",
        b"\t",
        b"\x0b\x0c",
        b"\x1b[31m",
        "\u2028".encode(),
        "\u0085".encode(),
        "\u00e9".encode(),
        "\U0001f600".encode(),
        b"Optional[",
        b"List[",
        b"Dict[str, ",
        b"Literal[",
        b'"',
        b"'",
        b'"""',
        b"\\",
        b"__init__",
        b"class",
        b"../../outside.md",
        b"](",
        b"[models.X](x.md)",
        b":heavy_check_mark:",
        b"None",
    ]
) | st.binary(min_size=1, max_size=4)
POSITION = st.integers(min_value=0, max_value=1 << 20)
MUTATION = st.one_of(
    st.tuples(st.just("delete-pipe"), POSITION),
    st.tuples(st.just("truncate"), POSITION),
    st.tuples(st.just("drop-line"), POSITION),
    st.tuples(st.just("duplicate-line"), POSITION),
    st.tuples(st.just("swap-lines"), POSITION, POSITION),
    st.tuples(st.just("unbalance"), POSITION),
    st.tuples(st.just("insert"), POSITION, STRAY),
    st.tuples(st.just("replace-byte"), POSITION, st.integers(min_value=0, max_value=255)),
    st.tuples(st.just("swap-cells"), POSITION, POSITION, POSITION),
)


def mutate(data: bytes, mutation: tuple[object, ...]) -> bytes:
    kind, first, *rest = mutation
    assert isinstance(first, int)
    lines = data.split(b"\n")
    if kind == "delete-pipe":
        pipes = [i for i, byte in enumerate(data) if byte == ord("|")]
        return data if not pipes else data[: pipes[first % len(pipes)]] + data[pipes[first % len(pipes)] + 1 :]
    if kind == "truncate":
        return data[: first % (len(data) + 1)]
    if kind == "drop-line":
        del lines[first % len(lines)]
        return b"\n".join(lines)
    if kind == "duplicate-line":
        index = first % len(lines)
        lines.insert(index, lines[index])
        return b"\n".join(lines)
    if kind == "swap-lines":
        (second,) = rest
        assert isinstance(second, int)
        i, j = first % len(lines), second % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if kind == "unbalance":
        brackets = [i for i, byte in enumerate(data) if byte in b"[]()`"]
        return (
            data
            if not brackets
            else data[: brackets[first % len(brackets)]] + data[brackets[first % len(brackets)] + 1 :]
        )
    if kind == "insert":
        (stray,) = rest
        assert isinstance(stray, bytes)
        at = first % (len(data) + 1)
        return data[:at] + stray + data[at:]
    if kind == "replace-byte":
        (byte,) = rest
        assert isinstance(byte, int)
        if not data:
            return bytes([byte])
        at = first % len(data)
        return data[:at] + bytes([byte]) + data[at + 1 :]
    if kind == "swap-cells":
        i, j = rest
        assert isinstance(i, int) and isinstance(j, int)
        rows = [index for index, line in enumerate(lines) if line.count(b"|") >= 3]
        if not rows:
            return data
        row = rows[first % len(rows)]
        cells = lines[row].split(b"|")
        a, b = i % len(cells), j % len(cells)
        cells[a], cells[b] = cells[b], cells[a]
        lines[row] = b"|".join(cells)
        return b"\n".join(lines)
    raise AssertionError(kind)


@st.composite
def mutated_groups(draw: st.DrawFn, groups: list[str]) -> tuple[str, dict[str, bytes], list[tuple[object, ...]]]:
    """A group of specs with one or two of its files mutated a few times."""
    group = draw(st.sampled_from(groups))
    files = load_group(group)
    names = sorted(files)
    edits: list[tuple[object, ...]] = []
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
        for mutation in draw(st.lists(MUTATION, min_size=1, max_size=4)):
            files[name] = mutate(files[name], mutation)
            edits.append((name, *mutation))
    return group, files, edits


def test_mutations_do_what_they_say() -> None:
    data = b"| a | b |\n| - | - |\n| 1 | 2 |"
    assert mutate(data, ("delete-pipe", 0)) == b" a | b |\n| - | - |\n| 1 | 2 |"
    assert mutate(data, ("truncate", 3)) == b"| a"
    assert mutate(data, ("drop-line", 1)) == b"| a | b |\n| 1 | 2 |"
    assert mutate(data, ("duplicate-line", 2)).count(b"| 1 | 2 |") == 2
    assert mutate(data, ("swap-lines", 0, 2)).startswith(b"| 1 | 2 |")
    assert mutate(b"List[int]", ("unbalance", 1)) == b"List[int"
    assert mutate(data, ("insert", 0, b"\xff")) == b"\xff" + data
    assert mutate(b"abc", ("replace-byte", 1, 0)) == b"a\x00c"
    assert mutate(data, ("swap-cells", 2, 1, 2)).endswith(b"| 2 | 1 |")


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_group_reads_as_it_is(group: str, tmp_path: Path) -> None:
    write_group(tmp_path / "specs", load_group(group))
    declarations, diagnostics = read_specs(tmp_path / "specs")
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert declarations
    assert errors == []


# ---------------------------------------------------------------------------------------------
# The fast check, in-process through read_specs: thousands of mutated groups
# ---------------------------------------------------------------------------------------------

DIAGNOSTIC_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_read(files: dict[str, bytes], declarations: list[ir.Declaration], diagnostics: list[object]) -> None:
    """Diagnostics name a written file and a line inside it; with no errors, every Python name is one."""
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, type(diagnostics[0]))
        span = diagnostic.span  # type: ignore[attr-defined]
        assert diagnostic.severity in (Severity.ERROR, Severity.WARNING)  # type: ignore[attr-defined]
        assert DIAGNOSTIC_CODE.fullmatch(diagnostic.code), diagnostic  # type: ignore[attr-defined]
        assert diagnostic.message.strip(), diagnostic  # type: ignore[attr-defined]
        assert span.path in files, diagnostic
        lines = files[span.path].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        assert 1 <= span.line <= lines + 1, diagnostic
        assert span.col >= 1, diagnostic
    if any(d.severity is Severity.ERROR for d in diagnostics):  # type: ignore[attr-defined]
        return
    for declaration in declarations:
        names = [declaration.python_name]
        if isinstance(declaration, ir.Model):
            names += [f.python_name for f in declaration.fields]
        for name in names:
            assert name.isidentifier() and not keyword.iskeyword(name), (declaration.name, name)


SEED = 0  # a fixed seed: the same examples on every run and in CI, whatever the test's source
FAST = settings(
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_mutated_specs_only_ever_give_diagnostics(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "specs"

    @FAST
    @seed(SEED)
    @given(mutated_groups(list(GROUPS)))
    def check(case: tuple[str, dict[str, bytes], list[tuple[object, ...]]]) -> None:
        _, files, _ = case
        write_group(root, files)
        declarations, diagnostics = read_specs(root)
        check_read(files, declarations, list(diagnostics))

    check()


# ---------------------------------------------------------------------------------------------
# The full check through the command line: render, format and write, or leave the output alone
# ---------------------------------------------------------------------------------------------

SUMMARY = "gen-models: errors found; the output folder was not changed"
DIAGNOSTIC_LINE = re.compile(r"^.+:\d+:\d+: (error|warning)\[[a-z0-9-]+\]: .+$")

FULL = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def cli_problems(code: int, stdout: str, err: str, out: Path, before: dict[str, bytes]) -> list[str]:
    """What is wrong with one run of the command line, if anything."""
    problems = []
    if code not in (0, 1):
        problems.append(f"exit {code}")
    if "Traceback" in err or "internal error" in err:
        problems.append("internal error: " + err[-300:])
    problems += [
        f"not a diagnostic: {line!r}"
        for line in err.splitlines()
        if not (line == SUMMARY or DIAGNOSTIC_LINE.match(line))
    ]
    if code == 1 and snapshot(out) != before:
        problems.append("a failed run changed the output folder")
    if code == 0:
        for path in sorted(out.rglob("*.py")):
            try:
                compile(path.read_text(encoding="utf-8"), str(path), "exec")
            except SyntaxError as problem:
                problems.append(f"{path.relative_to(out)} does not compile: {problem}")
        if stdout:
            problems.append(f"printed {stdout[:200]!r}")
    return problems


def test_mutated_specs_through_the_command_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every example runs (a violation does not stop the others); all violations are reported at the end."""
    folder = tmp_path_factory.mktemp("fuzz_cli")
    baselines: dict[str, Path] = {}
    for group in GROUPS:  # each group generated once, unmutated: the output a failed run must keep
        write_group(folder / "specs", load_group(group))
        baselines[group] = folder / group.replace("-", "_") / "out"
        with captured() as (_, err):
            assert main([str(folder / "specs"), "-o", str(baselines[group])]) == 0, err.getvalue()
    before = {group: snapshot(out) for group, out in baselines.items()}
    violations: list[str] = []
    runs: list[int] = []

    @FULL
    @seed(SEED)
    @given(mutated_groups(list(GROUPS)))
    def check(case: tuple[str, dict[str, bytes], list[tuple[object, ...]]]) -> None:
        group, files, edits = case
        root, out = folder / "specs", folder / "run" / "out"
        write_group(root, files)
        if out.parent.exists():
            shutil.rmtree(out.parent)
        shutil.copytree(baselines[group], out)
        with captured() as (stdout, stderr):
            code = main([str(root), "-o", str(out), "--no-cache"])  # render and format every time
        runs.append(code)
        problems = cli_problems(code, stdout.getvalue(), stderr.getvalue(), out, before[group])
        violations.extend(f"{group} {edits}: {problem}" for problem in problems)

    check()
    assert len(runs) >= 90
    assert 0 in runs and 1 in runs, "the mutations give both clean runs and errors"
    assert violations == [], "\n".join(violations)


def test_found_by_fuzzing_a_field_name_that_starts_with_a_digit_once_escaped(tmp_path: Path) -> None:
    files = load_group("atoma-model")
    files["models/logprobs.md"] = mutate(files["models/logprobs.md"], ("swap-cells", 0, 1, 189551))
    assert b"| Example " in files["models/logprobs.md"] and b"| Field " in files["models/logprobs.md"]
    write_group(tmp_path / "specs", files)
    declarations, diagnostics = read_specs(tmp_path / "specs")
    check_read(files, declarations, list(diagnostics))


def run_cli_on(folder: Path, files: dict[str, bytes]) -> tuple[int, str]:
    write_group(folder / "specs", files)
    with captured() as (_, err):
        code = main([str(folder / "specs"), "-o", str(folder / "out"), "--no-cache"])
    return code, err.getvalue()


def test_found_by_fuzzing_a_union_whose_variants_a_code_fence_swallowed(tmp_path: Path) -> None:
    files = load_group("atoma-union")
    for mutation in (("swap-lines", 43687, 327476), ("duplicate-line", 359)):
        files["models/stopreasonunion.md"] = mutate(files["models/stopreasonunion.md"], mutation)
    code, err = run_cli_on(tmp_path, files)
    assert code == 1, err
    assert "internal error" not in err


def test_found_by_fuzzing_a_diagnostic_split_over_several_lines(tmp_path: Path) -> None:
    files = load_group("atoma-logprobs")
    name = "models/chatcompletionlogprob.md"
    files[name] = mutate(files[name], ("swap-lines", 7945, 1302))
    code, err = run_cli_on(tmp_path, files)
    assert code == 1
    for line in err.splitlines():
        assert line == SUMMARY or DIAGNOSTIC_LINE.match(line), line
