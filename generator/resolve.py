"""Cross-file binding: links bound to declarations, Python names made safe and unique,
declarations grouped into modules, and a fixed order. Returns new IR values."""

from __future__ import annotations

import difflib
import itertools
import posixpath
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import ir, naming
from .config import DEFAULT_OPTIONS, Options
from .diagnostics import Diagnostic, Severity, Span, error
from .graph import strongly_connected_components
from .reserved import Reserved, reserved_names

URL_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# The attribute that holds a model's additional properties (openapi-python-client's name).
ADDITIONAL_PROPERTIES = "additional_properties"
# The problems of a reference to no spec, which --missing-as-any turns into warnings.
MISSING = frozenset({"unknown-reference", "dangling-link"})


@dataclass(frozen=True)
class Resolution:
    """Resolved declarations in their fixed order, and the problems found."""

    declarations: tuple[ir.Declaration, ...]
    diagnostics: tuple[Diagnostic, ...]


class _Index:
    """Declarations by bare name and by spec file."""

    def __init__(self, declarations: Sequence[ir.Declaration], root: str) -> None:
        self.root = root
        self.by_name: dict[str, list[ir.Declaration]] = defaultdict(list)
        self.by_file: dict[str, list[ir.Declaration]] = defaultdict(list)
        for declaration in declarations:
            self.by_name[declaration.name].append(declaration)
            self.by_file[declaration.span.path].append(declaration)


def resolve(
    declarations: list[ir.Declaration],
    root: str,
    options: Options = DEFAULT_OPTIONS,
    reserved: Reserved | None = None,
) -> Resolution:
    """`root` is the spec folder's path (posix): links may climb into it by its name
    (`../models/x.md`, `../../../pkg/models/x.md`).
    `reserved`: the names generated code uses (by default, as the built-in templates write it)."""
    reserved = reserved_names() if reserved is None else reserved
    problems: list[Diagnostic] = []
    unique = _drop_duplicates(declarations, problems)
    index = _Index(unique, root)
    class_names = frozenset(naming.class_name(d.name, reserved.classes) for d in unique)
    named = [_name(_bind(d, index, options, problems), class_names, reserved, options, problems) for d in unique]
    _report_python_name_collisions(named, problems)
    by_key = {ir.qualified_name(d): d for d in named}
    discriminated = [_discriminate(d, by_key) if isinstance(d, ir.UnionType) else d for d in named]
    _report_recursive_unions(discriminated, problems)
    placed = _place_in_modules(discriminated, problems)
    _report_module_clashes(placed, problems)
    return Resolution(tuple(_in_module_order(placed)), tuple(problems))


def _drop_duplicates(declarations: list[ir.Declaration], diagnostics: list[Diagnostic]) -> list[ir.Declaration]:
    first: dict[str, ir.Declaration] = {}
    for declaration in sorted(declarations, key=lambda d: (d.span.path, d.span.line)):
        key = ir.qualified_name(declaration).lower()
        if key in first:
            other = first[key]
            diagnostics.append(
                error(
                    "duplicate-declaration",
                    declaration.span,
                    f"`{declaration.name}` is already declared at {other.span}",
                    "names that differ only by case collide on case-insensitive filesystems",
                )
            )
            continue
        first[key] = declaration
    return list(first.values())


def _bind(
    declaration: ir.Declaration, index: _Index, options: Options, diagnostics: list[Diagnostic]
) -> ir.Declaration:
    def bound(type_ref: ir.TypeRef, span: Span) -> ir.TypeRef:
        return ir.map_refs(type_ref, lambda ref: _bind_ref(ref, declaration, span, index, options, diagnostics))

    if isinstance(declaration, ir.Model):
        fields = tuple(replace(f, type=bound(f.type, f.span)) for f in declaration.fields)
        extra = declaration.additional
        additional = None if extra is None else replace(extra, type=bound(extra.type, extra.span))
        return replace(declaration, fields=fields, additional=additional)
    if isinstance(declaration, ir.UnionType):
        spans = declaration.variant_spans or (declaration.span,) * len(declaration.variants)
        variants = tuple(bound(variant, span) for span, variant in zip(spans, declaration.variants, strict=True))
        return replace(declaration, variants=variants)
    return declaration


def _bind_ref(
    ref: ir.Ref, owner: ir.Declaration, span: Span, index: _Index, options: Options, diagnostics: list[Diagnostic]
) -> ir.TypeRef:
    """The reference with its target; with --missing-as-any, or where the dialect says its links
    may name no page, Any where there is none to find."""
    problems: list[Diagnostic] = []
    target = _target(ref, owner, span, index, problems)
    lenient = options.missing_as_any or ref.undeclared_is_any
    if target is None and lenient and problems[0].code in MISSING:
        diagnostics.extend(
            replace(p, severity=Severity.WARNING, message=p.message + "; it is read as Any") for p in problems
        )
        return ir.Primitive("any")
    diagnostics.extend(problems)
    return replace(ref, target=ir.qualified_name(target) if target else "")


def _target(
    ref: ir.Ref, owner: ir.Declaration, span: Span, index: _Index, diagnostics: list[Diagnostic]
) -> ir.Declaration | None:
    name = ref.name.rpartition(".")[2]
    if ref.link:
        return _target_of_link(ref, name, owner.span.path, span, index, diagnostics)
    candidates = index.by_name.get(name, [])
    same_namespace = [c for c in candidates if c.namespace == owner.namespace]
    if len(same_namespace) == 1:
        return same_namespace[0]
    hinted = [c for c in candidates if ".".join(c.namespace) == ref.name.rpartition(".")[0]]
    if len(hinted) == 1:
        return hinted[0]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        places = ", ".join(sorted(str(c.span) for c in candidates))
        diagnostics.append(
            error(
                "ambiguous-reference",
                span,
                f"`{ref.name}` could mean any of: {places}",
                "link to the spec file to choose one",
            )
        )
        return None
    close = difflib.get_close_matches(name, sorted(index.by_name), n=1)
    diagnostics.append(
        error(
            "unknown-reference", span, f"no spec declares `{ref.name}`", f"did you mean `{close[0]}`?" if close else ""
        )
    )
    return None


def _target_of_link(
    ref: ir.Ref, name: str, spec_path: str, span: Span, index: _Index, diagnostics: list[Diagnostic]
) -> ir.Declaration | None:
    path, _, anchor = ref.link.partition("#")
    if URL_SCHEME.match(path) or path.startswith("/"):
        diagnostics.append(
            error(
                "link-outside-root",
                span,
                f"`{ref.link}` is not a relative link to a spec",
                "link specs by relative paths inside the spec folder",
            )
        )
        return None
    target_file = spec_path
    if path:
        inside_root = posixpath.normpath(posixpath.join(index.root, posixpath.dirname(spec_path), path))
        if not inside_root.startswith(index.root.rstrip("/") + "/"):
            diagnostics.append(error("link-outside-root", span, f"`{ref.link}` points outside the spec folder"))
            return None
        target_file = inside_root[len(index.root.rstrip("/")) + 1 :]
    in_file = index.by_file.get(target_file, [])
    if anchor:
        chosen = [d for d in in_file if _slug(d.name) == _slug(anchor)]
    else:
        chosen = [d for d in in_file if d.name == name] or in_file[:1]
    if chosen:
        return chosen[0]
    close = difflib.get_close_matches(target_file, sorted(index.by_file), n=1)
    diagnostics.append(
        error(
            "dangling-link",
            span,
            f"`{ref.link}` names no declaration in the spec folder",
            f"did you mean `{close[0]}`?" if close else "",
        )
    )
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _name(
    declaration: ir.Declaration,
    class_names: frozenset[str],
    reserved: Reserved,
    options: Options,
    diagnostics: list[Diagnostic],
) -> ir.Declaration:
    named = replace(
        declaration,
        python_name=naming.class_name(declaration.name, reserved.classes),
        export_name=naming.export_name(declaration.name, reserved.package),
    )
    if isinstance(named, ir.Model):
        return _name_fields(named, class_names, reserved, options, diagnostics)
    if isinstance(named, ir.Enum):
        taken: set[str] = set()
        members = []
        for member in named.members:
            member_name = naming.unique(naming.member_name(member.name), taken)
            taken.add(member_name)
            members.append(replace(member, python_name=member_name))
        return replace(named, members=tuple(members))
    return named


def _name_fields(
    model: ir.Model, class_names: frozenset[str], reserved: Reserved, options: Options, diagnostics: list[Diagnostic]
) -> ir.Model:
    """Fields in snake_case (PEP 8) whatever the docs' casing; two whose names would be the same
    take `_2`, `_3`, ... in spec order. Two JSON keys cannot be the same."""
    taken: set[str] = set()
    fields = []
    for f in model.fields:
        python_name = naming.unique(naming.field_name(naming.snake_case(f.name), class_names, reserved.fields), taken)
        taken.add(python_name)
        fields.append(replace(f, python_name=python_name, wire_name=_wire_name(f, options)))
    _report_collisions([(f.wire_name, f.span) for f in fields], "JSON key", diagnostics)
    additional = model.additional
    if additional is not None:
        attribute = naming.unique(ADDITIONAL_PROPERTIES, {f.python_name for f in fields})
        additional = replace(additional, python_name=attribute)
    return replace(model, fields=tuple(fields), additional=additional)


def _wire_name(field: ir.Field, options: Options) -> str:
    """The JSON key as the dialect reads it, unless --wire-case asks for camelCase or snake_case."""
    name = field.wire_name or field.name
    if options.wire_case == "camel":
        return naming.camel_case(naming.snake_case(name))
    return naming.snake_case(name) if options.wire_case == "snake" else name


def _discriminate(union: ir.UnionType, index: dict[str, ir.Declaration]) -> ir.UnionType:
    """Find the field that tells the union's models apart: one that every model variant
    requires, each with its own constant value (a one-value Literal or a one-member enum)."""
    targets = [index.get(v.target) if isinstance(v, ir.Ref) else None for v in union.variants]
    models = [t for t in targets if isinstance(t, ir.Model)]
    if len(models) < 2:
        return union
    for candidate in models[0].fields:
        constants = [_constant(model, candidate.wire_name, index) for model in models]
        values = [value for value in constants if value is not None]
        if len(values) == len(models) and len(set(map(repr, values))) == len(values):
            found = iter(values)
            tags = tuple(next(found) if isinstance(t, ir.Model) else None for t in targets)
            return replace(union, discriminator=candidate.wire_name, tags=tags)
    return union


def _constant(model: ir.Model, wire_name: str, index: dict[str, ir.Declaration]) -> ir.LiteralValue | None:
    field = next((f for f in model.fields if f.wire_name == wire_name and f.required and not f.nullable), None)
    if field is None:
        return None
    if isinstance(field.type, ir.LiteralOf) and len(field.type.values) == 1:
        return field.type.values[0]
    target = index.get(field.type.target) if isinstance(field.type, ir.Ref) else None
    if isinstance(target, ir.Enum) and len(target.members) == 1 and not target.open:
        return target.members[0].value
    return None


def _report_python_name_collisions(declarations: list[ir.Declaration], diagnostics: list[Diagnostic]) -> None:
    """Two declarations of a folder whose Python names match, even by case only (their docs and
    tests are files, and some filesystems ignore case)."""
    first: dict[tuple[tuple[str, ...], str], ir.Declaration] = {}
    for declaration in sorted(declarations, key=lambda d: (d.span.path, d.span.line)):
        other = first.setdefault((declaration.namespace, declaration.python_name.lower()), declaration)
        if other is not declaration:
            diagnostics.append(
                error(
                    "name-collision",
                    declaration.span,
                    f"`{declaration.name}` and `{other.name}` ({other.span}) would both be "
                    f"`{declaration.python_name}` in Python",
                    "rename one of them",
                )
            )


def _report_module_clashes(declarations: list[ir.Declaration], diagnostics: list[Diagnostic]) -> None:
    """Files in a reference cycle share a module, which cannot hold two classes of one name."""
    first: dict[tuple[str, str], ir.Declaration] = {}
    for declaration in declarations:
        other = first.setdefault((declaration.module, declaration.python_name), declaration)
        if other is not declaration:
            diagnostics.append(
                error(
                    "name-collision",
                    declaration.span,
                    f"`{declaration.name}` and `{other.name}` ({other.span}) refer to each other, so they "
                    f"share module `{declaration.module}`, which cannot hold two classes named `{other.python_name}`",
                    "rename one of them",
                )
            )


def direct_references(union: ir.UnionType) -> list[ir.Ref]:
    """The references a union alias needs at once: those not inside a list or a dict, which may
    name what is defined after them."""
    at_once = [node for variant in union.variants for node in ir.walk(variant, _not_a_container)]
    return [node for node in at_once if isinstance(node, ir.Ref)]


def _not_a_container(node: ir.TypeRef) -> bool:
    return not isinstance(node, ir.ListOf | ir.DictOf)


def _report_recursive_unions(declarations: list[ir.Declaration], diagnostics: list[Diagnostic]) -> None:
    """A union that contains itself with no model, list or dict in between would be infinite."""
    unions = {ir.qualified_name(d): d for d in declarations if isinstance(d, ir.UnionType)}
    edges = {
        key: {ref.target for ref in direct_references(union) if ref.target in unions} for key, union in unions.items()
    }
    for component in strongly_connected_components(sorted(unions), edges):
        if len(component) > 1 or component[0] in edges[component[0]]:
            for key in component:
                others = ", ".join(f"`{unions[k].name}`" for k in component if k != key) or "itself"
                diagnostics.append(
                    error(
                        "recursive-union",
                        unions[key].span,
                        f"union `{unions[key].name}` contains {others} with no model, list or dict in between",
                        "wrap the recursive part in a model",
                    )
                )


def _report_collisions(names: list[tuple[str, Span]], what: str, diagnostics: list[Diagnostic]) -> None:
    seen: dict[str, Span] = {}
    for name, span in names:
        if name in seen:
            diagnostics.append(
                error(
                    "name-collision",
                    span,
                    f"this {what} is also named `{name}` in Python",
                    f"as is the one at line {seen[name].line}",
                )
            )
        seen.setdefault(name, span)


def _place_in_modules(declarations: list[ir.Declaration], diagnostics: list[Diagnostic]) -> list[ir.Declaration]:
    """One module per spec file; files that refer to each other in a cycle share one module,
    so every module can import the modules it needs at its top."""
    by_key = {ir.qualified_name(d): d for d in declarations}
    edges: dict[str, set[str]] = defaultdict(set)
    for declaration in declarations:
        edges[declaration.span.path].update(
            by_key[ref.target].span.path for ref in ir.references(declaration) if ref.target in by_key
        )
    files = sorted({d.span.path for d in declarations})
    home_of = {path: min(part) for part in strongly_connected_components(files, edges) for path in part}
    module_of = {path: _module_path(home_of[path]) for path in files}
    owner: dict[str, str] = {}
    for declaration in declarations:
        home = home_of[declaration.span.path]
        if owner.setdefault(module_of[home], home) != home:
            diagnostics.append(
                error(
                    "module-collision",
                    declaration.span,
                    f"`{home}` and `{owner[module_of[home]]}` would both become module `{module_of[home]}`",
                    "rename one of the files",
                )
            )
    return [replace(d, module=module_of[d.span.path]) for d in declarations]


def _in_module_order(declarations: list[ir.Declaration]) -> list[ir.Declaration]:
    """Module by module; in each, the classes and enums in spec order, then the union aliases, each
    after the aliases it needs at once: an alias is evaluated where it stands, while the classes'
    annotations are read later."""
    by_key = {ir.qualified_name(d): d for d in declarations}
    ordered: list[ir.Declaration] = []
    placed: set[str] = set()

    def place(union: ir.UnionType) -> None:
        key = ir.qualified_name(union)
        if key in placed:
            return
        placed.add(key)  # first, so that a cycle (reported by _report_recursive_unions) ends here
        for ref in direct_references(union):
            needed = by_key.get(ref.target)
            if isinstance(needed, ir.UnionType) and needed.module == union.module:
                place(needed)
        ordered.append(union)

    in_spec_order = sorted(declarations, key=lambda d: (d.namespace, d.module, d.span.path, d.span.line))
    for _, group in itertools.groupby(in_spec_order, key=lambda d: d.module):
        members = list(group)
        ordered.extend(d for d in members if not isinstance(d, ir.UnionType))
        for declaration in members:
            if isinstance(declaration, ir.UnionType):
                place(declaration)
    return ordered


def _module_path(spec_path: str) -> str:
    """`shared/Foo-Bar.md` -> `shared.foo_bar`."""
    *folders, file_name = spec_path.split("/")
    stem = posixpath.splitext(file_name)[0]
    return ".".join([*(naming.module_name(folder) for folder in folders), naming.module_name(stem)])
