"""The names generated code uses, read off what the templates write for a probe package.

A declaration or a field that took one of these names would shadow something the generated code
needs. The names are not listed by hand: they come from the templates' own output, so that a
template that starts to use a name (the user's templates too) reserves it at once.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Specs that make the templates write every construct they can: each kind of declaration, every
# primitive, optional and nullable fields, renamed keys, constants, additional properties, open
# enums, discriminated and recursive unions, a model that holds itself (with no test payload), and
# two declarations of one name in one module. Its own names hold `probe`, so that none of them is a
# name it looks for.
PROBE = {
    "probe/probemodel.md": """# ProbeModel

Probe.

## Fields

| Field | Type | Required | Description | Example |
| --- | --- | --- | --- | --- |
| `probe_a` | *str* | :heavy_check_mark: | Probe | a |
| `probe_b` | *Optional[int]* | :heavy_minus_sign: | Probe | 1 |
| `probe_c` | *Nullable[float]* | :heavy_check_mark: | Probe | |
| `probe_d` | *OptionalNullable[bool]* | :heavy_minus_sign: | Probe | |
| `probe_e` | List[*bytes*] | :heavy_minus_sign: | Probe | |
| `probe_f` | Dict[str, *Decimal*] | :heavy_minus_sign: | Probe | |
| `probe_g` | [date](https://docs.python.org/3/library/datetime.html#date-objects) | :heavy_minus_sign: | Probe | |
| `probe_h` | [datetime](https://docs.python.org/3/library/datetime.html#datetime-objects) | :heavy_minus_sign: | |
| `probe_i` | *Any* | :heavy_minus_sign: | Probe | |
| `probe_j` | *Literal["probe"]* | :heavy_check_mark: | Probe | |
| `probe_k` | [models.ProbeOpen](probeopen.md) | :heavy_minus_sign: | Probe | |
| `probe_l` | [models.ProbeUnion](probeunion.md) | :heavy_minus_sign: | Probe | |
| `probe_m` | [models.ProbeJson](probejson.md) | :heavy_minus_sign: | Probe | |
| `probe_n` | [models.ProbeTagged](../other/probetagged.md) | :heavy_minus_sign: | Probe | |
| `probe_o` | [models.ProbeModel](../other/probemodel.md) | :heavy_minus_sign: | Probe | |
| `probe_p` | *Literal[None]* | :heavy_minus_sign: | Probe | |
| `probe-key` | *Optional[str]* | :heavy_minus_sign: | Probe | |
| `__pydantic_extra__` | Dict[str, *int*] | :heavy_minus_sign: | Probe | |
""",
    "probe/probeopen.md": "# ProbeOpen\n\nThis is an open enum.\n\n## Values\n\n| Name | Value |\n| --- | --- |\n"
    "| `PROBE` | probe |\n",
    "probe/probeloop.md": "# ProbeLoop\n\n## Fields\n\n| Field | Type | Required |\n| --- | --- | --- |\n"
    "| `probe_loop` | [models.ProbeLoop](probeloop.md) | :heavy_check_mark: |\n",
    "probe/probeclosed.md": "# ProbeClosed\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `PROBE` | 1 |\n",
    "probe/probeunion.md": "# ProbeUnion\n\nProbe.\n\n## Supported Types\n\n### `str`\n\n"
    "### [models.ProbeClosed](probeclosed.md)\n",
    "probe/probejson.md": "# ProbeJson\n\n## Supported Types\n\n### `str`\n\n"
    "### Optional[List[Optional[[models.ProbeJson](probejson.md)]]]\n\n"
    "### Dict[str, Union[int, [models.ProbeJson](probejson.md)]]\n",
    "other/probemodel.md": "# ProbeModel\n\n## Fields\n\n| Field | Type | Required |\n| --- | --- | --- |\n"
    '| `probe_kind` | *Literal["one"]* | :heavy_check_mark: |\n',
    "other/probemodeltwo.md": "# ProbeModelTwo\n\n## Fields\n\n| Field | Type | Required |\n| --- | --- | --- |\n"
    '| `probe_kind` | *Literal["two"]* | :heavy_check_mark: |\n',
    "other/probetagged.md": "# ProbeTagged\n\n## Supported Types\n\n### [models.ProbeModel](probemodel.md)\n\n"
    "### [models.ProbeModelTwo](probemodeltwo.md)\n",
}
PROBE_ROOT = "probes"


@dataclass(frozen=True)
class Reserved:
    """What generated code uses: the names a declaration must not take in a generated module or
    test (`classes`), those the lazy package `__init__` uses (`package`), and those a model's class
    body reads or every model has (`fields`)."""

    classes: frozenset[str] = frozenset()
    package: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=4)
def reserved_names(templates: Path | None = None) -> Reserved:
    """The names generated code uses, as the templates (built-in, or overridden from `templates`) write it."""
    files, own = _probe_package(templates)
    modules = {path: text for path, text in files.items() if _is_module(path)}
    inits = [text for path, text in files.items() if path.endswith("__init__.py") and not path.startswith("tests/")]
    runtime = ast.parse(files["_runtime.py"])
    model = next(node for node in runtime.body if isinstance(node, ast.ClassDef) and node.name == "Model")
    bodies = [text for path, text in modules.items() if not path.startswith("tests/")]
    return Reserved(
        classes=frozenset(set().union(*map(_module_names, modules.values())) - own),
        package=frozenset(set().union(*map(_module_names, inits)) - own),
        fields=frozenset((set().union(*map(_class_body_names, bodies)) | _defined_in(model)) - own),
    )


def _probe_package(templates: Path | None) -> tuple[dict[str, str], set[str]]:
    """The probe's files as the templates write them, before black, and the names it brings itself:
    its declarations, fields, members and the names its modules and tests give them."""
    from . import ir, views
    from .config import DEFAULT_OPTIONS
    from .examples import check_examples
    from .reading import parse_spec
    from .render import Context, render_job, render_package
    from .resolve import resolve

    declarations = [d for path, text in PROBE.items() for d in parse_spec((path, text.encode())).declarations]
    resolution = check_examples(resolve(declarations, PROBE_ROOT, DEFAULT_OPTIONS, Reserved()))
    plan = views.plan(list(resolution.declarations), "probe_package")
    context = Context("probe_package", DEFAULT_OPTIONS, templates)
    files = render_package(plan, context)
    own: set[str] = set()
    for job in plan.jobs:
        files.update(render_job(job, context))
        own.update((job.module.names if isinstance(job, views.ModuleJob) else job.test_names).values())
    for declaration in resolution.declarations:
        own.update((declaration.python_name, declaration.export_name))
        own.update(part.python_name for part in ir.named_parts(declaration))
    own.update(name for text in files.values() if "probe" in text for name in _words(text) if "probe" in name.lower())
    return files, own


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _is_module(path: str) -> bool:
    """A module or test module of declarations (not the runtime, the tests' helpers or an __init__)."""
    return path.endswith(".py") and not path.endswith("__init__.py") and path != "_runtime.py"


def _module_names(text: str) -> set[str]:
    """The names a module binds, and those it reads from its globals and the builtins."""
    tree = ast.parse(text)
    names: set[str] = set()
    for node in tree.body:
        names.update(_bound(node))
    for scope in _scopes(tree):
        local = {name for node in ast.walk(scope) for name in _bound(node) if node is not scope}
        local |= {argument.arg for argument in ast.walk(scope) if isinstance(argument, ast.arg)}
        names |= {node.id for node in ast.walk(scope) if isinstance(node, ast.Name)} - local
    return names


def _scopes(tree: ast.Module) -> Iterator[ast.AST]:
    """The module, and each function in it: where a name read may be a global."""
    yield tree
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))


def _class_body_names(text: str) -> set[str]:
    """The names a model's class body binds or reads (its annotations and defaults)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                names.update(_bound(statement))
                names.update(leaf.id for leaf in ast.walk(statement) if isinstance(leaf, ast.Name))
    return names


def _defined_in(model: ast.ClassDef) -> set[str]:
    """What every model has from the runtime's Model: its methods, class attributes and slots."""
    names = {name for statement in model.body for name in _bound(statement)}
    for statement in model.body:
        if isinstance(statement, ast.Assign) and any(getattr(t, "id", "") == "__slots__" for t in statement.targets):
            names.update(
                str(element.value) for element in ast.walk(statement.value) if isinstance(element, ast.Constant)
            )
    return names


def _bound(node: ast.AST) -> Iterable[str]:
    """The names a statement binds in its own scope."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(alias.asname or alias.name).partition(".")[0] for alias in node.names]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [leaf.id for target in targets for leaf in ast.walk(target) if isinstance(leaf, ast.Name)]
    return []
