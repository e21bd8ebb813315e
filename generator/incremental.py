"""The one incremental layer: runs the pure stages of pipeline.py, and remembers each call by a
digest of exactly what it reads, so that a later run does only what its inputs changed.

- parsing a spec reads its path and bytes;
- rendering a job reads the job (which holds every declaration its templates may look up), the
  templates and the run's context;
- formatting a file reads its text;
- finding the names generated code uses reads the templates;
- a whole run reads every spec, the options, the templates and gen-models' own code.

The keys are made from those inputs themselves, not from a list of what a stage is believed to
read: no edit can leave a stale entry in use. Resolving is not remembered; it reads every
declaration and takes a fraction of a second. The cache lives in one SQLite file (cache.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import cache, sources
from .cache import Cache
from .config import DEFAULT_OPTIONS, Options
from .diagnostics import Diagnostic, sort_key
from .result import Result
from .template_files import templates_fingerprint

if TYPE_CHECKING:
    from . import ir
    from .parallel import Workers
    from .pipeline import Stages
    from .reading import Parsed, SpecBytes
    from .render import Context
    from .reserved import Reserved
    from .views import Job

Item = TypeVar("Item")
Value = TypeVar("Value")


def build(
    root: Path,
    package: str,
    options: Options,
    templates: Path | None = None,
    exclude: Path | None = None,
    cache_folder: Path | None = None,
) -> Result:
    """The output files for the specs under root, or the problems that stop the run."""
    specs, diagnostics = sources.load(root, exclude)
    store = Cache(cache_folder)
    fingerprint = templates_fingerprint(templates)
    place = root.resolve().as_posix()  # links may climb into the spec folder by its name and its parents'
    spec_folder = _relative(root, exclude)
    run = cache.key(
        "run", place, spec_folder, package, repr(options), fingerprint, *(part for spec in specs for part in spec)
    )
    cached = store.get("run", run) if not diagnostics else None  # an unreadable spec is not in the key
    if cached is not None:
        return Result(*cached)
    # Imported here: a run that the cache answers needs none of the stages, nor black or Jinja.
    from .pipeline import build as build_plain
    from .pipeline import workers_for
    from .render import Context

    context = Context(package, options, templates, spec_folder)
    with workers_for(specs, templates) as workers:
        result = build_plain(specs, place, context, workers, memoised(store, fingerprint))
    result.diagnostics = sorted(diagnostics + result.diagnostics, key=sort_key)
    store.put_many("run", {run: (result.files, result.diagnostics)})
    return result


def _relative(root: Path, output: Path | None) -> str:
    """The spec folder as a path from the output folder, which the docs link through: the same on
    every machine that lays the two folders out alike. "" when there is no such path."""
    if output is None:
        return ""
    try:
        return Path(os.path.relpath(root.resolve(), output.resolve())).as_posix()
    except ValueError:  # another drive
        return ""


def read(
    root: Path, exclude: Path | None = None, options: Options = DEFAULT_OPTIONS, cache_folder: Path | None = None
) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """Every declaration under root, resolved, and every problem: for --emit and gen-models diff.
    The workers only parse: they load neither black nor the templates, which a build warms them with."""
    from .parallel import THRESHOLD, Workers
    from .pipeline import read as read_plain

    specs, diagnostics = sources.load(root, exclude)
    with Workers(start=len(specs) >= THRESHOLD) as workers:
        stages = memoised(Cache(cache_folder), templates_fingerprint(None))
        declarations, problems = read_plain(specs, root.resolve().as_posix(), options, workers, stages)
    return declarations, sorted(diagnostics + problems, key=sort_key)


def memoised(store: Cache, fingerprint: str) -> Stages:
    """The pipeline's stages, each call remembered in `store` by the digest of what it reads."""
    from .fmt import FORMATTER
    from .pipeline import PLAIN, Stages

    def parse(specs: Sequence[SpecBytes], dialect: str, workers: Workers) -> list[Parsed]:
        keys = [cache.key("spec", dialect, path, data) for path, data in specs]
        return _remembered(store, "spec", keys, specs, lambda missing: PLAIN.parse(missing, dialect, workers))

    def reserved(templates: Path | None) -> Reserved:
        key = cache.key("reserved", fingerprint)
        (names,) = _remembered(
            store, "reserved", [key], [templates], lambda missing: list(map(PLAIN.reserved, missing))
        )
        return names  # type: ignore[no-any-return]

    def render(jobs: Sequence[Job], context: Context, workers: Workers) -> list[dict[str, str]]:
        run = cache.key("render", fingerprint, repr(context))
        keys = [cache.key(run, repr(job)) for job in jobs]
        return _remembered(store, "render", keys, jobs, lambda missing: PLAIN.render(missing, context, workers))

    def format_(files: dict[str, str], workers: Workers) -> dict[str, str]:
        python = [path for path in files if path.endswith(".py")]
        keys = [cache.key("black", FORMATTER, files[path]) for path in python]
        texts = _remembered(store, "black", keys, python, lambda missing: _format(missing, files, workers))
        return {**files, **dict(zip(python, texts, strict=True))}

    return Stages(parse, reserved, render, format_)


def _format(paths: Sequence[str], files: dict[str, str], workers: Workers) -> list[str]:
    from .pipeline import PLAIN

    formatted = PLAIN.format({path: files[path] for path in paths}, workers)
    return [formatted[path] for path in paths]


def _remembered(
    store: Cache, kind: str, keys: list[str], items: Sequence[Item], compute: Callable[[list[Item]], list[Any]]
) -> list[Any]:
    """Each item's value: from the store, or computed (all missing ones in one call) and stored."""
    known: dict[str, Any] = store.get_many(kind, keys)
    missing = [item for item, key in zip(items, keys, strict=True) if key not in known]
    fresh = dict(zip((key for key in keys if key not in known), compute(missing), strict=True))
    store.put_many(kind, fresh)
    return [known[key] if key in known else fresh[key] for key in keys]
