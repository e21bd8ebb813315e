"""Spec text is data: nothing written in a spec can become code in the output."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from conftest import write_specs

HOSTILE = '''
    # Payload

    Ends with a quote " and \\\\ a backslash """ and then; __import__("os").system("touch PWNED") #"

    ## Fields

    | Field   | Type                              | Required           | Description                          | Example                  |
    | ------- | --------------------------------- | ------------------ | ------------------------------------ | ------------------------ |
    | `class` | *str*                             | :heavy_check_mark: | """<br/>import os<br/>"""            | it's a "quote" \\\\n      |
    | `kind`  | [models.Kind](kind.md)            | :heavy_check_mark: | value with quotes                    | a'"b                     |
    | `lit`   | Literal["x'); import os; ('y"]    | :heavy_minus_sign: | literal with code                    |                          |
'''
KIND = """
    # Kind

    ## Values

    | Name   | Value                |
    | ------ | -------------------- |
    | `QUOTE` | a'"b                |
    | `CODE`  | x"); import os; ("  |
"""


@pytest.fixture
def hostile_package(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    root = write_specs(tmp_path / "specs", {"models/payload.md": HOSTILE, "models/kind.md": KIND})
    result = run_cli(root, "-o", tmp_path / "hostile")
    assert result.code == 0, result.err
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m == "hostile" or m.startswith("hostile.")]:
        del sys.modules[name]


def test_hostile_text_stays_text(hostile_package: Path) -> None:
    models = importlib.import_module("hostile.models")
    assert not (hostile_package / "PWNED").exists()
    summary, attributes = models.Payload.__doc__.split("\n\n", 1)
    assert summary == 'Ends with a quote " and \\\\ a backslash """ and then; __import__("os").system("touch PWNED") #"'
    assert 'class_: """\n            import os\n            """' in attributes
    payload = models.Payload.from_dict(
        {"class": 'it\'s a "quote" \\\\n', "kind": "a'\"b", "lit": "x'); import os; ('y"}
    )
    assert payload.class_ == 'it\'s a "quote" \\\\n'
    assert payload.kind is models.Kind.QUOTE
    assert [member.value for member in models.Kind] == ["a'\"b", 'x"); import os; ("']


def test_generated_tests_of_hostile_specs_pass(hostile_package: Path) -> None:
    assert pytest.main(["-q", "-p", "no:cacheprovider", str(hostile_package / "hostile" / "tests")]) == 0
    assert not (hostile_package / "PWNED").exists()
