"""IR -> {relative path: text}, through the Jinja templates only.

This module prepares plain view data (which module imports what, which page links where);
the templates decide every character of the output.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import cache, examples, ir, naming
from .cache import NO_CACHE, Cache
from .config import Options
from .diagnostics import blame
from .parallel import parallel_map
from .primitives import PRIMITIVE_TYPES
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
    """`from <dots><module> import <name> as <local>, ...`; `unused` marks the names that only
    `typing.get_type_hints` reads: recursive aliases that another alias names in a string."""

    level: int
    module: str
    names: tuple[tuple[str, str], ...]  # (name, local name), sorted
    unused: bool = False


@dataclass
class ModuleView:
    """One generated Python module: its declarations, what they import and under which names."""

    path: str
    source_files: tuple[str, ...]
    declarations: list[ir.Declaration] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    runtime_level: int = 1
    open_enums: frozenset[str] = frozenset()
    names: dict[str, str] = field(default_factory=dict)  # qualified name -> the name this module uses
    # By union alias: the declarations it names that are defined after it, which it writes as strings.
    forward: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def type_nodes(self) -> list[ir.TypeRef]:
        roots = [root for declaration in self.declarations for root in ir.type_roots(declaration)]
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
    def standard_modules(self) -> list[str]:
        """The standard-library modules it imports whole: for dates, decimals and additional properties."""
        modules = {PRIMITIVE_TYPES[n.name].module for n in self.type_nodes if isinstance(n, ir.Primitive)}
        if any(isinstance(d, ir.Model) and d.additional for d in self.declarations):
            modules.add("dataclasses")
        return sorted(modules - {""})

    @property
    def typing_names(self) -> list[str]:
        """What the module imports from `typing`, in sorted order."""
        nodes = self.type_nodes
        models = [d for d in self.declarations if isinstance(d, ir.Model)]
        wanted = {
            "Annotated": any(isinstance(d, ir.UnionType) and d.discriminator for d in self.declarations),
            "Any": ir.Primitive("any") in nodes,
            "ClassVar": any(d.additional or any(f.renamed for f in d.fields) for d in models),
            "Literal": any(isinstance(node, ir.LiteralOf) for node in nodes),
            "Optional": "Optional" in self.forward_spellings,
            "TypeAlias": any(isinstance(d, ir.UnionType) for d in self.declarations),
            "Union": "Union" in self.forward_spellings,
        }
        return [name for name, needed in wanted.items() if needed]

    @property
    def forward_spellings(self) -> set[str]:
        """`Union` and `Optional` where a union or a nullable holds a name in quotes, which `|` cannot take."""
        spellings = set()
        for declaration in self.declarations:
            later = self.forward.get(ir.qualified_name(declaration), frozenset())
            for node in (n for root in ir.type_roots(declaration) for n in ir.walk(root)) if later else ():
                if isinstance(node, ir.UnionOf) and any(_names(m, later) for m in node.members):
                    spellings.add("Union")
                elif isinstance(node, ir.Nullable) and _names(node.inner, later):
                    spellings.add("Optional")
        return spellings


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
                "python/package_init.py.jinja",
                namespace=namespace,
                exports=exports,
                runtime_exports=runtime_exports,
                class_names={name: i.names[0][0] for name, i in exports if i.names[0][0] != name},
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
                own, context = view.declarations, [view.path, repr(view.imports), repr(view.names), repr(view.forward)]
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
        names, imports = self.test_imports(declaration)
        files = {
            self.doc_path(declaration): self.template("docs/declaration.md.jinja", declaration=declaration),
            test_path: self.template(
                "tests/test_declaration.py.jinja",
                declaration=declaration,
                sample=sample,
                example_path=example_path,
                names=names,
                imports=imports,
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
            primitive_types=PRIMITIVE_TYPES,
            export_name=export_name,
            relative_link=relative_link,
            qualified_name=ir.qualified_name,
            **context,
        )

    def test_imports(
        self, declaration: ir.Declaration
    ) -> tuple[dict[str, str], list[tuple[str, list[tuple[str, str]]]]]:
        """What a declaration's test module imports: the declaration and, for a union, its variants
        that are classes, each from its package and under a name of its own there (pytest would
        collect a class named Test*, and two variants may share a name)."""
        wanted = [ir.qualified_name(declaration)]
        if isinstance(declaration, ir.UnionType):
            variants = [v.target for v in declaration.variants if isinstance(v, ir.Ref)]
            wanted += [t for t in variants if not isinstance(self.index[t], ir.UnionType)]
        names: dict[str, str] = {}
        imports: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for target in dict.fromkeys(wanted):
            found = self.index[target]
            local = found.python_name if not found.python_name.startswith("Test") else "_" + found.python_name
            if local in names.values():
                local = naming.unique(
                    "".join(p.capitalize() for p in found.namespace) + found.python_name, set(names.values())
                )
            names[target] = local
            imports[".".join((self.package, *found.namespace))].append((export_name(found), local))
        return names, sorted((module, sorted(pairs)) for module, pairs in imports.items())

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
        forward = {key: later for view in views.values() for key, later in _forward_references(view, self.targets)}
        for view in views.values():
            view.open_enums = open_enums
            view.forward = {key: forward[key] for key in map(ir.qualified_name, view.declarations) if key in forward}
            view.names, view.imports = self.imports_of(view, forward)
        return list(views.values())

    def imports_of(self, view: ModuleView, forward: dict[str, frozenset[str]]) -> tuple[dict[str, str], list[Import]]:
        """The name the module uses for each declaration it names, and its imports. A declaration
        of another module takes an alias (`SharedPet`) when its name is taken here; those of the
        module's own namespace keep theirs first."""
        here, namespace = view.declarations[0].module, view.declarations[0].namespace
        names = {ir.qualified_name(d): d.python_name for d in view.declarations}
        taken = set(names.values())
        wanted = [t for t in self.targets_of(view.declarations) if t not in names]
        imported: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for target in sorted(wanted, key=lambda t: (self.index[t].namespace != namespace, t)):
            declaration = self.index[target]
            local = declaration.python_name
            if local in taken:
                local = naming.unique("".join(p.capitalize() for p in declaration.namespace) + local, taken)
            taken.add(local)
            names[target] = local
            imported[declaration.module].append((declaration.python_name, local))
        unused: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for target in sorted(self.hinted_names(view, forward)):
            declaration = self.index[target]
            if declaration.python_name not in taken:
                taken.add(declaration.python_name)
                unused[declaration.module].append((declaration.python_name, declaration.python_name))
        imports = [_relative_import(here, module, pairs) for module, pairs in sorted(imported.items())]
        imports += [_relative_import(here, module, pairs, unused=True) for module, pairs in sorted(unused.items())]
        return names, imports

    def hinted_names(self, view: ModuleView, forward: dict[str, frozenset[str]]) -> set[str]:
        """The declarations that `typing.get_type_hints` looks up by name in this module: those that
        the union aliases it reaches write as strings."""
        found: set[str] = set()
        seen: set[str] = set()
        stack = self.targets_of(view.declarations)
        while stack:
            target = stack.pop()
            if target not in seen and isinstance(self.index[target], ir.UnionType):
                seen.add(target)
                found |= forward.get(target, frozenset())
                stack.extend(self.targets[target])
        return found

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
            name = export_name(declaration)
            target = _relative_import(here, declaration.module, [(declaration.python_name, name)])
            spaces[declaration.namespace].append((name, target))
        return {
            key: sorted(value, key=lambda item: (item[1].level, item[1].module, item[0]))
            for key, value in sorted(spaces.items())
        }


def _relative_import(here: str, module: str, names: list[tuple[str, str]], unused: bool = False) -> Import:
    """How module `here` imports `names` from `module`; both are dotted paths in the package."""
    here_parts, parts = here.split(".")[:-1], module.split(".")
    common = 0
    while common < min(len(here_parts), len(parts) - 1) and here_parts[common] == parts[common]:
        common += 1
    return Import(len(here_parts) - common + 1, ".".join(parts[common:]), tuple(sorted(names)), unused)


def _names(type_ref: ir.TypeRef, targets: frozenset[str]) -> bool:
    """Whether a type is a reference to one of `targets`."""
    return isinstance(type_ref, ir.Ref) and type_ref.target in targets


def _forward_references(view: ModuleView, targets: dict[str, frozenset[str]]) -> Iterator[tuple[str, frozenset[str]]]:
    """For each union alias of the module, the declarations of the module it names that stand at
    or after it: the alias is evaluated where it stands, so it names them in strings."""
    position = {ir.qualified_name(d): index for index, d in enumerate(view.declarations)}
    for index, declaration in enumerate(view.declarations):
        key = ir.qualified_name(declaration)
        later = frozenset(t for t in targets[key] if position.get(t, -1) >= index)
        if isinstance(declaration, ir.UnionType) and later:
            yield key, later


def export_name(declaration: ir.Declaration) -> str:
    """The name its package exports a declaration under."""
    return naming.export_name(declaration.name, declaration.python_name)


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
