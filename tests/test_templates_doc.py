"""templates/README.md documents the templates' public interface; these tests keep it honest,
and check that a user's template overrides a built-in one while the others stay."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
import sys
import uuid
from pathlib import Path

import jinja2
import pytest
from conftest import PROJECT, snapshot, write_specs
from jinja2 import nodes
from test_cli import USAGE

from generator import checks, ir, render, views
from generator.config import Options
from generator.diagnostics import Span

TEMPLATES = PROJECT / "templates"
README = TEMPLATES / "README.md"


def tables() -> list[list[dict[str, set[str]]]]:
    """The README's tables: each row maps its column's header to the backticked names in its cell."""
    found: list[list[dict[str, set[str]]]] = []
    header: list[str] = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if not header:
            header = cells
            found.append([])
        elif not set("".join(cells)) <= set("-: "):
            found[-1].append(
                {column: set(re.findall(r"`([^`]+)`", cell)) for column, cell in zip(header, cells, strict=True)}
            )
    return found


def documented(column: str, *, having: str | None = None, unless: str | None = None) -> set[str]:
    """Every name in that column of the tables that have a column `having` and none named `unless`."""
    return {
        name
        for table in tables()
        for row in table
        if (having is None or having in row) and unless not in row
        for name in row.get(column, ())
    }


def documented_pairs(first: str, second: str) -> set[tuple[str, str]]:
    """(a, b) for each row that names a in column `first` and b in column `second`."""
    return {(a, b) for table in tables() for row in table for a in row.get(first, ()) for b in row.get(second, ())}


def template_calls() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """From generator/render.py: the globals every template sees (the environment's, and those
    `_render` passes), and each `_render(context, name, neighbours, extra=...)` call with its extras."""
    tree = ast.parse(Path(render.__file__).read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    update = next(
        n
        for n in ast.walk(functions["environment"])
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "update"
    )
    call = next(
        n for n in ast.walk(functions["_render"]) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "render"
    )
    global_names = [k.arg for k in [*update.keywords, *call.keywords] if k.arg is not None]
    calls = [
        (n.args[1].value, [k.arg for k in n.keywords if k.arg is not None])
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "id", "") == "_render"
        and len(n.args) > 1
        and isinstance(n.args[1], ast.Constant)
    ]
    return global_names, calls


def test_every_template_file_is_documented() -> None:
    files = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.jinja"))
    assert files, "no templates found"
    assert [f for f in files if f not in documented("Template", having="Output")] == []


def test_every_global_and_extra_variable_is_documented() -> None:
    global_names, calls = template_calls()
    assert "package" in global_names and calls, "could not read the template calls of generator/render.py"
    globals_documented = documented("Variable", unless="Template")
    assert [name for name in global_names if name not in globals_documented] == []
    extras_documented = documented_pairs("Template", "Variable")
    missing = [
        (template, name) for template, extra in calls for name in extra if (template, name) not in extras_documented
    ]
    assert missing == []


def test_every_filter_test_and_macro_is_documented() -> None:
    env = render.environment()
    plain = jinja2.Environment()
    assert sorted(set(env.filters) - set(plain.filters) - documented("Filter")) == []
    assert sorted(set(env.tests) - set(plain.tests) - documented("Test")) == []
    macros = {
        (path.relative_to(TEMPLATES).as_posix(), macro.name)
        for path in TEMPLATES.rglob("*.jinja")
        for macro in env.parse(path.read_text(encoding="utf-8")).find_all(nodes.Macro)
    }
    named = {(template, macro.split("(")[0]) for template, macro in documented_pairs("Template", "Macro")}
    assert macros and sorted(macros - named) == []


def test_every_ir_attribute_is_documented() -> None:
    classes = [
        *(ir.Model, ir.Field, ir.Enum, ir.EnumMember, ir.UnionType, ir.Example, Span),
        *(ir.Primitive, ir.ListOf, ir.DictOf, ir.LiteralOf, ir.UnionOf, ir.Nullable, ir.Ref),
        *(views.ModuleView, views.Import, Options),
        *(checks.ModelChecks, checks.Instance, checks.UnionChecks, checks.Variant, checks.EnumChecks),
    ]
    attributes = {(cls.__name__, f.name) for cls in classes for f in dataclasses.fields(cls)}
    attributes |= {
        ("ModuleView", name) for name, value in vars(views.ModuleView).items() if isinstance(value, property)
    }
    assert sorted(attributes - documented_pairs("Class", "Attribute")) == []


CHOICE = """
    # Choice

    A choice | with a pipe.

    ## Fields

    | Field   | Type                                   | Required           | Description | Example |
    | ------- | -------------------------------------- | ------------------ | ----------- | ------- |
    | `index` | *int*                                  | :heavy_check_mark: | Position    | 0       |
    | `usage` | [Optional[models.Usage]](usage.md)     | :heavy_minus_sign: | N/A         |         |
"""
# Reuses a built-in macro through the same search path.
INDEX_OVERRIDE = """\
{% from "docs/types.jinja" import doc_type with context %}
# Custom index of {{ package }}

{% for d in declarations if d is Model %}
{% for f in d.fields %}
- {{ d.python_name }}.{{ f.python_name }}: {{ doc_type(field_type(f), "docs/index.md") }} ({{ d.description | markdown_cell }})
{% endfor %}
{% endfor %}
"""


def test_an_override_replaces_one_template_and_the_others_stay_built_in(tmp_path: Path, run_cli) -> None:
    specs = write_specs(tmp_path / "specs", {"models/choice.md": CHOICE, "models/usage.md": USAGE})
    overrides = tmp_path / "overrides"
    (overrides / "docs").mkdir(parents=True)
    (overrides / "docs" / "index.md.jinja").write_text(INDEX_OVERRIDE, encoding="utf-8")

    result = run_cli(specs, "-o", tmp_path / "custom" / "out", "--templates", overrides)
    assert result.code == 0, result.err
    files = snapshot(tmp_path / "custom" / "out")
    index = files["docs/index.md"].decode()
    assert index.startswith("# Custom index of out\n")
    assert "- Choice.usage: [Usage](models/Usage.md) (A choice \\| with a pipe.)" in index
    assert "Reference for the models generated by gen-models." not in index
    assert b"## Fields" in files["docs/models/Choice.md"]
    assert b"class Choice(rt.Model):" in files["models/choice.py"]
    assert b"def test_the_example_loads_and_dumps_back_unchanged() -> None:" in files["tests/test_models_choice.py"]

    assert run_cli(specs, "-o", tmp_path / "default" / "out").code == 0
    expected = snapshot(tmp_path / "default" / "out")
    assert expected["docs/index.md"] != files["docs/index.md"]
    assert {path: text for path, text in files.items() if path != "docs/index.md"} == {
        path: text for path, text in expected.items() if path != "docs/index.md"
    }


def test_the_runtime_is_written_as_black_writes_it() -> None:
    """Black formats a file twice when its first pass changes it: the largest fixed file of every
    run should not cost two."""
    from generator.fmt import format_python

    for null_as_absent in (False, True):
        template = render.environment().get_template("python/runtime.py.jinja")
        text = template.render(package="pkg", options=Options(null_as_absent=null_as_absent), neighbours={})
        assert format_python(text) == text


def test_a_name_that_ones_own_templates_use_is_reserved(tmp_path: Path, run_cli) -> None:
    """The names generated code uses are read off the templates' output, not listed by hand: a
    module template that starts to use `json` keeps a declaration from taking that name."""
    thing = "# json\n\n## Fields\n\n| Field | Type | Required |\n| --- | --- | --- |\n| `n` | *int* | :heavy_check_mark: |\n"
    specs = write_specs(tmp_path / "specs", {"models/thing.md": thing})
    module = (TEMPLATES / "python" / "module.py.jinja").read_text(encoding="utf-8")
    overrides = tmp_path / "overrides" / "python"
    overrides.mkdir(parents=True)
    (overrides / "module.py.jinja").write_text(module + "\nimport json\n\nSEPARATORS = json.dumps([',', ':'])\n")
    assert run_cli(specs, "-o", tmp_path / "plain" / "out").code == 0
    assert "class json(rt.Model):" in (tmp_path / "plain" / "out" / "models" / "thing.py").read_text()
    assert run_cli(specs, "-o", tmp_path / "custom" / "out", "--templates", overrides.parent).code == 0
    generated = (tmp_path / "custom" / "out" / "models" / "thing.py").read_text()
    assert "class json_(rt.Model):" in generated and "SEPARATORS = json.dumps" in generated


UUID_CODEC = """
class _Uuid(Codec[uuid.UUID]):
    name = "a UUID"
    json_types = (str,)

    def decode(self, value: object, where: Location, errors: Errors) -> uuid.UUID:
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                pass
        report(errors, where, self.name, value)
        return uuid.UUID(int=0)

    def encode(self, value: uuid.UUID) -> object:
        return str(value)

    def owns(self, value: object) -> bool:
        return isinstance(value, uuid.UUID)


UUID: Codec[uuid.UUID] = _Uuid()


"""


def test_a_new_primitive_is_an_entry_in_the_table_and_a_codec_in_the_runtime(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding `uuid` takes generator/primitives.py and templates/python/runtime.py.jinja, no more:
    here the first is patched and the second overridden."""
    from generator import primitives

    def is_uuid(value: object) -> bool:
        return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", value) is not None

    entry = primitives.PrimitiveType(
        ("UUID",), "uuid.UUID", "uuid", "UUID", {"type": "string", "format": "uuid"}, str(uuid.UUID(int=1)), is_uuid
    )
    monkeypatch.setitem(primitives.PRIMITIVE_TYPES, "uuid", entry)
    monkeypatch.setitem(primitives.SPELLINGS, "UUID", "uuid")
    runtime = (TEMPLATES / "python" / "runtime.py.jinja").read_text(encoding="utf-8")
    overrides = tmp_path / "overrides" / "python"
    overrides.mkdir(parents=True)
    (overrides / "runtime.py.jinja").write_text(runtime.replace("class _Decimal(", UUID_CODEC + "class _Decimal("))
    spec = "# Order\n\n## Fields\n\n| Field | Type | Required | Example |\n| --- | --- | --- | --- |\n"
    spec += "| `id` | *UUID* | :heavy_check_mark: | 6f1c2e8a-1d4b-4c3a-9e2f-0a1b2c3d4e5f |\n"
    specs = write_specs(tmp_path / "specs", {"models/order.md": spec})
    result = run_cli(specs, "-o", tmp_path / "out", "--templates", overrides.parent, "--no-cache")
    assert result.code == 0, result.err
    assert "id: uuid.UUID" in (tmp_path / "out" / "models" / "order.py").read_text()
    sys.path.insert(0, str(tmp_path))
    try:
        order_type = importlib.import_module("out.models").Order
        order = order_type.from_dict({"id": "6f1c2e8a-1d4b-4c3a-9e2f-0a1b2c3d4e5f"})
        assert order.id == uuid.UUID("6f1c2e8a-1d4b-4c3a-9e2f-0a1b2c3d4e5f")
        assert order.to_dict() == {"id": "6f1c2e8a-1d4b-4c3a-9e2f-0a1b2c3d4e5f"}
        with pytest.raises(ValueError, match="expected a UUID"):
            order_type.from_dict({"id": "nope"})
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "out" or m.startswith("out.")]:
            del sys.modules[name]


def test_a_page_links_to_its_spec_from_where_the_output_sits(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    specs = write_specs(tmp_path / "specs", {"models/choice.md": CHOICE, "models/usage.md": USAGE})
    near, far = tmp_path / "out", tmp_path / "deeper" / "out"
    assert run_cli(specs, "-o", near).code == 0
    assert run_cli(specs, "-o", far).code == 0  # the cache holds the first run: it must not answer
    link = "[`models/choice.md`, line 1]({}specs/models/choice.md)"
    assert link.format("../../../") in (near / "docs" / "models" / "Choice.md").read_text()
    assert link.format("../../../../") in (far / "docs" / "models" / "Choice.md").read_text()
