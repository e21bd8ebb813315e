"""The stages, end to end: discover -> markdown -> dialect -> resolve -> examples -> render -> format.

Nothing here writes the output folder or prints; each stage returns its diagnostics as values.
Parsing and formatting run on every core and are cached by content; so is a whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache, ir, naming, sources
from .cache import NO_CACHE, Cache
from .config import DEFAULT_OPTIONS, Options
from .diagnostics import Diagnostic, blame, has_errors, sort_key
from .examples import check_examples
from .parallel import parallel_map
from .resolve import resolve
from .template_files import templates_fingerprint

Parsed = tuple[list[ir.Declaration], list[Diagnostic]]


@dataclass
class Result:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def parse_spec(spec: tuple[str, bytes]) -> Parsed:
    """One spec file's declarations, in the dialect of Speakeasy's docs."""
    from .dialects.speakeasy import read_declarations  # see build() for why these imports are here
    from .markdown import parse_document

    relative, data = spec
    decoded, diagnostics = sources.decode(relative, data)
    if decoded is None:
        return [], diagnostics
    with blame(relative):
        namespace = tuple(naming.module_name(part) for part in relative.split("/")[:-1])
        return read_declarations(parse_document(relative, decoded.text), namespace)


def read_specs(
    root: Path, exclude: Path | None = None, options: Options = DEFAULT_OPTIONS, store: Cache = NO_CACHE
) -> Parsed:
    """Every declaration of every spec under root, resolved and with its examples checked."""
    specs, diagnostics = _load(root, exclude)
    return _read(root, specs, diagnostics, options, store)


def build(
    root: Path,
    package: str,
    options: Options = DEFAULT_OPTIONS,
    templates: Path | None = None,
    exclude: Path | None = None,
    store: Cache = NO_CACHE,
) -> Result:
    specs, diagnostics = _load(root, exclude)
    run = cache.key(
        "run",
        root.name,
        package,
        repr(options),
        templates_fingerprint(templates),
        *(part for path, data in specs for part in (path, data)),
    )
    cached = store.get("run", run) if not diagnostics else None  # an unreadable spec is not in the key
    if cached is not None:
        return Result(*cached)
    # Imported here rather than at the top: a run that the cache answers needs none of black,
    # jinja2 or markdown-it, and importing them would take half of its time.
    from .fmt import Formatter
    from .render import render

    with Formatter(store) as formatter:  # its workers import black while the specs are read
        declarations, diagnostics = _read(root, specs, diagnostics, options, store)
        result = Result({}, diagnostics)
        if not result.failed:
            result.files = formatter.format_files(render(declarations, package, options, templates, store))
    store.put_many("run", {run: (result.files, result.diagnostics)})
    return result


def _load(root: Path, exclude: Path | None) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    paths, diagnostics = sources.discover(root, exclude)
    specs, problems = sources.read_bytes(root, paths)
    return specs, diagnostics + problems


def _read(
    root: Path, specs: list[tuple[str, bytes]], diagnostics: list[Diagnostic], options: Options, store: Cache
) -> Parsed:
    keys = [cache.key("spec", path, data) for path, data in specs]
    parsed: dict[str, Parsed] = store.get_many("spec", keys)
    missing = [(entry, spec) for entry, spec in zip(keys, specs, strict=True) if entry not in parsed]
    results = parallel_map(parse_spec, [spec for _, spec in missing], "parsing")
    fresh = dict(zip((entry for entry, _ in missing), results, strict=True))
    store.put_many("spec", fresh)
    parsed.update(fresh)
    declarations = [d for entry in keys for d in parsed[entry][0]]
    diagnostics = diagnostics + [d for entry in keys for d in parsed[entry][1]]
    resolved, problems = resolve(declarations, root.name, options)
    checked, more = check_examples(resolved)
    return checked, sorted(diagnostics + problems + more, key=sort_key)
