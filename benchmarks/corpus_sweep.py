"""Regression sweep: gen-models over every real corpus in ../shared/corpus, with every check we have.

    python benchmarks/corpus_sweep.py                                  # every corpus, one at a time
    python benchmarks/corpus_sweep.py --only atoma-python --only polar --skip-mypy
    python benchmarks/corpus_sweep.py --jobs 2 --keep /tmp/sweep       # keep the generated packages

Run it with the Python environment gen-models is installed in (it runs `python -m generator`, mypy
and pytest from that environment). For each corpus (`<corpus>/docs/models` or `docs/pkg/models`;
a corpus without either, such as openapi-generator-samples, gives one entry per subfolder of docs)
it generates a package `gen_<corpus>` with `--no-cache` and checks it:

1. gen-models' exit code, diagnostics by severity and wall-clock time;
2. every generated module imports (the `tests` subpackage too), in a fresh interpreter, and
   `typing.get_type_hints(cls, include_extras=True)` works on every class they define, and
   `black --check` with gen-models' settings finds nothing to change (gen-models formats some
   modules in chunks, which must give what black gives for the whole module);
3. `mypy --strict` on the package (`--skip-mypy` skips it);
4. the generated tests pass (`--skip-tests`);
5. `oracle.py compare` against each `oracle*.json` of the corpus, read as gen-models reads the
   docs by design (see the README): the SDK's `__pydantic_extra__` is `additional_properties`, its
   raw HTTP objects (`Response`, `Request`) are plumbing that no model holds, its upload types
   (`IO[bytes]`, `IOBase`, `BufferedReader`) are bytes, and an `EventStream[X]` is a `list[X]`.
   Mismatch lines listed in benchmarks/oracle_exceptions.json, under "<corpus>/<oracle file>", are
   known docs/SDK disagreements: they count as matched, and an exception that no longer occurs is
   reported as stale (reported only: it fails no check). An exception may name a whole
   declaration instead of one line. The file's format:
   {"polar/oracle.json": [{"mismatch": "<the exact mismatch line>", "reason": "<why>"},
                          {"declaration": "<name>", "reason": "<why>"}]};
6. `behaviour.py` against the real SDK, run with `<--sdk-venvs>/<corpus>/bin/python` where that
   exists (default /tmp/sdk-venvs; one venv per SDK, with the version its SOURCE.txt names), on
   the declarations that have no exception. For a namespaced oracle (oracle-shared.json) it points
   behaviour.py at a shim package `gen_<corpus>_<sub>` that exposes `gen_<corpus>.<sub>`'s names.

It prints a markdown table, one row per corpus, then the details of each failure, and progress on
stderr. Exit status 1 if any corpus fails a check, else 0. Every corpus, all checks, `--jobs 2`:
about 5.5 minutes on 2 cores; gen-models' times are only comparable with `--jobs 1`.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpus"
TOOLS = REPO.parent / "shared" / "tools"
EXCEPTIONS = Path(__file__).resolve().parent / "oracle_exceptions.json"
SDK_VENVS = Path("/tmp/sdk-venvs")
DOCS_FOLDERS = ("docs/models", "docs/pkg/models")
SHOWN = 5  # failure lines kept per check for the details
TIMEOUT = 3600  # seconds, for any one subprocess

# Runs in a fresh interpreter: argv = package name, its parent folder. Prints one JSON object.
IMPORT_CHECK = """
import importlib, json, pkgutil, sys, typing
name, parent = sys.argv[1], sys.argv[2]
sys.path.insert(0, parent)
report = {"modules": 0, "modules_ok": 0, "classes": 0, "classes_ok": 0, "failures": []}

def fail(what, exc):
    report["failures"].append(f"{what}: {type(exc).__name__}: {exc}"[:400])

def check(modname):
    report["modules"] += 1
    try:
        module = importlib.import_module(modname)
    except Exception as exc:
        return fail(f"import {modname}", exc)
    report["modules_ok"] += 1
    for obj in list(vars(module).values()):
        if isinstance(obj, type) and obj.__module__ == modname:
            report["classes"] += 1
            try:
                typing.get_type_hints(obj, include_extras=True)
                report["classes_ok"] += 1
            except Exception as exc:
                fail(f"hints {modname}.{obj.__qualname__}", exc)

def walk():
    package = importlib.import_module(name)
    tests = name + ".tests"
    skip = lambda modname: modname == tests or modname.startswith(tests + ".")
    infos = pkgutil.walk_packages(package.__path__, name + ".", onerror=lambda _: None)
    return [info.name for info in infos if not skip(info.name)] + [tests]

try:
    names = walk()
except Exception as exc:
    report["modules"] = 1
    fail(f"import {name}", exc)
    names = []
for modname in [name, *names] if names else []:
    check(modname)
print(json.dumps(report))
"""

# A top-level package whose attributes are those of a subpackage: behaviour.py imports the package
# folder by its name and looks each declaration up as an attribute of it.
SHIM = '''"""Shim for behaviour.py: the declarations of {target} as attributes of a top-level package."""

import importlib
from typing import Any

_target = importlib.import_module("{target}")


def __getattr__(name: str) -> Any:
    return getattr(_target, name)
'''


@dataclass
class Oracle:
    path: Path
    sub: str | None  # None: compare the top package; else the subpackage of that name

    @property
    def key(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


@dataclass
class Entry:
    name: str  # e.g. polar, openapi-generator-samples/python
    corpus: str  # the corpus folder's name
    docs: Path
    oracles: list[Oracle]

    @property
    def package(self) -> str:
        return "gen_" + self.name.replace("-", "_").replace("/", "_")


@dataclass
class OracleResult:
    key: str
    matched: int = 0
    total: int = 0
    excepted: int = 0  # declarations matched only thanks to exceptions
    remaining: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.error or self.remaining or self.matched < self.total)


@dataclass
class Result:
    entry: Entry
    specs: int = 0
    exit: int | None = None
    severities: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    imports: dict[str, Any] = field(default_factory=dict)
    mypy: int | None = None
    tests: dict[str, int] | None = None
    oracles: list[OracleResult] = field(default_factory=list)
    behaviour: dict[str, str] = field(default_factory=dict)  # oracle key: last line
    details: dict[str, list[str]] = field(default_factory=dict)  # check: failure lines
    failed: list[str] = field(default_factory=list)  # names of the failed checks

    def fail(self, check: str, lines: Sequence[str] = ()) -> None:
        if check not in self.failed:
            self.failed.append(check)
        self.note(check, lines)

    def note(self, check: str, lines: Sequence[str]) -> None:
        """Details to print, without failing the corpus."""
        self.details.setdefault(check, []).extend(lines)


# ------------------------------------------------------------------ finding the corpora


def docs_folders(corpus: Path) -> Iterator[tuple[str, Path]]:
    """(entry name, docs folder) pairs: the corpus' docs folder, else each subfolder holding specs."""
    for rel in DOCS_FOLDERS:
        if (corpus / rel).is_dir():
            yield corpus.name, corpus / rel
            return
    for sub in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if any(sub.rglob("*.md")):
            yield f"{corpus.name}/{sub.name}", sub


def oracles(corpus: Path) -> list[Oracle]:
    found = [Oracle(corpus / "oracle.json", None)] if (corpus / "oracle.json").is_file() else []
    for path in sorted(corpus.glob("oracle-*.json")):
        found.append(Oracle(path, path.stem.removeprefix("oracle-")))
    return found


def find_entries(root: Path, only: Sequence[str]) -> list[Entry]:
    entries = [
        Entry(name, corpus.name, docs, oracles(corpus))
        for corpus in sorted(p for p in root.iterdir() if p.is_dir())
        for name, docs in docs_folders(corpus)
    ]
    if not only:
        return entries
    unknown = set(only) - {e.name for e in entries} - {e.corpus for e in entries}
    if unknown:
        raise SystemExit(f"unknown corpus: {', '.join(sorted(unknown))} (have: {', '.join(e.name for e in entries)})")
    return [e for e in entries if e.name in only or e.corpus in only]


# ------------------------------------------------------------------ running things


def run(cmd: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output; a timeout becomes exit code -1 with a message."""
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -1, "", f"timed out after {TIMEOUT} s: {' '.join(cmd)}")


def tail(text: str, count: int = SHOWN) -> list[str]:
    return [line for line in text.strip().splitlines() if line.strip()][-count:]


def generate(result: Result, work: Path) -> bool:
    """gen-models into work/<package>; True if it succeeded."""
    entry, out = result.entry, work / result.entry.package
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "generator", str(entry.docs), "-o", str(out), "--no-cache", "--output-format", "json"]
    start = time.perf_counter()
    proc = run(cmd, work)
    result.seconds, result.exit = time.perf_counter() - start, proc.returncode
    try:
        diagnostics: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        diagnostics = []
        result.fail("generation", ["output is not JSON:", *tail(proc.stdout), *tail(proc.stderr)])
    for diagnostic in diagnostics:
        severity = str(diagnostic.get("severity", "?"))
        result.severities[severity] = result.severities.get(severity, 0) + 1
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    if proc.returncode != 0 or errors:
        lines = [f"{d.get('path')}:{d.get('line')}: {d.get('code')}: {d.get('message')}" for d in errors[:SHOWN]]
        result.fail("generation", lines or [f"exit {proc.returncode}", *tail(proc.stderr)])
    return proc.returncode == 0 and out.is_dir()


def check_imports(result: Result, work: Path) -> None:
    proc = run([sys.executable, "-c", IMPORT_CHECK, result.entry.package, str(work)], work)
    try:
        result.imports = json.loads(proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        result.imports = {"modules": 1, "modules_ok": 0, "classes": 0, "classes_ok": 0}
        result.fail("imports", ["the import check crashed:", *tail(proc.stderr)])
        return
    failures: list[str] = result.imports.get("failures", [])
    imports = [f for f in failures if f.startswith("import ")]
    hints = [f for f in failures if f.startswith("hints ")]
    if imports:
        result.fail("imports", [f"{len(imports)} modules fail to import", *imports[:SHOWN]])
    if hints:
        result.fail("hints", [f"{len(hints)} classes fail get_type_hints", *hints[:SHOWN]])


def check_black(result: Result, work: Path) -> None:
    from generator.fmt import LINE_LENGTH, TARGET

    options = ["--check", "--fast", f"--line-length={LINE_LENGTH}", f"--target-version={TARGET.lower()}"]
    proc = run([sys.executable, "-m", "black", *options, result.entry.package], work)
    if proc.returncode != 0:
        result.fail("black", [*tail(proc.stdout), *tail(proc.stderr)])


def check_mypy(result: Result, work: Path) -> None:
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null"]
    proc = run([*cmd, result.entry.package], work)
    found = re.search(r"^Found (\d+) errors?", proc.stdout, re.M)
    result.mypy = int(found.group(1)) if found else 0
    if result.mypy or proc.returncode != 0:
        errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
        result.fail("mypy", [*errors[:SHOWN], *tail(proc.stdout, 1), *tail(proc.stderr)])


def check_tests(result: Result, work: Path) -> None:
    package = result.entry.package
    proc = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{package}/tests"], work)
    summary = tail(proc.stdout, 1)
    counts = {"passed": 0, "failed": 0, "errors": 0}
    for number, word in re.findall(r"(\d+) (passed|failed|errors?)\b", summary[0] if summary else ""):
        counts["errors" if word.startswith("error") else word] += int(number)
    result.tests = counts
    if proc.returncode != 0 or counts["failed"] or counts["errors"]:
        failing = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
        result.fail("tests", [*failing[:SHOWN], *summary, *tail(proc.stderr)])


# ------------------------------------------------------------------ oracles


def load_exceptions(path: Path) -> dict[str, dict[str, str]]:
    """{oracle key: {mismatch line or declaration name: reason}} from the committed exceptions file."""
    if not path.is_file():
        return {}
    raw: dict[str, list[dict[str, str]]] = json.loads(path.read_text(encoding="utf-8"))
    try:
        return {
            key: {item.get("mismatch") or item["declaration"]: item["reason"] for item in items}
            for key, items in raw.items()
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise SystemExit(
            f"{path}: each exception needs a 'mismatch' or a 'declaration', and a 'reason' ({error!r})"
        ) from error


# How gen-models reads the SDK's own runtime types, by design (README: "How Speakeasy's docs are read").
BYTES_TYPES = frozenset({"IO[bytes]", "IOBase", "BufferedReader", "BytesIO", "RawIOBase"})
STREAMS = frozenset({"EventStream", "EventStreamAsync"})
PLUMBING = frozenset({"Response", "Request"})  # the raw HTTP objects, which no payload carries


def split_top(text: str) -> list[str]:
    """`a, b[c, d]` -> [`a`, `b[c, d]`]."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "[") - (char == "]")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def as_read(canonical: str) -> str:
    """An oracle type as gen-models reads the same docs: uploads are bytes, an event stream of X is list[X]."""
    if canonical in BYTES_TYPES:
        return "bytes"
    head, bracket, rest = canonical.partition("[")
    if not bracket:
        return canonical
    arguments = [as_read(argument) for argument in split_top(rest[:-1])]
    if head in STREAMS:
        return f"list[{arguments[0]}]"
    if head == "union":
        members = sorted(set(arguments))
        return members[0] if len(members) == 1 else f"union[{', '.join(members)}]"
    return f"{head}[{', '.join(arguments)}]"


def extra(name: str) -> str:
    """gen-models names pydantic's extra fields `additional_properties`, by design."""
    return "additional_properties" if name == "__pydantic_extra__" else name


def read_as_documented(declaration: dict[str, Any]) -> None:
    """A model of the oracle as gen-models means to read its docs: `__pydantic_extra__` is
    `additional_properties`, the raw HTTP objects are plumbing it leaves out, and the SDK's
    upload and stream types are bytes and lists."""
    fields: dict[str, dict[str, Any]] = declaration["fields"]
    plumbing = [name for name, spec in fields.items() if spec["type"] in PLUMBING]
    declaration["fields"] = {
        extra(name): {**spec, "type": as_read(spec["type"])} for name, spec in fields.items() if name not in plumbing
    }
    declaration["sdk_only_fields"] = [extra(name) for name in declaration.get("sdk_only_fields", [])] + plumbing
    if "doc_only_fields" in declaration:
        declaration["doc_only_fields"] = [extra(name) for name in declaration["doc_only_fields"]]


def oracle_as_read(oracle: Oracle, work: Path, excluded: frozenset[str] = frozenset(), kind: str = "") -> Path:
    """A copy of the oracle with its models read as documented (read_as_documented), without the
    declarations in `excluded`."""
    data = json.loads(oracle.path.read_text(encoding="utf-8"))
    declarations: dict[str, dict[str, Any]] = data.get("declarations", {})
    for name in excluded:
        declarations.pop(name, None)
    for declaration in declarations.values():
        if isinstance(declaration.get("fields"), dict):
            read_as_documented(declaration)
    copy = work / "oracles" / (oracle.key.replace("/", "__") + kind)
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(json.dumps(data), encoding="utf-8")
    return copy


def declaration(line: str) -> str:
    """The declaration a mismatch line is about: `TYPE     Name.field: ...` -> Name."""
    found = re.match(r"\S+\s+([^\s.:]+)", line)
    return found.group(1) if found else line


def compare(oracle: Oracle, copy: Path, package: Path, known: dict[str, str]) -> OracleResult:
    report = copy.with_suffix(".report.json")
    cmd = [sys.executable, str(TOOLS / "oracle.py"), "compare", "--oracle", str(copy), "--package-dir", str(package)]
    cmd += ["--max-details", "100000", "--json-report", str(report)] + (["--sub", oracle.sub] if oracle.sub else [])
    proc = run(cmd, package.parent)
    result = OracleResult(oracle.key)
    found = re.search(r"^conformance: (\d+)/(\d+)", proc.stdout, re.M)
    if not found or not report.is_file():
        result.error = "\n".join(["oracle.py compare failed:", *tail(proc.stdout), *tail(proc.stderr)])
        return result
    mismatches: list[str] = json.loads(report.read_text(encoding="utf-8"))["mismatches"]
    result.total = int(found.group(2))
    result.remaining = [line for line in mismatches if line not in known and declaration(line) not in known]
    lines = {line for line in known if " " in line}  # declaration exceptions are names, without spaces
    result.stale = sorted(lines - set(mismatches))
    unmatched = {declaration(line) for line in result.remaining}
    result.matched = result.total - len(unmatched)
    result.excepted = result.matched - int(found.group(1))
    result.error = next((line for line in proc.stdout.splitlines() if line.startswith("ERROR: cannot import")), "")
    return result


def check_oracles(result: Result, work: Path, copies: dict[str, Path], known: dict[str, dict[str, str]]) -> None:
    for oracle in result.entry.oracles:
        outcome = compare(oracle, copies[oracle.key], work / result.entry.package, known.get(oracle.key, {}))
        result.oracles.append(outcome)
        lines = [outcome.error] if outcome.error else []
        if outcome.remaining:
            lines.append(f"{outcome.key}: {len(outcome.remaining)} mismatch lines not excepted")
            lines += outcome.remaining[:SHOWN]
        if not outcome.ok:
            result.fail("oracle", lines)
        if outcome.stale:
            result.note("stale oracle exceptions", [f"{outcome.key}: {line}" for line in outcome.stale])


# ------------------------------------------------------------------ behaviour


def shim(work: Path, package: str, sub: str) -> Path:
    """work/<package>_<sub>: a package that exposes <package>.<sub>'s names as its own."""
    folder = work / f"{package}_{sub}"
    folder.mkdir(exist_ok=True)
    (folder / "__init__.py").write_text(SHIM.format(target=f"{package}.{sub}"), encoding="utf-8")
    return folder


def check_behaviour(result: Result, work: Path, venvs: Path, known: dict[str, dict[str, str]]) -> None:
    """behaviour.py on the oracle's declarations, but those with an exception: a docs/SDK
    disagreement makes the SDK reject what the docs allow, or the other way round."""
    python = venvs / result.entry.corpus / "bin" / "python"
    if not python.exists():
        return
    for oracle in result.entry.oracles:
        excluded = frozenset(declaration(item) if " " in item else item for item in known.get(oracle.key, {}))
        copy, package = oracle_as_read(oracle, work, excluded, ".behaviour"), work / result.entry.package
        sdk_module = json.loads(copy.read_text(encoding="utf-8"))["meta"]["sdk_module"]
        target = shim(work, result.entry.package, oracle.sub) if oracle.sub else package
        cmd = [str(python), str(TOOLS / "behaviour.py"), "--sdk-module", sdk_module, "--oracle", str(copy)]
        proc = run([*cmd, "--package-dir", str(target)], work)
        last = (tail(proc.stdout, 1) or ["behaviour: no result"])[0]
        result.behaviour[oracle.key] = last
        if proc.returncode != 0 or not last.startswith("behaviour:"):
            shown = proc.stdout.strip().splitlines()[: SHOWN * 2]
            result.fail("behaviour", [f"{oracle.key}: {last}", *shown[:-1], *tail(proc.stderr, 2)])


# ------------------------------------------------------------------ one corpus


@dataclass
class Options:
    work: Path
    skip_mypy: bool
    skip_tests: bool
    venvs: Path
    exceptions: dict[str, dict[str, str]]  # oracle key: {mismatch line: reason}


def sweep(entry: Entry, options: Options) -> Result:
    result = Result(entry, specs=sum(1 for _ in entry.docs.rglob("*.md")))
    work = options.work
    if not generate(result, work):
        return result
    check_imports(result, work)
    check_black(result, work)
    if not options.skip_mypy:
        check_mypy(result, work)
    if not options.skip_tests:
        check_tests(result, work)
    copies = {oracle.key: oracle_as_read(oracle, work) for oracle in entry.oracles}
    check_oracles(result, work, copies, options.exceptions)
    check_behaviour(result, work, options.venvs, options.exceptions)
    return result


def sweep_logged(entry: Entry, options: Options) -> Result:
    start = time.perf_counter()
    print(f"{entry.name}: start", file=sys.stderr, flush=True)
    result = sweep(entry, options)
    verdict = f"FAILED {', '.join(result.failed)}" if result.failed else "ok"
    print(f"{entry.name}: {verdict} ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    return result


# ------------------------------------------------------------------ the report


def ratio(done: int | None, total: int | None) -> str:
    return "-" if total is None else f"{done}/{total}"


def oracle_cell(result: Result) -> str:
    cells = []
    for outcome in result.oracles:
        label = outcome.key.split("/", 1)[1].removesuffix(".json").removeprefix("oracle").lstrip("-")
        score = "error" if outcome.error else f"{outcome.matched}/{outcome.total}"
        extra = f" ({outcome.excepted} excepted)" if outcome.excepted else ""
        cells.append(f"{label + ' ' if label else ''}{score}{extra}")
    return "; ".join(cells) or "-"


def behaviour_cell(result: Result) -> str:
    cells = []
    for key, line in result.behaviour.items():
        label = key.split("/", 1)[1].removesuffix(".json").removeprefix("oracle").lstrip("-")
        cells.append(f"{label + ' ' if label else ''}{line.removeprefix('behaviour: ')}")
    return "; ".join(cells) or "-"


def row(result: Result) -> list[str]:
    imports, sev = result.imports, result.severities
    tests = result.tests
    return [
        result.entry.name,
        str(result.specs),
        "-" if result.exit is None else str(result.exit),
        f"{sev.get('error', 0)}/{sev.get('warning', 0)}/{sev.get('info', 0)}",
        f"{result.seconds:.1f}",
        ratio(imports.get("modules_ok"), imports.get("modules")),
        ratio(imports.get("classes_ok"), imports.get("classes")),
        "-" if result.mypy is None else str(result.mypy),
        "-" if tests is None else f"{tests['passed']}/{tests['failed'] + tests['errors']}",
        oracle_cell(result),
        behaviour_cell(result),
        ", ".join(result.failed) or "ok",
    ]


def as_json(result: Result) -> dict[str, Any]:
    """A corpus' results as data, for the corpus tests."""
    return {
        "name": result.entry.name,
        "package": result.entry.package,  # the generated package's folder, under --keep
        "exit": result.exit,
        "severities": result.severities,
        "imports": {key: value for key, value in result.imports.items() if key != "failures"},
        "mypy": result.mypy,
        "tests": result.tests,
        "oracles": {o.key: {"matched": o.matched, "total": o.total, "remaining": o.remaining} for o in result.oracles},
        "behaviour": result.behaviour,
        "failed": result.failed,
        "details": result.details,
    }


HEADER = [
    "corpus",
    "specs",
    "exit",
    "errors/warnings/infos",
    "time (s)",
    "modules imported",
    "classes with hints",
    "mypy errors",
    "tests passed/failed",
    "oracle conformance",
    "behaviour",
    "verdict",
]


def table(results: Sequence[Result]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row(r)) + " |" for r in results]
    return "\n".join(lines)


def details(results: Sequence[Result]) -> str:
    parts = []
    for result in results:
        if not result.details:
            continue
        parts.append(f"\n### {result.entry.name}")
        for check, lines in result.details.items():
            parts += [f"\n{check}:\n", "```text", *(line for line in lines if line), "```"]
    return "\n".join(parts)


# ------------------------------------------------------------------ command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPORA, help=f"the corpora folder (default: {CORPORA})")
    parser.add_argument("--only", action="append", default=[], help="sweep this corpus only (repeatable)")
    parser.add_argument("--skip-mypy", action="store_true", help="do not run mypy --strict")
    parser.add_argument("--skip-tests", action="store_true", help="do not run the generated tests")
    parser.add_argument("--keep", type=Path, default=None, help="write the packages here, not in a temp dir")
    parser.add_argument("--jobs", type=int, default=1, help="corpora swept in parallel (default: 1)")
    parser.add_argument("--sdk-venvs", type=Path, default=SDK_VENVS, help="<DIR>/<corpus>/bin/python has the SDK")
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS, help="known oracle mismatches (JSON)")
    parser.add_argument("--json", type=Path, default=None, help="also write each corpus' results to this file")
    return parser.parse_args(argv)


def sweep_all(entries: Sequence[Entry], options: Options, jobs: int) -> list[Result]:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda entry: sweep_logged(entry, options), entries))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    entries = find_entries(args.corpus.resolve(), args.only)
    with tempfile.TemporaryDirectory(prefix="corpus-sweep-") as temp:
        work = (args.keep or Path(temp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        exceptions = load_exceptions(args.exceptions)
        options = Options(work, args.skip_mypy, args.skip_tests, args.sdk_venvs, exceptions)
        results = sweep_all(entries, options, args.jobs)
    print(table(results))
    print(details(results))
    if args.json:
        args.json.write_text(json.dumps([as_json(r) for r in results], indent=1) + "\n", encoding="utf-8")
    failed = [r.entry.name for r in results if r.failed]
    print(f"\n{len(results) - len(failed)}/{len(results)} corpora pass every check", end="")
    print(f"; failing: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
