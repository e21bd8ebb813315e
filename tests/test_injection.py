"""Spec text is data: nothing written in a spec can become code in the output."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import textwrap
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

    | Name   | Value                | Description                  |
    | ------ | -------------------- | ---------------------------- |
    | `QUOTE` | a'"b                | ends with a quote "          |
    | `CODE`  | x"); import os; ("  | \"\"\"; import os; \"\"\"          |
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
    # black puts a space between a docstring's last quote and the closing quotes
    assert (
        models.Payload.__doc__
        == 'Ends with a quote " and \\\\ a backslash """ and then; __import__("os").system("touch PWNED") #" '
    )
    assert field_docstrings(inspect.getsource(models.Payload))["class_"] == '"""\n    import os\n    """'
    payload = models.Payload.from_dict(
        {"class": 'it\'s a "quote" \\\\n', "kind": "a'\"b", "lit": "x'); import os; ('y"}
    )
    assert payload.class_ == 'it\'s a "quote" \\\\n'
    assert payload.kind is models.Kind.QUOTE
    assert [member.value for member in models.Kind] == ["a'\"b", 'x"); import os; ("']
    assert field_docstrings(inspect.getsource(models.Kind)) == {
        "QUOTE": 'ends with a quote "',
        "CODE": '"""; import os; """',
    }


def field_docstrings(source: str) -> dict[str, str]:
    """Each field's (or enum member's) docstring, the string that follows it in the class body, by name."""
    (cls,) = ast.parse(textwrap.dedent(source)).body
    assert isinstance(cls, ast.ClassDef)
    found = {}
    for field, after in zip(cls.body, cls.body[1:], strict=False):
        target = field.target if isinstance(field, ast.AnnAssign) else getattr(field, "targets", [None])[0]
        if isinstance(target, ast.Name) and isinstance(after, ast.Expr):
            assert isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)
            found[target.id] = after.value.value
    return found


def test_generated_tests_of_hostile_specs_pass(hostile_package: Path) -> None:
    assert pytest.main(["-q", "-p", "no:cacheprovider", str(hostile_package / "hostile" / "tests")]) == 0
    assert not (hostile_package / "PWNED").exists()
