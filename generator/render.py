"""IR -> {relative path: text}, through the Jinja templates only.

This module prepares plain view data (which module imports what, which page links where);
the templates decide every character of the output.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import cache, examples, ir
from .cache import NO_CACHE, Cache
from .config import Options
from .diagnostics import blame
from .parallel import parallel_map
from .template_files import templates_dir, templates_fingerprint

RUNTIME_EXPORTS = ("UNSET", "Unset", "ValidationError")


def environment(extra_dir: Path | None = None, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The templates of extra_dir, then the built-in ones; compiled ones are kept in compiled_dir."""
    search = [str(extra_dir)] if extra_dir else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(templates_dir())]),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir else None,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # a run's templates do not change while it renders
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["python_literal"] = python_literal
    env.filters["docstring"] = docstring_text
    env.filters["markdown_cell"] = markdown_cell
    env.filters["json"] = lambda value, indent=None: json.dumps(value, ensure_ascii=False, indent=indent)
    for kind in (
        ir.Primitive,
        ir.ListOf,
        ir.DictOf,
        ir.LiteralOf,
        ir.UnionOf,
        ir.Nullable,
        ir.Ref,
        ir.Model,
        ir.Enum,
        ir.UnionType,
    ):
        env.tests[kind.__name__] = lambda value, kind=kind: isinstance(value, kind)
    return env


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


@dataclass(frozen=True)
class Import:
    level: int
    module: str
    names: tuple[str, ...]


@dataclass
class ModuleView:
    """One generated Python module: its declarations and what they import."""

    path: str
    source_files: tuple[str, ...]
    declarations: list[ir.Declaration] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    runtime_level: int = 1
    open_enums: frozenset[str] = frozenset()

    @property
    def type_nodes(self) -> list[ir.TypeRef]:
        roots: list[ir.TypeRef] = []
        for declaration in self.declarations:
            if isinstance(declaration, ir.Model):
                roots.extend(f.type for f in declaration.fields)
            elif isinstance(declaration, ir.UnionType):
                roots.extend(declaration.variants)
        return [node for root in roots for node in ir.walk(root)]

    @property
    def uses_runtime(self) -> bool:
        """Models, discriminated unions (rt.Discriminator) and open enums (rt.UnrecognizedStr) need it."""
        return any(isinstance(d, ir.Model) or getattr(d, "discriminator", "") for d in self.declarations) or any(
            isinstance(node, ir.Ref) and node.target in self.open_enums for node in self.type_nodes
        )

    @property
    def uses_unset(self) -> bool:
        """Optional fields default to UNSET."""
        return any(isinstance(d, ir.Model) and not all(f.required for f in d.fields) for d in self.declarations)

    @property
    def uses_datetime(self) -> bool:
        return any(isinstance(n, ir.Primitive) and n.name in ("date", "datetime") for n in self.type_nodes)

    @property
    def typing_names(self) -> list[str]:
        """What the module imports from `typing`, in sorted order."""
        nodes = self.type_nodes
        wanted = {
            "Annotated": any(isinstance(d, ir.UnionType) and d.discriminator for d in self.declarations),
            "Any": ir.Primitive("any") in nodes,
            "ClassVar": any(isinstance(d, ir.Model) and any(f.renamed for f in d.fields) for d in self.declarations),
            "Literal": any(isinstance(node, ir.LiteralOf) for node in nodes),
            "TypeAlias": any(isinstance(d, ir.UnionType) for d in self.declarations),
        }
        return [name for name, needed in wanted.items() if needed]


class Renderer:
    def __init__(
        self,
        declarations: list[ir.Declaration],
        digests: Mapping[str, str],
        package: str,
        options: Options,
        env: jinja2.Environment,
        store: Cache = NO_CACHE,
    ) -> None:
        self.declarations = declarations
        self.digests = digests
        self.package = package
        self.options = options
        self.env = env
        self.store = store
        self.index = {ir.qualified_name(d): d for d in declarations}
        # The declarations each one names in its type hints.
        self.targets = {
            name: frozenset(ref.target for ref in ir.references(d) if ref.target) for name, d in self.index.items()
        }
        self.used_by = _used_by(declarations, self.targets)
        self.views: list[ModuleView] = []
        self.samples: list[ir.Example | None] = []
        env.filters["declaration"] = self.lookup

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {"_runtime.py": self.template("python/runtime.py.jinja")}
        for namespace, exports in self.namespaces().items():
            path = "/".join((*namespace, "__init__.py"))
            taken = {name for name, _ in exports}
            runtime_exports = [name for name in RUNTIME_EXPORTS if not namespace and name not in taken]
            files[path] = self.template(
                "python/package_init.py.jinja", namespace=namespace, exports=exports, runtime_exports=runtime_exports
            )
        files["tests/__init__.py"] = self.template("tests/tests_init.py.jinja")
        files["docs/index.md"] = self.template("docs/index.md.jinja")
        self.views = self.modules()
        self.samples = [self.sample(declaration) for declaration in self.declarations]
        jobs = [("module", index) for index in range(len(self.views))]
        jobs += [("declaration", index) for index in range(len(self.declarations))]
        keys = self.job_keys(jobs)
        known = self.store.get_many("render", keys)
        missing = [(job, key) for job, key in zip(jobs, keys, strict=True) if key not in known]
        global _active
        _active = self
        try:
            parts = parallel_map(_render_job, [job for job, _ in missing], "rendering")
        finally:
            _active = None
        fresh = {key: part for (_, key), part in zip(missing, parts, strict=True)}
        self.store.put_many("render", fresh)
        for key in keys:
            files.update(known[key] if key in known else fresh[key])
        return files

    def job_keys(self, jobs: list[tuple[str, int]]) -> list[str]:
        """What decides each job's files: all of its own declarations; the face of those they refer
        to and, for a page, of those that refer to it; and the sample, which looks further."""
        faces = {name: cache.key(repr(_face(declaration))) for name, declaration in self.index.items()}
        run = cache.key("render", templates_fingerprint(), repr(self.options), self.package)
        keys = []
        for kind, index in jobs:
            if kind == "module":
                view = self.views[index]
                own, context = view.declarations, [view.path, repr(view.imports), str(view.runtime_level)]
            else:
                own = [self.declarations[index]]
                users = self.used_by.get(ir.qualified_name(own[0]), [])
                context = [repr(self.samples[index]), *(faces[ir.qualified_name(user)] for user in users)]
            named = [self.digests[ir.qualified_name(d)] for d in own] + [faces[t] for t in self.targets_of(own)]
            keys.append(cache.key(run, kind, *named, *context))
        return keys

    def render_job(self, job: tuple[str, int]) -> dict[str, str]:
        """The files of one module, or of one declaration's page and tests."""
        kind, index = job
        if kind == "module":
            module = self.views[index]
            with blame(module.source_files[0]):
                return {module.path: self.template("python/module.py.jinja", module=module)}
        declaration = self.declarations[index]
        with blame(declaration.span.path):
            return self.render_declaration(declaration, self.samples[index])

    def render_declaration(self, declaration: ir.Declaration, sample: ir.Example | None) -> dict[str, str]:
        """The reference page and the test module of one declaration, and a model's test payload."""
        test_path = self.test_path(declaration)
        example_path = "examples/" + test_path.removeprefix("tests/test_").removesuffix(".py") + ".json"
        files = {
            self.doc_path(declaration): self.template("docs/declaration.md.jinja", declaration=declaration),
            test_path: self.template(
                "tests/test_declaration.py.jinja", declaration=declaration, sample=sample, example_path=example_path
            ),
        }
        if isinstance(declaration, ir.Model) and sample is not None:
            files["tests/" + example_path] = self.template(
                "tests/example.json.jinja", declaration=declaration, sample=sample
            )
        return files

    def template(self, name: str, **context: object) -> str:
        return self.env.get_template(name).render(
            package=self.package,
            options=self.options,
            declarations=self.declarations,
            used_by=self.used_by,
            doc_path=self.doc_path,
            field_type=examples.field_type,
            relative_link=relative_link,
            qualified_name=ir.qualified_name,
            **context,
        )

    def lookup(self, target: str) -> ir.Declaration:
        return self.index[target]

    def doc_path(self, declaration: ir.Declaration) -> str:
        return "/".join(("docs", *declaration.namespace, f"{declaration.python_name}.md"))

    def test_path(self, declaration: ir.Declaration) -> str:
        stem = "_".join((*declaration.namespace, declaration.python_name.lower()))
        return f"tests/test_{stem}.py"

    def sample(self, declaration: ir.Declaration) -> ir.Example | None:
        """The test payload: the spec's examples, with placeholders where a required field has none."""
        if not isinstance(declaration, ir.Model):
            return examples.placeholder_for(declaration, self.index)
        payload: dict[str, ir.JsonValue] = {}
        for f in declaration.fields:
            value = f.example or (examples.placeholder(examples.field_type(f), self.index) if f.required else None)
            if value is None and f.required:
                return None
            if value is not None:
                payload[f.wire_name] = value.value
        return ir.Example(payload)

    def modules(self) -> list[ModuleView]:
        views: dict[str, ModuleView] = {}
        for declaration in self.declarations:
            view = views.get(declaration.module)
            if view is None:
                parts = declaration.module.split(".")
                view = views[declaration.module] = ModuleView("/".join(parts) + ".py", (), runtime_level=len(parts))
            view.declarations.append(declaration)
            if declaration.span.path not in view.source_files:
                view.source_files = (*view.source_files, declaration.span.path)
        open_enums = frozenset(key for key, d in self.index.items() if isinstance(d, ir.Enum) and d.open)
        for view in views.values():
            view.imports = self.imports_of(view)
            view.open_enums = open_enums
        return list(views.values())

    def imports_of(self, view: ModuleView) -> list[Import]:
        here = view.declarations[0].module
        needed: dict[str, set[str]] = defaultdict(set)
        for target in self.targets_of(view.declarations):
            declaration = self.index[target]
            if declaration.module != here:
                needed[declaration.module].add(declaration.python_name)
        return [_relative_import(here, module, names) for module, names in sorted(needed.items())]

    def targets_of(self, declarations: list[ir.Declaration]) -> list[str]:
        """What these declarations name in their type hints, sorted."""
        return sorted(frozenset().union(*(self.targets[ir.qualified_name(d)] for d in declarations)))

    def namespaces(self) -> dict[tuple[str, ...], list[tuple[str, Import]]]:
        """Every package folder, with the names it exports lazily and where each lives."""
        spaces: dict[tuple[str, ...], list[tuple[str, Import]]] = {(): []}
        for declaration in self.declarations:
            for depth in range(len(declaration.namespace) + 1):
                spaces.setdefault(declaration.namespace[:depth], [])
            here = ".".join((*declaration.namespace, "__init__"))
            target = _relative_import(here, declaration.module, {declaration.python_name})
            spaces[declaration.namespace].append((declaration.python_name, target))
        return {
            key: sorted(value, key=lambda item: (item[1].level, item[1].module, item[0]))
            for key, value in sorted(spaces.items())
        }


def _relative_import(here: str, module: str, names: set[str]) -> Import:
    """How module `here` imports `names` from `module`; both are dotted paths in the package."""
    here_parts, parts = here.split(".")[:-1], module.split(".")
    common = 0
    while common < min(len(here_parts), len(parts) - 1) and here_parts[common] == parts[common]:
        common += 1
    return Import(len(here_parts) - common + 1, ".".join(parts[common:]), tuple(sorted(names)))


def relative_link(here: str, target: str) -> str:
    """The link from page `here` to `target`, both relative to the output folder."""
    return posixpath.relpath(target, posixpath.dirname(here))


def _face(declaration: ir.Declaration) -> tuple[object, ...]:
    """What the templates read of a declaration when they render another one that refers to it or
    that it refers to: its kind, name and place (to import and link it) and, for an enum, what its
    annotation needs. A template that reads more of a neighbour must add it here."""
    first = declaration.members[0].value if isinstance(declaration, ir.Enum) and declaration.members else None
    is_open = isinstance(declaration, ir.Enum) and declaration.open
    kind = type(declaration).__name__
    return kind, declaration.python_name, declaration.namespace, declaration.module, is_open, type(first).__name__


def _used_by(declarations: list[ir.Declaration], targets: dict[str, frozenset[str]]) -> dict[str, list[ir.Declaration]]:
    users: dict[str, list[ir.Declaration]] = defaultdict(list)
    for declaration in declarations:
        for target in sorted(targets[ir.qualified_name(declaration)]):
            users[target].append(declaration)
    return users


# The renderer whose jobs the worker processes run: they are forked, so they share it as it is.
_active: Renderer | None = None


def _render_job(job: tuple[str, int]) -> dict[str, str]:
    assert _active is not None
    return _active.render_job(job)


def render(
    declarations: list[ir.Declaration],
    digests: Mapping[str, str],
    package: str,
    options: Options,
    templates: Path | None = None,
    store: Cache = NO_CACHE,
) -> dict[str, str]:
    """Every file's text. `digests` hash all of each declaration (by qualified name). A job whose
    inputs are unchanged takes its files from the store, unless the run has templates of its own,
    which may read any declaration."""
    compiled = _compiled_templates_dir(store)
    store = store if templates is None else NO_CACHE
    return Renderer(declarations, digests, package, options, environment(templates, compiled), store).render()


def _compiled_templates_dir(store: Cache) -> Path | None:
    """Beside the cache: Jinja's compiled templates, checked against their source when loaded."""
    if store.folder is None:
        return None
    try:
        (store.folder / "templates").mkdir(exist_ok=True)
    except OSError:
        return None
    return store.folder / "templates"
