"""A plain (not editable) install ships the templates and works away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import PROJECT


def test_wheel_ships_the_templates_and_runs_from_an_install(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(PROJECT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("gen_models-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {name for name in names if name.startswith("generator/templates/")}
    assert {
        "generator/templates/python/module.py.jinja",
        "generator/templates/python/runtime.py.jinja",
        "generator/templates/docs/declaration.md.jinja",
        "generator/templates/tests/test_declaration.py.jinja",
    } <= templates

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", str(PROJECT / "specs"), "-o", str(tmp_path / "out" / "generated")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "generated" / "models" / "completionchoice.py").is_file()
    probe = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(site)), "the installed copy ran, not the source tree"
