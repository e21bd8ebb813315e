"""Views -> {relative path: text}, through the Jinja templates only.

`render_job` renders one module or one declaration's page and tests from its job alone: the
`declaration` filter finds only the declarations the job holds. `render_package` renders the files
of the whole package. The templates decide every character of the output.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import examples, ir, naming, views
from .config import Options
from .diagnostics import blame
from .primitives import PRIMITIVE_TYPES
from .template_files import templates_dir


@dataclass(frozen=True)
class Context:
    """What every template of a run sees, besides its job."""

    package: str
    options: Options
    templates: Path | None = None  # the user's templates, which override the built-in ones
    spec_folder: str = ""  # the spec folder as a path from the output folder, for links; "" for none


def render_job(job: views.Job, context: Context) -> dict[str, str]:
    """The files of one module, or of one declaration's page, test module and test payload."""
    if isinstance(job, views.ModuleJob):
        with blame(job.module.source_files[0]):
            return {job.module.path: _render(context, "python/module.py.jinja", job.neighbours, module=job.module)}
    with blame(job.declaration.span.path):
        return _render_page(job, context)


def render_package(plan: views.Plan, context: Context) -> dict[str, str]:
    """The files of the whole package: the runtime, each folder's __init__, the tests' shared
    helpers and the docs' index."""
    everything = {ir.qualified_name(d): d for d in plan.declarations}
    files = {"_runtime.py": _render(context, "python/runtime.py.jinja", {})}
    for init in plan.inits:
        files["/".join((*init.namespace, "__init__.py"))] = _render(
            context,
            "python/package_init.py.jinja",
            {},
            namespace=init.namespace,
            exports=init.exports,
            runtime_exports=init.runtime_exports,
            class_names=init.class_names,
        )
    files["tests/__init__.py"] = _render(context, "tests/tests_init.py.jinja", {})
    files["docs/index.md"] = _render(context, "docs/index.md.jinja", everything, declarations=plan.declarations)
    return files


def _render_page(job: views.PageJob, context: Context) -> dict[str, str]:
    declaration, sample = job.declaration, job.sample
    test = views.test_path(declaration)
    files = {
        views.doc_path(declaration): _render(
            context,
            "docs/declaration.md.jinja",
            job.neighbours,
            declaration=declaration,
            sample=sample,
            uses=job.uses,
            users=job.users,
        ),
        test: _render(
            context,
            "tests/test_declaration.py.jinja",
            job.neighbours,
            declaration=declaration,
            checks=job.checks,
            names=job.test_names,
            imports=job.test_imports,
        ),
    }
    return files


def _render(context: Context, name: str, neighbours: dict[str, ir.Declaration], **variables: object) -> str:
    return (
        environment(context.templates)
        .get_template(name)
        .render(
            package=context.package,
            options=context.options,
            spec_folder=context.spec_folder,
            neighbours=neighbours,
            **variables,
        )
    )


@functools.lru_cache(maxsize=4)
def environment(extra_dir: Path | None = None) -> jinja2.Environment:
    """The templates of extra_dir, then the built-in ones; one environment per process and folder."""
    search = [str(extra_dir)] if extra_dir else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(templates_dir())]),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # a run's templates do not change while it renders
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.globals.update(
        doc_path=views.doc_path,
        relative_link=views.relative_link,
        qualified_name=ir.qualified_name,
        field_type=examples.field_type,
        primitive_types=PRIMITIVE_TYPES,
    )
    env.filters.update(
        python_literal=python_literal,
        docstring=docstring_text,
        markdown_cell=markdown_cell,
        json=lambda value, indent=None: json.dumps(value, ensure_ascii=False, indent=indent),
        declaration=_declaration,
        identifier=naming.identifier,
        primitive_module=lambda name: PRIMITIVE_TYPES[name].module,
        test_module=lambda declaration: posixpath.splitext(posixpath.basename(views.test_path(declaration)))[0],
    )
    kinds: list[type] = [ir.Primitive, ir.ListOf, ir.DictOf, ir.LiteralOf, ir.UnionOf, ir.Nullable, ir.Ref]
    for kind in [*kinds, ir.Model, ir.Enum, ir.UnionType]:
        env.tests[kind.__name__] = lambda value, kind=kind: isinstance(value, kind)
    return env


@jinja2.pass_context
def _declaration(context: jinja2.runtime.Context, target: str) -> Any:
    """Qualified name -> its declaration, among those the job holds."""
    return context["neighbours"][target]


def python_literal(value: object) -> str:
    """A Python literal for JSON-like data, quoted as black would quote it (so black need not)."""
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if text.startswith("'") and '"' not in value else text
    if isinstance(value, list):
        return "[" + ", ".join(map(python_literal, value)) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(python_literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def docstring_text(text: str) -> str:
    """Spec text made safe inside a triple-quoted docstring: it can never close the string.
    Backslashes are doubled; a quote is escaped when another quote follows it, or at the end."""
    escaped = re.sub(r'"(?=")|"$', r'\\"', text.replace("\\", "\\\\"))
    if escaped.replace("\n", "").replace("\t", "").isprintable():
        return escaped
    return "".join(c if c in "\n\t" or c.isprintable() else c.encode("unicode_escape").decode() for c in escaped)


def markdown_cell(text: str) -> str:
    """Spec text made safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", "<br/>")
