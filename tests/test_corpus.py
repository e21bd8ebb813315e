"""The real corpora in ../shared/corpus: the atoma-python SDK docs must generate cleanly and
agree with the declarations of the SDK itself (oracle.json)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

from generator.cli import main
from generator.diagnostics import Severity
from generator.pipeline import read_specs

ATOMA = CORPUS / "atoma-python"
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not ATOMA.is_dir(), reason="../shared/corpus is absent")]


@pytest.fixture(scope="module")
def atoma_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "atoma"
    assert main([str(ATOMA / "docs" / "models"), "-o", str(out)]) == 0
    return out


def test_all_78_specs_generate_without_errors() -> None:
    declarations, diagnostics = read_specs(ATOMA / "docs" / "models")
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    files = {d.span.path for d in declarations}
    assert len([path for path in files if "/" not in path]) == 78
    assert "utils/retryconfig.md" in files
    assert {"RetryConfig", "BackoffStrategy"} <= {d.name for d in declarations}


def test_agrees_with_the_sdk_oracle_on_every_declaration(atoma_package: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(CORPUS.parent / "tools" / "oracle.py"),
            "compare",
            "--oracle",
            str(ATOMA / "oracle.json"),
            "--package-dir",
            str(atoma_package),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "conformance: 76/76 = 100.0%", done.stdout


def test_generated_tests_pass(atoma_package: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", atoma_package.name],
        cwd=atoma_package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout.splitlines()[-1]


def test_generated_code_passes_mypy_strict(atoma_package: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", atoma_package.name],
        cwd=atoma_package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
