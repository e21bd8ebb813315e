"""Reading a spec folder: each file parsed (on every core, cached by content), then every
declaration resolved and its examples checked.

What a run read is kept for the next: after an edit that leaves every interface as it was (see
resolve.interface), the next run resolves only the edited files' declarations. Each file's
resolved declarations are kept apart, by its content and the interfaces of all the files, so that
such a run stores only what the edit changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import cache, ir, naming, sources
from .cache import Cache
from .config import Options
from .diagnostics import Diagnostic, blame
from .examples import check_examples
from .parallel import parallel_map
from .resolve import Resolution, interface, resolve, resolve_again


@dataclass(frozen=True)
class Parsed:
    """One spec file's declarations as written, the problems found, and a digest of the
    declarations' interfaces (see resolve.interface)."""

    declarations: tuple[ir.Declaration, ...]
    problems: tuple[Diagnostic, ...]
    interface: str


@dataclass(frozen=True)
class Reading:
    """What a run read from a spec folder, kept for the next: by spec file, its cache key,
    interface digest and problems; the resolution of all their declarations; and a digest of
    each resolved declaration (by qualified name), of which the render cache makes its keys."""

    keys: dict[str, str]
    interfaces: dict[str, str]
    problems: dict[str, tuple[Diagnostic, ...]]
    resolution: Resolution
    digests: dict[str, str]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [*(d for problems in self.problems.values() for d in problems), *self.resolution.diagnostics]


@dataclass(frozen=True)
class Kept:
    """What the cache keeps of a reading as a whole: all but each file's resolved declarations."""

    keys: dict[str, str]
    interfaces: dict[str, str]
    problems: dict[str, tuple[Diagnostic, ...]]
    shared: tuple[Diagnostic, ...]
    order: tuple[str, ...]  # the qualified names of the resolved declarations, in their order


@dataclass(frozen=True)
class Resolved:
    """What the cache keeps of one file of a reading: its declarations as resolved, with their own
    problems and digests (by qualified name)."""

    declarations: tuple[ir.Declaration, ...]
    own: dict[str, tuple[Diagnostic, ...]]
    digests: dict[str, str]


def parse_spec(spec: tuple[str, bytes]) -> Parsed:
    """One spec file's declarations, in the dialect of Speakeasy's docs."""
    from .dialects.speakeasy import read_declarations  # see pipeline.build() for why these imports are here
    from .markdown import parse_document

    relative, data = spec
    decoded, diagnostics = sources.decode(relative, data)
    if decoded is None:
        return Parsed((), tuple(diagnostics), cache.key())
    with blame(relative):
        namespace = tuple(naming.module_name(part) for part in relative.split("/")[:-1])
        declarations, problems = read_declarations(parse_document(relative, decoded.text), namespace)
    interfaces = cache.key(*(repr(interface(declaration)) for declaration in declarations))
    return Parsed(tuple(declarations), tuple(problems), interfaces)


def read(root: Path, specs: list[tuple[str, bytes]], options: Options, store: Cache) -> Reading:
    """The specs (path and content, under root) read: their declarations resolved, and the
    problems found."""
    return parse(root, specs, options, store).resolve()


def parse(root: Path, specs: list[tuple[str, bytes]], options: Options, store: Cache) -> Parsing:
    """The spec files parsed: only the edited ones when the folder's last reading is kept and
    none of their interfaces changed, else all of them."""
    keys = {path: cache.key("spec", path, data) for path, data in specs}
    folder = cache.key("reading", str(root), repr(options))
    previous, stored = _load(store, folder, root, options)
    if previous is not None and previous.keys.keys() == keys.keys():
        edited = _parse([(path, data) for path, data in specs if keys[path] != previous.keys[path]], keys, store)
        if all(p.interface == previous.interfaces[path] for path, p in edited.items()):
            return Parsing(root, options, store, folder, keys, edited, previous, stored)
    return Parsing(root, options, store, folder, keys, _parse(specs, keys, store), None, stored)


@dataclass(frozen=True)
class Parsing:
    """Spec files parsed, to be resolved: all of them, or the edited ones and the previous
    reading that their declarations go into."""

    root: Path
    options: Options
    store: Cache
    folder: str  # the cache key of the folder's reading
    keys: dict[str, str]
    parsed: dict[str, Parsed]
    previous: Reading | None
    stored: set[str]  # the keys of the rows that the cache holds already

    def resolve(self) -> Reading:
        reading = self._resolve_all() if self.previous is None else self._resolve_edited(self.previous)
        rows = _rows(reading.keys, reading.interfaces, self.root, self.options)
        _keep(self.store, self.folder, reading, rows, self.stored)
        return reading

    def _resolve_all(self) -> Reading:
        declarations = [d for p in self.parsed.values() for d in p.declarations]
        resolution = check_examples(resolve(declarations, self.root.name, self.options))
        interfaces = {path: p.interface for path, p in self.parsed.items()}
        problems = {path: p.problems for path, p in self.parsed.items()}
        return Reading(self.keys, interfaces, problems, resolution, _digests(resolution.declarations))

    def _resolve_edited(self, previous: Reading) -> Reading:
        edited = [d for p in self.parsed.values() for d in p.declarations]
        resolution, redone = resolve_again(previous.resolution, edited, self.root.name, self.options)
        resolution = check_examples(resolution, redone)
        problems = {**previous.problems, **{path: p.problems for path, p in self.parsed.items()}}
        changed = _digests(d for d in resolution.declarations if ir.qualified_name(d) in redone)
        return Reading(self.keys, previous.interfaces, problems, resolution, {**previous.digests, **changed})


def _load(store: Cache, folder: str, root: Path, options: Options) -> tuple[Reading | None, set[str]]:
    """The folder's last reading, if the cache has all of it, and the keys of its files' rows."""
    kept: Kept | None = store.get("reading", folder)
    if kept is None:
        return None, set()
    rows = _rows(kept.keys, kept.interfaces, root, options)
    found: dict[str, Resolved] = store.get_many("resolved", list(rows.values()))
    if len(found) < len(rows):
        return None, set()
    declarations = {ir.qualified_name(d): d for row in found.values() for d in row.declarations}
    own = {name: problems for row in found.values() for name, problems in row.own.items()}
    digests = {name: digest for row in found.values() for name, digest in row.digests.items()}
    order = kept.order
    resolution = Resolution(tuple(declarations[n] for n in order), {n: own[n] for n in order}, kept.shared)
    reading = Reading(kept.keys, kept.interfaces, kept.problems, resolution, {n: digests[n] for n in order})
    return reading, set(found)


def _keep(store: Cache, folder: str, reading: Reading, rows: dict[str, str], stored: set[str]) -> None:
    """Store the reading: the rows of its files that the cache does not hold yet, and the rest."""
    by_file: dict[str, list[ir.Declaration]] = defaultdict(list)
    for declaration in reading.resolution.declarations:
        by_file[declaration.span.path].append(declaration)
    fresh = {}
    for path, row in rows.items():
        if row not in stored:
            names = [ir.qualified_name(d) for d in by_file[path]]
            own = {name: reading.resolution.own[name] for name in names}
            fresh[row] = Resolved(tuple(by_file[path]), own, {name: reading.digests[name] for name in names})
    store.put_many("resolved", fresh)
    order = tuple(ir.qualified_name(d) for d in reading.resolution.declarations)
    kept = Kept(reading.keys, reading.interfaces, reading.problems, reading.resolution.shared, order)
    store.put_many("reading", {folder: kept})


def _rows(keys: dict[str, str], interfaces: dict[str, str], root: Path, options: Options) -> dict[str, str]:
    """By spec file, the key of its resolved declarations: they depend on its content and on the
    interfaces of all the files."""
    context = cache.key("resolved", root.name, repr(options), *(part for item in interfaces.items() for part in item))
    return {path: cache.key(key, context) for path, key in keys.items()}


def _digests(declarations: Iterable[ir.Declaration]) -> dict[str, str]:
    """All of each declaration, hashed: its whole repr, so that no attribute can be left out."""
    return {ir.qualified_name(d): cache.key(repr(d)) for d in declarations}


def _parse(specs: list[tuple[str, bytes]], keys: dict[str, str], store: Cache) -> dict[str, Parsed]:
    """Each spec file parsed: from the cache, or on every core."""
    known: dict[str, Parsed] = store.get_many("spec", [keys[path] for path, _ in specs])
    missing = [spec for spec in specs if keys[spec[0]] not in known]
    fresh = {keys[path]: p for (path, _), p in zip(missing, parallel_map(parse_spec, missing, "parsing"), strict=True)}
    store.put_many("spec", fresh)
    known.update(fresh)
    return {path: known[keys[path]] for path, _ in specs}
