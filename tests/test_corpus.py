"""The real corpora in ../shared/corpus, in every dialect. Every docs folder generates without an
error; every generated module imports and every class's type hints resolve; the generated tests
pass; and where the corpus has an oracle, the models agree with the real SDK's, but for the
docs/SDK disagreements that benchmarks/oracle_exceptions.json lists with their reasons.

benchmarks/corpus_sweep.py does the work, once for all corpora. It also runs mypy --strict over
each corpus, which takes minutes: here mypy runs on one small corpus per dialect family."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, PROJECT, snapshot

from generator.diagnostics import Severity
from generator.incremental import read as read_specs

ATOMA = CORPUS / "atoma-python"
# Every corpus, by the name the sweep gives it: Speakeasy's Python docs, then the other dialects.
CORPORA = [
    "atoma-python",
    "clerk",
    "cribl-legacy",
    "epilot-entity",
    "epilot-message",
    "formance",
    "generation-tests",
    "novu",
    "polar",
    "speakeasy-full",
    "unstructured-python",
    "wingspan",
    "atoma-typescript",
    "hathora-typescript",
    "formance-go",
    "openapi-generator-samples/go",
    "openapi-generator-samples/java",
    "openapi-generator-samples/python",
    "openapi-generator-samples/typescript",
]
PRESENT = [name for name in CORPORA if (CORPUS / name).is_dir()]
# mypy --strict takes minutes over every corpus (the sweep runs it): here, one small corpus per dialect.
TYPED = ["atoma-python", "atoma-typescript", "openapi-generator-samples/java"]
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not PRESENT, reason="../shared/corpus is absent")]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The sweep's results by corpus: generation, imports, type hints, tests and oracles."""
    work = tmp_path_factory.mktemp("sweep")
    report = work / "results.json"
    only = [argument for name in PRESENT for argument in ("--only", name)]
    options = ["--skip-mypy", "--jobs", "2", "--keep", str(work), "--json", str(report)]
    options += ["--sdk-venvs", str(work / "no-sdks")]  # the SDKs' behaviour is compared by hand: see the sweep
    environment = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    command = [sys.executable, str(PROJECT / "benchmarks" / "corpus_sweep.py"), *only, *options]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    assert report.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(report.read_text(encoding="utf-8"))
    return {result["name"]: {**result, "package": str(work / result["package"])} for result in results}


@pytest.mark.parametrize("corpus", PRESENT)
def test_generates_without_errors(sweep: dict[str, dict[str, Any]], corpus: str) -> None:
    result = sweep[corpus]
    assert (result["exit"], result["severities"].get("error", 0)) == (0, 0), result["details"]


@pytest.mark.parametrize("corpus", PRESENT)
def test_every_module_imports_and_every_class_has_type_hints(sweep: dict[str, dict[str, Any]], corpus: str) -> None:
    imports = sweep[corpus]["imports"]
    assert imports["modules"] > 0 and imports["classes"] > 0
    assert (imports["modules_ok"], imports["classes_ok"]) == (imports["modules"], imports["classes"]), sweep[corpus][
        "details"
    ]


@pytest.mark.parametrize("corpus", PRESENT)
def test_generated_tests_pass(sweep: dict[str, dict[str, Any]], corpus: str) -> None:
    tests = sweep[corpus]["tests"]
    assert tests["passed"] > 0 and tests["failed"] == tests["errors"] == 0, sweep[corpus]["details"]


@pytest.mark.parametrize("corpus", [name for name in PRESENT if any((CORPUS / name).glob("oracle*.json"))])
def test_agrees_with_the_sdk_oracle(sweep: dict[str, dict[str, Any]], corpus: str) -> None:
    oracles = sweep[corpus]["oracles"]
    assert oracles
    for key, outcome in oracles.items():
        assert outcome["remaining"] == [], key
        assert outcome["matched"] == outcome["total"] > 0, key


@pytest.mark.skipif(not ATOMA.is_dir(), reason="atoma-python is absent")
def test_atoma_reads_all_78_specs_and_the_utils_folder() -> None:
    declarations, diagnostics = read_specs(ATOMA / "docs" / "models")
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    files = {d.span.path for d in declarations}
    assert len([path for path in files if "/" not in path]) == 78
    assert "utils/retryconfig.md" in files
    assert {"RetryConfig", "BackoffStrategy"} <= {d.name for d in declarations}


@pytest.mark.parametrize("corpus", [name for name in TYPED if name in PRESENT])
def test_passes_mypy_strict(sweep: dict[str, dict[str, Any]], corpus: str) -> None:
    package = Path(sweep[corpus]["package"])
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, package.name],
        cwd=package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.skipif(not (CORPUS / "formance").is_dir(), reason="formance is absent")
def test_a_namespaced_corpus_gives_the_same_bytes_under_any_hash_seed(tmp_path: Path) -> None:
    """formance has the same names in two namespaces (aliased imports) and many unions."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "formance"
        command = [sys.executable, "-m", "generator", str(CORPUS / "formance" / "docs" / "models"), "-o", str(out)]
        environment = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / seed / "cache")}
        assert subprocess.run(command, capture_output=True, check=False, env=environment).returncode == 0
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]
    assert any(b" as Shared" in text for path, text in outputs[0].items() if path.startswith("operations/"))
