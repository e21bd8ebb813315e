"""The stages, end to end: discover -> markdown -> dialect -> resolve -> examples -> render -> format.

Nothing here writes the output folder or prints; each stage returns its diagnostics as values.
Parsing and formatting run on every core and are cached by content; so is a whole run, which a
run on unchanged specs takes from the cache without importing the stages at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, sources
from .cache import NO_CACHE, Cache
from .config import DEFAULT_OPTIONS, Options
from .diagnostics import Diagnostic, has_errors, sort_key
from .template_files import templates_fingerprint

if TYPE_CHECKING:
    from . import ir


@dataclass
class Result:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def read_specs(
    root: Path, exclude: Path | None = None, options: Options = DEFAULT_OPTIONS, store: Cache = NO_CACHE
) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """Every declaration of every spec under root, resolved and with its examples checked."""
    from .reading import read

    specs, diagnostics = _load(root, exclude)
    reading = read(root, specs, options, store)
    return list(reading.resolution.declarations), sorted(diagnostics + reading.diagnostics, key=sort_key)


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
    # Imported here rather than at the top: a run that the cache answers needs none of the stages
    # (nor black, jinja2 or markdown-it), and importing them would take most of its time.
    from .fmt import Formatter
    from .reading import parse
    from .render import render

    parsing = parse(root, specs, options, store)
    with Formatter(store) as formatter:  # its workers import black while the declarations are resolved
        reading = parsing.resolve()
        result = Result({}, sorted(diagnostics + reading.diagnostics, key=sort_key))
        if not result.failed:
            files = render(list(reading.resolution.declarations), reading.digests, package, options, templates, store)
            result.files = formatter.format_files(files)
    store.put_many("run", {run: (result.files, result.diagnostics)})
    return result


def _load(root: Path, exclude: Path | None) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    paths, diagnostics = sources.discover(root, exclude)
    specs, problems = sources.read_bytes(root, paths)
    return specs, diagnostics + problems
