"""Resolved IR -> the plain view data the templates read: which module imports what under which
name, where each page and test lives, and each test's payload.

The output is a Plan: the package-level views, and a job per module and per declaration page. A job
holds everything its templates may read, no more, so that what it renders is a function of it alone.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace

from . import checks, examples, ir, naming
from .config import DEFAULT_OPTIONS, Options
from .primitives import PRIMITIVE_TYPES

RUNTIME_EXPORTS = ("UNSET", "Unset", "ValidationError", "decode")


@dataclass(frozen=True)
class Import:
    """`from <dots><module> import <name> as <local>, ...`; `unused` marks the names that only
    `typing.get_type_hints` reads: recursive aliases that another alias names in a string."""

    level: int
    module: str
    names: tuple[tuple[str, str], ...]  # (name, local name), sorted
    unused: bool = False


@dataclass(frozen=True)
class ModuleView:
    """One generated Python module: its declarations, what they import and under which names."""

    path: str
    source_files: tuple[str, ...]
    declarations: tuple[ir.Declaration, ...]
    imports: tuple[Import, ...]
    runtime_level: int
    open_enums: tuple[str, ...]  # the qualified names of the open enums it names
    names: dict[str, str]  # qualified name -> the name this module uses
    # By union alias: the declarations it names that are defined after it, which it writes as strings.
    forward: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
            later = self.forward.get(ir.qualified_name(declaration), ())
            for node in (n for root in ir.type_roots(declaration) for n in ir.walk(root)) if later else ():
                if isinstance(node, ir.UnionOf) and any(_names(m, later) for m in node.members):
                    spellings.add("Union")
                elif isinstance(node, ir.Nullable) and _names(node.inner, later):
                    spellings.add("Optional")
        return spellings


@dataclass(frozen=True)
class ModuleJob:
    """A module's file: the module, and the declarations its annotations name."""

    module: ModuleView
    neighbours: dict[str, ir.Declaration]


@dataclass(frozen=True)
class PageJob:
    """A declaration's reference page, test module and test payload, with the declarations they
    name: those it refers to, its users (listed on its page) and, for a union, its variants."""

    declaration: ir.Declaration
    sample: ir.Example | None  # the test payload
    checks: checks.Checks  # what its test module checks
    uses: tuple[ir.Declaration, ...]  # the declarations it refers to
    users: tuple[ir.Declaration, ...]
    neighbours: dict[str, ir.Declaration]
    test_imports: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (package, ((name, local), ...))
    test_names: dict[str, str]  # qualified name -> the test module's name for it


Job = ModuleJob | PageJob


@dataclass(frozen=True)
class PackageInit:
    """A package folder's `__init__.py`: the names it exports lazily and where each lives."""

    namespace: tuple[str, ...]
    exports: tuple[tuple[str, Import], ...]  # (export name, where its class is), sorted
    runtime_exports: tuple[str, ...]

    @property
    def class_names(self) -> dict[str, str]:
        """Export name -> class name, where they differ."""
        return {name: i.names[0][0] for name, i in self.exports if i.names[0][0] != name}


@dataclass(frozen=True)
class Plan:
    declarations: tuple[ir.Declaration, ...]
    inits: tuple[PackageInit, ...]
    jobs: tuple[Job, ...]


def plan(declarations: Sequence[ir.Declaration], package: str, options: Options = DEFAULT_OPTIONS) -> Plan:
    index = {ir.qualified_name(d): d for d in declarations}
    targets = {key: frozenset(ref.target for ref in ir.references(d) if ref.target) for key, d in index.items()}
    users = _users(declarations, targets)
    modules = _modules(declarations, index, targets)
    jobs: list[Job] = [
        ModuleJob(module, _subset(index, _targets_of(module.declarations, targets))) for module in modules
    ]
    quoting = {key for module in modules for key in module.forward}
    samples = {key: examples.sample(declaration, index) for key, declaration in index.items()}
    for declaration in declarations:
        key = ir.qualified_name(declaration)
        sample = samples[key]
        tests = checks.checks_for(declaration, samples, index, options)
        if isinstance(tests, checks.UnionChecks) and key in quoting:
            tests = replace(tests, namespace=".".join((package, declaration.module)))
        names, imports = _test_imports(declaration, checks.classes_named(tests), index, package)
        shown = {*targets[key], *(ir.qualified_name(user) for user in users[key]), *names}
        uses = tuple(index[target] for target in sorted(targets[key]))
        jobs.append(PageJob(declaration, sample, tests, uses, tuple(users[key]), _subset(index, shown), imports, names))
    return Plan(tuple(declarations), _inits(declarations), tuple(jobs))


def doc_path(declaration: ir.Declaration) -> str:
    return "/".join(("docs", *declaration.namespace, f"{declaration.python_name}.md"))


def test_path(declaration: ir.Declaration) -> str:
    stem = "_".join((*declaration.namespace, declaration.python_name.lower()))
    return f"tests/test_{stem}.py"


def relative_link(here: str, target: str) -> str:
    """The link from page `here` to `target`, both relative to the output folder."""
    return posixpath.relpath(target, posixpath.dirname(here))


Index = dict[str, ir.Declaration]
Targets = dict[str, frozenset[str]]  # qualified name -> the declarations it names


def _subset(index: Index, keys: Sequence[str] | set[str] | frozenset[str]) -> dict[str, ir.Declaration]:
    return {key: index[key] for key in sorted(keys)}


def _targets_of(declarations: Sequence[ir.Declaration], targets: Targets) -> list[str]:
    """What these declarations name in their type hints, sorted."""
    return sorted(frozenset().union(*(targets[ir.qualified_name(d)] for d in declarations)))


def _users(declarations: Sequence[ir.Declaration], targets: Targets) -> dict[str, list[ir.Declaration]]:
    users: dict[str, list[ir.Declaration]] = defaultdict(list)
    for declaration in declarations:
        for target in sorted(targets[ir.qualified_name(declaration)]):
            users[target].append(declaration)
    return users


def _modules(declarations: Sequence[ir.Declaration], index: Index, targets: Targets) -> list[ModuleView]:
    grouped: dict[str, list[ir.Declaration]] = defaultdict(list)
    for declaration in declarations:
        grouped[declaration.module].append(declaration)
    forward = {key: later for group in grouped.values() for key, later in _forward_references(group, targets)}
    open_enums = frozenset(key for key, d in index.items() if isinstance(d, ir.Enum) and d.open)
    views = []
    for module, group in grouped.items():
        names, imports = _imports(group, index, targets, forward)
        parts = module.split(".")
        views.append(
            ModuleView(
                path="/".join(parts) + ".py",
                source_files=tuple(dict.fromkeys(d.span.path for d in group)),
                declarations=tuple(group),
                imports=tuple(imports),
                runtime_level=len(parts),
                open_enums=tuple(t for t in _targets_of(group, targets) if t in open_enums),
                names=names,
                forward={key: forward[key] for key in map(ir.qualified_name, group) if key in forward},
            )
        )
    return views


def _imports(
    group: list[ir.Declaration], index: Index, targets: Targets, forward: dict[str, tuple[str, ...]]
) -> tuple[dict[str, str], list[Import]]:
    """The name a module uses for each declaration it names, and its imports. A declaration of
    another module takes an alias (`SharedPet`) when its name is taken here; those of the module's
    own namespace keep theirs first."""
    here, namespace = group[0].module, group[0].namespace
    names = {ir.qualified_name(d): d.python_name for d in group}
    taken = set(names.values())
    wanted = [t for t in _targets_of(group, targets) if t not in names]
    imported: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for target in sorted(wanted, key=lambda t: (index[t].namespace != namespace, t)):
        declaration = index[target]
        local = declaration.python_name
        if local in taken:
            local = naming.unique("".join(p.capitalize() for p in declaration.namespace) + local, taken)
        taken.add(local)
        names[target] = local
        imported[declaration.module].append((declaration.python_name, local))
    unused: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for target in sorted(_hinted_names(group, index, targets, forward)):
        declaration = index[target]
        if declaration.python_name not in taken:
            taken.add(declaration.python_name)
            unused[declaration.module].append((declaration.python_name, declaration.python_name))
    imports = [_relative_import(here, module, pairs) for module, pairs in sorted(imported.items())]
    imports += [_relative_import(here, module, pairs, unused=True) for module, pairs in sorted(unused.items())]
    return names, imports


def _hinted_names(
    group: list[ir.Declaration], index: Index, targets: Targets, forward: dict[str, tuple[str, ...]]
) -> set[str]:
    """The declarations that `typing.get_type_hints` looks up by name in a module: those that the
    union aliases it reaches write as strings."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = _targets_of(group, targets)
    while stack:
        target = stack.pop()
        if target not in seen and isinstance(index[target], ir.UnionType):
            seen.add(target)
            found.update(forward.get(target, ()))
            stack.extend(targets[target])
    return found


def _test_imports(
    declaration: ir.Declaration, named: list[str], index: Index, package: str
) -> tuple[dict[str, str], tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:
    """What a declaration's test module imports: the declaration and those its checks name, each
    from its package and under a name of its own there (pytest would collect a class named Test*,
    and two of them may share a name)."""
    wanted = [ir.qualified_name(declaration), *named]
    names: dict[str, str] = {}
    imports: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for target in dict.fromkeys(wanted):
        found = index[target]
        local = found.python_name if not found.python_name.startswith("Test") else "_" + found.python_name
        if local in names.values():
            prefix = "".join(p.capitalize() for p in found.namespace)
            local = naming.unique(prefix + found.python_name, set(names.values()))
        names[target] = local
        imports[".".join((package, *found.namespace))].append((found.export_name, local))
    return names, tuple((module, tuple(sorted(pairs))) for module, pairs in sorted(imports.items()))


def _inits(declarations: Sequence[ir.Declaration]) -> tuple[PackageInit, ...]:
    """Every package folder's __init__, with the names it exports lazily and where each lives."""
    spaces: dict[tuple[str, ...], list[tuple[str, Import]]] = {(): []}
    for declaration in declarations:
        for depth in range(len(declaration.namespace) + 1):
            spaces.setdefault(declaration.namespace[:depth], [])
        here = ".".join((*declaration.namespace, "__init__"))
        name = declaration.export_name
        spaces[declaration.namespace].append(
            (name, _relative_import(here, declaration.module, [(declaration.python_name, name)]))
        )
    inits = []
    for namespace, exports in sorted(spaces.items()):
        taken = {name for name, _ in exports}
        runtime = tuple(name for name in RUNTIME_EXPORTS if not namespace and name not in taken)
        ordered = sorted(exports, key=lambda item: (item[1].level, item[1].module, item[0]))
        inits.append(PackageInit(namespace, tuple(ordered), runtime))
    return tuple(inits)


def _relative_import(here: str, module: str, names: list[tuple[str, str]], unused: bool = False) -> Import:
    """How module `here` imports `names` from `module`; both are dotted paths in the package."""
    here_parts, parts = here.split(".")[:-1], module.split(".")
    common = 0
    while common < min(len(here_parts), len(parts) - 1) and here_parts[common] == parts[common]:
        common += 1
    return Import(len(here_parts) - common + 1, ".".join(parts[common:]), tuple(sorted(names)), unused)


def _names(type_ref: ir.TypeRef, targets: Collection[str]) -> bool:
    """Whether a type is a reference to one of `targets`."""
    return isinstance(type_ref, ir.Ref) and type_ref.target in targets


def _forward_references(group: list[ir.Declaration], targets: Targets) -> Iterator[tuple[str, tuple[str, ...]]]:
    """For each union alias of a module, the declarations of the module it names that stand at or
    after it: the alias is evaluated where it stands, so it names them in strings."""
    position = {ir.qualified_name(d): index for index, d in enumerate(group)}
    for index, declaration in enumerate(group):
        key = ir.qualified_name(declaration)
        later = tuple(sorted(t for t in targets[key] if position.get(t, -1) >= index))
        if isinstance(declaration, ir.UnionType) and later:
            yield key, later
