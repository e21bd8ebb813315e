"""The stages, end to end: spec bytes -> markdown -> dialect -> resolve -> examples -> views ->
render -> format. Each stage is a pure function of plain data; nothing here reads or writes the
output folder, prints, or keeps anything between runs. The stages that take long are given as
`Stages`, so that incremental.py can hand in memoised ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import ir, views
from .config import Options
from .diagnostics import Diagnostic, has_errors, sort_key
from .examples import check_examples
from .fmt import black_mode, format_files
from .parallel import THRESHOLD, Workers
from .reading import Parsed, SpecBytes, parse_spec
from .render import Context, environment, render_job, render_package
from .reserved import Reserved, reserved_names
from .resolve import resolve
from .result import Result


@dataclass(frozen=True)
class Stages:
    """The stages a build runs on every core: each maps its items to results, in order."""

    parse: Callable[[Sequence[SpecBytes], str, Workers], list[Parsed]]  # the specs, a dialect or ""
    reserved: Callable[[Path | None], Reserved]  # the names the templates' output uses
    render: Callable[[Sequence[views.Job], Context, Workers], list[dict[str, str]]]
    format: Callable[[dict[str, str], Workers], dict[str, str]]


def parse_specs(specs: Sequence[SpecBytes], dialect: str, workers: Workers) -> list[Parsed]:
    return workers.map(partial(parse_spec, dialect=dialect), specs, "parsing")


def render_jobs(jobs: Sequence[views.Job], context: Context, workers: Workers) -> list[dict[str, str]]:
    return workers.map(partial(render_job, context=context), jobs, "rendering")


PLAIN = Stages(parse_specs, reserved_names, render_jobs, format_files)


def workers_for(specs: Sequence[SpecBytes], templates: Path | None) -> Workers:
    """A process per core when there is enough work, each loading black and the templates while
    this one loads and parses the specs."""
    return Workers(prepare=partial(_warm_up, templates), start=len(specs) >= THRESHOLD)


def _warm_up(templates: Path | None) -> None:
    black_mode()
    environment(templates)


def read(
    specs: Sequence[SpecBytes],
    root: str,
    options: Options,
    workers: Workers,
    stages: Stages = PLAIN,
    templates: Path | None = None,
) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """Every declaration of the specs, resolved and with its examples checked, and the problems.
    `root` is the spec folder's path, which links may climb into; the names that the
    templates' output uses are reserved."""
    parsed = stages.parse(specs, options.dialect, workers)
    declarations = [d for p in parsed for d in p.declarations]
    resolution = check_examples(resolve(declarations, root, options, stages.reserved(templates)))
    problems = [problem for p in parsed for problem in p.problems] + list(resolution.diagnostics)
    return list(resolution.declarations), sorted(problems, key=sort_key)


def build(
    specs: Sequence[SpecBytes],
    root: str,
    context: Context,
    workers: Workers,
    stages: Stages = PLAIN,
) -> Result:
    """Every output file's text, or the problems that stop the run."""
    declarations, diagnostics = read(specs, root, context.options, workers, stages, context.templates)
    if has_errors(diagnostics):
        return Result({}, diagnostics)
    plan = views.plan(declarations, context.package, context.options)
    files = render_package(plan, context)
    for part in stages.render(plan.jobs, context, workers):
        files.update(part)
    return Result(stages.format(files, workers), diagnostics)
